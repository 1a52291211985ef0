import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from liant.accounts import services
from liant.accounts.models import Invitation, Membership, User
from liant.core.models import AuditEntry
from liant.core.tenancy import Role
from liant.core.testing import (
    PASSWORD,
    OrganizationFactory,
    UserFactory,
    WorkspaceFactory,
    make_actor,
)

from .factories import invite, last_link

pytestmark = pytest.mark.django_db

GOOD_PASSWORD = "une-phrase-bien-solide"


# --- Sending invitations from the Team page


def test_owner_invites_a_consultant_by_e_mail(owner_client, owner):
    response = owner_client.post(
        reverse("accounts:team"), {"email": " Nina@Example.org ", "role": "consultant"}
    )
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.role, invitation.organization) == (
        "nina@example.org",
        "consultant",
        None,
    )
    assert invitation.workspace == owner.workspace
    assert invitation.invited_by == owner.user
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["nina@example.org"]
    assert f"/accounts/invitation/{invitation.token}/" in mail.outbox[0].body
    assert owner.workspace.name in mail.outbox[0].subject
    entry = AuditEntry.objects.get(action="invitation.create")
    assert entry.workspace == owner.workspace and entry.actor == owner.user
    page = owner_client.get(reverse("accounts:team")).content.decode()
    assert "nina@example.org" in page


def test_owner_invites_a_sponsor_of_an_organisation(owner_client, owner, organization):
    response = owner_client.post(
        reverse("accounts:team"),
        {"email": "dir@client.fr", "role": "sponsor", "organization": organization.pk},
    )
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.role == Role.SPONSOR and invitation.organization == organization
    assert organization.name in mail.outbox[0].body


def test_consultant_invites_sponsors_but_not_consultants(consultant_client, consultant):
    org = OrganizationFactory(workspace=consultant.workspace)
    page = consultant_client.get(reverse("accounts:team"))
    assert [c[0] for c in page.context["form"].fields["role"].choices] == ["sponsor"]
    response = consultant_client.post(
        reverse("accounts:team"), {"email": "x@example.org", "role": "consultant"}
    )
    assert response.status_code == 400
    assert response.context["form"].errors["role"]
    assert not Invitation.objects.exists() and mail.outbox == []
    with pytest.raises(PermissionDenied):
        invite(consultant, role="consultant")
    response = consultant_client.post(
        reverse("accounts:team"),
        {"email": "x@example.org", "role": "sponsor", "organization": org.pk},
    )
    assert response.status_code == 302
    assert Invitation.objects.get().invited_by == consultant.user


def test_sponsor_cannot_see_the_team_or_invite(client, sponsor):
    client.force_login(sponsor.user)
    assert client.get(reverse("accounts:team")).status_code == 403
    response = client.post(
        reverse("accounts:team"),
        {
            "email": "x@example.org",
            "role": "sponsor",
            "organization": sponsor.membership.organization_id,
        },
    )
    assert response.status_code == 403
    with pytest.raises(PermissionDenied):
        invite(sponsor, role="sponsor", organization=sponsor.membership.organization)
    assert not Invitation.objects.exists() and mail.outbox == []


@pytest.mark.parametrize(
    "data, field",
    [
        ({"email": "not-an-address", "role": "consultant"}, "email"),
        ({"email": "", "role": "consultant"}, "email"),
        ({"email": "a@example.org", "role": "owner"}, "role"),
        ({"email": "a@example.org", "role": "sponsor"}, "organization"),
    ],
)
def test_bad_input_is_refused_and_stores_nothing(owner_client, owner, data, field):
    response = owner_client.post(reverse("accounts:team"), data)
    assert response.status_code == 400
    assert response.context["form"].errors[field]
    assert not Invitation.objects.exists()
    assert mail.outbox == []
    assert not AuditEntry.objects.exists()


def test_organisation_of_another_workspace_is_refused(owner_client, owner):
    foreign = OrganizationFactory(workspace=WorkspaceFactory(), name="Concurrent SA")
    response = owner_client.post(
        reverse("accounts:team"),
        {"email": "a@example.org", "role": "sponsor", "organization": foreign.pk},
    )
    assert response.status_code == 400
    assert response.context["form"].errors["organization"]
    assert "Concurrent SA" not in response.content.decode()
    assert not Invitation.objects.exists() and mail.outbox == []
    with pytest.raises(ValidationError):
        invite(owner, role="sponsor", organization=foreign)
    assert not Invitation.objects.exists()


def test_existing_member_or_pending_invitation_gives_a_clear_error(owner_client, owner):
    colleague = make_actor(owner.workspace, Role.CONSULTANT)
    response = owner_client.post(
        reverse("accounts:team"),
        {"email": colleague.user.email.upper(), "role": "consultant"},
    )
    assert response.status_code == 400
    assert response.context["form"].errors["email"]
    invite(owner, email="new@example.org")
    response = owner_client.post(
        reverse("accounts:team"), {"email": "new@example.org", "role": "consultant"}
    )
    assert response.status_code == 400
    assert response.context["form"].errors["email"]
    assert Invitation.objects.count() == 1
    assert len(mail.outbox) == 1


def test_organisation_is_dropped_for_consultants(owner, organization):
    invitation = invite(owner, role="consultant", organization=organization)
    assert invitation.organization is None


# --- Resend and revoke


def test_resend_extends_the_link_and_sends_it_again(owner_client, owner):
    invitation = invite(owner)
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - datetime.timedelta(days=1)
    )
    response = owner_client.post(
        reverse("accounts:invitation_resend", kwargs={"invitation_pk": invitation.pk})
    )
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.is_usable
    assert invitation.expires_at > timezone.now() + datetime.timedelta(days=13)
    assert len(mail.outbox) == 2 and mail.outbox[1].to == [invitation.email]
    assert AuditEntry.objects.filter(action="invitation.resend").count() == 1


def test_revoke_kills_the_link(owner_client, owner):
    invitation = invite(owner)
    link = last_link()
    response = owner_client.post(
        reverse("accounts:invitation_revoke", kwargs={"invitation_pk": invitation.pk})
    )
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    assert AuditEntry.objects.filter(action="invitation.revoke").exists()
    assert owner_client.get(reverse("accounts:team")).context["invitations"] == []
    # A revoked invitation cannot be resent or revoked again: it is no longer listed.
    response = owner_client.post(
        reverse("accounts:invitation_resend", kwargs={"invitation_pk": invitation.pk})
    )
    assert response.status_code == 404
    assert len(mail.outbox) == 1
    owner_client.logout()
    assert owner_client.get(link).status_code == 410


def test_resend_and_revoke_need_post_and_the_right_role(owner, consultant_client, consultant):
    invitation = invite(owner)  # a consultant invitation: only owners manage it
    url = reverse("accounts:invitation_revoke", kwargs={"invitation_pk": invitation.pk})
    assert consultant_client.get(url).status_code == 405
    assert consultant_client.post(url).status_code == 403
    resend = reverse("accounts:invitation_resend", kwargs={"invitation_pk": invitation.pk})
    assert consultant_client.post(resend).status_code == 403
    invitation.refresh_from_db()
    assert invitation.revoked_at is None
    assert len(mail.outbox) == 1


def test_other_workspace_invitation_gives_404(owner_client):
    foreign = invite(make_actor(WorkspaceFactory(), Role.OWNER))
    for name in ("accounts:invitation_resend", "accounts:invitation_revoke"):
        url = reverse(name, kwargs={"invitation_pk": foreign.pk})
        assert owner_client.post(url).status_code == 404
    foreign.refresh_from_db()
    assert foreign.revoked_at is None


# --- Accepting


def test_new_person_creates_an_account_from_the_link(client, owner):
    invite(owner, email="nina@example.org", role="consultant")
    link = last_link()
    page = client.get(link)
    assert page.status_code == 200
    assert owner.workspace.name in page.content.decode()
    response = client.post(
        link, {"form": "signup", "full_name": "Nina Roussel", "password": GOOD_PASSWORD}
    )
    assert response.status_code == 302
    user = User.objects.get(email="nina@example.org")
    assert user.full_name == "Nina Roussel"
    assert user.password.startswith("argon2$")
    assert user.current_workspace == owner.workspace
    membership = Membership.objects.get(user=user)
    assert (membership.workspace, membership.role) == (owner.workspace, "consultant")
    invitation = Invitation.objects.get()
    assert invitation.accepted_at is not None
    entry = AuditEntry.objects.get(action="membership.create")
    assert entry.workspace == owner.workspace and entry.actor == user
    # Logged in, in the new workspace.
    home = client.get(reverse("core:home"))
    assert home.status_code == 200
    assert home.wsgi_request.actor.workspace == owner.workspace


def test_e_mail_of_the_new_account_is_fixed_by_the_invitation(client, owner):
    invite(owner, email="nina@example.org")
    client.post(
        last_link(),
        {
            "form": "signup",
            "full_name": "Nina",
            "password": GOOD_PASSWORD,
            "email": "intruder@example.org",
        },
    )
    assert User.objects.filter(email="nina@example.org").exists()
    assert not User.objects.filter(email="intruder@example.org").exists()


def test_sponsor_invitation_gives_a_sponsor_membership(client, owner, organization):
    invite(owner, email="dir@client.fr", role="sponsor", organization=organization)
    client.post(last_link(), {"form": "signup", "full_name": "Dir", "password": GOOD_PASSWORD})
    membership = Membership.objects.get(user__email="dir@client.fr")
    assert membership.role == Role.SPONSOR and membership.organization == organization


@pytest.mark.parametrize(
    "data",
    [
        {"form": "signup", "full_name": "  ", "password": GOOD_PASSWORD},
        {"form": "signup", "full_name": "Nina", "password": "123"},
        {"form": "signup", "full_name": "Nina", "password": "nina@example.org"},
    ],
)
def test_bad_sign_up_from_the_link_stores_nothing(client, owner, data):
    invite(owner)
    response = client.post(last_link(), data)
    assert response.status_code == 400
    assert not User.objects.filter(email="nina@example.org").exists()
    assert Invitation.objects.get().accepted_at is None


def test_existing_account_logs_in_to_accept(client, owner):
    existing = make_actor(
        WorkspaceFactory(), Role.OWNER, user=UserFactory(email="nina@example.org")
    )
    invite(owner, email="nina@example.org")
    link = last_link()
    page = client.get(link)
    assert page.context["account_exists"] is True
    wrong = client.post(
        link, {"form": "login", "username": "nina@example.org", "password": "wrong"}
    )
    assert wrong.status_code == 400
    assert not Membership.objects.filter(user=existing.user, workspace=owner.workspace).exists()
    # Sign-up is not offered to an address that already has an account.
    client.post(link, {"form": "signup", "full_name": "Other", "password": GOOD_PASSWORD})
    assert User.objects.filter(email="nina@example.org").count() == 1
    response = client.post(
        link, {"form": "login", "username": "nina@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    membership = Membership.objects.get(user=existing.user, workspace=owner.workspace)
    assert membership.role == "consultant"
    existing.user.refresh_from_db()
    assert existing.user.current_workspace == owner.workspace
    assert Membership.objects.filter(user=existing.user).count() == 2


def test_logged_in_user_accepts_with_one_click(client, owner):
    other = make_actor(WorkspaceFactory(), Role.OWNER)
    invite(owner, email=other.user.email)
    link = last_link()
    client.force_login(other.user)
    page = client.get(link)
    assert page.status_code == 200 and page.context["email_differs"] is False
    token = Invitation.objects.get().token
    accept = reverse("accounts:invitation_accept", kwargs={"token": token})
    assert client.get(accept).status_code == 405
    assert client.post(accept).status_code == 302
    assert Membership.objects.filter(user=other.user, workspace=owner.workspace).exists()


def test_already_member_gets_a_clear_message_and_nothing_changes(client, owner):
    colleague = make_actor(
        owner.workspace, Role.SPONSOR, organization=OrganizationFactory(workspace=owner.workspace)
    )
    invitation = Invitation.objects.create(
        workspace=owner.workspace, email=colleague.user.email, role=Role.CONSULTANT
    )
    client.force_login(colleague.user)
    page = client.get(reverse("accounts:invitation", kwargs={"token": invitation.token}))
    assert page.context["already_member"] is True
    response = client.post(
        reverse("accounts:invitation_accept", kwargs={"token": invitation.token}), follow=True
    )
    assert response.status_code == 200
    colleague.membership.refresh_from_db()
    assert colleague.membership.role == Role.SPONSOR
    invitation.refresh_from_db()
    assert invitation.accepted_at is None
    with pytest.raises(ValidationError):
        services.accept_invitation(invitation, colleague.user)


@pytest.mark.parametrize("state", ["expired", "revoked", "accepted"])
def test_unusable_links_show_a_clear_page_and_change_nothing(client, owner, state):
    invitation = invite(owner)
    link = last_link()
    now = timezone.now()
    field = {"expired": "expires_at", "revoked": "revoked_at", "accepted": "accepted_at"}[state]
    value = now - datetime.timedelta(seconds=1) if state == "expired" else now
    Invitation.objects.filter(pk=invitation.pk).update(**{field: value})
    before = AuditEntry.objects.count()

    assert client.get(link).status_code == 410
    response = client.post(link, {"form": "signup", "full_name": "N", "password": GOOD_PASSWORD})
    assert response.status_code == 410
    assert response.context["reason"] == state
    assert not User.objects.filter(email="nina@example.org").exists()

    someone = UserFactory()
    client.force_login(someone)
    accept = reverse("accounts:invitation_accept", kwargs={"token": invitation.token})
    assert client.post(accept).status_code == 410
    assert not Membership.objects.filter(user=someone).exists()
    assert AuditEntry.objects.count() == before


def test_unknown_token_gives_404_page(client):
    url = reverse("accounts:invitation", kwargs={"token": "made-up-token"})
    response = client.get(url)
    assert response.status_code == 404
    assert response.context["reason"] == "unknown"
    client.force_login(UserFactory())
    accept = reverse("accounts:invitation_accept", kwargs={"token": "made-up-token"})
    assert client.post(accept).status_code == 404


def test_a_link_works_only_once(client, owner):
    invite(owner)
    link = last_link()
    client.post(link, {"form": "signup", "full_name": "Nina", "password": GOOD_PASSWORD})
    client.logout()
    response = client.post(
        link, {"form": "signup", "full_name": "Nina bis", "password": GOOD_PASSWORD}
    )
    assert response.status_code == 410
    assert User.objects.filter(email="nina@example.org").count() == 1
    assert Membership.objects.filter(workspace=owner.workspace).count() == 2


def test_invitation_page_login_attempts_are_rate_limited(client, owner):
    invite(owner)
    link = last_link()
    statuses = [
        client.post(
            link, {"form": "login", "username": "x@example.org", "password": "no"}
        ).status_code
        for _ in range(12)
    ]
    assert statuses[0] == 400
    assert statuses[-1] == 429


def test_invitations_are_rate_limited_per_member(owner_client, owner, settings):
    statuses = [
        owner_client.post(
            reverse("accounts:team"), {"email": f"p{i}@example.org", "role": "consultant"}
        ).status_code
        for i in range(32)
    ]
    assert statuses[:30] == [302] * 30
    assert statuses[-1] == 429
    assert Invitation.objects.count() == 30


def test_service_sends_the_link_of_the_site(owner):
    invitation = services.invite(
        owner, email="n@example.org", role="consultant", site_url="https://liant.example/"
    )
    assert f"https://liant.example/accounts/invitation/{invitation.token}/" in mail.outbox[0].body
