import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from liant.core.models import AuditEntry
from liant.core.tenancy import Role
from liant.core.testing import PASSWORD, UserFactory, WorkspaceFactory, make_actor

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "une-nouvelle-phrase-secrete"


def reset_link(message) -> str:
    match = re.search(r"https?://[^/\s]+(/accounts/password-reset/[^\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


def test_full_reset_flow_sets_an_argon2_password_and_logs_in(client):
    workspace = WorkspaceFactory()
    actor = make_actor(workspace, Role.CONSULTANT, user=UserFactory(email="lea@example.org"))

    page = client.get(reverse("accounts:password_reset"))
    assert page.status_code == 200
    response = client.post(reverse("accounts:password_reset"), {"email": " Lea@Example.org "})
    assert response.status_code == 302
    assert response.url == reverse("accounts:password_reset_done")
    assert client.get(response.url).status_code == 200

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["lea@example.org"]
    assert message.subject.strip() and "\n" not in message.subject
    assert "lea@example.org" in message.body

    # Django swaps the token for a session key on first visit, then shows the form.
    link = reset_link(message)
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    assert form_page.context["validlink"] is True
    set_url = form_page.redirect_chain[-1][0]
    response = client.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("accounts:password_reset_complete")
    assert client.get(response.url).status_code == 200

    user = actor.user
    user.refresh_from_db()
    assert user.password.startswith("argon2$")
    assert user.check_password(NEW_PASSWORD)
    assert not user.check_password(PASSWORD)
    entry = AuditEntry.objects.get(action="user.password_reset")
    assert entry.workspace == workspace and entry.actor == user

    # The link works only once.
    again = client.get(link, follow=True)
    assert again.context["validlink"] is False
    assert (
        client.post(
            reverse("accounts:login"), {"username": "lea@example.org", "password": NEW_PASSWORD}
        ).status_code
        == 302
    )


def test_unknown_address_gets_the_same_page_and_no_mail(client):
    response = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert response.url == reverse("accounts:password_reset_done")
    assert mail.outbox == []


def test_invalid_email_is_refused(client):
    response = client.post(reverse("accounts:password_reset"), {"email": "not-an-address"})
    assert response.status_code == 200
    assert response.context["form"].errors["email"]
    assert mail.outbox == []


def test_weak_or_mismatched_new_password_changes_nothing(client):
    user = UserFactory(email="max@example.org")
    client.post(reverse("accounts:password_reset"), {"email": "max@example.org"})
    form_page = client.get(reset_link(mail.outbox[0]), follow=True)
    set_url = form_page.redirect_chain[-1][0]
    for data in (
        {"new_password1": "123", "new_password2": "123"},
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD + "x"},
    ):
        response = client.post(set_url, data)
        assert response.status_code == 200
        assert response.context["form"].errors
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    assert not AuditEntry.objects.filter(action="user.password_reset").exists()


def test_forged_token_is_refused(client):
    user = UserFactory(email="tom@example.org")
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    url = reverse(
        "accounts:password_reset_confirm", kwargs={"uidb64": uid, "token": "abc-123def456"}
    )
    response = client.get(url)
    assert response.status_code == 200
    assert response.context["validlink"] is False
    response = client.post(url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_reset_e_mail_follows_the_language(client):
    UserFactory(email="eve@example.org")
    client.cookies.load({"django_language": "en"})
    client.post(reverse("accounts:password_reset"), {"email": "eve@example.org"})
    assert [m.subject for m in mail.outbox] == ["Reset your Liant password"]
    assert "To choose a new password, open this link:" in mail.outbox[0].body


def test_reset_requests_are_rate_limited_by_address(client):
    UserFactory(email="ana@example.org")
    statuses = [
        client.post(
            reverse("accounts:password_reset"),
            {"email": "ana@example.org" if i % 2 else " ANA@example.org"},
            REMOTE_ADDR=f"10.0.0.{i}",
        ).status_code
        for i in range(7)
    ]
    assert statuses[:5] == [302] * 5
    assert statuses[-1] == 429
    assert len(mail.outbox) == 5


def test_reset_requests_are_rate_limited_by_ip(client):
    statuses = [
        client.post(
            reverse("accounts:password_reset"),
            {"email": f"someone{i}@example.org"},
            REMOTE_ADDR="10.9.9.9",
        ).status_code
        for i in range(7)
    ]
    assert statuses[:5] == [302] * 5
    assert statuses[-1] == 429
