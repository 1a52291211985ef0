"""Typed values of an indicator and its status against its target (no queries).

``parse_value`` reads what a person typed ("12,5", "80 %", "1 250"); ``check_value`` refuses a
value that does not fit the indicator's type; ``status`` says where the latest value stands.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import Indicator

ValueType = Indicator.ValueType
Direction = Indicator.Direction
MAX_ABS = Decimal("9999999999")  # max_digits 14, 4 decimals
# "Stay at target": within this share of the target counts as reached.
MAINTAIN_TOLERANCE = Decimal("0.05")


def parse_value(text: str) -> Decimal:
    """A number typed the French or English way; raises ValidationError otherwise."""
    cleaned = (text or "").strip().replace("\u202f", "").replace("\xa0", "").replace(" ", "")
    cleaned = cleaned.removesuffix("%").replace(",", ".")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite():
        raise ValidationError(_("Enter a number, for example 12,5."), code="not_a_number")
    return value


def check_value(indicator: Indicator, value: Decimal) -> Decimal:
    """Refuse a value that does not fit the indicator's type (whole number, 0–100…)."""
    if abs(value) > MAX_ABS:
        raise ValidationError(_("This number is too large."), code="too_large")
    if value != value.quantize(Decimal("0.0001")):
        raise ValidationError(_("Give at most four decimals."), code="too_precise")
    if indicator.value_type == ValueType.INTEGER and value != value.to_integral_value():
        raise ValidationError(
            _("This indicator counts whole numbers: enter a value without decimals."),
            code="not_integer",
        )
    if indicator.value_type == ValueType.PERCENTAGE and not (0 <= value <= 100):
        raise ValidationError(
            _("This indicator is a percentage: enter a value between 0 and 100."),
            code="not_percentage",
        )
    return value


@dataclass(frozen=True)
class Status:
    key: str  # none | reached | progressing | off_track | unset
    label: str
    progress: int | None  # share of the way from baseline to target, 0–100


LABELS = {
    "none": gettext_lazy("No measurement yet"),
    "unset": gettext_lazy("No target set"),
    "reached": gettext_lazy("Target reached"),
    "progressing": gettext_lazy("Progressing"),
    "off_track": gettext_lazy("Off track"),
}


def _make(key: str, progress: int | None = None) -> Status:
    return Status(key, str(LABELS[key]), progress)


def status(indicator: Indicator, latest: Decimal | None) -> Status:
    if latest is None:
        return _make("none")
    target, baseline = indicator.target, indicator.baseline
    if target is None:
        return _make("unset")
    if indicator.direction == Direction.MAINTAIN:
        margin = abs(target) * MAINTAIN_TOLERANCE
        return _make("reached" if abs(latest - target) <= margin else "off_track")
    better = (
        (lambda a, b: a >= b)
        if indicator.direction == Direction.INCREASE
        else (lambda a, b: a <= b)
    )
    if better(latest, target):
        return _make("reached", 100)
    progress = None
    if baseline is not None and target != baseline:
        share = (latest - baseline) / (target - baseline) * 100
        progress = max(0, min(100, int(share)))
    if baseline is not None and not better(latest, baseline):
        return _make("off_track", progress)
    if baseline is not None and latest == baseline:
        return _make("off_track", progress)
    return _make("progressing", progress)
