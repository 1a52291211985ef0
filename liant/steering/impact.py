"""Impact evaluation: before/after comparison of an indicator, or of a survey question
between two waves, with the size of the change and the number of respondents.

Survey figures come from ``question_summary`` (k-safe): when either wave has fewer than k
answers, nothing is compared and no number is given. The effect size of a scale question is
Cohen's d (difference of means over the pooled standard deviation), read with the usual
thresholds (0.2 small, 0.5 medium, 0.8 large).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from liant.diagnostic.models import K_ANONYMITY

from .models import Indicator, Measurement

EFFECT_THRESHOLDS = ((0.8, "large"), (0.5, "medium"), (0.2, "small"))


@dataclass(frozen=True)
class Side:
    label: str
    value: float | None
    respondents: int | None = None
    spread: float | None = None  # standard deviation (survey questions)


@dataclass(frozen=True)
class Impact:
    subject: str
    before: Side
    after: Side
    shown: bool  # False when k-anonymity hides a side (then no figure is given)
    change: float | None = None
    relative: float | None = None  # change in per cent of the "before" value
    effect_size: float | None = None
    effect_label: str = ""
    improved: bool | None = None
    note: str = ""


def _improved(direction: str, change: float) -> bool | None:
    if change == 0:
        return None
    if direction == Indicator.Direction.DECREASE:
        return change < 0
    if direction == Indicator.Direction.INCREASE:
        return change > 0
    return None


def _relative(before: float, change: float) -> float | None:
    return None if before == 0 else 100.0 * change / abs(before)


def effect_label(d: float | None) -> str:
    if d is None:
        return ""
    for threshold, key in EFFECT_THRESHOLDS:
        if abs(d) >= threshold:
            return {"large": _("large"), "medium": _("medium"), "small": _("small")}[key]
    return _("negligible")


def compare_measurements(indicator: Indicator, before: Measurement, after: Measurement) -> Impact:
    b, a = float(before.value), float(after.value)
    change = a - b
    return Impact(
        subject=indicator.name,
        before=Side(before.date.strftime("%d/%m/%Y"), b, before.computed_from.get("respondents")),
        after=Side(after.date.strftime("%d/%m/%Y"), a, after.computed_from.get("respondents")),
        shown=True,
        change=change,
        relative=_relative(b, change),
        improved=_improved(indicator.direction, change),
    )


def _spread(distribution: list[dict], mean: float | None) -> float | None:
    """Standard deviation of a distribution of numeric answers (sample, n − 1)."""
    counts = [(float(row["label"]), row["count"]) for row in distribution]
    n = sum(count for _value, count in counts)
    if mean is None or n < 2:
        return None
    return math.sqrt(sum(c * (v - mean) ** 2 for v, c in counts) / (n - 1))


def _cohen_d(before: Side, after: Side) -> float | None:
    if None in (before.spread, after.spread, before.value, after.value):
        return None
    n1, n2 = before.respondents, after.respondents
    pooled = math.sqrt(((n1 - 1) * before.spread**2 + (n2 - 1) * after.spread**2) / (n1 + n2 - 2))
    return None if pooled == 0 else (after.value - before.value) / pooled


def compare_summaries(question_text: str, before: dict, after: dict) -> Impact:
    """Two ``question_summary`` results (same question, two waves)."""
    label = _("Wave %(number)s")
    if not (before["shown"] and after["shown"]):
        return Impact(
            subject=question_text,
            before=Side(label % {"number": before["wave"]}, None),
            after=Side(label % {"number": after["wave"]}, None),
            shown=False,
            note=_("Fewer than %(k)s people answered in one of the waves: nothing can be shown.")
            % {"k": K_ANONYMITY},
        )
    sides = []
    for summary in (before, after):
        mean = summary["mean"]
        sides.append(
            Side(
                label % {"number": summary["wave"]},
                mean,
                summary["answers"],
                _spread(summary["distribution"], mean),
            )
        )
    b, a = sides
    if b.value is None or a.value is None:
        return Impact(
            subject=question_text,
            before=b,
            after=a,
            shown=False,
            note=_("Only questions answered on a scale can be compared."),
        )
    change = a.value - b.value
    d = _cohen_d(b, a)
    return Impact(
        subject=question_text,
        before=b,
        after=a,
        shown=True,
        change=change,
        relative=_relative(b.value, change),
        effect_size=d,
        effect_label=effect_label(d),
        improved=None if change == 0 else change > 0,
    )


def as_decimal(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(str(round(value, 2)))
