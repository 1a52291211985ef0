"""Turning a workshop card or group into a team rule or a vigilance point; the key figures
on the team's mission."""

import datetime

import pytest
from django.urls import reverse

from liant.core.testing import MissionFactory, PersonFactory, UnitFactory
from liant.missions import key_figures
from liant.practices import services
from liant.workshops import selectors as workshop_selectors
from liant.workshops import services as workshop_services
from liant.workshops import turn_targets
from liant.workshops.models import Card, Cluster

pytestmark = pytest.mark.django_db


@pytest.fixture
def mission_team(owner):
    mission = MissionFactory(organization__workspace=owner.workspace, title="Équipe sereine")
    unit = UnitFactory(organization=mission.organization, name="Équipe Data")
    PersonFactory(organization=mission.organization, unit=unit, name="Sophie Tessier")
    return mission, services.create_team(owner, unit=unit, mission=mission)


@pytest.fixture
def source(owner, mission_team):
    mission, _team = mission_team
    workshop = workshop_services.create_workshop(owner, title="Séance de suivi", mission=mission)
    board = workshop_services.add_board(owner, workshop, title="Règles", prompts=["Nos règles"])
    cluster = Cluster.objects.create(
        workspace=owner.workspace, board=board, title="Parler au client à deux"
    )
    Card.objects.create(
        workspace=owner.workspace, board=board, column=board.columns.get(),
        author=workshop_services.join(workshop), text="Jamais seul face au client",
        cluster=cluster,
    )  # fmt: skip
    return workshop_selectors.get_source(workshop, "cluster", cluster.pk)


def test_both_targets_are_offered_when_the_organisation_has_a_team(owner, source):
    keys = [t.key for t in turn_targets.available(owner, source)]
    assert {"practices.team_rule", "practices.vigilance_point"} <= set(keys)


def test_no_practice_target_without_a_team_in_the_workshops_organisation(owner):
    mission = MissionFactory(organization__workspace=owner.workspace)
    workshop = workshop_services.create_workshop(owner, title="Autre", mission=mission)
    board = workshop_services.add_board(owner, workshop, title="T", prompts=["Q"])
    card = Card.objects.create(
        workspace=owner.workspace, board=board, column=board.columns.get(),
        author=workshop_services.join(workshop), text="Idée",
    )  # fmt: skip
    source = workshop_selectors.get_source(workshop, "card", card.pk)
    keys = [t.key for t in turn_targets.available(owner, source)]
    assert "practices.team_rule" not in keys


def test_a_group_becomes_a_team_rule_with_its_origin(owner, owner_client, source, mission_team):
    _mission, team = mission_team
    form = turn_targets.get("practices.team_rule").form(
        {"rule-team": team.pk, "rule-text": "On répond au client à deux", "rule-rationale": ""},
        actor=owner,
        source=source,
    )
    assert form.is_valid(), form.errors
    rule, url = workshop_services.turn_into(owner, "practices.team_rule", source, form.cleaned_data)
    assert rule.team == team and rule.source == "Séance de suivi"
    assert url.startswith(reverse("practices:charter", args=[team.pk]))
    page = owner_client.get(url).content.decode()
    assert "Issu du regroupement «\u00a0Parler au client à deux\u00a0»" in page


def test_a_card_becomes_a_vigilance_point_and_bad_input_is_refused(owner, source, mission_team):
    _mission, team = mission_team
    target = turn_targets.get("practices.vigilance_point")
    bad = target.form({"point-team": team.pk, "point-title": ""}, actor=owner, source=source)
    assert not bad.is_valid() and "title" in bad.errors and "follow_up_on" in bad.errors
    form = target.form(
        {"point-team": team.pk, "point-title": "Charge", "point-follow_up_on": "2026-04-06"},
        actor=owner,
        source=source,
    )
    assert form.is_valid(), form.errors
    point, _url = workshop_services.turn_into(
        owner, "practices.vigilance_point", source, form.cleaned_data
    )
    assert point.team == team and point.follow_up_on == datetime.date(2026, 4, 6)


def test_key_figures_show_on_the_teams_mission_only(owner, mission_team):
    mission, team = mission_team
    services.add_rule(owner, team, text="On se dit les choses")
    services.add_vigilance_point(
        owner, team, title="Charge", follow_up_on=datetime.date(2020, 1, 6)
    )
    services.add_client(owner, team, name="Assurance Atlantique")
    figures = {f.key: f for f in key_figures.compute(owner, mission)}
    assert figures["practices.team_rules"].value == "1"
    assert figures["practices.vigilance_points"].value == "1"
    assert "1" in figures["practices.vigilance_points"].detail  # past its follow-up date
    assert figures["practices.clients_at_risk"].value == "1 / 1"
    other = MissionFactory(organization__workspace=owner.workspace)
    assert not any(f.key.startswith("practices.") for f in key_figures.compute(owner, other))
