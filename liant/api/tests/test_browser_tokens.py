"""API tokens in a real browser: create one, see it once, use it, revoke it; the docs page
(Swagger UI from local files) works under our CSP."""

import pytest
from playwright.sync_api import expect

from liant.api.models import ApiToken
from liant.conftest import session_cookie
from liant.core.testing import OrganizationFactory, make_actor

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def owner_page(page, live_server):
    actor = make_actor()
    OrganizationFactory(workspace=actor.workspace, name="Mairie de Lyon")
    page.context.add_cookies([session_cookie(actor.user, live_server.url)])
    return page


def test_create_use_and_revoke_a_token(owner_page, screenshot):
    page = owner_page
    # The account area (the workspace name in the header → "Your workspaces") links to tokens.
    # A session's first page is slow on a busy machine.
    page.goto("/accounts/workspaces/", timeout=40_000)
    page.get_by_role("link", name="Jetons d’API").click()
    expect(page.get_by_text("Vous n’avez encore aucun jeton d’API.")).to_be_visible()
    page.get_by_label("Nom").fill("Tableur de suivi")
    page.get_by_role("button", name="Créer le jeton").click()
    key_field = page.get_by_label("Votre nouveau jeton")
    expect(key_field).to_have_value(ApiToken.objects.get().prefix + key_field.input_value()[12:])
    key = key_field.input_value()
    screenshot("api-tokens-01-created")

    answer = page.request.get("/api/v1/organizations", headers={"Authorization": f"Bearer {key}"})
    assert answer.status == 200 and answer.json()["items"][0]["name"] == "Mairie de Lyon"

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Révoquer Tableur de suivi").click()
    expect(page.get_by_text("Le jeton « Tableur de suivi » est révoqué.")).to_be_visible()
    expect(page.get_by_label("Votre nouveau jeton")).to_have_count(0)  # shown once only
    screenshot("api-tokens-02-revoked")
    answer = page.request.get("/api/v1/organizations", headers={"Authorization": f"Bearer {key}"})
    assert answer.status == 401


def test_docs_page_renders_under_the_csp(owner_page, screenshot):
    page = owner_page
    violations = []
    page.on(
        "console", lambda msg: "Content Security Policy" in msg.text and violations.append(msg.text)
    )
    page.goto("/api/v1/docs")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Liant API")
    expect(page.locator(".opblock-summary-path").first).to_be_visible()
    screenshot("api-docs")
    assert [v for v in violations if "script" in v] == []
