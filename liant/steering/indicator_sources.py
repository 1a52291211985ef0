"""Where computed indicator values come from: a registry of sources.

A source is a function ``(actor, indicator, today) -> list[Computed]``; it raises
``ValidationError`` (a sentence for the user) when it cannot compute. Built in: survey
waves (a question's k-safe mean or favourable share per wave), interview coverage (share of
a campaign's target interviewed) and action progress (mean progress of the plan, an axis or
an objective). Check-ins live in another app: it calls ``register(Indicator.Source.CHECKIN,
its_function)`` from its ``AppConfig.ready``; until then that source says it is unavailable.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db.models import Avg, Count
from django.utils.translation import gettext as _

from liant.core.tenancy import Actor, scoped

from .models import Action, Indicator

Source = Indicator.Source
MEASURE_MEAN = "mean"
MEASURE_FAVOURABLE = "favourable"
# A favourable answer: 4–5 on the 1–5 agreement scale, 7–10 on the 0–10 scale.
FAVOURABLE_FROM = {"likert": 4, "scale": 7}


@dataclass(frozen=True)
class Computed:
    date: datetime.date
    value: Decimal
    computed_from: dict = field(default_factory=dict)


SourceFunction = Callable[[Actor, Indicator, datetime.date], list[Computed]]
_SOURCES: dict[str, SourceFunction] = {}


def register(source: str, function: SourceFunction) -> None:
    """Plug a computed source in (another app's ``ready()`` may call this)."""
    _SOURCES[source] = function


def is_available(source: str) -> bool:
    return source == Source.MANUAL or source in _SOURCES


def compute(actor: Actor, indicator: Indicator, today: datetime.date) -> list[Computed]:
    function = _SOURCES.get(indicator.source)
    if function is None:
        raise ValidationError(_("This source cannot compute values yet."))
    return function(actor, indicator, today)


def _decimal(value: float) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


# --- Survey waves


def _wave_date(wave) -> datetime.date:
    when = wave.closes_at or wave.opens_at or wave.created_at
    return when.date()


def survey_waves_source(actor: Actor, indicator: Indicator, today: datetime.date):
    from liant.diagnostic import selectors_results

    question = indicator.survey_question
    if question is None:
        raise ValidationError(_("Choose the survey question this indicator follows."))
    measure = indicator.params.get("measure", MEASURE_MEAN)
    results = []
    for wave in selectors_results.survey_waves(actor, question.survey):
        if wave.opens_at is None and wave.response_count == 0:
            continue  # a wave that never ran
        summary = selectors_results.question_summary(actor, question, wave)
        if not summary["shown"]:
            continue  # fewer than k answers: nothing may be shown, nothing is stored
        if measure == MEASURE_FAVOURABLE:
            low = FAVOURABLE_FROM.get(question.kind)
            if low is None:
                raise ValidationError(_("Only scale questions have a favourable share."))
            counts = [(int(row["label"]), row["count"]) for row in summary["distribution"]]
            total = sum(count for _value, count in counts)
            value = 100.0 * sum(c for v, c in counts if v >= low) / total if total else None
        else:
            value = summary["mean"]
        if value is None:
            continue
        results.append(
            Computed(
                _wave_date(wave),
                _decimal(value),
                {"wave": wave.pk, "wave_number": wave.number, "respondents": summary["answers"]},
            )
        )
    if not results:
        raise ValidationError(
            _("No wave has at least %(k)s answers to this question yet.") % {"k": 5}
        )
    return results


# --- Interview coverage


def interview_coverage_source(actor: Actor, indicator: Indicator, today: datetime.date):
    from liant.diagnostic.selectors_interviews import campaign_coverage

    campaign = indicator.interview_campaign
    if campaign is None:
        raise ValidationError(_("Choose the interview campaign this indicator follows."))
    overall = campaign_coverage(actor, campaign).overall
    if overall.percent is None:
        raise ValidationError(_("The campaign has nobody in its target yet."))
    return [
        Computed(
            today,
            _decimal(overall.percent),
            {"campaign": campaign.pk, "interviewed": overall.done, "target": overall.total},
        )
    ]


# --- Action progress


def action_progress_source(actor: Actor, indicator: Indicator, today: datetime.date):
    actions = scoped(Action.objects.all(), actor).filter(plan=indicator.plan_id)
    actions = actions.exclude(status=Action.Status.CANCELLED)
    scope = {"plan": indicator.plan_id}
    if indicator.objective_id:
        actions = actions.filter(objective=indicator.objective_id)
        scope = {"objective": indicator.objective_id}
    elif indicator.progress_axis_id:
        actions = actions.filter(objective__axis=indicator.progress_axis_id)
        scope = {"axis": indicator.progress_axis_id}
    figures = actions.aggregate(mean=Avg("progress"), count=Count("id"))
    if not figures["count"]:
        raise ValidationError(_("There is no action to measure yet."))
    return [Computed(today, _decimal(figures["mean"]), {**scope, "actions": figures["count"]})]


register(Source.SURVEY_WAVE, survey_waves_source)
register(Source.INTERVIEW_COVERAGE, interview_coverage_source)
register(Source.ACTION_PROGRESS, action_progress_source)
