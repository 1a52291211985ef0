"""Coverage of a campaign from the database: done interviews only, each person once,
collective interviews count everyone, partners apart, per unit; the mission key figure."""

import pytest
from django.urls import reverse

from liant.analysis.coverage import Ratio
from liant.core.testing import PersonFactory
from liant.diagnostic import selectors_interviews as reads
from liant.diagnostic import services_interviews as services
from liant.missions import key_figures

from .interviews_world import build, interview

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build()


def rows(coverage):
    return {row.unit.name: row for row in coverage.units}


def test_coverage_counts_done_interviews_once_per_person(world):
    p = world.people
    interview(world, [p["Claire Dubois"]], status="done")
    # Collective: Claire again (counted once) and Luc.
    interview(world, [p["Claire Dubois"], p["Luc Moreau"]], status="done")
    interview(world, [p["Karim Benali"]], status="cancelled")
    interview(world, [p["Sophie Martin"]], status="refused")
    interview(world, [p["Inès Girard"]], status="planned")
    coverage = reads.campaign_coverage(world.consultant, world.campaign)
    # Paie: headcount 6 > 3 listed; Recrutement: 2 listed, no headcount.
    assert rows(coverage)["Paie"].own == Ratio(1, 6)
    assert rows(coverage)["Recrutement"].own == Ratio(1, 2)
    assert rows(coverage)["Direction des ressources humaines"].subtree == Ratio(2, 8)
    assert coverage.overall == Ratio(2, 8)
    assert coverage.goal == 4 and coverage.still_needed == 2
    assert "Direction financière" not in rows(coverage)  # not a target unit


def test_partners_are_counted_apart(world):
    interview(world, [world.partner], status="done")
    coverage = reads.campaign_coverage(world.consultant, world.campaign)
    assert coverage.partners == Ratio(1, 1)
    assert coverage.overall == Ratio(0, 8)


def test_named_people_and_people_outside_the_target(world):
    org = world.mission.organization
    named = PersonFactory(organization=org, name="Anne Roux")  # no unit
    outsider = PersonFactory(organization=org, name="Marc Petit")
    services.update_campaign(
        world.consultant, world.campaign, title=world.campaign.title, target_coverage=50,
        target_units=[world.direction], target_people=[named], partners=[world.partner],
    )  # fmt: skip
    interview(world, [named, outsider], status="done")
    coverage = reads.campaign_coverage(world.consultant, world.campaign)
    assert coverage.others == Ratio(1, 1)
    assert coverage.overall == Ratio(1, 9)
    assert coverage.outside == 1


def test_empty_target_units_mean_the_mission_scope(world):
    services.update_campaign(
        world.consultant, world.campaign, title=world.campaign.title, target_coverage=50,
        target_units=[], partners=[world.partner],
    )  # fmt: skip
    coverage = reads.campaign_coverage(world.consultant, world.campaign)
    # The mission has no unit in scope: the whole organisation (partner apart).
    assert coverage.overall.total == 8
    assert "Direction financière" in rows(coverage)


def test_key_figure_and_coverage_page(client, world):
    before = next(f for f in _figures(world) if f.key == "diagnostic.staff_interviewed")
    assert before.value == "0\u00a0%"
    p = world.people
    interview(world, [p["Claire Dubois"], p["Luc Moreau"]], status="done")
    figure = next(f for f in _figures(world) if f.key == "diagnostic.staff_interviewed")
    assert figure.value == "25\u00a0%"
    assert figure.detail == "2 sur 8 · objectif 50\u00a0%"
    client.force_login(world.consultant.user)
    page = client.get(
        reverse("diagnostic:campaign_coverage", args=[world.mission.pk, world.campaign.pk])
    )
    body = page.content.decode()
    assert page.status_code == 200
    assert "Paie" in body and "Recrutement" in body
    assert "25&nbsp;%" in body
    assert "effectif déclaré" in body  # the denominator is explained


def test_no_key_figure_without_a_target():
    from liant.core.testing import MissionFactory
    from liant.diagnostic.tests.factories import InterviewCampaignFactory

    mission = MissionFactory()
    InterviewCampaignFactory(mission=mission)  # an organisation nobody listed yet
    from liant.core.tenancy import Role
    from liant.core.testing import make_actor

    actor = make_actor(mission.workspace, Role.CONSULTANT)
    assert "diagnostic.staff_interviewed" not in [
        f.key for f in key_figures.compute(actor, mission)
    ]


def _figures(world):
    return key_figures.compute(world.consultant, world.mission)
