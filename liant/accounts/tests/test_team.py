import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from liant.accounts import services
from liant.accounts.models import Membership
from liant.core.models import AuditEntry
from liant.core.tenancy import Role
from liant.core.testing import OrganizationFactory, UserFactory, WorkspaceFactory, make_actor

pytestmark = pytest.mark.django_db


def edit_url(membership):
    return reverse("accounts:member_edit", kwargs={"member_pk": membership.pk})


def remove_url(membership):
    return reverse("accounts:member_remove", kwargs={"member_pk": membership.pk})


# --- Team page


def test_team_page_lists_members_with_their_role(owner_client, owner, sponsor, consultant):
    response = owner_client.get(reverse("accounts:team"))
    assert response.status_code == 200
    members = response.context["members"]
    assert [m.role for m in members] == ["owner", "consultant", "sponsor"]
    body = response.content.decode()
    assert sponsor.user.email in body and sponsor.membership.organization.name in body
    assert edit_url(consultant.membership) in body


def test_consultant_sees_the_team_read_only(client, owner, consultant):
    client.force_login(consultant.user)
    response = client.get(reverse("accounts:team"))
    assert response.status_code == 200
    assert edit_url(owner.membership) not in response.content.decode()
    assert client.get(edit_url(owner.membership)).status_code == 403
    assert client.post(edit_url(owner.membership), {"role": "sponsor"}).status_code == 403
    assert client.post(remove_url(owner.membership)).status_code == 403
    assert Membership.objects.get(pk=owner.membership.pk).role == "owner"


def test_team_page_shows_no_other_workspace(owner_client, owner):
    other = make_actor(WorkspaceFactory(name="Autre cabinet"), Role.OWNER)
    body = owner_client.get(reverse("accounts:team")).content.decode()
    assert other.user.email not in body


# --- Roles


def test_owner_changes_a_role(owner_client, owner, consultant, organization):
    response = owner_client.post(
        edit_url(consultant.membership), {"role": "sponsor", "organization": organization.pk}
    )
    assert response.status_code == 302
    consultant.membership.refresh_from_db()
    assert consultant.membership.role == "sponsor"
    assert consultant.membership.organization == organization
    entry = AuditEntry.objects.get(action="membership.update")
    assert entry.changes["role"] == ["consultant", "sponsor"]
    assert entry.actor == owner.user


def test_role_change_bad_input_stores_nothing(owner_client, owner, consultant):
    foreign = OrganizationFactory(workspace=WorkspaceFactory())
    for data, field in (
        ({"role": "sponsor"}, "organization"),
        ({"role": "sponsor", "organization": foreign.pk}, "organization"),
        ({"role": "emperor"}, "role"),
    ):
        response = owner_client.post(edit_url(consultant.membership), data)
        assert response.status_code == 400
        assert response.context["form"].errors[field]
    consultant.membership.refresh_from_db()
    assert consultant.membership.role == "consultant"
    assert not AuditEntry.objects.exists()


def test_the_last_owner_cannot_be_demoted_or_removed(owner_client, owner):
    response = owner_client.post(edit_url(owner.membership), {"role": "consultant"})
    assert response.status_code == 400
    assert response.context["form"].errors["role"]
    response = owner_client.post(remove_url(owner.membership), follow=True)
    assert response.status_code == 200
    assert [str(m) for m in response.context["messages"]]
    owner.membership.refresh_from_db()
    assert owner.membership.role == "owner"
    with pytest.raises(ValidationError):
        services.remove_member(owner, owner.membership)
    with pytest.raises(ValidationError):
        services.change_member_role(owner, owner.membership, role="consultant")


def test_an_owner_can_step_down_when_another_owner_remains(owner_client, owner):
    make_actor(owner.workspace, Role.OWNER)
    response = owner_client.post(edit_url(owner.membership), {"role": "consultant"})
    assert response.status_code == 302
    owner.membership.refresh_from_db()
    assert owner.membership.role == "consultant"


def test_owner_removes_a_member(owner_client, owner, consultant):
    consultant.user.current_workspace = owner.workspace
    consultant.user.save()
    elsewhere = make_actor(WorkspaceFactory(), Role.CONSULTANT, user=consultant.user)
    response = owner_client.post(remove_url(consultant.membership))
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=consultant.membership.pk).exists()
    consultant.user.refresh_from_db()
    assert consultant.user.current_workspace == elsewhere.workspace
    entry = AuditEntry.objects.get(action="membership.delete")
    assert entry.workspace == owner.workspace and entry.actor == owner.user


def test_removal_needs_post(owner_client, consultant):
    assert owner_client.get(remove_url(consultant.membership)).status_code == 405
    assert Membership.objects.filter(pk=consultant.membership.pk).exists()


def test_members_of_another_workspace_give_404(owner_client):
    foreign = make_actor(WorkspaceFactory(), Role.CONSULTANT)
    assert owner_client.get(edit_url(foreign.membership)).status_code == 404
    assert owner_client.post(edit_url(foreign.membership), {"role": "owner"}).status_code == 404
    assert owner_client.post(remove_url(foreign.membership)).status_code == 404
    foreign.membership.refresh_from_db()
    assert foreign.membership.role == "consultant"


def test_services_refuse_non_owners_and_foreign_members(owner, consultant):
    with pytest.raises(PermissionDenied):
        services.change_member_role(consultant, owner.membership, role="consultant")
    with pytest.raises(PermissionDenied):
        services.remove_member(consultant, owner.membership)
    foreign = make_actor(WorkspaceFactory(), Role.CONSULTANT)
    with pytest.raises(PermissionDenied):
        services.remove_member(owner, foreign.membership)
    assert Membership.objects.filter(pk=foreign.membership.pk).exists()


# --- Workspace switcher


def test_switching_workspace(client, owner):
    user = owner.user
    second = make_actor(WorkspaceFactory(name="Second cabinet"), Role.CONSULTANT, user=user)
    client.force_login(user)
    page = client.get(reverse("accounts:workspaces"))
    assert page.status_code == 200
    assert {m.workspace_id for m in page.context["memberships"]} == {
        owner.workspace.pk,
        second.workspace.pk,
    }
    assert "Second cabinet" in client.get(reverse("accounts:team")).content.decode()
    response = client.post(reverse("accounts:switch_workspace"), {"workspace": second.workspace.pk})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.current_workspace == second.workspace
    home = client.get(reverse("core:home"))
    assert home.wsgi_request.actor.workspace == second.workspace
    assert AuditEntry.objects.filter(
        action="workspace.switch", workspace=second.workspace, actor=user
    ).exists()


def test_cannot_switch_to_a_workspace_one_is_not_in(client, owner):
    foreign = WorkspaceFactory(name="Pas le mien")
    client.force_login(owner.user)
    for value in (foreign.pk, "abc", ""):
        response = client.post(reverse("accounts:switch_workspace"), {"workspace": value})
        assert response.status_code == 302
    owner.user.refresh_from_db()
    assert owner.user.current_workspace == owner.workspace
    with pytest.raises(PermissionDenied):
        services.switch_workspace(owner.user, foreign.pk)
    page = client.get(reverse("accounts:workspaces"))
    assert "Pas le mien" not in page.content.decode()


def test_switch_needs_post_and_login(client):
    assert client.post(reverse("accounts:switch_workspace"), {"workspace": 1}).status_code == 302
    client.force_login(UserFactory())
    assert client.get(reverse("accounts:switch_workspace")).status_code == 405


def test_switch_follows_only_local_next(client, owner):
    second = make_actor(WorkspaceFactory(), Role.OWNER, user=owner.user)
    client.force_login(owner.user)
    response = client.post(
        reverse("accounts:switch_workspace"),
        {"workspace": second.workspace.pk, "next": "https://evil.example/"},
    )
    assert response.url == reverse("core:home")
