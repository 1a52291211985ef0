import pytest
from django.urls import reverse

from liant.accounts import services
from liant.core import audit
from liant.core.models import AuditEntry
from liant.core.tenancy import Role
from liant.core.testing import OrganizationFactory, WorkspaceFactory, make_actor

pytestmark = pytest.mark.django_db


def test_a_write_through_a_service_shows_in_the_audit_log(owner_client, owner, consultant):
    organization = OrganizationFactory(workspace=owner.workspace, name="Mairie de Vannes")
    services.change_member_role(
        owner, consultant.membership, role="sponsor", organization=organization
    )
    response = owner_client.get(reverse("core:audit_log"))
    assert response.status_code == 200
    assert response.context["nav"] == "audit"
    entries = list(response.context["page"].object_list)
    assert [e.action for e in entries] == ["membership.update"]
    body = response.content.decode()
    assert consultant.user.full_name in body  # the object
    assert owner.user.email in body  # who
    assert "Mairie de Vannes" in body  # the change, old → new
    assert "consultant → sponsor" in body


def test_the_audit_log_is_for_owners_only(client, owner, consultant, sponsor):
    for actor in (consultant, sponsor):
        client.force_login(actor.user)
        assert client.get(reverse("core:audit_log")).status_code == 403
    client.logout()
    assert client.get(reverse("core:audit_log")).status_code == 302


def test_the_audit_log_shows_only_its_own_workspace(owner_client, owner):
    other = make_actor(WorkspaceFactory(), Role.OWNER)
    colleague = make_actor(other.workspace, Role.CONSULTANT)
    services.remove_member(other, colleague.membership)
    response = owner_client.get(reverse("core:audit_log"))
    assert list(response.context["page"].object_list) == []
    assert colleague.user.full_name not in response.content.decode()
    assert AuditEntry.objects.filter(workspace=other.workspace).count() == 1


def test_the_audit_log_escapes_text_and_paginates(owner_client, owner):
    for i in range(55):
        org = OrganizationFactory(workspace=owner.workspace, name=f"<b>Org {i}</b>")
        audit.record(owner, "organization.create", org, org.name)
    first = owner_client.get(reverse("core:audit_log"))
    assert len(first.context["page"].object_list) == 50
    assert "<b>Org" not in first.content.decode()
    assert "&lt;b&gt;Org 54&lt;/b&gt;" in first.content.decode()
    second = owner_client.get(reverse("core:audit_log") + "?page=2")
    assert len(second.context["page"].object_list) == 5
