"""Reads of the track part (reviews, obstacles, indicators, updates, feeds), always scoped to
the actor's workspace. The plan itself is read through ``selectors_plan.plan_for_mission``
(the plan part creates it; the track part never does)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from liant.core.tenancy import Actor, scoped
from liant.diagnostic.models import InterviewCampaign, SurveyQuestion
from liant.missions.models import Mission
from liant.missions.selectors import get_mission
from liant.orgs.models import Person

from . import indicator_values, selectors_plan
from .models import (
    Action,
    ActionPlan,
    Axis,
    CalendarFeed,
    Indicator,
    Measurement,
    Milestone,
    Objective,
    Obstacle,
    ProgressUpdate,
    Review,
)

# An action due within this many days after a review is on its agenda.
DUE_WINDOW_DAYS = 30
# Survey questions an indicator can follow: those answered on a scale.
SURVEY_KINDS = ("likert", "scale", "matrix")


def mission_plan(actor: Actor, mission_pk: int) -> tuple[Mission, ActionPlan]:
    """The mission (404 if the actor cannot see it) and its plan (404 before it exists)."""
    mission = get_mission(actor, mission_pk)
    plan = selectors_plan.plan_for_mission(actor, mission)
    if plan is None:
        raise Http404
    return mission, plan


def mission_plan_or_none(actor: Actor, mission_pk: int) -> tuple[Mission, ActionPlan | None]:
    mission = get_mission(actor, mission_pk)
    return mission, selectors_plan.plan_for_mission(actor, mission)


# --- Reviews


def review_list(actor: Actor, plan: ActionPlan) -> QuerySet[Review]:
    return scoped(Review.objects.all(), actor).filter(plan=plan).select_related("milestone", "body")


def get_review(actor: Actor, plan: ActionPlan, pk: int) -> Review:
    return get_object_or_404(review_list(actor, plan), pk=pk)


def review_detail(actor: Actor, plan: ActionPlan, pk: int) -> Review:
    qs = review_list(actor, plan).prefetch_related(
        Prefetch("decisions", queryset=scoped_decisions(actor)),
        Prefetch("new_actions", queryset=scoped(Action.objects.select_related("owner"), actor)),
        Prefetch("obstacles", queryset=scoped(Obstacle.objects.select_related("owner"), actor)),
    )
    return get_object_or_404(qs, pk=pk)


def scoped_decisions(actor: Actor):
    from .models import Decision

    return scoped(Decision.objects.select_related("body"), actor)


def agenda_for(actor: Actor, plan: ActionPlan, on: datetime.date) -> list[dict]:
    """The agenda of a review held on ``on``: actions late, blocked or due before the next
    month is out, then open obstacles (plain data, stored with the review as it was)."""
    horizon = on + datetime.timedelta(days=DUE_WINDOW_DAYS)
    actions = (
        scoped(Action.objects.all(), actor)
        .filter(plan=plan)
        .exclude(status__in=Action.CLOSED_STATUSES)
        .filter(Q(status=Action.Status.BLOCKED) | Q(due_date__lte=horizon))
        .select_related("owner")
        .order_by("due_date", "id")
    )
    items = []
    for action in actions:
        reasons = []
        if action.due_date and action.due_date < on:
            reasons.append("late")
        elif action.due_date and action.due_date <= horizon:
            reasons.append("due")
        if action.status == Action.Status.BLOCKED:
            reasons.append("blocked")
        items.append(
            {
                "kind": "action",
                "id": action.pk,
                "title": action.title,
                "reasons": reasons,
                "due_date": action.due_date.isoformat() if action.due_date else None,
                "owner": action.owner.name if action.owner else "",
                "status": action.status,
                "progress": action.progress,
            }
        )
    obstacles = (
        scoped(Obstacle.objects.all(), actor)
        .filter(plan=plan, status=Obstacle.Status.OPEN)
        .select_related("owner")
        .order_by("-created_at", "-id")
    )
    impact_order = {"high": 0, "medium": 1, "low": 2}
    for obstacle in sorted(obstacles, key=lambda o: impact_order.get(o.impact, 3)):
        items.append(
            {
                "kind": "obstacle",
                "id": obstacle.pk,
                "title": obstacle.title,
                "reasons": ["obstacle"],
                "impact": obstacle.impact,
                "owner": obstacle.owner.name if obstacle.owner else "",
            }
        )
    return items


# --- Obstacles


def obstacle_list(actor: Actor, plan: ActionPlan, status: str | None = None) -> QuerySet[Obstacle]:
    qs = (
        scoped(Obstacle.objects.all(), actor)
        .filter(plan=plan)
        .select_related("owner", "raised_in_review")
        .prefetch_related(Prefetch("actions", queryset=scoped(Action.objects.all(), actor)))
    )
    return qs.filter(status=status) if status else qs


def get_obstacle(actor: Actor, plan: ActionPlan, pk: int) -> Obstacle:
    return get_object_or_404(obstacle_list(actor, plan), pk=pk)


# --- Indicators


@dataclass
class IndicatorRow:
    indicator: Indicator
    latest: Measurement | None
    status: indicator_values.Status


def indicator_list(actor: Actor, plan: ActionPlan) -> QuerySet[Indicator]:
    return (
        scoped(Indicator.objects.all(), actor)
        .filter(plan=plan)
        .select_related("objective", "survey_question", "interview_campaign", "progress_axis")
    )


def get_indicator(actor: Actor, plan: ActionPlan, pk: int) -> Indicator:
    return get_object_or_404(indicator_list(actor, plan), pk=pk)


def measurements_of(actor: Actor, indicator: Indicator) -> list[Measurement]:
    return list(scoped(Measurement.objects.all(), actor).filter(indicator=indicator))


def indicator_rows(actor: Actor, plan: ActionPlan) -> list[IndicatorRow]:
    """Every indicator with its latest measurement and status (two queries)."""
    indicators = list(indicator_list(actor, plan))
    latest: dict[int, Measurement] = {}
    for measurement in scoped(Measurement.objects.all(), actor).filter(indicator__plan=plan):
        latest[measurement.indicator_id] = measurement  # ordered by date: the last one wins
    rows = []
    for indicator in indicators:
        last = latest.get(indicator.pk)
        rows.append(
            IndicatorRow(
                indicator, last, indicator_values.status(indicator, last.value if last else None)
            )
        )
    return rows


def indicator_choices(actor: Actor, mission: Mission, plan: ActionPlan) -> dict[str, QuerySet]:
    """What an indicator may refer to (the ``IndicatorForm``'s choices): the plan's objectives
    and axes, the mission's scale questions and interview campaigns."""
    return {
        "objectives": scoped(Objective.objects.all(), actor).filter(axis__plan=plan),
        "questions": scoped(SurveyQuestion.objects.select_related("survey"), actor).filter(
            survey__mission=mission, kind__in=SURVEY_KINDS
        ),
        "campaigns": scoped(InterviewCampaign.objects.all(), actor).filter(mission=mission),
        "axes": scoped(Axis.objects.all(), actor).filter(plan=plan),
    }


def get_measurement(actor: Actor, plan: ActionPlan, pk: int) -> Measurement:
    qs = scoped(Measurement.objects.select_related("indicator"), actor)
    return get_object_or_404(qs, indicator__plan=plan, pk=pk)


# --- Progress updates and the portal


def update_list(actor: Actor, plan: ActionPlan, *, published_only: bool) -> QuerySet:
    qs = scoped(ProgressUpdate.objects.select_related("author"), actor).filter(plan=plan)
    if published_only or not actor.is_staff_member:
        qs = qs.filter(published_at__isnull=False)
    return qs


def get_update(actor: Actor, plan: ActionPlan, pk: int) -> ProgressUpdate:
    return get_object_or_404(update_list(actor, plan, published_only=False), pk=pk)


def portal_milestones(actor: Actor, plan: ActionPlan) -> QuerySet[Milestone]:
    return scoped(Milestone.objects.all(), actor).filter(plan=plan)


def portal_reviews(actor: Actor, plan: ActionPlan) -> QuerySet[Review]:
    """Held reviews with their decisions: what the sponsor is told governance decided."""
    return (
        review_list(actor, plan)
        .filter(status=Review.Status.HELD)
        .prefetch_related(Prefetch("decisions", queryset=scoped_decisions(actor)))
    )


# --- Choices offered by the forms


def plan_people(actor: Actor, plan: ActionPlan) -> QuerySet[Person]:
    return scoped(Person.objects.all(), actor).filter(organization_id=plan.mission.organization_id)


def plan_actions(actor: Actor, plan: ActionPlan) -> QuerySet[Action]:
    return scoped(Action.objects.all(), actor).filter(plan=plan)


# --- Calendar feeds


def feed_list(actor: Actor) -> QuerySet[CalendarFeed]:
    return scoped(CalendarFeed.objects.all(), actor).filter(user=actor.user)


def get_feed(actor: Actor, pk: int) -> CalendarFeed:
    return get_object_or_404(feed_list(actor), pk=pk)
