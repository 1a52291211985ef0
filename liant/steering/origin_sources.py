"""Where an action comes from when it is not a workshop card or group.

Workshop cards and groups go through the workshops' turn-into registry (``Origin``). Every
other source an action can be turned from — an interview theme, a survey result, a promise
review gap, a vigilance point, a consultation statement — is described here once: how to find
it in a mission (404 outside the actor's workspace or another mission), the words the action
starts from, what the ``ActionOrigin`` keeps to link back, and who may read it again (interview
material and survey results are the consultants' only: a sponsor reading the plan sees that an
origin exists, never its words).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import NoReverseMatch, reverse
from django.utils.translation import get_language

from liant.core.tenancy import Actor, scoped
from liant.missions.models import Mission

from .models import ActionOrigin

Kind = ActionOrigin.Kind


@dataclass(frozen=True)
class Found:
    """A source located in a mission: its words, the row, what the origin keeps."""

    text: str
    source: models.Model
    details: dict
    back: str  # the source's page


@dataclass(frozen=True)
class SourceKind:
    kind: str
    find: Callable[..., Found]  # find(actor, mission, **url kwargs) -> Found, or Http404
    link: Callable[[dict], str]  # the source's page, from the origin's details
    staff_only: bool = True  # sponsors may not read its words

    def readable_by(self, actor: Actor) -> bool:
        return actor.is_staff_member or not self.staff_only


# ---------------------------------------------------------------- interview theme


def _find_theme(actor: Actor, mission: Mission, *, theme_pk: int) -> Found:
    from liant.diagnostic import selectors_coding
    from liant.diagnostic.models import Theme

    theme = get_object_or_404(
        scoped(Theme.objects.select_related("campaign"), actor),
        campaign__mission=mission,
        pk=theme_pk,
    )
    excerpts = selectors_coding.theme_excerpts(actor, theme.campaign, theme, with_subthemes=True)
    quote = next((e.quote for e in excerpts if e.segment.quotable), "")
    details = {
        "mission": mission.pk,
        "campaign": theme.campaign_id,
        "theme": theme.pk,
        "excerpts": len(excerpts),
        "interviews": len({e.interview.pk for e in excerpts}),
        "quote": " ".join(quote.split())[:300],
    }
    text = f"{theme.name} — {theme.description}" if theme.description else theme.name
    return Found(text, theme, details, _theme_link(details))


def _theme_link(d: dict) -> str:
    return reverse("diagnostic:coding_theme", args=[d["mission"], d["campaign"], d["theme"]])


# ---------------------------------------------------------------- survey result


def _find_survey_result(
    actor: Actor, mission: Mission, *, wave_pk: int, survey_question_pk: int
) -> Found:
    """A question of a wave with its overall figure, only when the results show it (k)."""
    from liant.diagnostic import selectors_results
    from liant.diagnostic.models import Wave

    wave = get_object_or_404(
        scoped(Wave.objects.select_related("survey__mission"), actor),
        survey__mission=mission,
        pk=wave_pk,
    )
    results = selectors_results.wave_results(
        actor, wave.survey, wave, None, (get_language() or "fr")[:2]
    )
    item = next((q for q in results.questions if q.question.pk == survey_question_pk), None)
    if item is None or not results.shown or not item.figures["overall"]:
        raise Http404  # not a question of this wave, or its figure is hidden (under k)
    details = {
        "mission": mission.pk,
        "survey": wave.survey_id,
        "wave": wave.pk,
        "wave_number": wave.number,
        "question": item.question.pk,
        **figure_of(item.question, item.figures["overall"]),
    }
    return Found(item.question.text, item.question, details, _survey_link(details))


def figure_of(question, figures: dict) -> dict:
    """The overall figure an origin keeps: answers, and the mean or the most chosen option."""
    figure: dict[str, Any] = {"n": figures.get("n", 0)}
    if figures.get("mean") is not None:
        figure["mean"] = round(float(figures["mean"]), 1)
    options = figures.get("options") or []
    if options:
        label, _count, percent = max(options, key=lambda option: option[1])
        figure["option"], figure["percent"] = str(label)[:120], round(float(percent))
    return figure


def _survey_link(d: dict) -> str:
    url = reverse("diagnostic:results_wave", args=[d["mission"], d["survey"], d["wave"]])
    return f"{url}#rs-question-{d['question']}"


# ---------------------------------------------------------------- promise review gap


def _find_review_gap(actor: Actor, mission: Mission, *, review_rating_pk: int) -> Found:
    """A commitment rated partly or not kept at a review of a promise of the mission's
    organisation."""
    from liant.commitments.models import Review, ReviewRating

    rating = get_object_or_404(
        scoped(ReviewRating.objects.select_related("review__version__promise"), actor).exclude(
            rating=Review.Outcome.KEPT
        ),
        review__version__promise__interface__organization_id=mission.organization_id,
        pk=review_rating_pk,
    )
    version = rating.review.version
    details = {
        "interface": version.promise.interface_id,
        "version": version.pk,
        "side": rating.side,
        "rating": rating.rating,
        "comment": " ".join(rating.comment.split())[:300],
    }
    return Found(rating.commitment_text, rating, details, _review_link(details))


def _review_link(d: dict) -> str:
    return reverse("commitments:review", args=[d["interface"], d["version"]])


# ---------------------------------------------------------------- vigilance point


def _find_vigilance_point(actor: Actor, mission: Mission, *, vigilance_point_pk: int) -> Found:
    from liant.practices.models import VigilancePoint

    point = get_object_or_404(
        scoped(VigilancePoint.objects.all(), actor), team__mission=mission, pk=vigilance_point_pk
    )
    details = {"team": point.team_id, "detail": " ".join(point.detail.split())[:300]}
    return Found(point.title, point, details, _vigilance_link(details))


def _vigilance_link(d: dict) -> str:
    return reverse("practices:charter", args=[d["team"]]) + "#points"


# ---------------------------------------------------------------- escalation


def _find_escalation(actor: Actor, mission: Mission, *, escalation_pk: int) -> Found:
    """A client pressure a team of the mission escalated to its manager."""
    from liant.practices.models import Escalation

    item = get_object_or_404(
        scoped(Escalation.objects.select_related("client"), actor),
        team__mission=mission,
        pk=escalation_pk,
    )
    details = {
        "team": item.team_id,
        "client": item.client.name if item.client else "",
        "detail": " ".join(item.detail.split())[:300],
    }
    return Found(item.title, item, details, _escalation_link(details))


def _escalation_link(d: dict) -> str:
    return reverse("practices:escalations", args=[d["team"]])


# ---------------------------------------------------------------- consultation statement


def _find_statement(actor: Actor, mission: Mission, *, statement_pk: int) -> Found:
    """A published statement of a consultation of the mission (never a pending or rejected
    one: those were not shown to the participants)."""
    from liant.consultations.models import Statement

    statement = get_object_or_404(
        scoped(Statement.objects.all(), actor),
        consultation__mission=mission,
        status=Statement.Status.ACCEPTED,
        pk=statement_pk,
    )
    details = {
        "mission": mission.pk,
        "consultation": statement.consultation_id,
        "number": statement.number,
    }
    return Found(statement.text, statement, details, _statement_link(details))


def _statement_link(d: dict) -> str:
    return reverse("consultations:detail", args=[d["mission"], d["consultation"]]) + "#statements"


SOURCES: dict[str, SourceKind] = {
    s.kind: s
    for s in (
        SourceKind(Kind.INTERVIEW_THEME, _find_theme, _theme_link),
        SourceKind(Kind.SURVEY_RESULT, _find_survey_result, _survey_link),
        SourceKind(Kind.PROMISE_GAP, _find_review_gap, _review_link, staff_only=False),
        SourceKind(Kind.VIGILANCE_POINT, _find_vigilance_point, _vigilance_link, staff_only=False),
        SourceKind(Kind.ESCALATION, _find_escalation, _escalation_link, staff_only=False),
        SourceKind(Kind.CONSULTATION_STATEMENT, _find_statement, _statement_link, staff_only=False),
    )
}


def find(actor: Actor, mission: Mission, kind: str, **kwargs) -> Found:
    return SOURCES[kind].find(actor, mission, **kwargs)


# ---------------------------------------------------------------- reading origins back


@dataclass
class OriginRow:
    """One origin as the actor may read it: ``text`` and ``link`` are empty when hidden."""

    kind: str
    label: str
    hidden: bool
    text: str = ""
    link: str = ""
    details: dict = field(default_factory=dict)


def rows_for(actor: Actor, origins) -> list[OriginRow]:
    """An action's origins for this actor. Staff and sponsors see them all; the words and
    links of a staff-only source (interview material, survey results) stay with the staff."""
    rows = []
    for origin in origins:
        source_kind = SOURCES.get(origin.kind)
        hidden = source_kind is not None and not source_kind.readable_by(actor)
        row = OriginRow(origin.kind, origin.get_kind_display(), hidden)
        if not hidden:
            row.text, row.details = origin.source_text, origin.details
            # Link back only while the source exists, in the actor's workspace.
            source = origin.source if origin.source_id else None
            if source_kind and source is not None and source.workspace_id == actor.workspace_id:
                try:
                    row.link = source_kind.link(origin.details)
                except (KeyError, NoReverseMatch):
                    row.link = ""
        rows.append(row)
    return rows
