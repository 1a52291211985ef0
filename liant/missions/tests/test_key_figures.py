import pytest

from liant.core.testing import OrganizationFactory
from liant.missions import key_figures, services
from liant.missions.models import Phase

from .factories import MONDAY, mission_from_template, small_tree


def figures(actor, mission):
    return {figure.key: figure for figure in key_figures.compute(actor, mission)}


def test_the_missions_figures_are_registered():
    assert {
        "missions.phases_done",
        "missions.people_in_scope",
        "missions.units_in_scope",
    } <= set(key_figures.registered_keys())


@pytest.mark.django_db
def test_scope_counts_people_of_descendant_units(owner):
    org, units = small_tree(owner.workspace)
    mission = mission_from_template(owner, org, units_in_scope=[units["Service A"]])
    values = figures(owner, mission)
    # Service A (3 people) and its team A1 (4 people); not the direction nor service B.
    assert values["missions.people_in_scope"].value == "7"
    assert values["missions.units_in_scope"].value == "2"


@pytest.mark.django_db
def test_whole_organisation_when_no_unit_is_chosen(owner):
    org, units = small_tree(owner.workspace)
    mission = mission_from_template(owner, org)
    values = figures(owner, mission)
    assert values["missions.people_in_scope"].value == "11"  # unassigned person included
    assert values["missions.units_in_scope"].value == "4"


@pytest.mark.django_db
def test_two_branches_and_headcount(owner):
    org, units = small_tree(owner.workspace)
    headcounts = {"Service A": 5, "Équipe A1": 6, "Service B": 2}
    for name, headcount in headcounts.items():
        unit = units[name]
        unit.headcount = headcount
        unit.save()
    mission = mission_from_template(
        owner, org, units_in_scope=[units["Service A"], units["Service B"]]
    )
    people = figures(owner, mission)["missions.people_in_scope"]
    assert people.value == "8"
    assert "13" in people.detail  # every unit in scope has a declared headcount


@pytest.mark.django_db
def test_phases_done_over_planned(owner):
    org, _ = small_tree(owner.workspace)
    mission = mission_from_template(owner, org)
    phases = list(mission.phases.all())
    services.set_phase_status(owner, phases[0], Phase.Status.DONE)
    services.set_phase_status(owner, phases[1], Phase.Status.ACTIVE)
    assert figures(owner, mission)["missions.phases_done"].value == "1 / 4"


@pytest.mark.django_db
def test_nothing_true_to_say_means_no_figure(owner):
    empty_org = OrganizationFactory(workspace=owner.workspace)
    mission = services.create_mission(
        owner, organization=empty_org, title="Sans modèle", start_date=MONDAY
    )
    assert figures(owner, mission) == {}
