import pytest
from django.urls import reverse

from liant.accounts.models import Membership, User
from liant.core.models import AuditEntry, Workspace
from liant.core.testing import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_signup_creates_workspace_with_owner_and_logs_in(client):
    response = client.post(
        reverse("accounts:signup"),
        {
            "full_name": "Claire Martin",
            "email": "Claire@Example.org",
            "workspace_name": "Cabinet Martin",
            "password": "un-mot-de-passe-solide",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="claire@example.org")
    membership = Membership.objects.get(user=user)
    assert membership.role == "owner"
    assert membership.workspace.name == "Cabinet Martin"
    assert user.password.startswith("argon2")
    assert AuditEntry.objects.filter(workspace=membership.workspace).exists()
    home = client.get(reverse("core:home"))
    assert "Cabinet Martin" in home.content.decode()


def test_signup_with_bad_input_stores_nothing(client):
    UserFactory(email="taken@example.org")
    response = client.post(
        reverse("accounts:signup"),
        {"full_name": "  ", "email": "taken@example.org", "workspace_name": "", "password": "123"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Ce champ est obligatoire" in body
    assert Workspace.objects.count() == 0


def test_login_and_logout(client):
    user = UserFactory(email="a@example.org")
    response = client.post(
        reverse("accounts:login"), {"username": "a@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert client.get(reverse("accounts:no_workspace")).status_code == 200
    client.post(reverse("accounts:logout"))
    assert client.get(reverse("core:home")).status_code == 302
    assert user.pk


def test_login_attempts_are_rate_limited(client, settings):
    UserFactory(email="b@example.org")
    statuses = [
        client.post(
            reverse("accounts:login"), {"username": "b@example.org", "password": "wrong"}
        ).status_code
        for _ in range(12)
    ]
    assert statuses[0] == 200
    assert statuses[-1] == 429
