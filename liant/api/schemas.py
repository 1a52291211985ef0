"""What the API reads and writes (pydantic schemas through django-ninja)."""

from __future__ import annotations

import datetime
from typing import Any, Literal

from ninja import Field, Schema
from pydantic import field_validator

from liant.missions.models import Mission
from liant.orgs.models import Unit

UnitKind = Literal[tuple(Unit.Kind.values)]  # type: ignore[valid-type]
MissionStatus = Literal[tuple(Mission.Status.values)]  # type: ignore[valid-type]
Language = Literal["fr", "en"]

Name = Field(..., min_length=1, max_length=200)


class ErrorOut(Schema):
    """``detail``: a message, or a list of {loc, msg, type} (422, like ninja's own)."""

    detail: str | list[dict[str, Any]]


class In(Schema):
    """Base of the input schemas: texts may not hold a NUL character (PostgreSQL refuses them,
    which would otherwise surface as a server error)."""

    @field_validator("*")
    @classmethod
    def _no_nul(cls, value):
        if isinstance(value, str) and "\x00" in value:
            raise ValueError("NUL characters are not allowed.")
        return value


# --- Organisations


class OrganizationIn(In):
    name: str = Name
    sector: str = Field("", max_length=120)
    description: str = Field("", max_length=10_000)


class OrganizationPatch(In):
    name: str | None = Field(None, min_length=1, max_length=200)
    sector: str | None = Field(None, max_length=120)
    description: str | None = Field(None, max_length=10_000)


class OrganizationOut(Schema):
    id: int
    name: str
    sector: str
    description: str
    unit_count: int
    people_count: int
    mission_count: int
    created_at: datetime.datetime


# --- Units


class UnitIn(In):
    name: str = Name
    kind: UnitKind = Unit.Kind.SERVICE
    parent_id: int | None = None
    headcount: int | None = Field(None, ge=0, le=10_000_000)


class UnitPatch(In):
    name: str | None = Field(None, min_length=1, max_length=200)
    kind: UnitKind | None = None
    headcount: int | None = Field(None, ge=0, le=10_000_000)
    parent_id: int | None = None


class UnitOut(Schema):
    id: int
    organization_id: int
    parent_id: int | None
    name: str
    kind: UnitKind
    headcount: int | None
    position: int


# --- People


class PersonIn(In):
    name: str = Name
    email: str = Field("", max_length=254)
    title: str = Field("", max_length=200)
    unit_id: int | None = None
    is_manager: bool = False


class PersonPatch(In):
    name: str | None = Field(None, min_length=1, max_length=200)
    email: str | None = Field(None, max_length=254)
    title: str | None = Field(None, max_length=200)
    unit_id: int | None = None
    is_manager: bool | None = None


class PersonOut(Schema):
    id: int
    organization_id: int
    unit_id: int | None
    name: str
    email: str
    title: str
    is_manager: bool


# --- Missions


class MissionIn(In):
    organization_id: int
    title: str = Name
    start_date: datetime.date
    template_id: int | None = None
    description: str = Field("", max_length=10_000)
    language: Language = "fr"
    consultant_ids: list[int] = Field(default_factory=list, max_length=100)
    unit_ids: list[int] = Field(default_factory=list, max_length=1000)


class MissionPatch(In):
    title: str | None = Field(None, min_length=1, max_length=200)
    description: str | None = Field(None, max_length=10_000)
    language: Language | None = None
    status: MissionStatus | None = None
    start_date: datetime.date | None = None
    consultant_ids: list[int] | None = Field(None, max_length=100)
    unit_ids: list[int] | None = Field(None, max_length=1000)


class MissionOut(Schema):
    id: int
    organization_id: int
    template_id: int | None
    title: str
    description: str
    language: str
    status: MissionStatus
    start_date: datetime.date
    consultant_ids: list[int]
    unit_ids: list[int]
    created_at: datetime.datetime

    @staticmethod
    def resolve_consultant_ids(obj) -> list[int]:
        return sorted(user.pk for user in obj.consultants.all())

    @staticmethod
    def resolve_unit_ids(obj) -> list[int]:
        return sorted(unit.pk for unit in obj.units_in_scope.all())


class PhaseOut(Schema):
    id: int
    order: int
    name: str
    status: str
    planned_start: datetime.date
    planned_end: datetime.date
    actual_start: datetime.date | None
    actual_end: datetime.date | None


# --- Workshops


class WorkshopIn(In):
    title: str = Name
    mission_id: int | None = None
    phase_id: int | None = None
    starts_at: datetime.datetime | None = None
    ends_at: datetime.datetime | None = None
    place: str = Field("", max_length=300)
    objectives: str = Field("", max_length=10_000)
    expected_headcount: int | None = Field(None, ge=0, le=1_000_000)


class WorkshopPatch(In):
    title: str | None = Field(None, min_length=1, max_length=200)
    mission_id: int | None = None
    phase_id: int | None = None
    starts_at: datetime.datetime | None = None
    ends_at: datetime.datetime | None = None
    place: str | None = Field(None, max_length=300)
    objectives: str | None = Field(None, max_length=10_000)
    expected_headcount: int | None = Field(None, ge=0, le=1_000_000)


class WorkshopOut(Schema):
    id: int
    title: str
    mission_id: int | None
    organization_id: int | None
    phase_id: int | None
    starts_at: datetime.datetime | None
    ends_at: datetime.datetime | None
    place: str
    objectives: str
    expected_headcount: int | None
    code: str


# The error answers every route may give, all as ``ErrorOut``: malformed body, no valid token,
# not allowed, not found (or another workspace's), invalid input, too many requests.
ERRORS = {frozenset({400, 401, 403, 404, 422, 429}): ErrorOut}
