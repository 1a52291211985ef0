"""Organisations, their units and people (liant.orgs)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.pagination import paginate
from ninja.responses import Status

from liant.orgs import selectors, services

from .lookups import MAX_ID, changes, field_object, path_id
from .pagination import Pagination
from .schemas import (
    ERRORS,
    OrganizationIn,
    OrganizationOut,
    OrganizationPatch,
    PersonIn,
    PersonOut,
    PersonPatch,
    UnitIn,
    UnitOut,
    UnitPatch,
)

router = Router(tags=["organisations"])


def _actor(request):
    return request.auth


# --- Organisations


@router.get("/organizations", response={200: list[OrganizationOut], **ERRORS})
@paginate(Pagination)
def list_organizations(request, search: str = ""):
    """The workspace's client organisations (a sponsor: their own only)."""
    qs = selectors.organization_list(_actor(request))
    if search.strip():
        qs = qs.filter(name__icontains=search.strip().replace("\x00", ""))
    return qs


@router.post("/organizations", response={201: OrganizationOut, **ERRORS})
def create_organization(request, payload: OrganizationIn):
    actor = _actor(request)
    org = services.create_organization(actor, **payload.dict())
    return Status(201, selectors.get_organization(actor, org.pk))


@router.get("/organizations/{org_id}", response={200: OrganizationOut, **ERRORS})
def get_organization(request, org_id: int = path_id()):
    return selectors.get_organization(_actor(request), org_id)


@router.patch("/organizations/{org_id}", response={200: OrganizationOut, **ERRORS})
def update_organization(request, payload: OrganizationPatch, org_id: int = path_id()):
    actor = _actor(request)
    org = selectors.get_organization(actor, org_id)
    services.update_organization(actor, org, **changes(payload))
    return selectors.get_organization(actor, org_id)


@router.delete("/organizations/{org_id}", response={204: None, **ERRORS})
def delete_organization(request, org_id: int = path_id()):
    actor = _actor(request)
    services.delete_organization(actor, selectors.get_organization(actor, org_id))
    return Status(204, None)


# --- Units


@router.get("/organizations/{org_id}/units", response={200: list[UnitOut], **ERRORS})
@paginate(Pagination)
def list_units(request, org_id: int = path_id()):
    """Units in tree order: each unit followed by its sub-units."""
    org = selectors.get_organization(_actor(request), org_id)
    return [node.unit for node in selectors.flatten(selectors.unit_tree(org))]


@router.post("/organizations/{org_id}/units", response={201: UnitOut, **ERRORS})
def create_unit(request, payload: UnitIn, org_id: int = path_id()):
    actor = _actor(request)
    org = selectors.get_organization(actor, org_id)
    parent = field_object("parent_id", lambda pk: selectors.get_unit(org, pk), payload.parent_id)
    unit = services.create_unit(
        actor, org, name=payload.name, kind=payload.kind, parent=parent,
        headcount=payload.headcount,
    )  # fmt: skip
    return Status(201, unit)


@router.get("/organizations/{org_id}/units/{unit_id}", response={200: UnitOut, **ERRORS})
def get_unit(request, org_id: int = path_id(), unit_id: int = path_id()):
    org = selectors.get_organization(_actor(request), org_id)
    return selectors.get_unit(org, unit_id)


@router.patch("/organizations/{org_id}/units/{unit_id}", response={200: UnitOut, **ERRORS})
def update_unit(request, payload: UnitPatch, org_id: int = path_id(), unit_id: int = path_id()):
    """Rename, change kind or headcount; ``parent_id`` moves the unit (null: to the top)."""
    actor = _actor(request)
    org = selectors.get_organization(actor, org_id)
    unit = selectors.get_unit(org, unit_id)
    values = changes(payload)
    if "parent_id" in values:
        find = lambda pk: selectors.get_unit(org, pk)  # noqa: E731
        parent = field_object("parent_id", find, values["parent_id"])
        services.move_unit(actor, unit, parent)
    if values.keys() - {"parent_id"}:
        services.update_unit(
            actor,
            unit,
            name=values.get("name", unit.name),
            kind=values.get("kind") or unit.kind,
            headcount=values.get("headcount", unit.headcount),
        )
    return selectors.get_unit(org, unit_id)


@router.delete("/organizations/{org_id}/units/{unit_id}", response={204: None, **ERRORS})
def delete_unit(request, org_id: int = path_id(), unit_id: int = path_id()):
    """Deletes the unit and its sub-units; their people stay, without a unit."""
    actor = _actor(request)
    org = selectors.get_organization(actor, org_id)
    services.delete_unit(actor, selectors.get_unit(org, unit_id))
    return Status(204, None)


# --- People


@router.get("/organizations/{org_id}/people", response={200: list[PersonOut], **ERRORS})
@paginate(Pagination)
def list_people(
    request,
    org_id: int = path_id(),
    unit_id: int | None = Query(None, ge=1, le=MAX_ID),
    search: str = "",
):
    """People of the organisation, optionally of one unit or matching a text (name, title,
    e-mail)."""
    org = selectors.get_organization(_actor(request), org_id)
    return selectors.people(org, unit_id=unit_id, search=search.strip().replace("\x00", ""))


def _person_values(org, values: dict) -> dict:
    if "unit_id" in values:
        values["unit"] = field_object(
            "unit_id", lambda pk: selectors.get_unit(org, pk), values.pop("unit_id")
        )
    return values


@router.post("/organizations/{org_id}/people", response={201: PersonOut, **ERRORS})
def create_person(request, payload: PersonIn, org_id: int = path_id()):
    actor = _actor(request)
    org = selectors.get_organization(actor, org_id)
    return Status(201, services.create_person(actor, org, **_person_values(org, payload.dict())))


@router.get("/organizations/{org_id}/people/{person_id}", response={200: PersonOut, **ERRORS})
def get_person(request, org_id: int = path_id(), person_id: int = path_id()):
    org = selectors.get_organization(_actor(request), org_id)
    return selectors.get_person(org, person_id)


@router.patch("/organizations/{org_id}/people/{person_id}", response={200: PersonOut, **ERRORS})
def update_person(
    request, payload: PersonPatch, org_id: int = path_id(), person_id: int = path_id()
):
    actor = _actor(request)
    org = selectors.get_organization(actor, org_id)
    person = selectors.get_person(org, person_id)
    current = {
        "name": person.name, "email": person.email, "title": person.title,
        "unit": person.unit, "is_manager": person.is_manager,
    }  # fmt: skip
    values = {**current, **_person_values(org, changes(payload))}
    if values.get("is_manager") is None:
        raise ValidationError({"is_manager": _("Say true or false.")})
    return services.update_person(actor, person, **values)


@router.delete("/organizations/{org_id}/people/{person_id}", response={204: None, **ERRORS})
def delete_person(request, org_id: int = path_id(), person_id: int = path_id()):
    actor = _actor(request)
    org = selectors.get_organization(actor, org_id)
    services.delete_person(actor, selectors.get_person(org, person_id))
    return Status(204, None)
