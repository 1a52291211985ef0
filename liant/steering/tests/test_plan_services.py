"""The plan's rules: lifecycle (who submits, validates, reopens; what is locked), bad input
(dates, dependency cycles, foreign people), readout axes, origins, the dot-vote import."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from liant.core.models import AuditEntry
from liant.core.tenancy import Role
from liant.core.testing import MissionFactory, PersonFactory, make_actor
from liant.diagnostic import services_readout
from liant.steering import services_plan as svc
from liant.steering.models import Action, ActionDependency, ActionOrigin, ActionPlan, Decision
from liant.steering.tests.factories import ActionFactory, ObjectiveFactory

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def mission():
    return MissionFactory()


@pytest.fixture
def consultant(mission):
    return make_actor(mission.workspace, Role.CONSULTANT)


@pytest.fixture
def owner(mission):
    return make_actor(mission.workspace, Role.OWNER)


@pytest.fixture
def sponsor(mission):
    return make_actor(mission.workspace, Role.SPONSOR, organization=mission.organization)


@pytest.fixture
def plan(consultant, mission):
    return svc.get_or_create_plan(consultant, mission)


@pytest.fixture
def person(mission):
    return PersonFactory(organization=mission.organization, name="Claire Dubreuil")


def ready_plan(consultant, plan, person):
    axis = svc.create_axis(consultant, plan, title="Outils")
    objective = svc.create_objective(consultant, axis, title="Former", target="100 % formés")
    return svc.create_action(
        consultant,
        plan,
        title="Former les équipes",
        objective=objective,
        owner=person,
        start_date=D(2026, 3, 1),
        due_date=D(2026, 4, 1),
    )


def test_plan_is_created_once_and_audited(consultant, mission):
    first = svc.get_or_create_plan(consultant, mission)
    assert svc.get_or_create_plan(consultant, mission) == first
    assert AuditEntry.objects.filter(action="steering.plan_create").count() == 1


def test_a_sponsor_cannot_create_the_plan(sponsor, mission):
    with pytest.raises(PermissionDenied):
        svc.get_or_create_plan(sponsor, mission)


def test_due_date_before_start_is_refused_and_nothing_stored(consultant, plan):
    with pytest.raises(ValidationError) as error:
        svc.create_action(
            consultant, plan, title="X", start_date=D(2026, 5, 2), due_date=D(2026, 5, 1)
        )
    assert "due_date" in error.value.message_dict
    assert not Action.objects.exists()


def test_due_date_before_start_is_refused_on_update(consultant, plan):
    action = svc.create_action(consultant, plan, title="X", start_date=D(2026, 5, 1))
    with pytest.raises(ValidationError):
        svc.update_action(consultant, action, due_date=D(2026, 4, 1))
    action.refresh_from_db()
    assert action.due_date is None


def test_dependency_cycle_is_refused_and_nothing_stored(consultant, plan):
    a = svc.create_action(consultant, plan, title="A")
    b = svc.create_action(consultant, plan, title="B", depends_on=[a])
    c = svc.create_action(consultant, plan, title="C", depends_on=[b])
    with pytest.raises(ValidationError) as error:
        svc.update_action(consultant, a, depends_on=[c])
    assert "cycle" in str(error.value.message_dict["depends_on"])
    assert not ActionDependency.objects.filter(action=a).exists()
    assert ActionDependency.objects.count() == 2


def test_dependencies_are_replaced(consultant, plan):
    a = svc.create_action(consultant, plan, title="A")
    b = svc.create_action(consultant, plan, title="B")
    c = svc.create_action(consultant, plan, title="C", depends_on=[a])
    svc.update_action(consultant, c, depends_on=[b])
    assert list(c.depends_on.all()) == [b]


def test_dependency_on_another_plan_is_refused(consultant, plan):
    other = ActionFactory(plan__mission__workspace=plan.workspace)
    a = svc.create_action(consultant, plan, title="A")
    with pytest.raises(ValidationError):
        svc.update_action(consultant, a, depends_on=[other])


def test_find_cycle():
    edges = {2: {1}, 3: {2}}
    assert svc.find_cycle(edges, 1, [3])
    assert not svc.find_cycle(edges, 4, [3])


def test_owner_must_belong_to_the_mission_organisation(consultant, plan):
    stranger = PersonFactory(organization__workspace=plan.workspace)
    with pytest.raises(ValidationError):
        svc.create_action(consultant, plan, title="X", owner=stranger)
    assert not Action.objects.exists()


def test_submit_needs_owners_and_due_dates(consultant, plan, person):
    with pytest.raises(ValidationError, match="at least one action"):
        svc.submit_plan(consultant, plan)
    svc.create_action(consultant, plan, title="Sans responsable", due_date=D(2026, 4, 1))
    with pytest.raises(ValidationError, match="no owner or no due date"):
        svc.submit_plan(consultant, plan)
    plan.refresh_from_db()
    assert plan.status == ActionPlan.Status.DRAFT


def test_lifecycle_draft_submitted_validated(consultant, owner, sponsor, plan, person):
    action = ready_plan(consultant, plan, person)
    svc.submit_plan(consultant, plan)
    plan.refresh_from_db()
    assert plan.status == "submitted" and plan.submitted_by == consultant.user
    # The structure is locked while governance decides…
    with pytest.raises(ValidationError, match="locked"):
        svc.update_action(consultant, action, title="Autre")
    with pytest.raises(ValidationError):
        svc.create_axis(consultant, plan, title="Nouvel axe")
    # …a consultant does not validate their own plan; the client's sponsor does.
    with pytest.raises(PermissionDenied):
        svc.validate_plan(consultant, plan)
    body = svc.create_body(consultant, plan, name="Comité de pilotage", kind="steering_committee")
    svc.validate_plan(sponsor, plan, body=body, note="Unanimité")
    plan.refresh_from_db()
    assert plan.status == "validated"
    assert plan.validated_by == sponsor.user and plan.validating_body == body
    decision = Decision.objects.get(plan=plan)
    assert decision.body == body and list(decision.actions.all()) == [action]
    # Progress stays open once validated; the structure does not.
    svc.set_progress(consultant, action, status="in_progress", progress=40)
    action.refresh_from_db()
    assert action.progress == 40
    with pytest.raises(ValidationError):
        svc.delete_action(consultant, action)


def test_sponsor_of_another_organisation_cannot_validate(consultant, plan, person, mission):
    ready_plan(consultant, plan, person)
    svc.submit_plan(consultant, plan)
    other = make_actor(
        mission.workspace,
        Role.SPONSOR,
        organization=MissionFactory(organization__workspace=mission.workspace).organization,
    )
    with pytest.raises(PermissionDenied):
        svc.validate_plan(other, plan)


def test_only_the_owner_reopens_a_validated_plan_with_a_reason(consultant, owner, plan, person):
    ready_plan(consultant, plan, person)
    svc.submit_plan(consultant, plan)
    svc.validate_plan(owner, plan)
    with pytest.raises(PermissionDenied):
        svc.return_to_draft(consultant, plan, reason="Oubli")
    with pytest.raises(ValidationError):
        svc.return_to_draft(owner, plan, reason="  ")
    svc.return_to_draft(owner, plan, reason="Le budget a changé")
    plan.refresh_from_db()
    assert plan.status == "draft"
    assert Decision.objects.filter(plan=plan, details="Le budget a changé").exists()


def test_a_review_adds_an_action_to_a_validated_plan(consultant, owner, plan, person):
    from liant.steering.tests.factories import ReviewFactory

    ready_plan(consultant, plan, person)
    svc.submit_plan(consultant, plan)
    svc.validate_plan(owner, plan)
    review = ReviewFactory(plan=plan)
    action = svc.create_action(consultant, plan, title="Relancer", raised_in_review=review)
    assert action.raised_in_review == review


def test_progress_done_means_100_and_bad_progress_is_refused(consultant, plan):
    action = svc.create_action(consultant, plan, title="A")
    svc.set_progress(consultant, action, status="done", progress=30)
    assert action.progress == 100 and action.completed_at
    with pytest.raises(ValidationError):
        svc.set_progress(consultant, action, status="in_progress", progress=130)
    action.refresh_from_db()
    assert action.progress == 100


def test_axes_from_the_readout_once(consultant, plan, mission):
    readout = services_readout.ensure_readout(consultant, mission)
    created = svc.import_readout_axes(consultant, plan, readout.axes.all())
    assert [a.readout_axis_id for a in created] == [a.pk for a in readout.axes.all()]
    assert svc.import_readout_axes(consultant, plan, readout.axes.all()) == []


def test_a_readout_axis_of_another_mission_is_refused(consultant, plan, mission):
    other = MissionFactory(organization=mission.organization, workspace=mission.workspace)
    readout = services_readout.ensure_readout(consultant, other)
    with pytest.raises(ValidationError):
        svc.create_axis(consultant, plan, title="X", readout_axis=readout.axes.first())


def test_origin_from_an_interview_theme(consultant, plan):
    from liant.diagnostic.tests.factories import ThemeFactory

    theme = ThemeFactory(campaign__mission=plan.mission, name="Outils imposés")
    action = svc.create_action(consultant, plan, title="A")
    origin = svc.add_origin(
        consultant, action, kind="interview_theme", source_text=theme.name, source=theme
    )
    assert origin.source == theme
    assert ActionOrigin.objects.get().source_text == "Outils imposés"


def test_an_origin_from_another_workspace_is_refused(consultant, plan):
    from liant.diagnostic.tests.factories import ThemeFactory

    theme = ThemeFactory()
    action = svc.create_action(consultant, plan, title="A")
    with pytest.raises(PermissionDenied):
        svc.add_origin(consultant, action, kind="interview_theme", source_text="x", source=theme)


def test_matrix_place_rules(consultant, plan):
    action = svc.create_action(consultant, plan, title="A")
    svc.place_on_matrix(consultant, action, impact=5, effort=2)
    with pytest.raises(ValidationError):
        svc.place_on_matrix(consultant, action, impact=6, effort=2)
    with pytest.raises(ValidationError):
        svc.place_on_matrix(consultant, action, impact=3, effort=None)
    action.refresh_from_db()
    assert (action.impact, action.effort) == (5, 2)


def test_impact_from_votes():
    assert svc.impact_from_votes(10, 10) == 5
    assert svc.impact_from_votes(0, 10) == 1
    assert svc.impact_from_votes(5, 10) == 3


def test_decision_with_foreign_actions_is_refused(consultant, plan):
    other = ActionFactory(plan__mission__workspace=plan.workspace)
    with pytest.raises(ValidationError):
        svc.record_decision(consultant, plan, date=D(2026, 3, 1), title="X", actions=[other])
    assert not Decision.objects.exists()


def test_objective_of_another_plan_is_refused(consultant, plan):
    objective = ObjectiveFactory(axis__plan__mission__workspace=plan.workspace)
    with pytest.raises(ValidationError):
        svc.create_action(consultant, plan, title="X", objective=objective)
