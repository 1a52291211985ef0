import pytest

from liant.accounts.models import Membership

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sign_up_in_a_browser_lands_on_the_workspace_home(page, screenshot):
    page.goto("/accounts/signup/")
    page.fill("#id_full_name", "Claire Dubois")
    page.fill("#id_email", "claire@example.org")
    page.fill("#id_workspace_name", "Cabinet <b>Boussole</b>")
    page.fill("#id_password", "une-phrase-de-passe-longue")
    screenshot("signup-form")
    page.click("button[type=submit]")
    page.wait_for_url("**/")
    assert page.locator(".workspace-name").inner_text() == "Cabinet <b>Boussole</b>"
    screenshot("signup-home")
    assert Membership.objects.get(user__email="claire@example.org").role == "owner"
