"""Writes of indicators and their measurements (track part).

A measurement's value is checked against the indicator's type (``indicator_values``): a
value that does not fit is refused with a sentence and nothing is stored. Computed sources
(``indicator_sources``) write one measurement per date they produce, replacing an earlier
computed value of the same date but never a value typed by hand.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from liant.core import audit
from liant.core.tenancy import Actor, require_staff

from . import indicator_sources, indicator_values
from .models import ActionPlan, Indicator, Measurement

Source = Indicator.Source
# The parameters each source needs (the others are cleared).
SOURCE_FIELDS = {
    Source.MANUAL: (),
    Source.SURVEY_WAVE: ("survey_question",),
    Source.INTERVIEW_COVERAGE: ("interview_campaign",),
    Source.ACTION_PROGRESS: (),
    Source.CHECKIN: (),
}
LINKS = ("survey_question", "interview_campaign", "progress_axis", "objective")


def _check_definition(plan: ActionPlan, values: dict) -> dict:
    source = values.get("source", Source.MANUAL)
    if not indicator_sources.is_available(source):
        raise ValidationError({"source": _("This source is not available yet.")})
    for field in SOURCE_FIELDS.get(source, ()):
        if values.get(field) is None:
            raise ValidationError({field: _("This source needs this field.")})
    mission = plan.mission
    question = values.get("survey_question")
    if question is not None and (
        question.workspace_id != plan.workspace_id or question.survey.mission_id != mission.pk
    ):
        raise ValidationError({"survey_question": _("Choose a question of this mission.")})
    campaign = values.get("interview_campaign")
    if campaign is not None and (
        campaign.workspace_id != plan.workspace_id or campaign.mission_id != mission.pk
    ):
        raise ValidationError({"interview_campaign": _("Choose a campaign of this mission.")})
    axis = values.get("progress_axis")
    if axis is not None and axis.plan_id != plan.pk:
        raise ValidationError({"progress_axis": _("Choose an axis of this plan.")})
    objective = values.get("objective")
    if objective is not None and objective.axis.plan_id != plan.pk:
        raise ValidationError({"objective": _("Choose an objective of this plan.")})
    # Computed sources produce their own kind of value.
    if source in (Source.INTERVIEW_COVERAGE, Source.ACTION_PROGRESS):
        values["value_type"] = Indicator.ValueType.PERCENTAGE
        values.setdefault("unit", "%")
        values["unit"] = values["unit"] or "%"
    if source != Source.SURVEY_WAVE:
        values["survey_question"] = None
        values["params"] = {}
    if source != Source.INTERVIEW_COVERAGE:
        values["interview_campaign"] = None
    if source != Source.ACTION_PROGRESS:
        values["progress_axis"] = None
    for field in ("baseline", "target"):
        if values.get(field) is not None:
            try:
                indicator_values.check_value(
                    Indicator(value_type=values["value_type"]), values[field]
                )
            except ValidationError as error:
                raise ValidationError({field: error.messages}) from None
    return values


@transaction.atomic
def create_indicator(actor: Actor, plan: ActionPlan, **values) -> Indicator:
    require_staff(actor)
    values = _check_definition(plan, values)
    indicator = Indicator.objects.create(workspace=plan.workspace, plan=plan, **values)
    audit.record(actor, "steering.indicator.create", indicator)
    return indicator


@transaction.atomic
def update_indicator(actor: Actor, indicator: Indicator, **values) -> Indicator:
    require_staff(actor)
    values = _check_definition(indicator.plan, values)
    changes = audit.apply_changes(indicator, values)
    if changes:
        indicator.save()
        audit.record(actor, "steering.indicator.update", indicator, changes=changes)
    return indicator


@transaction.atomic
def delete_indicator(actor: Actor, indicator: Indicator) -> None:
    require_staff(actor)
    audit.record(actor, "steering.indicator.delete", indicator)
    indicator.delete()


def add_measurement(
    actor: Actor,
    indicator: Indicator,
    *,
    date: datetime.date,
    value: Decimal,
    comment: str = "",
) -> Measurement:
    """A value typed by hand; refused (nothing stored) when it does not fit the indicator's
    type or when its date already has one."""
    require_staff(actor)
    try:
        indicator_values.check_value(indicator, value)
    except ValidationError as error:
        raise ValidationError({"value": error.messages}) from None
    if indicator.measurements.filter(date=date).exists():
        raise ValidationError({"date": _("There is already a measurement on this date.")})
    try:
        with transaction.atomic():
            measurement = Measurement.objects.create(
                workspace=indicator.workspace,
                indicator=indicator,
                date=date,
                value=value,
                comment=comment,
                recorded_by=actor.user,
            )
            audit.record(
                actor, "steering.measurement.create", measurement, f"{indicator.name}: {value}"
            )
    except IntegrityError:  # the same date, entered twice at once
        raise ValidationError({"date": _("There is already a measurement on this date.")}) from None
    return measurement


@transaction.atomic
def delete_measurement(actor: Actor, measurement: Measurement) -> None:
    require_staff(actor)
    audit.record(actor, "steering.measurement.delete", measurement)
    measurement.delete()


@transaction.atomic
def refresh_from_source(actor: Actor, indicator: Indicator) -> int:
    """Compute the indicator's values from its source; returns how many were written."""
    require_staff(actor)
    if indicator.source == Source.MANUAL:
        raise ValidationError(_("This indicator is entered by hand."))
    computed = indicator_sources.compute(actor, indicator, timezone.localdate())
    written = 0
    for item in computed:
        existing = indicator.measurements.filter(date=item.date).first()
        if existing is not None and not existing.computed_from:
            continue  # a value typed by hand on that date stays
        indicator_values.check_value(indicator, item.value)
        Measurement.objects.update_or_create(
            indicator=indicator,
            date=item.date,
            defaults={
                "workspace": indicator.workspace,
                "value": item.value,
                "computed_from": {"source": indicator.source, **item.computed_from},
                "recorded_by": actor.user,
            },
        )
        written += 1
    audit.record(actor, "steering.indicator.compute", indicator, f"{indicator.name}: {written}")
    return written
