import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from liant.core.models import AuditEntry
from liant.core.tenancy import Role
from liant.core.testing import MissionFactory, PersonFactory, UnitFactory, make_actor
from liant.practices import selectors, services
from liant.practices.models import CheckIn, Coverage, Escalation, TeamRule, VigilancePoint

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 3, 9)  # a Monday


def test_a_team_takes_its_units_people_and_manager(team):
    names = sorted(m.person.name for m in team.members.all())
    assert len(names) == 6 and "Sophie Tessier" in names
    assert team.manager.name == "Romain Lebrun"


def test_a_unit_is_followed_once_and_a_mission_must_be_of_its_organisation(owner, team):
    with pytest.raises(ValidationError):
        services.create_team(owner, unit=team.unit)
    unit = UnitFactory(organization=team.unit.organization)
    other_mission = MissionFactory(organization__workspace=owner.workspace)
    with pytest.raises(ValidationError) as error:
        services.create_team(owner, unit=unit, mission=other_mission)
    assert "mission" in error.value.error_dict


def test_sponsors_and_other_workspaces_cannot_write(team, sponsor):
    with pytest.raises(PermissionDenied):
        services.add_rule(sponsor, team, text="Une règle")
    stranger = make_actor()
    with pytest.raises(PermissionDenied):
        services.add_rule(stranger, team, text="Une règle")
    assert not TeamRule.objects.exists()


# --- Charter


@pytest.mark.parametrize("text", ["", "   ", "x" * 301])
def test_a_rule_needs_text_of_reasonable_length(owner, team, text):
    with pytest.raises(ValidationError) as error:
        services.add_rule(owner, team, text=text)
    assert "text" in error.value.error_dict
    assert not TeamRule.objects.exists()


def test_a_rule_is_stored_with_its_rationale_date_and_source(owner, team):
    rule = services.add_rule(
        owner,
        team,
        text="  On répond  au client à deux ",
        rationale="Personne ne porte seul une mauvaise nouvelle.",
        adopted_on=DAY,
        source="Séance de suivi du 9 mars",
    )
    assert rule.text == "On répond au client à deux"
    assert rule.adopted_on == DAY and rule.created_by == owner.user
    assert AuditEntry.objects.filter(action="practices.rule_add").exists()


def test_a_vigilance_point_owner_must_be_of_the_organisation(owner, team):
    stranger = PersonFactory(organization__workspace=owner.workspace)
    with pytest.raises(ValidationError):
        services.add_vigilance_point(owner, team, title="Charge", follow_up_on=DAY, owner=stranger)
    with pytest.raises(ValidationError):
        services.add_vigilance_point(owner, team, title=" ", follow_up_on=DAY)
    assert not VigilancePoint.objects.exists()


def test_the_consolidation_review_records_verdicts_and_closes_resolved_points(owner, team):
    keep = services.add_vigilance_point(owner, team, title="Charge de Sophie", follow_up_on=DAY)
    done = services.add_vigilance_point(owner, team, title="Astreintes", follow_up_on=DAY)
    later = DAY + datetime.timedelta(weeks=4)
    services.review_vigilance_points(
        owner,
        team,
        [
            {
                "point": keep,
                "verdict": "attention",
                "note": "Encore tendu",
                "next_follow_up": later,
            },
            {
                "point": done,
                "verdict": "resolved",
                "note": "Planning partagé",
                "next_follow_up": None,
            },
        ],
        day=DAY,
    )
    keep.refresh_from_db()
    done.refresh_from_db()
    assert keep.status == "open" and keep.follow_up_on == later
    assert done.status == "resolved"
    assert keep.reviews.get().note == "Encore tendu"


def test_a_review_without_next_date_for_an_open_point_stores_nothing(owner, team):
    point = services.add_vigilance_point(owner, team, title="Charge", follow_up_on=DAY)
    with pytest.raises(ValidationError):
        services.review_vigilance_points(
            owner, team, [{"point": point, "verdict": "on_track", "next_follow_up": None}]
        )
    assert not point.reviews.exists()


# --- Check-ins and the k threshold


def _checkins(team, moods, day=DAY):
    for member, mood in zip(team.members.order_by("pk"), moods, strict=False):
        services.check_in(member, mood=mood, blockers="", client_news="", day=day)


@pytest.mark.parametrize("mood", [0, 6, -1, "", None, "bien", 3.5])
def test_a_mood_outside_1_to_5_is_refused_and_nothing_is_stored(team, mood):
    member = team.members.first()
    with pytest.raises(ValidationError) as error:
        services.check_in(member, mood=mood, day=DAY)
    assert "mood" in error.value.error_dict
    assert not CheckIn.objects.exists()


def test_a_second_check_in_the_same_day_replaces_the_first(team):
    member = team.members.first()
    services.check_in(member, mood=2, blockers="Accès VPN", day=DAY)
    services.check_in(member, mood=4, blockers="", day=DAY)
    checkin = CheckIn.objects.get()
    assert (checkin.mood, checkin.blockers) == (4, "")


def test_below_five_answers_the_team_sees_no_mood(owner, team):
    _checkins(team, [1, 2, 4, 5])
    (point,) = selectors.checkin_mood_series(owner, team, DAY, DAY)
    assert point.mood is None
    assert selectors.today_board(owner, team, DAY).mood is None


def test_from_five_answers_the_team_sees_the_average_only(owner, team):
    _checkins(team, [1, 2, 4, 5, 3])
    series = selectors.checkin_mood_series(owner, team, DAY - datetime.timedelta(days=1), DAY)
    assert [p.mood for p in series] == [None, 3.0]


def test_the_mood_series_is_scoped_to_the_actors_workspace(team):
    from django.http import Http404

    with pytest.raises(Http404):
        selectors.checkin_mood_series(make_actor(), team, DAY, DAY)


def test_the_series_for_a_sponsor_of_another_organisation_is_a_404(team):
    from django.http import Http404

    other = make_actor(team.workspace, Role.SPONSOR, organization=None)
    with pytest.raises(Http404):
        selectors.checkin_mood_series(other, team, DAY, DAY)


def test_a_check_in_link_is_stored_as_a_hash_and_renewing_it_revokes_the_old_one(owner, team):
    member = team.members.first()
    first = services.make_checkin_link(owner, member)
    member.refresh_from_db()
    assert first not in member.token_hash
    assert services.find_member_by_token(first) == member
    second = services.make_checkin_link(owner, member)
    assert services.find_member_by_token(first) is None
    assert services.find_member_by_token(second) == member
    assert services.find_member_by_token(second[:-1] + "x") is None


# --- Client coverage


def test_coverage_alerts_for_every_client_known_by_fewer_than_two(owner, team):
    sophie, mehdi, laura = list(team.members.order_by("person__name"))[3:6]
    assureur = services.add_client(owner, team, name="Assurance Atlantique")
    mutuelle = services.add_client(owner, team, name="Mutuelle des Pays de Loire")
    services.add_client(owner, team, name="Banque Océane")
    services.set_coverage(
        owner,
        team,
        {
            (assureur.pk, sophie.pk): "primary",
            (assureur.pk, mehdi.pk): "backup",
            (assureur.pk, laura.pk): "knows",
            (mutuelle.pk, sophie.pk): "primary",
        },
    )
    matrix = selectors.coverage_matrix(team)
    assert [row.client.name for row in matrix.alerts] == [
        "Banque Océane",
        "Mutuelle des Pays de Loire",
    ]
    assert [row.client.name for row in matrix.uncovered] == ["Banque Océane"]
    assert matrix.covered_share == 33
    (single, clients), *_ = matrix.single_points
    assert single == sophie and clients == [mutuelle]
    assert selectors.clients_at_risk_count(team) == 2
    # A second person knowing the mutual's account lifts its alert.
    services.set_coverage(owner, team, {(mutuelle.pk, laura.pk): "backup"})
    assert [row.client.name for row in selectors.coverage_matrix(team).alerts] == ["Banque Océane"]


def test_coverage_refuses_unknown_levels_and_foreign_cells(owner, team):
    client = services.add_client(owner, team, name="Assurance Atlantique")
    member = team.members.first()
    with pytest.raises(ValidationError):
        services.set_coverage(owner, team, {(client.pk, member.pk): "boss"})
    other = services.create_team(owner, unit=UnitFactory(organization=team.unit.organization))
    other_client = services.add_client(owner, other, name="Autre")
    with pytest.raises(ValidationError):
        services.set_coverage(owner, team, {(other_client.pk, member.pk): "primary"})
    assert not Coverage.objects.exists()


def test_a_client_name_is_required_and_unique_in_the_team(owner, team):
    services.add_client(owner, team, name="Assurance Atlantique")
    for name in ["", "Assurance Atlantique"]:
        with pytest.raises(ValidationError):
            services.add_client(owner, team, name=name)
    assert team.clients.count() == 1


# --- Escalations


def test_an_escalation_goes_to_the_manager_and_needs_a_resolution_to_close(owner, team):
    item = services.escalate(owner, team, title="Le client exige une livraison samedi")
    assert item.escalated_to.name == "Romain Lebrun" and item.status == "open"
    with pytest.raises(ValidationError):
        services.update_escalation(owner, item, status="resolved", resolution="")
    item.refresh_from_db()
    assert item.status == "open"
    services.update_escalation(owner, item, status="resolved", resolution="Livraison lundi")
    item.refresh_from_db()
    assert item.status == "resolved" and item.resolved_on is not None


def test_an_escalation_needs_a_title(owner, team):
    with pytest.raises(ValidationError):
        services.escalate(owner, team, title="  ")
    assert not Escalation.objects.exists()
