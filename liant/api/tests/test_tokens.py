import hashlib

import pytest
from django.urls import reverse

from liant.api.models import ApiToken
from liant.api.tokens import authenticate, create_token, revoke_token
from liant.core.models import AuditEntry
from liant.core.tenancy import Role
from liant.core.testing import make_actor

pytestmark = pytest.mark.django_db


def test_only_the_hash_of_a_token_is_stored(owner):
    token, key = create_token(owner, name="Tableur")
    assert key.startswith("lnt_") and len(key) > 40
    row = ApiToken.objects.values().get(pk=token.pk)
    assert row["key_hash"] == hashlib.sha256(key.encode()).hexdigest()
    assert key not in str(row)  # neither the secret nor any column holding it
    assert row["prefix"] == key[:12]
    assert AuditEntry.objects.filter(action="api_token.create").count() == 1


def test_authenticate_gives_the_actor_and_notes_the_use(owner):
    token, key = create_token(owner, name="Tableur")
    actor, found = authenticate(key)
    assert actor.membership == owner.membership and found == token
    token.refresh_from_db()
    assert token.last_used_at is not None
    assert authenticate(key[:-1] + ("A" if key[-1] != "A" else "B")) is None
    assert authenticate("") is None and authenticate("Bearer x") is None


def test_revoked_token_or_removed_membership_no_longer_authenticates(owner, workspace):
    token, key = create_token(owner, name="Tableur")
    revoke_token(owner, token)
    assert authenticate(key) is None

    other = make_actor(workspace, Role.CONSULTANT)
    _token, other_key = create_token(other, name="Script")
    other.membership.delete()
    assert authenticate(other_key) is None


def test_blank_name_is_refused_and_nothing_stored(owner):
    with pytest.raises(Exception) as error:
        create_token(owner, name="  ")
    assert "name" in error.value.message_dict
    assert not ApiToken.objects.exists()


def test_token_page_creates_shows_the_secret_once_and_lists(client, owner):
    client.force_login(owner.user)
    url = reverse("api:tokens")
    response = client.get(url)
    assert response.status_code == 200
    assert "Vous n’avez encore aucun jeton" in response.content.decode()

    response = client.post(url, {"name": "Tableau de bord"})
    body = response.content.decode()
    token = ApiToken.objects.get()
    assert token.name == "Tableau de bord"
    key = next(word for word in body.split('"') if word.startswith("lnt_") and len(word) > 40)
    assert hashlib.sha256(key.encode()).hexdigest() == token.key_hash
    assert response["Cache-Control"] == "no-store"

    body = client.get(url).content.decode()
    assert "Tableau de bord" in body and token.prefix in body and key not in body


def test_token_page_refuses_a_blank_name(client, owner):
    client.force_login(owner.user)
    response = client.post(reverse("api:tokens"), {"name": ""})
    assert response.status_code == 200
    assert "Ce champ est obligatoire" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_revoke_from_the_page_then_the_api_answers_401(client, owner, bearer):
    token, key = create_token(owner, name="Tableur")
    header = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    assert client.get("/api/v1/organizations", **header).status_code == 200

    client.force_login(owner.user)
    response = client.post(reverse("api:token_revoke", kwargs={"api_token_pk": token.pk}))
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert "révoqué" in client.get(reverse("api:tokens")).content.decode()

    client.logout()
    response = client.get("/api/v1/organizations", **header)
    assert response.status_code == 401
    assert response.json() == {"detail": "Un jeton d’API valide est nécessaire."}


def test_nobody_sees_or_revokes_another_members_token(client, owner, consultant):
    token, _key = create_token(owner, name="Secret du propriétaire")
    client.force_login(consultant.user)
    assert "Secret du propriétaire" not in client.get(reverse("api:tokens")).content.decode()
    url = reverse("api:token_revoke", kwargs={"api_token_pk": token.pk})
    assert client.post(url).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_revoke_needs_post(client, owner):
    token, _key = create_token(owner, name="Tableur")
    client.force_login(owner.user)
    url = reverse("api:token_revoke", kwargs={"api_token_pk": token.pk})
    assert client.get(url).status_code == 405


def test_api_without_or_with_a_bad_token_is_401(client, owner):
    assert client.get("/api/v1/organizations").status_code == 401
    client.force_login(owner.user)  # a session is not an API credential
    assert client.get("/api/v1/organizations").status_code == 401
    response = client.get("/api/v1/organizations", HTTP_AUTHORIZATION="Bearer lnt_nope")
    assert response.status_code == 401


def test_docs_page_is_for_logged_in_staff_and_uses_local_files(client, owner, sponsor):
    url = reverse("api_v1:openapi-view")
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(sponsor.user)
    assert client.get(url).status_code == 403
    client.force_login(owner.user)
    response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in body
    assert "cdn" not in body.lower()
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert client.get(reverse("api_v1:openapi-json")).status_code == 200
