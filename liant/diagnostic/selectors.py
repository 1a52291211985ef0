"""Reads of the diagnostic, always within the actor's workspace and the missions they may see.

Who sees what:
- staff (owners, consultants): every campaign, survey and readout of the workspace's missions;
- sponsors: only the *published* readout of their organisation's missions. Interview notes
  are confidential and survey results are shown to them only by the results pages, above
  the anonymity threshold (part d decides); campaigns and surveys answer 404 here.

Every ``get_*`` helper raises ``Http404`` for anything outside that scope.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from liant.core.tenancy import Actor, scoped
from liant.missions.models import Mission
from liant.missions.selectors import get_mission

from .models import (
    Axis,
    CodedSegment,
    Interview,
    InterviewCampaign,
    Readout,
    Response,
    Survey,
    Theme,
    Wave,
)


def get_diagnostic_mission(actor: Actor, mission_pk: int) -> Mission:
    """The mission of a diagnostic URL (404 outside the workspace or a sponsor's organisation)."""
    return get_mission(actor, mission_pk)


# --- Interview campaigns (staff only)


def campaign_list(actor: Actor, mission: Mission) -> QuerySet[InterviewCampaign]:
    qs = scoped(InterviewCampaign.objects.all(), actor).filter(mission=mission)
    return qs if actor.is_staff_member else qs.none()


def get_campaign(actor: Actor, mission: Mission, pk: int) -> InterviewCampaign:
    return get_object_or_404(campaign_list(actor, mission), pk=pk)


# --- Surveys (staff only)


def survey_list(actor: Actor, mission: Mission) -> QuerySet[Survey]:
    qs = scoped(Survey.objects.all(), actor).filter(mission=mission)
    return qs if actor.is_staff_member else qs.none()


def get_survey(actor: Actor, mission: Mission, pk: int) -> Survey:
    return get_object_or_404(survey_list(actor, mission), pk=pk)


def get_wave(actor: Actor, survey: Survey, pk: int) -> Wave:
    qs = scoped(Wave.objects.all(), actor).filter(survey=survey)
    return get_object_or_404(qs if actor.is_staff_member else qs.none(), pk=pk)


# --- Readout (staff; sponsors once published)


def readout_for(actor: Actor, mission: Mission) -> Readout | None:
    """The mission's readout as the actor may see it, or None."""
    qs = scoped(Readout.objects.all(), actor).filter(mission=mission)
    if not actor.is_staff_member:
        qs = qs.filter(status=Readout.Status.PUBLISHED)
    return qs.first()


def get_readout(actor: Actor, mission: Mission) -> Readout:
    readout = readout_for(actor, mission)
    if readout is None:
        raise Http404
    return readout


# --- The diagnostic page of a mission


@dataclass(frozen=True)
class DiagnosticHome:
    campaigns: list[InterviewCampaign]
    surveys: list[Survey]
    readout: Readout | None


def diagnostic_home(actor: Actor, mission: Mission) -> DiagnosticHome:
    """Everything the diagnostic page lists, in a fixed number of queries."""
    done = Interview.Status.DONE
    campaigns = campaign_list(actor, mission).annotate(
        interview_count=Count("interviews", distinct=True),
        interviews_done=Count("interviews", filter=Q(interviews__status=done), distinct=True),
    )
    surveys = survey_list(actor, mission).annotate(
        question_count=Count("questions", distinct=True),
        wave_count=Count("waves", distinct=True),
        open_waves=Count("waves", filter=Q(waves__status=Wave.Status.OPEN), distinct=True),
        closed_waves=Count("waves", filter=Q(waves__status=Wave.Status.CLOSED), distinct=True),
    )
    campaigns, surveys = list(campaigns), list(surveys)
    if campaigns:  # two grouped counts rather than one query joining everything
        themes = dict(
            scoped(Theme.objects.all(), actor)
            .filter(campaign__in=campaigns)
            .values_list("campaign")
            .annotate(n=Count("id"))
        )
        excerpts = dict(
            scoped(CodedSegment.objects.all(), actor)
            .filter(note__interview__campaign__in=campaigns)
            .values_list("note__interview__campaign")
            .annotate(n=Count("id"))
        )
        for campaign in campaigns:
            campaign.theme_count = themes.get(campaign.pk, 0)
            campaign.excerpt_count = excerpts.get(campaign.pk, 0)
    if surveys:
        responses = dict(
            scoped(Response.objects.all(), actor)
            .filter(wave__survey__in=surveys)
            .values_list("wave__survey")
            .annotate(n=Count("id"))
        )
        for survey in surveys:
            survey.response_count = responses.get(survey.pk, 0)
    readout = readout_for(actor, mission)
    if readout is not None:
        readout.axis_count = scoped(Axis.objects.all(), actor).filter(readout=readout).count()
    return DiagnosticHome(campaigns, surveys, readout)
