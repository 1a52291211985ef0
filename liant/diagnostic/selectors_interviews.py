"""Reads of part a (interview campaigns): guide, interviews, notes, schedule and coverage.

Everything starts from ``selectors.get_campaign`` (staff of the mission's workspace only:
sponsors get 404) and is filtered by that parent.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from liant.accounts.models import User
from liant.analysis.coverage import Coverage, UnitInfo, compute_coverage
from liant.core.tenancy import Actor, scoped
from liant.missions.models import Mission
from liant.missions.selectors import mission_scope, staff_members
from liant.orgs.models import Person, Unit

from . import selectors
from .models import GuideQuestion, GuideSection, Interview, InterviewCampaign, Note


def get_campaign(actor: Actor, mission: Mission, campaign_pk: int) -> InterviewCampaign:
    return selectors.get_campaign(actor, mission, campaign_pk)


# --- Guide


def guide(actor: Actor, campaign: InterviewCampaign) -> list[GuideSection]:
    """The sections of the guide, each with its questions (``section.questions.all()``)."""
    questions = (
        scoped(GuideQuestion.objects.all(), actor)
        .annotate(note_count=Count("notes", filter=~Q(notes__text="")))
        .order_by("position", "id")  # Meta.ordering does not apply to GROUP BY queries
    )
    return list(
        scoped(GuideSection.objects.all(), actor)
        .filter(campaign=campaign)
        .prefetch_related(Prefetch("questions", queryset=questions))
    )


def get_section(actor: Actor, campaign: InterviewCampaign, pk: int) -> GuideSection:
    qs = scoped(GuideSection.objects.all(), actor).filter(campaign=campaign)
    return get_object_or_404(qs, pk=pk)


def get_question(actor: Actor, campaign: InterviewCampaign, pk: int) -> GuideQuestion:
    qs = scoped(GuideQuestion.objects.select_related("section"), actor)
    return get_object_or_404(qs.filter(section__campaign=campaign), pk=pk)


def note_count(actor: Actor, **filters) -> int:
    """How many non-empty notes answer a question or a section's questions."""
    return scoped(Note.objects.exclude(text=""), actor).filter(**filters).count()


# --- Interviews


def interviews(actor: Actor, campaign: InterviewCampaign) -> QuerySet[Interview]:
    return (
        scoped(Interview.objects.all(), actor)
        .filter(campaign=campaign)
        .select_related("interviewer")
        .prefetch_related(Prefetch("people", queryset=Person.objects.select_related("unit")))
    )


def get_interview(actor: Actor, campaign: InterviewCampaign, pk: int) -> Interview:
    return get_object_or_404(interviews(actor, campaign), pk=pk)


@dataclass(frozen=True)
class Day:
    date: datetime.date | None
    past: bool
    interviews: list[Interview]


def schedule(
    actor: Actor,
    campaign: InterviewCampaign,
    *,
    interviewer_id: int | None = None,
    status: str = "",
) -> list[Day]:
    """Interviews grouped by day: today and the coming days first (earliest first), then the
    past days (latest first), then those without a date."""
    qs = interviews(actor, campaign)
    if interviewer_id:
        qs = qs.filter(interviewer_id=interviewer_id)
    if status:
        qs = qs.filter(status=status)
    today = timezone.localdate()
    days: dict[datetime.date | None, list[Interview]] = {}
    for interview in qs:
        when = timezone.localtime(interview.scheduled_at).date() if interview.scheduled_at else None
        days.setdefault(when, []).append(interview)
    upcoming = sorted(d for d in days if d is not None and d >= today)
    past = sorted((d for d in days if d is not None and d < today), reverse=True)
    result = [Day(d, False, days[d]) for d in upcoming]
    result += [Day(d, True, days[d]) for d in past]
    if None in days:
        result.append(Day(None, False, days[None]))
    return result


def my_interviews(actor: Actor, mission: Mission) -> QuerySet[Interview]:
    """The actor's scheduled interviews in the mission's campaigns (for the iCal export)."""
    campaigns = selectors.campaign_list(actor, mission)
    return (
        scoped(Interview.objects.all(), actor)
        .filter(campaign__in=campaigns, interviewer=actor.user, scheduled_at__isnull=False)
        .select_related("campaign", "interviewer")
        .prefetch_related("people")
        .order_by("scheduled_at", "id")
    )


# --- Choices offered by the forms


def organization_people(actor: Actor, mission: Mission) -> QuerySet[Person]:
    return (
        scoped(Person.objects.all(), actor)
        .filter(organization_id=mission.organization_id)
        .select_related("unit")
        .order_by("name", "id")
    )


def organization_units(actor: Actor, mission: Mission) -> list[Unit]:
    """The organisation's units in tree order, each with ``depth`` set."""
    units = list(scoped(Unit.objects.all(), actor).filter(organization_id=mission.organization_id))
    children: dict[int | None, list[Unit]] = {}
    ids = {unit.pk for unit in units}
    for unit in units:
        children.setdefault(unit.parent_id if unit.parent_id in ids else None, []).append(unit)
    ordered: list[Unit] = []

    def visit(parent_id, depth):
        for unit in sorted(children.get(parent_id, []), key=lambda u: (u.position, u.name)):
            unit.depth = depth
            ordered.append(unit)
            visit(unit.pk, depth + 1)

    visit(None, 0)
    return ordered


def interviewers(actor: Actor) -> QuerySet[User]:
    """Staff users of the workspace (owners and consultants)."""
    return staff_members(actor)


# --- Notes


def notes_by_question(actor: Actor, interview: Interview) -> dict[int | None, Note]:
    """The interview's notes, keyed by question id (None: the free notes)."""
    qs = scoped(Note.objects.select_related("updated_by"), actor).filter(interview=interview)
    return {note.question_id: note for note in qs}


# --- Coverage


def _target_units(actor: Actor, campaign: InterviewCampaign, mission: Mission):
    """(covered unit ids, whole organisation?) of the campaign's target."""
    chosen = list(campaign.target_units.values_list("pk", flat=True))
    if not chosen:
        scope = mission_scope(mission)
        return set(scope.unit_ids), scope.whole_organization
    rows = list(
        scoped(Unit.objects.all(), actor)
        .filter(organization_id=mission.organization_id)
        .values_list("id", "parent_id")
    )
    children: dict[int, list[int]] = {}
    for pk, parent_id in rows:
        children.setdefault(parent_id, []).append(pk)
    covered: set[int] = set()
    stack = list(chosen)
    while stack:
        pk = stack.pop()
        if pk not in covered:
            covered.add(pk)
            stack.extend(children.get(pk, ()))
    return covered, False


def campaign_coverage(actor: Actor, campaign: InterviewCampaign) -> Coverage:
    """Coverage of the campaign's target by its *done* interviews (a fixed number of queries,
    whatever the number of people or interviews)."""
    mission = campaign.mission
    covered, whole = _target_units(actor, campaign, mission)
    units = [
        UnitInfo(pk, parent_id, name, headcount, position)
        for pk, parent_id, name, headcount, position in scoped(Unit.objects.all(), actor)
        .filter(organization_id=mission.organization_id)
        .values_list("id", "parent_id", "name", "headcount", "position")
    ]
    person_units = dict(
        scoped(Person.objects.all(), actor)
        .filter(organization_id=mission.organization_id)
        .values_list("id", "unit_id")
    )
    interviewed = (
        scoped(Interview.objects.all(), actor)
        .filter(campaign=campaign, status=Interview.Status.DONE)
        .values_list("people", flat=True)
    )
    return compute_coverage(
        units=units,
        target_unit_ids=covered,
        person_units=person_units,
        named_ids=campaign.target_people.values_list("pk", flat=True),
        partner_ids=campaign.partners.values_list("pk", flat=True),
        interviewed_ids=[pk for pk in interviewed if pk is not None],
        include_unitless=whole,
        target_percent=campaign.target_coverage,
    )


def mission_coverage(actor: Actor, mission: Mission) -> tuple[InterviewCampaign, Coverage] | None:
    """The coverage of the mission's latest campaign with a target, for the key figure.
    Counts only (no note, no name): also shown to the mission's sponsors."""
    campaigns = scoped(InterviewCampaign.objects.all(), actor).filter(mission=mission)
    for campaign in campaigns[:5]:
        result = campaign_coverage(actor, campaign)
        if result.overall.total:
            return campaign, result
    return None
