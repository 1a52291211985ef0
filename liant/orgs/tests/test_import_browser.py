"""The import in a real browser: a 10 MB file, a file with row errors (nothing saved), then a
realistic file of 40 people: preview, confirm, the organisation page."""

from pathlib import Path

import pytest

from liant.conftest import session_cookie
from liant.core.models import AuditEntry
from liant.core.testing import OrganizationFactory, make_actor
from liant.orgs.models import Person, Unit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DSI = Path(__file__).parent / "data" / "personnel-dsi.csv"
ROW_ERRORS = """unité;nom;fonction;e-mail;manager;effectif
Direction des systèmes d’information;;;;;quatre
Direction des systèmes d’information;Catherine Le Gall;Directrice;catherine@example;oui;
Direction des systèmes d’information > ;Yannick Morvan;Adjoint;;oui;
Direction des systèmes d’information > Support;Sandrine Kerjean;Technicienne;sandrine@example.org;?;
Direction des systèmes d’information > Support;Olivier Tanguy;Technicien;sandrine@example.org;non;
Direction des systèmes d’information > Support;;Technicien;;non;
Direction des systèmes d’information > Support;<b>Léa</b> Quéré;Technicienne;;non;
"""


def choose(page, path: Path):
    page.set_input_files("#id_file", str(path))
    page.get_by_role("button", name="Voir l’aperçu").click()
    page.wait_for_load_state("load")


def test_import_bad_files_then_a_good_one(page, live_server, screenshot, tmp_path):
    actor = make_actor()
    org = OrganizationFactory(workspace=actor.workspace, name="Transports Armor")
    page.context.add_cookies([session_cookie(actor.user, live_server.url)])
    page.goto(f"/organisations/{org.pk}/import/")
    screenshot("import-01-upload")

    # 10 MB: refused with a message, the form is still there.
    big = tmp_path / "enorme.csv"
    big.write_bytes(b"unit\xc3\xa9;nom\n" + b"Service;Personne\n" * (10 * 1024 * 1024 // 17))
    choose(page, big)
    assert "trop gros" in page.locator(".errorlist").inner_text()
    assert page.locator("#id_file").count() == 1

    # Row errors: each one with its spreadsheet row, no confirm button, nothing saved.
    bad = tmp_path / "erreurs.csv"
    bad.write_text(ROW_ERRORS, encoding="cp1252")  # as French Excel saves it
    choose(page, bad)
    errors = page.locator(".og-import-errors")
    text = errors.inner_text()
    for row in (2, 3, 4, 5, 6, 7):
        assert f"ligne {row}" in text
    assert "ligne 8" not in text
    assert page.get_by_role("button", name="Confirmer l’import").count() == 0
    assert "<b>Léa</b> Quéré" in page.locator("table").last.inner_text()  # shown as text
    screenshot("import-02-row-errors")
    assert (Unit.objects.count(), Person.objects.count()) == (0, 0)

    # A good file: preview, confirm, the organisation page with its new tree.
    page.get_by_role("link", name="Téléverser un fichier corrigé").click()
    choose(page, DSI)
    assert "9 nouvelles unités" in page.locator(".og-import-confirm").inner_text()
    screenshot("import-03-preview")
    page.get_by_role("button", name="Confirmer l’import").click()
    page.wait_for_url(f"**/organisations/{org.pk}/**")
    assert (Unit.objects.count(), Person.objects.count()) == (9, 40)
    assert "Import terminé" in page.content()
    screenshot("import-04-done")
    # Back to the preview and confirm again: nothing is duplicated.
    page.go_back()
    page.get_by_role("button", name="Confirmer l’import").click()
    page.wait_for_url(f"**/organisations/{org.pk}/**")
    assert (Unit.objects.count(), Person.objects.count()) == (9, 40)
    assert AuditEntry.objects.filter(action="organization.import").count() == 1
