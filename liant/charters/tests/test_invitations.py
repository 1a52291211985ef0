"""Personal links: one person, one contributor on every device, revocable, anonymous."""

import pytest
from django.test import Client
from django.urls import reverse

from liant.charters import services
from liant.charters.models import ClauseVote, Contributor, Invitation
from liant.charters.views_contribute import cookie_name
from liant.core.testing import OrganizationFactory, PersonFactory

from .conftest import clause_titled

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(organization):
    return [PersonFactory(organization=organization, name=n) for n in ("Ana Lopes", "Bruno Roy")]


def invite_url(document):
    return reverse("charters:invite", args=[document.mission_id, document.pk])


def test_the_facilitator_invites_people_of_the_missions_organisation(
    owner_client, open_charter, people
):
    outsider = PersonFactory(organization=OrganizationFactory(workspace=open_charter.workspace))
    response = owner_client.post(invite_url(open_charter), {"invite-people": [outsider.pk]})
    assert response.status_code == 400 and not Invitation.objects.exists()
    response = owner_client.post(invite_url(open_charter), {})
    assert response.status_code == 400
    owner_client.post(invite_url(open_charter), {"invite-people": [p.pk for p in people]})
    assert Invitation.objects.count() == 2
    page = owner_client.get(
        reverse("charters:detail", args=[open_charter.mission_id, open_charter.pk])
    ).content.decode()
    assert all(i.token in page for i in Invitation.objects.all())


def test_a_personal_link_is_the_same_contributor_everywhere_until_revoked(
    owner, open_charter, people
):
    services.invite(owner, open_charter, people)
    invitation = Invitation.objects.get(person=people[0])
    url = reverse("contribute:invitation", args=[invitation.token])
    phone, laptop = Client(), Client()
    for device in (phone, laptop):
        response = device.get(url)
        assert response.status_code == 302
    assert (
        phone.cookies[cookie_name(open_charter)].value
        == laptop.cookies[cookie_name(open_charter)].value
    )
    assert Contributor.objects.count() == 1
    clause = clause_titled(open_charter, "Messagerie")
    laptop.post(
        reverse("contribute:vote", args=[open_charter.secret, clause.pk]), {"value": "agree"}
    )
    invitation.refresh_from_db()
    assert ClauseVote.objects.get().contributor == invitation.contributor
    services.revoke_invitation(owner, invitation)
    assert Client().get(url).status_code == 404
    assert Client().get(reverse("contribute:invitation", args=["nope"])).status_code == 404


def test_the_facilitator_never_sees_who_a_contributor_is(owner, owner_client, open_charter, people):
    services.invite(owner, open_charter, people)
    invitation = Invitation.objects.get(person=people[0])
    contributor = services.join_by_invitation(invitation)
    services.comment(contributor, clause_titled(open_charter, "Réunions"), "Mon avis")
    page = owner_client.get(
        reverse("charters:detail", args=[open_charter.mission_id, open_charter.pk])
    ).content.decode()
    assert "Mon avis" in page and "Contributeur 1" in page
    # The name appears in the invitations list, never next to a contribution.
    comment_block = page.split("Mon avis")[0].rsplit("<li>", 1)[1]
    assert "Ana Lopes" not in comment_block


def test_a_draft_is_not_opened_by_a_personal_link(owner, charter, people):
    services.invite(owner, charter, people)
    token = Invitation.objects.first().token
    assert Client().get(reverse("contribute:invitation", args=[token])).status_code == 404
    assert not Contributor.objects.exists()
