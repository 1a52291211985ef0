"""Reads of the plan part, always within the actor's workspace.

Who sees what: staff see every plan of the workspace; a sponsor reads the plan of their
organisation's missions (read-only pages). Every ``get_*`` raises ``Http404`` outside that.
List pages run a fixed number of queries whatever the plan's size.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Avg, Count, Max, Min, Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from liant.core.tenancy import Actor, scoped
from liant.missions.models import Mission
from liant.missions.selectors import get_mission
from liant.orgs.models import Person

from .models import Action, ActionOrigin, ActionPlan, Axis, Body, Decision, Milestone, Objective


def get_plan_mission(actor: Actor, mission_pk: int) -> Mission:
    return get_mission(actor, mission_pk)


def plan_for_mission(actor: Actor, mission: Mission) -> ActionPlan | None:
    """The mission's plan as the actor may see it, or None when there is none yet. Sponsors
    see it once it is submitted to governance (a draft is the consultants' work)."""
    qs = scoped(
        ActionPlan.objects.select_related("mission", "validating_body", "submitted_by"), actor
    ).filter(mission=mission)
    if not actor.is_staff_member:
        qs = qs.exclude(status=ActionPlan.Status.DRAFT)
    return qs.first()


def get_plan(actor: Actor, mission: Mission) -> ActionPlan:
    plan = plan_for_mission(actor, mission)
    if plan is None:
        raise Http404
    return plan


def get_axis(actor: Actor, plan: ActionPlan, pk: int) -> Axis:
    return get_object_or_404(scoped(Axis.objects.all(), actor), plan=plan, pk=pk)


def get_objective(actor: Actor, plan: ActionPlan, pk: int) -> Objective:
    qs = scoped(Objective.objects.select_related("axis"), actor)
    return get_object_or_404(qs, axis__plan=plan, pk=pk)


def get_action(actor: Actor, plan: ActionPlan, pk: int) -> Action:
    qs = scoped(
        Action.objects.select_related("objective__axis", "owner", "milestone", "plan"), actor
    )
    return get_object_or_404(qs, plan=plan, pk=pk)


def get_body(actor: Actor, plan: ActionPlan, pk: int) -> Body:
    return get_object_or_404(scoped(Body.objects.all(), actor), plan=plan, pk=pk)


def get_decision(actor: Actor, plan: ActionPlan, pk: int) -> Decision:
    return get_object_or_404(scoped(Decision.objects.all(), actor), plan=plan, pk=pk)


def get_milestone(actor: Actor, plan: ActionPlan, pk: int) -> Milestone:
    return get_object_or_404(scoped(Milestone.objects.all(), actor), plan=plan, pk=pk)


# ---------------------------------------------------------------- choices for forms


def axes(actor: Actor, plan: ActionPlan) -> QuerySet[Axis]:
    return scoped(Axis.objects.all(), actor).filter(plan=plan)


def objectives(actor: Actor, plan: ActionPlan) -> QuerySet[Objective]:
    return (
        scoped(Objective.objects.select_related("axis"), actor)
        .filter(axis__plan=plan)
        .order_by("axis__position", "axis_id", "position", "id")
    )


def actions(actor: Actor, plan: ActionPlan) -> QuerySet[Action]:
    return scoped(Action.objects.all(), actor).filter(plan=plan)


def milestones(actor: Actor, plan: ActionPlan) -> QuerySet[Milestone]:
    return scoped(Milestone.objects.all(), actor).filter(plan=plan)


def bodies(actor: Actor, plan: ActionPlan) -> QuerySet[Body]:
    return scoped(Body.objects.prefetch_related("members"), actor).filter(plan=plan)


def people(actor: Actor, plan: ActionPlan) -> QuerySet[Person]:
    """Who may own or contribute to an action: the people of the mission's organisation."""
    return scoped(Person.objects.all(), actor).filter(organization_id=plan.mission.organization_id)


def decisions(actor: Actor, plan: ActionPlan) -> QuerySet[Decision]:
    return (
        scoped(Decision.objects.select_related("body", "recorded_by"), actor)
        .filter(plan=plan)
        .prefetch_related(Prefetch("actions", queryset=Action.objects.only("id", "title")))
    )


# ---------------------------------------------------------------- the tree


@dataclass
class ObjectiveView:
    objective: Objective
    count: int = 0
    progress: int = 0  # mean progress of its actions that are not cancelled
    actions: list[Action] = field(default_factory=list)


@dataclass
class AxisView:
    axis: Axis | None  # None: the actions not attached to an objective
    objectives: list[ObjectiveView] = field(default_factory=list)
    loose: list[Action] = field(default_factory=list)
    loose_count: int = 0


@dataclass
class PlanTree:
    axes: list[AxisView]
    inline: bool  # the actions are in the page; otherwise each objective loads its own

    def __bool__(self) -> bool:
        return bool(self.axes)

    def __iter__(self):
        return iter(self.axes)


TREE_INLINE_LIMIT = 60  # up to this many actions, the tree shows them all at once


def plan_tree(actor: Actor, plan: ActionPlan) -> PlanTree:
    """Axes → objectives with their count and progress, and the actions themselves when the
    plan is small enough (``TREE_INLINE_LIMIT``): four queries whatever the plan's size."""
    axis_views = {a.pk: AxisView(a) for a in axes(actor, plan)}
    cancelled = Q(actions__status=Action.Status.CANCELLED)
    objective_views = {}
    counted = objectives(actor, plan).annotate(
        n=Count("actions"), mean=Avg("actions__progress", filter=~cancelled)
    )
    for objective in counted:
        view = ObjectiveView(objective, count=objective.n, progress=round(objective.mean or 0))
        objective_views[objective.pk] = view
        axis_views[objective.axis_id].objectives.append(view)
    unclassified = AxisView(None, loose_count=loose_actions(actor, plan).count())
    total = unclassified.loose_count + sum(v.count for v in objective_views.values())
    inline = total <= TREE_INLINE_LIMIT
    if inline:
        for action in action_rows(actor, plan):
            if action.objective_id in objective_views:
                objective_views[action.objective_id].actions.append(action)
            else:
                unclassified.loose.append(action)
    result = list(axis_views.values())
    if unclassified.loose_count:
        result.append(unclassified)
    return PlanTree(result, inline)


def loose_actions(actor: Actor, plan: ActionPlan) -> QuerySet[Action]:
    return actions(actor, plan).filter(objective=None)


def tree_actions(actor: Actor, plan: ActionPlan, objective: Objective | None) -> QuerySet[Action]:
    """The actions of one objective of the tree (or those without one), in the tree's order."""
    return action_rows(actor, plan).filter(objective=objective)


# ---------------------------------------------------------------- lists and filters


@dataclass(frozen=True)
class ActionFilters:
    axis: int | None = None
    owner: int | None = None
    status: str = ""
    late: bool = False

    @property
    def active(self) -> bool:
        return bool(self.axis or self.owner or self.status or self.late)


def action_rows(
    actor: Actor,
    plan: ActionPlan,
    filters: ActionFilters | None = None,
    today: datetime.date | None = None,
) -> QuerySet[Action]:
    """The plan's actions with what the list, board and timeline show (owner, objective,
    axis, milestone), filtered, in one query."""
    qs = (
        actions(actor, plan)
        .select_related("objective__axis", "owner", "milestone")
        .only(*ROW_FIELDS)
        .order_by("objective__axis__position", "objective__position", "position", "id")
    )
    filters = filters or ActionFilters()
    if filters.axis:
        qs = qs.filter(objective__axis_id=filters.axis)
    if filters.owner:
        qs = qs.filter(owner_id=filters.owner)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.late:
        today = today or datetime.date.today()
        qs = qs.filter(due_date__lt=today).exclude(status__in=Action.CLOSED_STATUSES)
    return qs


@dataclass(frozen=True)
class BoardColumn:
    status: str
    label: str
    actions: list[Action]
    count: int

    @property
    def more(self) -> int:
        return self.count - len(self.actions)


BOARD_COLUMN_SIZE = 20

# What a list row, a board card and a timeline bar show: fetching only these columns keeps
# long descriptions and audit fields out of every row.
ROW_FIELDS = (
    "id", "plan_id", "objective_id", "owner_id", "milestone_id", "title", "start_date",
    "due_date", "priority", "status", "progress", "position",
    "objective__title", "objective__axis_id", "objective__axis__title",
    "owner__name", "milestone__title", "milestone__date",
)  # fmt: skip


def by_due_date(rows: QuerySet[Action]) -> QuerySet[Action]:
    """The order of the list, board and timeline: by due date, which an index of the plan
    serves (ordering by axis and objective would sort every action at each request)."""
    return rows.order_by("due_date", "id")


def status_counts(rows: QuerySet[Action]) -> dict[str, int]:
    """How many of ``rows`` have each status, in one query."""
    counted = rows.order_by().values("status").annotate(n=Count("id"))
    return {row["status"]: row["n"] for row in counted}


def board_cards(rows: QuerySet[Action], status: str, offset: int = 0) -> list[Action]:
    """One column's cards from ``offset`` on (soonest due first), a column's worth."""
    column = by_due_date(rows).filter(status=status)
    return list(column[offset : offset + BOARD_COLUMN_SIZE])


def board_columns(rows: QuerySet[Action]) -> list[BoardColumn]:
    """One column per status, each with its first cards and its count: one query for the
    counts and one per column, whatever the plan's size."""
    counts = status_counts(rows)
    return [
        BoardColumn(
            status=value,
            label=label,
            actions=board_cards(rows, value),
            count=counts.get(value, 0),
        )
        for value, label in Action.Status.choices
    ]


def date_bounds(rows: QuerySet[Action]) -> tuple[datetime.date | None, datetime.date | None]:
    row = rows.order_by().aggregate(
        first_start=Min("start_date"),
        first_due=Min("due_date"),
        last_start=Max("start_date"),
        last_due=Max("due_date"),
    )
    firsts = [d for d in (row["first_start"], row["first_due"]) if d]
    lasts = [d for d in (row["last_start"], row["last_due"]) if d]
    return (min(firsts) if firsts else None, max(lasts) if lasts else None)


def action_detail(actor: Actor, plan: ActionPlan, pk: int) -> Action:
    """One action with its contributors, dependencies (both ways), origins and decisions."""
    qs = scoped(
        Action.objects.select_related("objective__axis", "owner", "milestone", "plan__mission"),
        actor,
    ).prefetch_related(
        "contributors",
        Prefetch("depends_on", queryset=Action.objects.only("id", "title", "status", "plan_id")),
        Prefetch("dependents", queryset=Action.objects.only("id", "title", "status", "plan_id")),
        Prefetch(
            "origins",
            queryset=ActionOrigin.objects.order_by("created_at", "id").prefetch_related("source"),
        ),
        Prefetch("decisions", queryset=Decision.objects.order_by("-date", "-id")),
    )
    action = get_object_or_404(qs, plan=plan, pk=pk)
    from liant.workshops.selectors import attach_origins

    attach_origins([action])
    return action


# ---------------------------------------------------------------- summary


@dataclass(frozen=True)
class PlanSummary:
    total: int
    done: int
    blocked: int
    late: int
    progress: int  # mean progress of the actions that are not cancelled


def plan_summary(actor: Actor, plan: ActionPlan, today: datetime.date) -> PlanSummary:
    closed = Action.CLOSED_STATUSES
    cancelled = Q(status=Action.Status.CANCELLED)
    row = actions(actor, plan).aggregate(
        total=Count("id", filter=~cancelled),
        done=Count("id", filter=Q(status=Action.Status.DONE)),
        blocked=Count("id", filter=Q(status=Action.Status.BLOCKED)),
        late=Count("id", filter=Q(due_date__lt=today) & ~Q(status__in=closed)),
        progress=Avg("progress", filter=~cancelled),
    )
    return PlanSummary(
        total=row["total"],
        done=row["done"],
        blocked=row["blocked"],
        late=row["late"],
        progress=round(row["progress"] or 0),
    )
