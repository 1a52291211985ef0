"""Browser journey: the owner gives the workspace its look (a wrong file first: a clear
message), then generates the action plan's PDF from the plan page: its cover carries the
logo and the colour. Screenshots in test-artifacts/."""

import io

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from liant.accounts.models import Membership
from liant.conftest import session_cookie
from liant.core.demo import load_demo
from liant.reports.models import Document
from liant.steering.models import ActionPlan

from .conftest import SCREENSHOTS, image_bytes, save_pngs

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_owner_sets_the_look_then_the_plan_pdf_wears_it(
    browser, live_server, settings, tmp_path
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    login = load_demo()
    owner = Membership.objects.get(workspace=login.workspace, user__email=login.email).user
    plan = ActionPlan.objects.filter(workspace=login.workspace).first()
    not_an_image = tmp_path / "logo.png"
    not_an_image.write_bytes(b"%PDF-1.7 this is not an image")
    logo = tmp_path / "cabinet.png"
    logo.write_bytes(image_bytes("PNG", size=(480, 160), color=(120, 20, 50)))

    context = browser.new_context(
        base_url=live_server.url, locale="fr-FR", viewport={"width": 1280, "height": 860},
        accept_downloads=True,
    )  # fmt: skip
    context.add_cookies([session_cookie(owner, live_server.url)])
    page = context.new_page()
    page.set_default_timeout(15_000)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    page.goto("/accounts/team/")
    page.get_by_role("link", name="Apparence des documents").click()
    expect(page.get_by_role("heading", name="Apparence des documents")).to_be_visible()
    page.get_by_label("Couleur principale").fill("#8a1c3b")
    page.locator("input[name=logo]").set_input_files(str(not_an_image))
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.locator(".errorlist")).to_contain_text("n’est pas une image")
    page.screenshot(path=str(SCREENSHOTS / "branding-bad-logo.png"), full_page=True)

    page.get_by_label("Couleur principale").fill("#8a1c3b")
    page.locator("input[name=logo]").set_input_files(str(logo))
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text("L’apparence des documents est enregistrée.")).to_be_visible()
    expect(page.get_by_role("img", name="Logo actuel")).to_be_visible()
    page.screenshot(path=str(SCREENSHOTS / "branding-saved.png"), full_page=True)

    page.goto(f"/missions/{plan.mission_id}/plan/")
    page.get_by_role("button", name="Générer le PDF").click()
    expect(page.locator("#document-status")).to_contain_text("En attente")
    call_command("db_worker", batch=True, no_startup_delay=True, reload=False, verbosity=0)
    expect(page.locator("#document-status")).to_contain_text("Votre document est prêt")
    with page.expect_download() as info:
        page.get_by_role("link", name="Télécharger le PDF").click()
    content = open(info.value.path(), "rb").read()  # noqa: SIM115
    context.close()

    from pypdf import PdfReader

    cover = PdfReader(io.BytesIO(content)).pages[0]
    assert (480, 160) in [image.image.size for image in cover.images]
    assert b"0.541176 0.109804 0.231373" in cover.get_contents().get_data()
    assert Document.objects.get().kind == "action_plan"
    save_pngs(content, "document-action-plan-branded")
