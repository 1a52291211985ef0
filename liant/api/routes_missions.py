"""Missions (liant.missions). Their action plans and indicators are in ``routes_steering`` and
``routes_indicators``."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.pagination import paginate
from ninja.responses import Status

from liant.missions import selectors, services
from liant.orgs import selectors as org_selectors

from .lookups import MAX_ID, changes, field_object, field_objects, path_id
from .pagination import Pagination
from .schemas import ERRORS, MissionIn, MissionOut, MissionPatch, MissionStatus, PhaseOut

router = Router(tags=["missions"])


def _consultant_finder(actor):
    staff = {user.pk: user for user in selectors.staff_members(actor)}

    def find(pk):
        if pk not in staff:
            raise Http404
        return staff[pk]

    return find


def _unit_finder(actor, organization_id):
    units = {unit.pk: unit for unit in selectors.organization_units(actor, organization_id)}

    def find(pk):
        if pk not in units:
            raise Http404
        return units[pk]

    return find


def _detail(actor, pk):
    return selectors.get_mission_detail(actor, pk)


@router.get("/missions", response={200: list[MissionOut], **ERRORS})
@paginate(Pagination)
def list_missions(
    request,
    organization_id: int | None = Query(None, ge=1, le=MAX_ID),
    status: MissionStatus | None = None,
    search: str = "",
):
    """Missions of the workspace (a sponsor: their organisation's), newest first."""
    qs = selectors.mission_overview(request.auth, status=status, organization_id=organization_id)
    if search.strip():
        qs = qs.filter(title__icontains=search.strip().replace("\x00", ""))
    return qs.prefetch_related("units_in_scope")


@router.post("/missions", response={201: MissionOut, **ERRORS})
def create_mission(request, payload: MissionIn):
    """Creates a mission; with ``template_id`` its phases and checklists come from the
    template."""
    actor = request.auth
    if not actor.is_staff_member:
        raise PermissionDenied
    organization = field_object(
        "organization_id", lambda pk: org_selectors.get_organization(actor, pk),
        payload.organization_id,
    )  # fmt: skip
    template = field_object(
        "template_id", lambda pk: selectors.get_template(actor, pk), payload.template_id
    )
    mission = services.create_mission(
        actor,
        organization=organization,
        title=payload.title,
        start_date=payload.start_date,
        template=template,
        description=payload.description,
        language=payload.language,
        consultants=field_objects(
            "consultant_ids", _consultant_finder(actor), payload.consultant_ids
        ),
        units_in_scope=field_objects(
            "unit_ids", _unit_finder(actor, organization.pk), payload.unit_ids
        ),
    )
    return Status(201, _detail(actor, mission.pk))


@router.get("/missions/{mission_id}", response={200: MissionOut, **ERRORS})
def get_mission(request, mission_id: int = path_id()):
    return _detail(request.auth, mission_id)


@router.patch("/missions/{mission_id}", response={200: MissionOut, **ERRORS})
def update_mission(request, payload: MissionPatch, mission_id: int = path_id()):
    actor = request.auth
    mission = _detail(actor, mission_id)
    values = changes(payload)
    for field in ("title", "language", "start_date"):
        if field in values and values[field] is None:
            raise ValidationError({field: _("This field cannot be empty.")})
    consultants = (
        field_objects("consultant_ids", _consultant_finder(actor), values["consultant_ids"] or [])
        if "consultant_ids" in values
        else list(mission.consultants.all())
    )
    units = (
        field_objects(
            "unit_ids", _unit_finder(actor, mission.organization_id), values["unit_ids"] or []
        )
        if "unit_ids" in values
        else list(mission.units_in_scope.all())
    )
    services.update_mission(
        actor,
        mission,
        title=values.get("title", mission.title),
        description=values.get("description", mission.description) or "",
        language=values.get("language", mission.language),
        status=values.get("status"),
        start_date=values.get("start_date", mission.start_date),
        consultants=consultants,
        units_in_scope=units,
    )
    return _detail(actor, mission_id)


@router.delete("/missions/{mission_id}", response={204: None, **ERRORS})
def delete_mission(request, mission_id: int = path_id()):
    actor = request.auth
    services.delete_mission(actor, selectors.get_mission(actor, mission_id))
    return Status(204, None)


@router.get("/missions/{mission_id}/phases", response={200: list[PhaseOut], **ERRORS})
def list_phases(request, mission_id: int = path_id()):
    """The mission's phases in order (read only here)."""
    return list(_detail(request.auth, mission_id).phases.all())
