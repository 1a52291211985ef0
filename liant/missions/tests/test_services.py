import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from liant.core.models import AuditEntry
from liant.core.tenancy import Role
from liant.core.testing import (
    OrganizationFactory,
    UnitFactory,
    UserFactory,
    WorkspaceFactory,
    make_actor,
)
from liant.missions import services
from liant.missions.models import ChecklistItem, Mission, Phase

from .factories import MONDAY, builtin, mission_from_template, small_tree

D = datetime.date


@pytest.mark.django_db
def test_create_mission_lays_phases_end_to_end_and_copies_checklists(owner, consultant):
    org, units = small_tree(owner.workspace)
    mission = services.create_mission(
        owner,
        organization=org,
        title="  Accompagnement de la direction  ",
        start_date=MONDAY,
        template=builtin("organisation-coaching"),
        description="Après la fusion.",
        consultants=[owner.user, consultant.user],
        units_in_scope=[units["Service A"]],
    )
    assert mission.title == "Accompagnement de la direction"
    assert mission.workspace == owner.workspace
    assert set(mission.consultants.all()) == {owner.user, consultant.user}
    assert list(mission.units_in_scope.all()) == [units["Service A"]]

    phases = list(mission.phases.all())
    # 8, 6, 8 and 16 weeks from Monday 2 March 2026, each phase starting the day after.
    assert [(p.planned_start, p.planned_end) for p in phases] == [
        (D(2026, 3, 2), D(2026, 4, 26)),
        (D(2026, 4, 27), D(2026, 6, 7)),
        (D(2026, 6, 8), D(2026, 8, 2)),
        (D(2026, 8, 3), D(2026, 11, 22)),
    ]
    assert [p.name for p in phases] == [
        "Diagnostic et immersion",
        "Clarification",
        "Structuration",
        "Accompagnement du changement et pilotage",
    ]
    assert all(p.status == Phase.Status.PLANNED and p.actual_start is None for p in phases)
    template_phase = builtin("organisation-coaching").phases.first()
    assert [i.label for i in phases[0].checklist.all()] == template_phase.checklist["fr"]
    assert not any(i.done for i in ChecklistItem.objects.filter(phase__mission=mission))
    assert phases[0].typical_actions.splitlines() == template_phase.typical_actions["fr"]
    assert phases[0].deliverable == template_phase.deliverable["fr"]
    entry = AuditEntry.objects.get(action="mission.create", object_id=str(mission.pk))
    assert entry.workspace == owner.workspace and entry.actor == owner.user


@pytest.mark.django_db
def test_create_mission_in_english_uses_the_english_texts(consultant):
    org, _ = small_tree(consultant.workspace)
    mission = mission_from_template(consultant, org, key="team-tension", language="en")
    phases = list(mission.phases.all())
    assert phases[2].name == "Follow-up session: team rules"
    assert phases[2].deliverable == "Team rules"
    assert phases[0].checklist.first().label == "Framing done with the manager"
    assert phases[-1].planned_end == MONDAY + datetime.timedelta(weeks=9, days=-1)


@pytest.mark.django_db
def test_create_mission_without_template_has_no_phase(owner):
    org, _ = small_tree(owner.workspace)
    mission = services.create_mission(owner, organization=org, title="Libre", start_date=MONDAY)
    assert mission.phases.count() == 0 and mission.template is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    "change, field",
    [
        ({"title": "   "}, "title"),
        ({"language": "de"}, "language"),
        ({"start_date": None}, "start_date"),
    ],
)
def test_create_mission_bad_input_stores_nothing(owner, change, field):
    org, _ = small_tree(owner.workspace)
    kwargs = {"organization": org, "title": "Mission", "start_date": MONDAY, **change}
    with pytest.raises(ValidationError) as error:
        services.create_mission(owner, template=builtin(), **kwargs)
    assert field in error.value.message_dict
    assert not Mission.objects.exists() and not Phase.objects.exists()
    assert not AuditEntry.objects.filter(action="mission.create").exists()


@pytest.mark.django_db
def test_create_mission_refuses_what_belongs_elsewhere(owner):
    org, units = small_tree(owner.workspace)
    other_ws = WorkspaceFactory()
    other_owner = make_actor(other_ws, Role.OWNER)
    foreign_org = OrganizationFactory(workspace=other_ws)
    foreign_unit = UnitFactory(organization=foreign_org)
    sibling_org = OrganizationFactory(workspace=owner.workspace)
    sibling_unit = UnitFactory(organization=sibling_org)
    foreign_template = services.copy_template(other_owner, builtin())
    outsider = UserFactory()

    base = {"organization": org, "title": "M", "start_date": MONDAY}
    with pytest.raises(PermissionDenied):
        services.create_mission(owner, **{**base, "organization": foreign_org})
    for units_in_scope in ([foreign_unit], [sibling_unit]):
        with pytest.raises(ValidationError) as error:
            services.create_mission(owner, **base, units_in_scope=units_in_scope)
        assert "units_in_scope" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.create_mission(owner, **base, template=foreign_template)
    with pytest.raises(ValidationError):
        services.create_mission(owner, **base, consultants=[outsider])
    with pytest.raises(ValidationError):
        services.create_mission(owner, **base, consultants=[other_owner.user])
    assert not Mission.objects.exists()


@pytest.mark.django_db
def test_sponsors_cannot_write(sponsor, organization):
    with pytest.raises(PermissionDenied):
        services.create_mission(sponsor, organization=organization, title="M", start_date=MONDAY)
    owner = make_actor(sponsor.workspace, Role.OWNER)
    mission = mission_from_template(owner, organization)
    phase = mission.phases.first()
    item = phase.checklist.first()
    for call in (
        lambda: services.set_mission_status(sponsor, mission, "active"),
        lambda: services.update_phase(sponsor, phase, name="x"),
        lambda: services.set_checklist_item_done(sponsor, item, True),
        lambda: services.add_checklist_item(sponsor, phase, "x"),
        lambda: services.delete_mission(sponsor, mission),
        lambda: services.copy_template(sponsor, builtin()),
    ):
        with pytest.raises(PermissionDenied):
            call()
    item.refresh_from_db()
    assert not item.done and Mission.objects.filter(pk=mission.pk).exists()


@pytest.mark.django_db
def test_update_mission_moves_the_plan_with_the_start_date(owner):
    org, units = small_tree(owner.workspace)
    mission = mission_from_template(owner, org)
    before = [(p.planned_start, p.planned_end) for p in mission.phases.all()]
    services.update_mission(
        owner,
        mission,
        title="Nouveau titre",
        description="",
        language="fr",
        status="active",
        start_date=MONDAY + datetime.timedelta(days=14),
        consultants=[owner.user],
        units_in_scope=[units["Service B"]],
    )
    mission.refresh_from_db()
    after = [(p.planned_start, p.planned_end) for p in mission.phases.all()]
    shift = datetime.timedelta(days=14)
    assert after == [(s + shift, e + shift) for s, e in before]
    assert mission.status == "active" and mission.title == "Nouveau titre"
    entry = AuditEntry.objects.filter(action="mission.update").latest("id")
    assert entry.changes["title"] == ["Accompagnement de la direction", "Nouveau titre"]
    assert entry.changes["phases_shifted_days"] == 14


@pytest.mark.django_db
def test_phase_dates_end_before_start_are_refused(owner):
    org, _ = small_tree(owner.workspace)
    phase = mission_from_template(owner, org).phases.first()
    with pytest.raises(ValidationError):
        services.update_phase(owner, phase, planned_end=phase.planned_start - datetime.timedelta(1))
    with pytest.raises(ValidationError):
        services.update_phase(owner, phase, actual_start=D(2026, 3, 10), actual_end=D(2026, 3, 9))
    with pytest.raises(ValidationError):
        services.update_phase(owner, phase, actual_end=D(2026, 3, 9))
    phase.refresh_from_db()
    assert phase.actual_start is None and phase.planned_end == D(2026, 4, 26)


@pytest.mark.django_db
def test_phase_status_fills_actual_dates(owner):
    org, _ = small_tree(owner.workspace)
    phase = mission_from_template(owner, org).phases.first()
    services.set_phase_status(owner, phase, "active", today=D(2026, 3, 4))
    assert (phase.status, phase.actual_start, phase.actual_end) == ("active", D(2026, 3, 4), None)
    services.set_phase_status(owner, phase, "done", today=D(2026, 5, 1))
    assert (phase.actual_start, phase.actual_end) == (D(2026, 3, 4), D(2026, 5, 1))
    services.set_phase_status(owner, phase, "active", today=D(2026, 5, 2))
    assert phase.actual_end is None
    assert AuditEntry.objects.filter(action="phase.status").count() == 3


@pytest.mark.django_db
def test_checklist_writes_are_audited(consultant):
    org, _ = small_tree(consultant.workspace)
    phase = mission_from_template(consultant, org).phases.first()
    item = services.add_checklist_item(consultant, phase, "  Salle réservée ")
    assert item.label == "Salle réservée" and item.position == phase.checklist.count() - 1
    services.set_checklist_item_done(consultant, item, True)
    services.set_checklist_item_done(consultant, item, True)  # no change, no entry
    services.delete_checklist_item(consultant, item)
    actions = list(
        AuditEntry.objects.filter(action__startswith="checklist.").values_list("action", flat=True)
    )
    assert sorted(actions) == ["checklist.create", "checklist.delete", "checklist.update"]
    with pytest.raises(ValidationError):
        services.add_checklist_item(consultant, phase, "   ")
