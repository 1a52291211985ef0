"""Browser journey: generate the minutes as PDF from the minutes page, watch the document page
poll while the database worker has not run, then download the file."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from liant.conftest import session_cookie

from .conftest import SCREENSHOTS
from .world import build_workshop

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_generate_follow_and_download_the_minutes(browser, live_server, owner, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    workshop = build_workshop(owner)
    context = browser.new_context(
        base_url=live_server.url, locale="fr-FR", viewport={"width": 1280, "height": 860},
        accept_downloads=True,
    )  # fmt: skip
    context.add_cookies([session_cookie(owner.user, live_server.url)])
    page = context.new_page()
    page.set_default_timeout(10_000)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    page.goto(f"/workshops/{workshop.pk}/minutes/")
    page.get_by_role("button", name="Générer le PDF").click()
    status = page.locator("#document-status")
    expect(status).to_contain_text("En attente")  # the worker has not taken it yet
    expect(page.get_by_role("progressbar")).to_be_visible()
    page.screenshot(path=str(SCREENSHOTS / "document-page-queued.png"), full_page=True)

    call_command("db_worker", batch=True, no_startup_delay=True, reload=False, verbosity=0)
    expect(status).to_contain_text("Votre document est prêt")  # htmx polled the status
    page.screenshot(path=str(SCREENSHOTS / "document-page-ready.png"), full_page=True)
    with page.expect_download() as info:
        page.get_by_role("link", name="Télécharger le PDF").click()
    download = info.value
    assert download.suggested_filename == "minutes.pdf"
    with open(download.path(), "rb") as file:
        assert file.read(5) == b"%PDF-"

    page.goto(f"/workshops/{workshop.pk}/minutes/")
    expect(page.locator(".rp-recent")).to_contain_text("PDF")
    context.close()
