"""Reads of the readout (part e of issue 5).

Two audiences see a readout:
- staff (owners, consultants) build it and see every piece of evidence: excerpts with their
  interview, whether they may be quoted, the consultant's comments;
- the *public* view — sponsors of a published readout, and the presentation projected in the
  readout meeting — shows no interview, no note, no name and no comment: only the excerpts
  coded as quotable, anonymously; the other excerpts are only counted. Themes show their
  counts; survey questions only their k-safe summary (nothing under K_ANONYMITY answers).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from liant.core.tenancy import Actor, scoped
from liant.missions.models import Mission

from .models import (
    K_ANONYMITY,
    Answer,
    Axis,
    CodedSegment,
    Evidence,
    Finding,
    Readout,
    SurveyQuestion,
    Theme,
    Wave,
)
from .selectors import campaign_list, survey_list
from .selectors_results import question_summary

EXCERPTS_SHOWN = 50  # the evidence picker lists at most this many excerpts per search

# The four lists of an axis, in the order they are shown, with their headings.
FINDING_KINDS = [kind for kind, _label in Finding.Kind.choices]
LIST_HEADINGS = {
    Finding.Kind.FINDING: _("Findings"),
    Finding.Kind.STRENGTH: _("Strengths"),
    Finding.Kind.POTENTIAL: _("Potential"),
    Finding.Kind.CONDITION: _("Conditions of success"),
}


# --- Children of the readout, always found from the readout the actor may see


def get_axis(actor: Actor, readout: Readout, pk: int) -> Axis:
    return get_object_or_404(scoped(Axis.objects.all(), actor).filter(readout=readout), pk=pk)


def get_finding(actor: Actor, readout: Readout, pk: int) -> Finding:
    qs = scoped(Finding.objects.select_related("axis"), actor).filter(axis__readout=readout)
    return get_object_or_404(qs, pk=pk)


def get_evidence(actor: Actor, readout: Readout, pk: int) -> Evidence:
    qs = scoped(Evidence.objects.select_related("finding__axis"), actor).filter(
        finding__axis__readout=readout
    )
    return get_object_or_404(qs, pk=pk)


# --- k-safe summary of a survey question in one wave


def survey_summary(question: SurveyQuestion, wave: Wave) -> dict[str, Any]:
    """The overall figures of one question in one wave, or only its text when fewer than
    ``K_ANONYMITY`` people answered it, for the sponsors' view of the evidence (part d's
    ``question_summary`` serves staff only). Same shape as ``question_summary`` (subset):
    question, kind, wave, k, answers (None under k), shown, mean, distribution, rows."""
    answers = list(
        Answer.objects.filter(
            workspace=question.workspace_id, question=question, response__wave=wave
        ).values_list("value", "choices", "matrix")
    )
    summary: dict[str, Any] = {
        "question": question.text,
        "kind": question.kind,
        "wave": wave.number,
        "k": K_ANONYMITY,
        "answers": None,
        "shown": False,
        "mean": None,
        "distribution": [],
        "rows": [],
    }
    if len(answers) < K_ANONYMITY:
        return summary
    summary.update(answers=len(answers), shown=True)
    kind = question.kind
    if kind in (SurveyQuestion.Kind.LIKERT, SurveyQuestion.Kind.SCALE):
        values = [value for value, _c, _m in answers if value is not None]
        low, high = (1, 5) if kind == SurveyQuestion.Kind.LIKERT else (0, 10)
        counts = Counter(values)
        summary["mean"] = sum(values) / len(values) if values else None
        summary["scale_max"] = high
        summary["distribution"] = [
            _bar(str(v), counts[v], len(values)) for v in range(low, high + 1)
        ]
    elif kind in SurveyQuestion.CHOICE_KINDS:
        counts = Counter(i for _v, choices, _m in answers for i in (choices or []))
        summary["distribution"] = [
            _bar(label, counts[i], len(answers)) for i, label in enumerate(question.options)
        ]
    elif kind == SurveyQuestion.Kind.MATRIX:
        for i, label in enumerate(question.rows):
            ratings = [m[str(i)] for _v, _c, m in answers if m and str(i) in m]
            mean = sum(ratings) / len(ratings) if len(ratings) >= K_ANONYMITY else None
            summary["rows"].append({"label": label, "mean": mean, "count": len(ratings)})
        means = [row["mean"] for row in summary["rows"] if row["mean"] is not None]
        summary["mean"] = sum(means) / len(means) if means else None
        summary["scale_max"] = 5
    return summary  # free text: only the number of answers, never the texts


def _bar(label: str, count: int, total: int) -> dict[str, Any]:
    return {"label": label, "count": count, "percent": round(100 * count / total) if total else 0}


SCALE_MAX = {
    SurveyQuestion.Kind.LIKERT: 5,
    SurveyQuestion.Kind.MATRIX: 5,
    SurveyQuestion.Kind.SCALE: 10,
}


def evidence_summary(
    actor: Actor, question: SurveyQuestion, wave: Wave, *, public: bool = False
) -> dict[str, Any]:
    """The k-safe summary of a survey question shown as evidence.

    Staff get part d's ``question_summary`` (the figures of the results pages). Sponsors may
    not reach the results (``question_summary`` answers 404 to them): they get
    ``survey_summary``, the same overall figures under the same threshold. The public view
    never carries the free-text groups (their labels are made of the respondents' words)."""
    if actor.is_staff_member:
        summary = dict(question_summary(actor, question, wave))
        if public:
            summary["groups"] = []
    else:
        summary = survey_summary(question, wave)
    summary.setdefault("scale_max", SCALE_MAX.get(question.kind))
    return summary


# --- The readout as shown


@dataclass
class FindingView:
    finding: Finding
    evidence: list[dict[str, Any]] = field(default_factory=list)
    hidden_excerpts: int = 0  # public view: excerpts that may not be quoted, only counted

    @property
    def evidence_count(self) -> int:
        return len(self.evidence) + self.hidden_excerpts


@dataclass
class AxisView:
    axis: Axis
    lists: list[tuple[str, str, list[FindingView]]]  # (kind, label, findings)
    figures: list[dict[str, Any]]  # key evidence figures of the axis: themes, questions
    quotes: list[str]  # quotable excerpts (the presentation shows the first ones)

    @property
    def finding_count(self) -> int:
        return sum(len(findings) for _kind, _label, findings in self.lists)


def _theme_counts(actor: Actor, theme_ids: set[int]) -> dict[int, tuple[int, int]]:
    """{theme id: (excerpts, interviews)} in one grouped query."""
    if not theme_ids:
        return {}
    rows = (
        scoped(Theme.objects.filter(pk__in=theme_ids), actor)
        .annotate(
            excerpts=Count("segments", distinct=True),
            interviews=Count("segments__note__interview", distinct=True),
        )
        .values_list("pk", "excerpts", "interviews")
    )
    return {pk: (excerpts, interviews) for pk, excerpts, interviews in rows}


def readout_view(actor: Actor, readout: Readout, *, public: bool) -> list[AxisView]:
    """The axes of a readout with their four lists and each finding's evidence, ready to show.
    ``public``: the sponsors' and presentation view (see the module's docstring)."""
    evidence_qs = scoped(Evidence.objects.all(), actor).select_related(
        "segment__note__interview", "theme", "question", "wave"
    )
    evidence_qs = evidence_qs.prefetch_related(
        Prefetch("segment__themes", queryset=scoped(Theme.objects.all(), actor))
    )
    findings_qs = scoped(Finding.objects.all(), actor).prefetch_related(
        Prefetch("evidence", queryset=evidence_qs)
    )
    axes = list(
        scoped(Axis.objects.all(), actor)
        .filter(readout=readout)
        .prefetch_related(Prefetch("findings", queryset=findings_qs))
    )
    theme_ids = {
        e.theme_id
        for axis in axes
        for finding in axis.findings.all()
        for e in finding.evidence.all()
        if e.theme_id
    }
    counts = _theme_counts(actor, theme_ids)
    summary_of = partial(evidence_summary, actor, public=public)
    summaries: dict[tuple[int, int], dict[str, Any]] = {}
    views = []
    for axis in axes:
        by_kind: dict[str, list[FindingView]] = {kind: [] for kind in FINDING_KINDS}
        figures: dict[tuple, dict[str, Any]] = {}
        quotes: list[str] = []
        for finding in axis.findings.all():
            view = FindingView(finding)
            for evidence in finding.evidence.all():
                item = _evidence_item(evidence, counts, summaries, summary_of, public=public)
                if item is None:
                    view.hidden_excerpts += 1
                    continue
                view.evidence.append(item)
                if item["kind"] == "theme":
                    figures.setdefault(("theme", evidence.theme_id), item)
                elif item["kind"] == "question":
                    figures.setdefault(("question", evidence.question_id, evidence.wave_id), item)
                elif item.get("quotable", True) and item["text"] not in quotes:
                    quotes.append(item["text"])
            by_kind[finding.kind].append(view)
        lists = [(kind, LIST_HEADINGS[kind], by_kind[kind]) for kind in FINDING_KINDS]
        views.append(AxisView(axis, lists, list(figures.values()), quotes))
    return views


def _evidence_item(
    evidence, counts, summaries, summary_of, *, public: bool
) -> dict[str, Any] | None:
    """One piece of evidence as shown; None for an excerpt the public may only count."""
    comment = "" if public else evidence.comment
    if evidence.segment_id:
        segment = evidence.segment
        if public:
            if not segment.quotable:
                return None
            return {"kind": "quote", "text": segment.text, "pk": evidence.pk}
        return {
            "kind": "segment",
            "pk": evidence.pk,
            "text": segment.text,
            "quotable": segment.quotable,
            "themes": [theme.name for theme in segment.themes.all()],
            "interview": str(segment.note.interview),
            "comment": comment,
        }
    if evidence.theme_id:
        excerpts, interviews = counts.get(evidence.theme_id, (0, 0))
        return {
            "kind": "theme",
            "pk": evidence.pk,
            "name": evidence.theme.name,
            "colour": evidence.theme.colour,
            "excerpts": excerpts,
            "interviews": interviews,
            "comment": comment,
        }
    key = (evidence.question_id, evidence.wave_id)
    if key not in summaries:
        summaries[key] = summary_of(evidence.question, evidence.wave)
    return {"kind": "question", "pk": evidence.pk, "summary": summaries[key], "comment": comment}


def readout_totals(axes: list[AxisView]) -> dict[str, int]:
    """The summary slide's counts."""
    totals = Counter()
    for axis in axes:
        for kind, _label, findings in axis.lists:
            totals[kind] += len(findings)
            totals["evidence"] += sum(view.evidence_count for view in findings)
    totals["axes"] = len(axes)
    return dict(totals)


# --- What may support a finding: the mission's coded excerpts, themes, survey questions


def evidence_themes(actor: Actor, mission: Mission) -> QuerySet[Theme]:
    """The themes of the mission's campaigns with their counts (excerpts, interviews)."""
    return (
        scoped(Theme.objects.all(), actor)
        .filter(campaign__in=campaign_list(actor, mission))
        .select_related("campaign", "parent")
        .annotate(
            excerpt_count=Count("segments", distinct=True),
            interview_count=Count("segments__note__interview", distinct=True),
        )
        .order_by("campaign__title", "campaign_id", "position", "name")
    )


def evidence_segments(actor: Actor, mission: Mission) -> QuerySet[CodedSegment]:
    return scoped(CodedSegment.objects.all(), actor).filter(
        note__interview__campaign__in=campaign_list(actor, mission)
    )


def search_segments(
    actor: Actor, mission: Mission, *, theme: Theme | None = None, text: str = ""
) -> list[CodedSegment]:
    qs = evidence_segments(actor, mission)
    if theme is not None:
        qs = qs.filter(themes=theme)
    if text:
        qs = qs.filter(text__icontains=text)
    qs = qs.select_related("note__interview").prefetch_related(
        Prefetch("themes", queryset=scoped(Theme.objects.all(), actor))
    )
    return list(qs.order_by("-created_at", "pk")[:EXCERPTS_SHOWN])


def evidence_questions(actor: Actor, mission: Mission) -> QuerySet[SurveyQuestion]:
    return scoped(SurveyQuestion.objects.all(), actor).filter(
        survey__in=survey_list(actor, mission)
    )


def evidence_waves(actor: Actor, mission: Mission) -> QuerySet[Wave]:
    """Waves that were opened (a wave not opened yet has no answer to show)."""
    return (
        scoped(Wave.objects.all(), actor)
        .filter(survey__in=survey_list(actor, mission))
        .filter(~Q(status=Wave.Status.DRAFT))
    )


def question_choices(actor: Actor, mission: Mission) -> list[dict[str, Any]]:
    """Every (question, wave) pair of the mission's opened waves with its k-safe summary."""
    waves = list(evidence_waves(actor, mission).select_related("survey"))
    by_survey: dict[int, list[Wave]] = {}
    for wave in waves:
        by_survey.setdefault(wave.survey_id, []).append(wave)
    rows = []
    questions = evidence_questions(actor, mission).filter(survey__in=list(by_survey))
    for question in questions.select_related("survey").order_by("survey__title", "position"):
        for wave in by_survey[question.survey_id]:
            rows.append(
                {
                    "question": question,
                    "wave": wave,
                    "summary": evidence_summary(actor, question, wave),
                }
            )
    return rows
