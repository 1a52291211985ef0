"""Reads of surveys for the builder and the distribution pages (staff only), and the few
reads of the respondents' pages (found by the wave's secret or an invitation's hash)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from liant.core.tenancy import Actor, scoped
from liant.orgs.models import Person, Unit

from .models import Response, Survey, SurveyQuestion, SurveySection, SurveyToken, Wave


def get_section(actor: Actor, survey: Survey, pk: int) -> SurveySection:
    qs = scoped(SurveySection.objects.all(), actor).filter(survey=survey)
    return get_object_or_404(qs if actor.is_staff_member else qs.none(), pk=pk)


def get_question(actor: Actor, survey: Survey, pk: int) -> SurveyQuestion:
    qs = scoped(SurveyQuestion.objects.select_related("section"), actor).filter(survey=survey)
    return get_object_or_404(qs if actor.is_staff_member else qs.none(), pk=pk)


def get_token(actor: Actor, wave: Wave, pk: int) -> SurveyToken:
    qs = scoped(SurveyToken.objects.select_related("person", "unit"), actor).filter(wave=wave)
    return get_object_or_404(qs if actor.is_staff_member else qs.none(), pk=pk)


@dataclass
class Part:
    """A section of the questionnaire (``section`` None: the questions without section)."""

    section: SurveySection | None
    questions: list[SurveyQuestion] = field(default_factory=list)


def questionnaire(survey: Survey) -> list[Part]:
    """The sections in order with their questions; questions without section come first."""
    sections = list(survey.sections.all())
    parts = {None: Part(None)} | {s.pk: Part(s) for s in sections}
    for question in survey.questions.all():
        parts[question.section_id].questions.append(question)
    return [part for key, part in parts.items() if key is not None or part.questions]


def wave_list(actor: Actor, survey: Survey) -> QuerySet[Wave]:
    return scoped(Wave.objects.filter(survey=survey), actor).annotate(
        response_count=Count("responses", distinct=True),
        invited=Count("tokens", distinct=True),
        answered=Count("tokens", filter=Q(tokens__used_at__isnull=False), distinct=True),
    )


def survey_has_responses(survey: Survey) -> bool:
    return Response.objects.filter(wave__survey=survey, workspace=survey.workspace_id).exists()


def respondent_units(survey: Survey) -> list[Unit]:
    """The units a respondent of an anonymous link may choose: those of the organisation."""
    return list(
        Unit.objects.filter(
            organization_id=survey.mission.organization_id, workspace=survey.workspace_id
        ).order_by("name", "pk")
    )


def invitable_people(actor: Actor, survey: Survey, *, not_in: Wave | None = None):
    """The people of the mission's organisation (``not_in``: except those invited to it)."""
    qs = scoped(Person.objects.select_related("unit"), actor).filter(
        organization_id=survey.mission.organization_id
    )
    if not_in is not None:
        qs = qs.exclude(pk__in=SurveyToken.objects.filter(wave=not_in).values("person_id"))
    return qs


def invitable_units(actor: Actor, survey: Survey) -> QuerySet[Unit]:
    return scoped(Unit.objects.all(), actor).filter(organization_id=survey.mission.organization_id)


@dataclass
class UnitRate:
    unit: Unit | None
    invited: int
    answered: int

    @property
    def percent(self) -> int:
        return round(100 * self.answered / self.invited) if self.invited else 0


@dataclass
class Distribution:
    tokens: list[SurveyToken]
    rates: list[UnitRate]
    invited: int
    answered: int

    @property
    def percent(self) -> int:
        return round(100 * self.answered / self.invited) if self.invited else 0

    @property
    def waiting(self) -> list[SurveyToken]:
        return [t for t in self.tokens if t.used_at is None]


def distribution(actor: Actor, wave: Wave) -> Distribution:
    """The invitations of a wave and the response rates by unit (from ``used_at`` only)."""
    tokens = list(
        scoped(SurveyToken.objects.select_related("person", "unit"), actor)
        .filter(wave=wave)
        .order_by("unit__name", "person__name", "pk")
    )
    by_unit: dict = {}
    for token in tokens:
        rate = by_unit.setdefault(token.unit_id, UnitRate(token.unit, 0, 0))
        rate.invited += 1
        rate.answered += token.used_at is not None
    rates = sorted(by_unit.values(), key=lambda r: (r.unit is None, r.unit.name if r.unit else ""))
    answered = sum(r.answered for r in rates)
    return Distribution(tokens, rates, len(tokens), answered)


# --- Respondents (no actor: the secret or the token is the capability)


def wave_by_secret(secret: str) -> Wave:
    if not secret or len(secret) > 64:
        raise Http404
    return get_object_or_404(Wave.objects.select_related("survey__mission"), secret=secret)
