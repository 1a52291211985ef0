"""What the API reads and writes of a mission's action plan and its indicators (liant.steering).

Numbers of indicators go out as JSON numbers and come in as numbers (or strings such as
``"12.5"``); the steering services check them against the indicator's type.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Literal

from django.utils import timezone
from ninja import Field, Schema

from liant.steering.models import Action, ActionPlan, Indicator

from .schemas import In, Name

ActionStatus = Literal[tuple(Action.Status.values)]  # type: ignore[valid-type]
Priority = Literal[tuple(Action.Priority.values)]  # type: ignore[valid-type]
PlanStatus = Literal[tuple(ActionPlan.Status.values)]  # type: ignore[valid-type]
ValueType = Literal[tuple(Indicator.ValueType.values)]  # type: ignore[valid-type]
Direction = Literal[tuple(Indicator.Direction.values)]  # type: ignore[valid-type]
Frequency = Literal[tuple(Indicator.Frequency.values)]  # type: ignore[valid-type]
Source = Literal[tuple(Indicator.Source.values)]  # type: ignore[valid-type]
SurveyMeasure = Literal["mean", "favourable"]
Ids = Field(default_factory=list, max_length=500)
# A number the database can hold is checked by the service; this only keeps out NaN/∞.
Number = Field(None, allow_inf_nan=False)

# --- The plan, its axes and objectives


class PlanOut(Schema):
    id: int
    mission_id: int
    title: str
    status: PlanStatus
    submitted_at: datetime.datetime | None
    validated_at: datetime.datetime | None


class AxisIn(In):
    title: str = Name
    description: str = Field("", max_length=10_000)


class AxisPatch(In):
    title: str | None = Field(None, min_length=1, max_length=200)
    description: str | None = Field(None, max_length=10_000)


class AxisOut(Schema):
    id: int
    title: str
    description: str
    position: int
    readout_axis_id: int | None


class ObjectiveIn(In):
    plan_axis_id: int
    title: str = Name
    description: str = Field("", max_length=10_000)
    target: str = Field(..., min_length=1, max_length=300)
    target_value: Decimal | None = Number
    target_unit: str = Field("", max_length=40)
    deadline: datetime.date | None = None


class ObjectivePatch(In):
    plan_axis_id: int | None = None
    title: str | None = Field(None, min_length=1, max_length=200)
    description: str | None = Field(None, max_length=10_000)
    target: str | None = Field(None, min_length=1, max_length=300)
    target_value: Decimal | None = Number
    target_unit: str | None = Field(None, max_length=40)
    deadline: datetime.date | None = None


class ObjectiveOut(Schema):
    id: int
    plan_axis_id: int
    title: str
    description: str
    target: str
    target_value: float | None
    target_unit: str
    deadline: datetime.date | None
    position: int

    @staticmethod
    def resolve_plan_axis_id(obj) -> int:
        return obj.axis_id


# --- Actions


class ActionIn(In):
    title: str = Name
    objective_id: int | None = None
    description: str = Field("", max_length=10_000)
    owner_id: int | None = None
    contributor_ids: list[int] = Ids
    start_date: datetime.date | None = None
    due_date: datetime.date | None = None
    priority: Priority = Action.Priority.NORMAL
    status: ActionStatus = Action.Status.TODO
    progress: int = Field(0, ge=0, le=100)
    milestone_id: int | None = None
    depends_on_ids: list[int] = Ids


class ActionPatch(In):
    title: str | None = Field(None, min_length=1, max_length=200)
    objective_id: int | None = None
    description: str | None = Field(None, max_length=10_000)
    owner_id: int | None = None
    contributor_ids: list[int] | None = Field(None, max_length=500)
    start_date: datetime.date | None = None
    due_date: datetime.date | None = None
    priority: Priority | None = None
    status: ActionStatus | None = None
    progress: int | None = Field(None, ge=0, le=100)
    milestone_id: int | None = None
    depends_on_ids: list[int] | None = Field(None, max_length=500)


class ActionOut(Schema):
    id: int
    title: str
    description: str
    objective_id: int | None
    plan_axis_id: int | None
    owner_id: int | None
    contributor_ids: list[int]
    start_date: datetime.date | None
    due_date: datetime.date | None
    priority: Priority
    status: ActionStatus
    progress: int
    late: bool
    impact: int | None
    effort: int | None
    milestone_id: int | None
    depends_on_ids: list[int]
    completed_at: datetime.datetime | None
    created_at: datetime.datetime

    @staticmethod
    def resolve_plan_axis_id(obj) -> int | None:
        return obj.objective.axis_id if obj.objective_id else None

    @staticmethod
    def resolve_contributor_ids(obj) -> list[int]:
        return sorted(person.pk for person in obj.contributors.all())

    @staticmethod
    def resolve_depends_on_ids(obj) -> list[int]:
        return sorted(action.pk for action in obj.depends_on.all())

    @staticmethod
    def resolve_late(obj) -> bool:
        return obj.is_late(timezone.localdate())


# --- Indicators and measurements


class IndicatorIn(In):
    name: str = Name
    description: str = Field("", max_length=10_000)
    objective_id: int | None = None
    value_type: ValueType = Indicator.ValueType.NUMBER
    unit: str = Field("", max_length=40)
    direction: Direction = Indicator.Direction.INCREASE
    baseline: Decimal | None = Number
    target: Decimal | None = Number
    frequency: Frequency = Indicator.Frequency.MONTHLY
    source: Source = Indicator.Source.MANUAL
    survey_question_id: int | None = None
    survey_measure: SurveyMeasure = "mean"
    interview_campaign_id: int | None = None
    progress_axis_id: int | None = None


class IndicatorPatch(In):
    name: str | None = Field(None, min_length=1, max_length=200)
    description: str | None = Field(None, max_length=10_000)
    objective_id: int | None = None
    value_type: ValueType | None = None
    unit: str | None = Field(None, max_length=40)
    direction: Direction | None = None
    baseline: Decimal | None = Number
    target: Decimal | None = Number
    frequency: Frequency | None = None
    source: Source | None = None
    survey_question_id: int | None = None
    survey_measure: SurveyMeasure | None = None
    interview_campaign_id: int | None = None
    progress_axis_id: int | None = None


class IndicatorOut(Schema):
    id: int
    name: str
    description: str
    objective_id: int | None
    value_type: ValueType
    unit: str
    direction: Direction
    baseline: float | None
    target: float | None
    frequency: Frequency
    source: Source
    survey_question_id: int | None
    survey_measure: SurveyMeasure | None
    interview_campaign_id: int | None
    progress_axis_id: int | None

    @staticmethod
    def resolve_survey_measure(obj) -> str | None:
        return obj.params.get("measure") if obj.source == Indicator.Source.SURVEY_WAVE else None


class MeasurementIn(In):
    date: datetime.date
    value: Decimal = Field(..., allow_inf_nan=False)
    comment: str = Field("", max_length=300)


class MeasurementOut(Schema):
    id: int
    indicator_id: int
    date: datetime.date
    value: float
    comment: str
    computed: bool

    @staticmethod
    def resolve_computed(obj) -> bool:
        return bool(obj.computed_from)


class ComputedOut(Schema):
    written: int = Field(..., description="How many measurements were written.")
