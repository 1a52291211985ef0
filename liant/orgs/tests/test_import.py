import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook

from liant.core.models import AuditEntry
from liant.core.testing import (
    OrganizationFactory,
    PersonFactory,
    UnitFactory,
    WorkspaceFactory,
    make_actor,
)
from liant.orgs import importing
from liant.orgs.models import Person, Unit

pytestmark = pytest.mark.django_db

GOOD = """unité;nom;fonction;e-mail;manager;effectif
Direction générale;;;;;3
Direction générale;Hélène Marchand;Directrice générale;helene@example.org;oui;
Direction générale > Comptabilité;Karim Haddad;Chef comptable;karim@example.org;x;
Direction générale > Comptabilité;Julie Perrin;Comptable;;non;
Direction générale > Commercial > ADV;Sophie Nguyen;Assistante;;;
"""


def upload(client, org, content, name="personnes.csv", encoding="utf-8"):
    data = content.encode(encoding) if isinstance(content, str) else content
    return client.post(
        reverse("orgs:import", args=[org.pk]), {"file": SimpleUploadedFile(name, data)}
    )


def counts():
    return Unit.objects.count(), Person.objects.count()


def confirm(client, org, response):
    payload = response.context["payload"]
    return client.post(reverse("orgs:import_confirm", args=[org.pk]), {"payload": payload})


def test_preview_then_confirm_creates_everything_with_an_audit_entry(owner_client, organization):
    response = upload(owner_client, organization, GOOD)
    assert response.status_code == 200
    plan = response.context["plan"]
    assert plan.is_valid and len(plan.new_units) == 4 and len(plan.people) == 4
    assert counts() == (0, 0)  # the preview stores nothing
    response = confirm(owner_client, organization, response)
    assert response.status_code == 302
    assert counts() == (4, 4)
    adv = Unit.objects.get(name="ADV")
    assert adv.parent.name == "Commercial" and adv.parent.parent.name == "Direction générale"
    assert Unit.objects.get(name="Direction générale").headcount == 3
    assert Person.objects.get(name="Karim Haddad").is_manager
    assert not Person.objects.get(name="Julie Perrin").is_manager
    entry = AuditEntry.objects.get(action="organization.import")
    assert entry.changes["units"] == 4 and entry.changes["people"] == 4
    assert entry.changes["file"] == "personnes.csv"
    assert entry.actor == AuditEntry.objects.get().actor is not None


def test_comma_separated_bom_and_english_headers(owner_client, organization):
    content = "\ufeffUnit,Name,Title,Email,Manager,Headcount\nSales,Ana Silva,Rep,,yes,\n"
    response = upload(owner_client, organization, content)
    plan = response.context["plan"]
    assert plan.is_valid and plan.people[0].name == "Ana Silva" and plan.people[0].is_manager


def test_windows_1252_file_from_french_excel(owner_client, organization):
    response = upload(owner_client, organization, GOOD, encoding="cp1252")
    assert response.context["plan"].people[0].name == "Hélène Marchand"


def test_xlsx_file(owner_client, organization):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Unité", "Nom", "Effectif"])
    sheet.append(["Logistique", None, 22])
    sheet.append(["Logistique > Expédition", "Samir Belkacem", None])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = upload(owner_client, organization, buffer.getvalue(), name="export.xlsx")
    plan = response.context["plan"]
    assert plan.is_valid
    assert [u.name for u in plan.units] == ["Logistique", "Expédition"]
    assert plan.units[0].headcount == 22


def test_a_wrong_column_is_named_and_nothing_is_stored(owner_client, organization):
    response = upload(owner_client, organization, "unité;nom;téléphone\nA;B;0601\n")
    assert response.status_code == 400
    body = response.content.decode()
    assert "Colonne inconnue «\u00a0téléphone\u00a0»" in body
    assert counts() == (0, 0)


def test_a_10_mb_file_is_refused(owner_client, organization):
    big = "unité;nom\n" + "Service;" + "x" * (10 * 1024 * 1024)
    response = upload(owner_client, organization, big)
    assert response.status_code == 400
    assert "trop gros" in response.content.decode()
    assert counts() == (0, 0)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("vide.csv", "", "Le fichier est vide."),
        ("titres.csv", "unité;nom\n", "aucune ligne de données"),
        ("ancien.xls", "\xd0\xcf\x11\xe0", "anciens fichiers Excel"),
        ("image.png", "PNG", ".csv ou .xlsx"),
        ("faux.xlsx", "PK\x03\x04 pas un classeur", "Excel (.xlsx)"),
    ],
)
def test_unreadable_files_get_a_clear_message(owner_client, organization, name, content, message):
    response = upload(owner_client, organization, content, name=name, encoding="latin-1")
    assert response.status_code == 400
    assert message in response.content.decode()


def test_per_row_errors_use_spreadsheet_row_numbers(owner_client, organization):
    PersonFactory(organization=organization, name="Déjà Là", email="deja@example.org")
    content = """unité;nom;e-mail;manager;effectif
Compta;Ana;ana@example.org;oui;
Compta;Bob;ana@example.org;;
Compta > ;Carl;;;
Compta;Dora;pas-une-adresse;;
Compta;Eve;;peut-être;
Compta;Fred;deja@example.org;;
RH;;;;douze
;;;;
;Gil;;;
"""
    response = upload(owner_client, organization, content)
    errors = dict(response.context["plan"].errors)
    assert set(errors) == {3, 4, 5, 6, 7, 8}
    assert "déjà ligne 2" in errors[3]
    assert "partie vide" in errors[4]
    assert "pas une adresse e-mail valide" in errors[5]
    assert "oui ou non" in errors[6]
    assert "Déjà Là" in errors[7]
    assert "nombre entier" in errors[8]
    assert "Confirmer l’import" not in response.content.decode()
    assert counts() == (0, 1)


def test_errors_are_in_english_for_english_users(organization):
    with translation.override("en"):
        plan = importing.plan_import(
            organization, [{"row": 2, "unit": "A", "name": "B", "manager": "?"}]
        )
    assert "write oui or non" in plan.errors[0][1]


def test_existing_units_are_reused(owner_client, organization):
    direction = UnitFactory(organization=organization, name="Direction générale")
    response = upload(owner_client, organization, GOOD)
    plan = response.context["plan"]
    assert plan.units[0].existing == direction
    confirm(owner_client, organization, response)
    assert Unit.objects.filter(name__iexact="direction générale").count() == 1
    direction.refresh_from_db()
    assert direction.headcount == 3


def test_html_in_names_is_escaped_in_the_preview(owner_client, organization):
    response = upload(owner_client, organization, "unité;nom\n<b>Compta</b>;<script>x</script>\n")
    body = response.content.decode()
    assert "<script>x</script>" not in body and "&lt;script&gt;x&lt;/script&gt;" in body
    confirm(owner_client, organization, response)
    person = Person.objects.get()
    assert (person.name, person.unit.name) == ("<script>x</script>", "<b>Compta</b>")


def test_a_tampered_payload_is_refused(owner_client, organization):
    response = upload(owner_client, organization, GOOD)
    payload = response.context["payload"]
    url = reverse("orgs:import_confirm", args=[organization.pk])
    response = owner_client.post(url, {"payload": payload[:-3] + "abc"}, follow=True)
    assert "expiré ou a été modifié" in response.content.decode()
    assert counts() == (0, 0)


def test_a_payload_cannot_be_replayed_on_another_organisation(owner_client, organization, owner):
    response = upload(owner_client, organization, GOOD)
    other = OrganizationFactory(workspace=owner.workspace)
    url = reverse("orgs:import_confirm", args=[other.pk])
    owner_client.post(url, {"payload": response.context["payload"]})
    assert counts() == (0, 0)


def test_the_file_is_checked_again_on_confirm(owner_client, organization):
    response = upload(owner_client, organization, GOOD)
    PersonFactory(organization=organization, email="karim@example.org")  # meanwhile
    response = confirm(owner_client, organization, response)
    assert response.status_code == 200
    assert "karim@example.org" in response.content.decode()
    assert counts() == (0, 1)


def test_sponsors_cannot_import(client, sponsor, organization):
    client.force_login(sponsor.user)
    assert upload(client, organization, GOOD).status_code == 403
    assert counts() == (0, 0)


def test_example_file_in_both_languages(owner_client):
    body = owner_client.get(reverse("orgs:import_example")).content.decode("utf-8-sig")
    assert body.startswith("unité;nom;fonction")
    owner_client.cookies["django_language"] = "en"
    body = owner_client.get(reverse("orgs:import_example")).content.decode("utf-8-sig")
    assert body.startswith("unit;name;title")
    rows = importing.read_table("x.csv", body.encode())
    assert len(rows) == 4


# --- A realistic file: a DSI of 40 people in 9 units (tests/data/personnel-dsi.csv)

DSI = Path(__file__).parent / "data" / "personnel-dsi.csv"


def test_a_realistic_file_of_40_people(owner_client, organization, owner):
    content = DSI.read_text(encoding="utf-8")
    response = upload(owner_client, organization, content, name=DSI.name)
    plan = response.context["plan"]
    assert plan.errors == []
    assert len(plan.new_units) == 9 and len(plan.people) == 40
    body = response.content.decode()
    assert "9 nouvelles unités" in body and "40 personnes" in body
    response = confirm(owner_client, organization, response)
    assert response.url == reverse("orgs:detail", args=[organization.pk]) + "#units"
    assert counts() == (9, 40)
    data = Unit.objects.get(name="Données")
    assert data.parent.name == "Études et développement"
    assert data.parent.parent.name == "Direction des systèmes d’information"
    assert data.parent.parent.parent is None
    assert Unit.objects.get(name="Support aux utilisateurs").headcount == 9
    assert Person.objects.filter(is_manager=True).count() == content.count(";oui;")
    assert Person.objects.get(name="Damien L’Hostis").unit.name == "Réseaux et sécurité"
    assert set(Person.objects.values_list("workspace", flat=True)) == {owner.workspace.pk}
    # Importing the same file again: units are reused, e-mails are refused.
    response = upload(owner_client, organization, content, name=DSI.name)
    plan = response.context["plan"]
    with_email = sum(1 for person in Person.objects.all() if person.email)
    assert plan.new_units == [] and len(plan.errors) == with_email == 36
    assert plan.errors[0] == (
        3,
        "L’e-mail catherine.legall@armor-transports.fr appartient déjà à Catherine Le Gall "
        "dans cette organisation.",
    )


# --- Access


def test_an_organisation_of_another_workspace_is_not_found(owner_client, owner):
    other = OrganizationFactory(workspace=WorkspaceFactory())
    assert owner_client.get(reverse("orgs:import", args=[other.pk])).status_code == 404
    assert upload(owner_client, other, GOOD).status_code == 404
    url = reverse("orgs:import_confirm", args=[other.pk])
    assert owner_client.post(url, {"payload": "x"}).status_code == 404
    assert counts() == (0, 0)


def test_a_payload_signed_for_another_workspace_is_useless(client, organization, owner):
    response = upload(_logged_in(client, owner), organization, GOOD)
    stranger = make_actor(WorkspaceFactory())
    client.force_login(stranger.user)
    url = reverse("orgs:import_confirm", args=[organization.pk])
    assert client.post(url, {"payload": response.context["payload"]}).status_code == 404
    assert counts() == (0, 0)


def _logged_in(client, actor):
    client.force_login(actor.user)
    return client


def test_sponsors_cannot_confirm_or_see_the_upload_page(client, sponsor, organization, owner):
    response = upload(_logged_in(client, owner), organization, GOOD)
    client.force_login(sponsor.user)
    assert client.get(reverse("orgs:import", args=[organization.pk])).status_code == 403
    url = reverse("orgs:import_confirm", args=[organization.pk])
    assert client.post(url, {"payload": response.context["payload"]}).status_code == 403
    assert counts() == (0, 0)


def test_consultants_can_import(consultant_client, organization):
    response = upload(consultant_client, organization, GOOD)
    confirm(consultant_client, organization, response)
    assert counts() == (4, 4)


# --- Confirmation


def test_confirming_twice_imports_once(owner_client, organization):
    preview = upload(owner_client, organization, GOOD)
    confirm(owner_client, organization, preview)
    response = confirm(owner_client, organization, preview)  # a double click, or back + resend
    assert response.status_code == 302
    assert counts() == (4, 4)
    assert AuditEntry.objects.filter(action="organization.import").count() == 1
    page = owner_client.get(response.url).content.decode()
    assert "déjà été importé" in page or "already been imported" in page


def test_a_unit_created_meanwhile_is_refused_cleanly(organization, owner):
    root = UnitFactory(organization=organization, name="Direction")
    rows = importing.read_table("x.csv", b"unit;name\nDirection > Sales;Ana\n")
    plan = importing.plan_import(organization, rows)
    # Created between the check and the write:
    UnitFactory(organization=organization, parent=root, name="Sales")
    with pytest.raises(importing.ValidationError):
        importing.apply_import(owner, organization, plan)
    assert counts() == (2, 0)
    assert not AuditEntry.objects.filter(action="organization.import").exists()


def test_a_plan_with_errors_is_never_written(organization, owner):
    plan = importing.plan_import(organization, [{"row": 2, "unit": "A", "email": "x"}])
    with pytest.raises(importing.ValidationError):
        importing.apply_import(owner, organization, plan)
    assert counts() == (0, 0)


def test_a_get_on_confirm_goes_back_to_the_upload(owner_client, organization):
    response = owner_client.get(reverse("orgs:import_confirm", args=[organization.pk]))
    assert response.status_code == 302 and response.url.endswith("/import/")


# --- What the user sees


def test_html_in_names_is_escaped_on_the_organisation_page(owner_client, organization):
    content = "unité;nom;fonction\n<b>Compta</b>;<img src=x onerror=alert(1)>;<i>chef</i>\n"
    response = confirm(owner_client, organization, upload(owner_client, organization, content))
    body = owner_client.get(response.url).content.decode()
    assert "<img src=x" not in body and "<b>Compta</b>" not in body
    assert "&lt;b&gt;Compta&lt;/b&gt;" in body


def test_the_upload_page_documents_the_columns(owner_client, organization):
    body = owner_client.get(reverse("orgs:import", args=[organization.pk])).content.decode()
    for column in ("unité", "nom", "fonction", "e-mail", "manager", "effectif"):
        assert f"<code>{column}</code>" in body
    assert reverse("orgs:import_example") in body


def test_messages_are_in_english_for_english_users(owner_client, organization):
    owner_client.cookies["django_language"] = "en"
    response = upload(owner_client, organization, "unit;name;phone\nA;B;0601\n")
    body = response.content.decode()
    assert "Unknown column “phone”. The columns are: unite, nom, fonction" in body
    response = upload(owner_client, organization, "unit;name;e-mail\nA;B;nope\n")
    assert (2, "“nope” is not a valid e-mail address.") in response.context["plan"].errors
    assert "row 2" in response.content.decode()


def test_messages_are_in_french_by_default(organization):
    with translation.override("fr"):
        plan = importing.plan_import(organization, [{"row": 7, "unit": "A", "email": "x"}])
    assert plan.errors == [(7, "Le nom de la personne manque.")]


# --- Odd files


def test_too_many_rows(owner_client, organization):
    content = "unité;nom\n" + "Service;Personne\n" * (importing.MAX_ROWS + 1)
    response = upload(owner_client, organization, content)
    assert response.status_code == 400
    assert "plus de 5000 lignes" in response.content.decode()


def test_exactly_the_row_limit_is_accepted():
    content = "unité;nom\n" + "Service;Personne\n" * importing.MAX_ROWS
    assert len(importing.read_table("x.csv", content.encode())) == importing.MAX_ROWS


def test_the_size_limit_is_checked_before_reading(owner_client, organization, monkeypatch):
    monkeypatch.setattr(importing, "MAX_BYTES", 100)
    monkeypatch.setattr(importing, "read_table", None)  # would fail if it were called
    response = upload(owner_client, organization, "unité;nom\n" + "A;B\n" * 40)
    assert response.status_code == 400 and "trop gros" in response.content.decode()


def test_a_cell_too_long_for_the_csv_reader(owner_client, organization):
    content = "unité;nom\nA;B\nService;" + "x" * 200_000 + "\n"
    response = upload(owner_client, organization, content)
    assert response.status_code == 400  # a message, not a server error
    assert counts() == (0, 0)


def test_a_utf16_file_from_excel_unicode_text(owner_client, organization):
    content = "unité\tnom\tmanager\nRessources humaines\tÉmilie Lagadec\toui\n"
    response = upload(owner_client, organization, content, name="export.txt", encoding="utf-16")
    person = response.context["plan"].people[0]
    assert (person.name, person.unit_path, person.is_manager) == (
        "Émilie Lagadec",
        ("Ressources humaines",),
        True,
    )


def test_odd_cells(organization):
    long_email = "a" * 64 + "@" + "b" * 190 + ".org"
    content = (
        "unité;nom;e-mail;effectif\n"
        "Service A;;;²\n"  # a digit for Python, not a number
        "Service B;;;99999999999\n"
        "Service C;;;1 200\n"
        "Service D;;;-3\n"
        f"Service E;Ana;{long_email};\n"
        '"Service\x00 F";"  Bob\n  Martin ";;\n'
    )
    plan = importing.plan_import(organization, importing.read_table("x.csv", content.encode()))
    errors = dict(plan.errors)
    assert set(errors) == {2, 3, 5, 6}
    assert "nombre entier" in errors[2] and "nombre entier" in errors[5]
    assert "valide" in errors[6]
    assert next(u for u in plan.units if u.name == "Service C").headcount == 1200
    assert plan.people[0].name == "Bob Martin" and plan.people[0].unit_path == ("Service F",)


def test_unit_paths_and_names(organization):
    content = "unité;nom\nA > B >  C;X\na > b;Y\n<b>Tag</b>;Z\nA >> C;W\n"
    plan = importing.plan_import(organization, importing.read_table("x.csv", content.encode()))
    # In the file's order, each unit under its parent; "a > b" is the same as "A > B".
    assert [u.path for u in plan.units] == [("A",), ("A", "B"), ("A", "B", "C"), ("<b>Tag</b>",)]
    assert [u.people for u in plan.units] == [0, 1, 1, 1]
    assert dict(plan.errors).keys() == {5}  # "A >> C" has an empty level


def test_two_headcounts_for_one_unit(organization):
    rows = [{"row": 2, "unit": "A", "headcount": "3"}, {"row": 3, "unit": "a", "headcount": "4"}]
    plan = importing.plan_import(organization, rows)
    assert [row for row, _ in plan.errors] == [3]


# --- Excel files


def xlsx(rows, *, blank_first=0):
    workbook = Workbook()
    sheet = workbook.active
    for _ in range(blank_first):
        sheet.append([])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_xlsx_row_numbers_count_blank_rows(organization):
    data = xlsx([["Unité", "Nom", "E-mail"], ["A", "Ana", "oops"], [], ["B", "Bob", "nope"]])
    rows = importing.read_table("x.xlsx", data)
    assert [row["row"] for row in rows] == [2, 4]
    rows = importing.read_table("x.xlsx", xlsx([["Unité", "Nom"], ["A", "Ana"]], blank_first=2))
    assert rows == [{"row": 4, "unit": "A", "name": "Ana"}]


def test_xlsx_blank_rows_do_not_hide_the_rows_after_them(monkeypatch):
    monkeypatch.setattr(importing, "MAX_ROWS", 3)
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Unité", "Nom"])
    sheet.append(["A", "Ana"])
    sheet.cell(row=50, column=1, value="B")
    sheet.cell(row=50, column=2, value="Bob")
    buffer = io.BytesIO()
    workbook.save(buffer)
    rows = importing.read_table("x.xlsx", buffer.getvalue())
    assert [row["row"] for row in rows] == [2, 50]


def test_xlsx_values_and_untitled_columns(organization):
    data = xlsx([["Unité", "Nom", "Manager", "Effectif", None], ["A", "Ana", True, 4.0, "note"]])
    rows = importing.read_table("x.xlsx", data)
    assert rows == [{"row": 2, "unit": "A", "name": "Ana", "manager": "True", "headcount": "4"}]
    plan = importing.plan_import(organization, rows)
    assert plan.is_valid and plan.people[0].is_manager and plan.units[0].headcount == 4


def test_a_zip_that_is_not_a_workbook(owner_client, organization):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "bonjour")
    response = upload(owner_client, organization, buffer.getvalue(), name="classeur.xlsx")
    assert response.status_code == 400 and "Excel (.xlsx)" in response.content.decode()


def test_an_xlsx_that_unpacks_to_too_much_is_refused(organization, monkeypatch):
    monkeypatch.setattr(importing, "MAX_XLSX_UNPACKED", 1000)
    with pytest.raises(importing.ImportError_):
        importing.read_table("x.xlsx", xlsx([["Unité"], ["A"]]))
