"""Reads of missions and templates, always within the actor's workspace.

Sponsors only see the missions of their own organisation and never the templates.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, Max, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from liant.accounts.models import User
from liant.core.tenancy import Actor, Role, scoped
from liant.orgs.models import Person, Unit

from .models import ChecklistItem, Mission, MissionTemplate, Phase, PhaseTemplate


def mission_list(actor: Actor) -> QuerySet[Mission]:
    qs = scoped(Mission.objects.all(), actor).select_related("organization")
    if actor.is_sponsor:
        qs = qs.filter(organization_id=actor.sponsored_organization_id)
    return qs


def get_mission(actor: Actor, pk: int) -> Mission:
    return get_object_or_404(mission_list(actor), pk=pk)


def mission_overview(
    actor: Actor, *, status: str | None = None, organization_id: int | None = None
) -> QuerySet[Mission]:
    """The mission list page: progress counts and planned end, optionally filtered."""
    qs = mission_list(actor)
    if status:
        qs = qs.filter(status=status)
    if organization_id:
        qs = qs.filter(organization_id=organization_id)
    return qs.annotate(
        phase_count=Count("phases", distinct=True),
        phases_done=Count("phases", filter=Q(phases__status=Phase.Status.DONE), distinct=True),
        planned_end=Max("phases__planned_end"),
    ).prefetch_related(Prefetch("consultants", queryset=User.objects.order_by("full_name")))


def get_mission_detail(actor: Actor, pk: int) -> Mission:
    """One mission with everything its page shows, in a fixed number of queries."""
    qs = (
        mission_list(actor)
        .select_related("template")
        .prefetch_related(
            Prefetch("phases", queryset=Phase.objects.prefetch_related("checklist")),
            Prefetch("consultants", queryset=User.objects.order_by("full_name")),
            Prefetch("units_in_scope", queryset=Unit.objects.order_by("name")),
        )
    )
    mission = get_object_or_404(qs, pk=pk)
    _attach_origins([item for phase in mission.phases.all() for item in phase.checklist.all()])
    return mission


def _attach_origins(items) -> None:
    """Where checklist items were born (a workshop's card or group), for their note."""
    from liant.workshops.selectors import attach_origins

    attach_origins(items)


def get_phase(actor: Actor, mission: Mission, pk: int) -> Phase:
    return get_object_or_404(scoped(Phase.objects.all(), actor), mission=mission, pk=pk)


def get_phase_with_checklist(actor: Actor, mission: Mission, pk: int) -> Phase:
    qs = scoped(Phase.objects.prefetch_related("checklist"), actor)
    phase = get_object_or_404(qs, mission=mission, pk=pk)
    _attach_origins(phase.checklist.all())
    return phase


def get_checklist_item(actor: Actor, mission: Mission, pk: int) -> ChecklistItem:
    qs = scoped(ChecklistItem.objects.select_related("phase"), actor)
    return get_object_or_404(qs, phase__mission=mission, pk=pk)


# --- Templates (staff only): built-in ones and the workspace's own, never another's.


def template_list(actor: Actor) -> QuerySet[MissionTemplate]:
    if not actor.is_staff_member:
        raise PermissionDenied
    return (
        MissionTemplate.objects.filter(Q(workspace__isnull=True) | Q(workspace=actor.workspace_id))
        .prefetch_related(Prefetch("phases", queryset=PhaseTemplate.objects.order_by("order")))
        .order_by(F("workspace_id").asc(nulls_first=True), "id")  # built-ins first
    )


def get_template(actor: Actor, pk: int) -> MissionTemplate:
    return get_object_or_404(template_list(actor), pk=pk)


def get_workspace_template(actor: Actor, pk: int) -> MissionTemplate:
    """A template the actor may edit: one of their workspace's own (built-ins are read-only)."""
    return get_object_or_404(template_list(actor).filter(workspace=actor.workspace_id), pk=pk)


# --- Choices offered by the mission forms.


def staff_members(actor: Actor) -> QuerySet[User]:
    """Users who can be consultants on a mission: owners and consultants of the workspace."""
    return (
        User.objects.filter(
            memberships__workspace=actor.workspace_id,
            memberships__role__in=Role.STAFF,
            is_active=True,
        )
        .distinct()
        .order_by("full_name", "email")
    )


def organization_units(actor: Actor, organization_id: int | None) -> QuerySet[Unit]:
    qs = scoped(Unit.objects.all(), actor)
    if organization_id is None:
        return qs.none()
    return qs.filter(organization_id=organization_id).order_by("name")


# --- Scope of a mission (units in scope and their descendants).


@dataclass(frozen=True)
class MissionScope:
    whole_organization: bool
    unit_ids: frozenset[int]  # every unit covered, descendants included
    selected_count: int  # units chosen on the mission (0 = whole organisation)


def mission_scope(mission: Mission) -> MissionScope:
    """The units a mission covers: the chosen ones and all their descendants."""
    rows = list(
        Unit.objects.filter(
            workspace=mission.workspace_id, organization=mission.organization_id
        ).values_list("id", "parent_id")
    )
    selected = {unit.pk for unit in mission.units_in_scope.all()}
    if not selected:
        return MissionScope(True, frozenset(pk for pk, _ in rows), 0)
    children: dict[int, list[int]] = {}
    for pk, parent_id in rows:
        children.setdefault(parent_id, []).append(pk)
    covered: set[int] = set()
    known = {pk for pk, _ in rows}
    stack = [pk for pk in selected if pk in known]
    while stack:
        pk = stack.pop()
        if pk in covered:
            continue
        covered.add(pk)
        stack.extend(children.get(pk, ()))
    return MissionScope(False, frozenset(covered), len(selected))


def people_in_scope_count(mission: Mission, scope: MissionScope) -> int:
    people = Person.objects.filter(
        workspace=mission.workspace_id, organization=mission.organization_id
    )
    if not scope.whole_organization:
        people = people.filter(unit_id__in=scope.unit_ids)
    return people.count()


def declared_headcount(mission: Mission, scope: MissionScope) -> int | None:
    """The sum of the headcounts of the units in scope, only when every one of them has one."""
    units = Unit.objects.filter(workspace=mission.workspace_id, pk__in=scope.unit_ids)
    values = list(units.values_list("headcount", flat=True))
    if not values or any(value is None for value in values):
        return None
    return sum(values)
