import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from liant.core.tenancy import Role
from liant.core.testing import OrganizationFactory, make_actor
from liant.practices import services
from liant.practices.models import CheckIn, Coverage, TeamRule, VigilanceReview

pytestmark = pytest.mark.django_db


def pages(team):
    return [
        reverse("practices:team", args=[team.pk]),
        reverse("practices:charter", args=[team.pk]),
        reverse("practices:coverage", args=[team.pk]),
        reverse("practices:escalations", args=[team.pk]),
    ]


def test_staff_see_every_page_of_the_team(owner_client, team):
    for url in [*pages(team), reverse("practices:members", args=[team.pk])]:
        assert owner_client.get(url).status_code == 200, url
    assert "Équipe Data" in owner_client.get(reverse("practices:list")).content.decode()


def test_a_sponsor_reads_their_organisations_team_but_writes_nothing(client, team, sponsor):
    client.force_login(sponsor.user)
    for url in pages(team):
        assert client.get(url).status_code == 200, url
    assert client.get(reverse("practices:members", args=[team.pk])).status_code == 403
    response = client.post(reverse("practices:rule_add", args=[team.pk]), {"rule-text": "Non"})
    assert response.status_code == 403
    client.post(reverse("practices:escalations", args=[team.pk]), {"escalation-title": "Non"})
    assert not TeamRule.objects.exists() and not team.escalations.exists()


def test_a_sponsor_of_another_organisation_gets_a_404(client, team, workspace):
    other = make_actor(
        workspace, Role.SPONSOR, organization=OrganizationFactory(workspace=workspace)
    )
    client.force_login(other.user)
    for url in pages(team):
        assert client.get(url).status_code == 404, url
    assert "Équipe Data" not in client.get(reverse("practices:list")).content.decode()


def test_a_participant_account_reads_no_team_page(client, team, workspace):
    participant = make_actor(workspace, Role.PARTICIPANT)
    client.force_login(participant.user)
    for url in pages(team):
        assert client.get(url).status_code == 404, url
    assert "Équipe Data" not in client.get(reverse("practices:list")).content.decode()


def test_an_empty_rule_gets_a_clear_message_and_nothing_is_stored(owner_client, team):
    url = reverse("practices:rule_add", args=[team.pk])
    response = owner_client.post(url, {"rule-text": "  ", "rule-adopted_on": "2026-03-09"})
    assert response.status_code == 400
    assert "Écrivez la règle." in response.content.decode()
    assert not TeamRule.objects.exists()
    response = owner_client.post(
        url,
        {"rule-text": "On se dit les choses", "rule-rationale": "<b>franchise</b>",
         "rule-adopted_on": "2026-03-09", "rule-source": "Séminaire"},
    )  # fmt: skip
    assert response.status_code == 302
    page = owner_client.get(reverse("practices:charter", args=[team.pk])).content.decode()
    assert "On se dit les choses" in page and "&lt;b&gt;franchise&lt;/b&gt;" in page


def test_the_consolidation_checklist_records_the_review(owner_client, owner, team):
    point = services.add_vigilance_point(
        owner, team, title="Charge de Sophie", follow_up_on=datetime.date(2026, 3, 9)
    )
    url = reverse("practices:points_review", args=[team.pk])
    page = owner_client.get(url).content.decode()
    assert "Charge de Sophie" in page
    response = owner_client.post(url, {f"verdict-{point.pk}": "attention", f"next-{point.pk}": ""})
    assert response.status_code == 400
    assert not VigilanceReview.objects.exists()
    response = owner_client.post(
        url,
        {f"verdict-{point.pk}": "attention", f"note-{point.pk}": "Toujours tendu",
         f"next-{point.pk}": "2026-04-06"},
    )  # fmt: skip
    assert response.status_code == 302
    assert point.reviews.get().note == "Toujours tendu"


def test_coverage_alert_is_shown_and_the_matrix_saves(owner_client, owner, team):
    client = services.add_client(owner, team, name="Assurance Atlantique")
    member = team.members.first()
    url = reverse("practices:coverage", args=[team.pk])
    page = owner_client.get(url).content.decode()
    assert "Assurance Atlantique n’est connu de personne dans l’équipe." in page
    response = owner_client.post(url, {f"cell-{client.pk}-{member.pk}": "primary"})
    assert response.status_code == 302
    assert Coverage.objects.get().level == "primary"
    page = owner_client.get(url).content.decode()
    assert "Assurance Atlantique n’est connu que d’une personne." in page
    response = owner_client.post(url, {f"cell-{client.pk}-{member.pk}": "chief"})
    assert response.status_code == 400
    assert Coverage.objects.get().level == "primary"


# --- The check-in by personal link


def test_an_unknown_link_gets_a_clear_page(client):
    response = client.get(reverse("checkin:form", args=["not-a-token"]))
    assert response.status_code == 404
    assert "Ce lien de météo ne fonctionne pas." in response.content.decode()
    assert client.post(reverse("checkin:form", args=["nope"]), {"mood": "3"}).status_code == 404
    assert not CheckIn.objects.exists()


def test_a_member_checks_in_and_sees_only_their_own_mood(client, owner, owner_client, team):
    members = list(team.members.order_by("person__name"))
    link = reverse("checkin:form", args=[services.make_checkin_link(owner, members[0])])
    response = client.post(link, {"mood": "7", "blockers": "Accès"})
    assert response.status_code == 400
    assert "Choisissez votre humeur, de 1 à 5." in response.content.decode()
    assert not CheckIn.objects.exists()
    response = client.post(link, {"mood": "2", "blockers": "Accès <VPN>", "client_news": ""})
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert "humeur 2/5" in page and "Merci, c’est noté" in page
    # The team board shows the blocker with the name, and no mood under 5 answers.
    board = owner_client.get(reverse("practices:team", args=[team.pk])).content.decode()
    assert "Accès &lt;VPN&gt;" in board and "humeur 2/5" not in board
    assert "À partir de 5 réponses" in board


def test_the_board_shows_the_average_from_five_answers(owner, owner_client, team):
    today = timezone.localdate()
    for member, mood in zip(team.members.order_by("pk"), [1, 2, 4, 4, 4], strict=False):
        services.check_in(member, mood=mood, day=today)
    board = owner_client.get(reverse("practices:team", args=[team.pk])).content.decode()
    assert "3,0 / 5" in board
