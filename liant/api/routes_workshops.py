"""Workshops (liant.workshops): their details. Boards and cards live on the live board."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.pagination import paginate
from ninja.responses import Status

from liant.core.tenancy import require_staff
from liant.missions import selectors as mission_selectors
from liant.workshops import selectors, services

from .lookups import MAX_ID, changes, field_object, path_id
from .pagination import Pagination
from .schemas import ERRORS, WorkshopIn, WorkshopOut, WorkshopPatch

router = Router(tags=["workshops"])
DETAILS = ("starts_at", "ends_at", "place", "objectives", "expected_headcount")


def _staff(request):
    """Workshops are prepared by the workspace's staff; sponsors do not see them (as on the
    pages)."""
    require_staff(request.auth)
    return request.auth


def _mission_and_phase(actor, mission_id, phase_id):
    mission = field_object(
        "mission_id", lambda pk: mission_selectors.get_mission(actor, pk), mission_id
    )
    phase = None
    if phase_id is not None:
        if mission is None:
            raise ValidationError({"phase_id": _("Choose a phase of the workshop’s mission.")})
        phase = field_object(
            "phase_id", lambda pk: mission_selectors.get_phase(actor, mission, pk), phase_id
        )
    return mission, phase


@router.get("/workshops", response={200: list[WorkshopOut], **ERRORS})
@paginate(Pagination)
def list_workshops(
    request, mission_id: int | None = Query(None, ge=1, le=MAX_ID), search: str = ""
):
    qs = selectors.workshop_list(_staff(request))
    if mission_id:
        qs = qs.filter(mission_id=mission_id)
    if search.strip():
        qs = qs.filter(title__icontains=search.strip().replace("\x00", ""))
    return qs


@router.post("/workshops", response={201: WorkshopOut, **ERRORS})
def create_workshop(request, payload: WorkshopIn):
    actor = _staff(request)
    mission, phase = _mission_and_phase(actor, payload.mission_id, payload.phase_id)
    values = {field: getattr(payload, field) for field in DETAILS}
    values["place"] = values["place"].strip()
    values["objectives"] = values["objectives"].strip()
    workshop = services.create_workshop(
        actor, title=payload.title, mission=mission, phase=phase, **values
    )
    return Status(201, selectors.get_workshop(actor, workshop.pk))


@router.get("/workshops/{workshop_id}", response={200: WorkshopOut, **ERRORS})
def get_workshop(request, workshop_id: int = path_id()):
    return selectors.get_workshop(_staff(request), workshop_id)


@router.patch("/workshops/{workshop_id}", response={200: WorkshopOut, **ERRORS})
def update_workshop(request, payload: WorkshopPatch, workshop_id: int = path_id()):
    actor = _staff(request)
    workshop = selectors.get_workshop(actor, workshop_id)
    values = changes(payload)
    mission, phase = _mission_and_phase(
        actor,
        values.get("mission_id", workshop.mission_id),
        values.get("phase_id", workshop.phase_id),
    )
    details = {field: values.get(field, getattr(workshop, field)) for field in DETAILS}
    details["place"] = (details["place"] or "").strip()
    details["objectives"] = (details["objectives"] or "").strip()
    services.update_workshop(
        actor,
        workshop,
        title=values.get("title", workshop.title),
        mission=mission,
        phase=phase,
        expected_people=list(workshop.expected_people.all()),
        **details,
    )
    return selectors.get_workshop(actor, workshop_id)
