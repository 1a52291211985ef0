"""A mission's action plan (liant.steering, plan part): the plan, its axes, objectives and
actions, read and written through the steering selectors and services.

Staff read and write; a sponsor reads the plan of their organisation's missions once it is
submitted, and writes nothing (403). The plan is created by the first write of a staff member
(as the plan page does on first open). The services' rules apply as on the pages: the plan's
structure is locked once submitted, while an action's status and progress stay open.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.pagination import paginate
from ninja.responses import Status

from liant.core.tenancy import require_staff
from liant.missions import selectors as mission_selectors
from liant.steering import selectors_plan, services_plan
from liant.steering.models import ActionPlan

from .lookups import MAX_ID, changes, field_object, field_objects, path_id, renamed_errors
from .pagination import Pagination
from .schemas import ERRORS
from .schemas_steering import (
    ActionIn,
    ActionOut,
    ActionPatch,
    ActionStatus,
    AxisIn,
    AxisOut,
    AxisPatch,
    ObjectiveIn,
    ObjectiveOut,
    ObjectivePatch,
    PlanOut,
)

router = Router(tags=["action plans"])

# The services' field names → the API's, for their validation errors.
FIELD_NAMES = {
    "axis": "plan_axis_id",
    "objective": "objective_id",
    "owner": "owner_id",
    "contributors": "contributor_ids",
    "milestone": "milestone_id",
    "depends_on": "depends_on_ids",
}
# What a PATCH may change whatever the plan's lifecycle (``services_plan.set_progress``).
PROGRESS_FIELDS = {"status", "progress"}


def visible_plan(actor, mission_id: int) -> ActionPlan | None:
    """The mission's plan as the actor may see it (None: none yet, or a sponsor and a draft);
    404 for a mission the actor cannot see."""
    return selectors_plan.plan_for_mission(actor, mission_selectors.get_mission(actor, mission_id))


def existing_plan(actor, mission_id: int) -> ActionPlan:
    plan = visible_plan(actor, mission_id)
    if plan is None:
        raise Http404
    return plan


def plan_to_write(actor, mission_id: int, *, create: bool = False) -> ActionPlan:
    """Writes are for staff (403 for a sponsor); ``create``: the plan is made if missing."""
    require_staff(actor)
    if create:
        mission = mission_selectors.get_mission(actor, mission_id)
        return services_plan.get_or_create_plan(actor, mission)
    return existing_plan(actor, mission_id)


def refuse_empty(values: dict, fields: tuple[str, ...]) -> None:
    for field in fields:
        if field in values and values[field] is None:
            raise ValidationError({field: _("This field cannot be empty.")})


@router.get("/missions/{mission_id}/plan", response={200: PlanOut, **ERRORS})
def get_plan(request, mission_id: int = path_id()):
    """The mission's action plan and its lifecycle (404 before it exists)."""
    return existing_plan(request.auth, mission_id)


# --- Axes


@router.get("/missions/{mission_id}/axes", response={200: list[AxisOut], **ERRORS})
@paginate(Pagination)
def list_axes(request, mission_id: int = path_id()):
    """The plan's priority axes, in order."""
    plan = visible_plan(request.auth, mission_id)
    return selectors_plan.axes(request.auth, plan) if plan else []


@router.post("/missions/{mission_id}/axes", response={201: AxisOut, **ERRORS})
@transaction.atomic  # a refused input leaves no new plan behind
def create_axis(request, payload: AxisIn, mission_id: int = path_id()):
    """A new axis (draft plan only)."""
    actor = request.auth
    plan = plan_to_write(actor, mission_id, create=True)
    return Status(201, services_plan.create_axis(actor, plan, **payload.dict()))


@router.get("/missions/{mission_id}/axes/{plan_axis_id}", response={200: AxisOut, **ERRORS})
def get_axis(request, mission_id: int = path_id(), plan_axis_id: int = path_id()):
    actor = request.auth
    return selectors_plan.get_axis(actor, existing_plan(actor, mission_id), plan_axis_id)


@router.patch("/missions/{mission_id}/axes/{plan_axis_id}", response={200: AxisOut, **ERRORS})
def update_axis(
    request, payload: AxisPatch, mission_id: int = path_id(), plan_axis_id: int = path_id()
):
    actor = request.auth
    axis = selectors_plan.get_axis(actor, plan_to_write(actor, mission_id), plan_axis_id)
    values = changes(payload)
    refuse_empty(values, ("title",))
    return services_plan.update_axis(
        actor,
        axis,
        title=values.get("title", axis.title),
        description=values.get("description", axis.description) or "",
    )


@router.delete("/missions/{mission_id}/axes/{plan_axis_id}", response={204: None, **ERRORS})
def delete_axis(request, mission_id: int = path_id(), plan_axis_id: int = path_id()):
    """Deletes the axis and its objectives; their actions stay, unclassified."""
    actor = request.auth
    axis = selectors_plan.get_axis(actor, plan_to_write(actor, mission_id), plan_axis_id)
    services_plan.delete_axis(actor, axis)
    return Status(204, None)


# --- Objectives


def _axis_finder(actor, plan):
    return lambda pk: selectors_plan.get_axis(actor, plan, pk)


@router.get("/missions/{mission_id}/objectives", response={200: list[ObjectiveOut], **ERRORS})
@paginate(Pagination)
def list_objectives(
    request, mission_id: int = path_id(), plan_axis_id: int | None = Query(None, ge=1, le=MAX_ID)
):
    """The plan's objectives, axis by axis; ``plan_axis_id`` keeps one axis's."""
    plan = visible_plan(request.auth, mission_id)
    if plan is None:
        return []
    qs = selectors_plan.objectives(request.auth, plan)
    return qs.filter(axis_id=plan_axis_id) if plan_axis_id else qs


@router.post("/missions/{mission_id}/objectives", response={201: ObjectiveOut, **ERRORS})
@transaction.atomic  # a refused input leaves no new plan behind
def create_objective(request, payload: ObjectiveIn, mission_id: int = path_id()):
    """A new objective of an axis (draft plan only)."""
    actor = request.auth
    plan = plan_to_write(actor, mission_id, create=True)
    values = payload.dict()
    axis = field_object("plan_axis_id", _axis_finder(actor, plan), values.pop("plan_axis_id"))
    with renamed_errors(FIELD_NAMES):
        return Status(201, services_plan.create_objective(actor, axis, **values))


@router.get(
    "/missions/{mission_id}/objectives/{objective_id}", response={200: ObjectiveOut, **ERRORS}
)
def get_objective(request, mission_id: int = path_id(), objective_id: int = path_id()):
    actor = request.auth
    return selectors_plan.get_objective(actor, existing_plan(actor, mission_id), objective_id)


@router.patch(
    "/missions/{mission_id}/objectives/{objective_id}", response={200: ObjectiveOut, **ERRORS}
)
def update_objective(
    request, payload: ObjectivePatch, mission_id: int = path_id(), objective_id: int = path_id()
):
    """Changes the fields sent; ``plan_axis_id`` moves the objective to another axis."""
    actor = request.auth
    plan = plan_to_write(actor, mission_id)
    objective = selectors_plan.get_objective(actor, plan, objective_id)
    values = changes(payload)
    refuse_empty(values, ("plan_axis_id", "title", "target"))
    axis = field_object(
        "plan_axis_id", _axis_finder(actor, plan), values.pop("plan_axis_id", objective.axis_id)
    )
    for field in ("description", "target_unit"):
        if field in values:
            values[field] = values[field] or ""
    with renamed_errors(FIELD_NAMES):
        return services_plan.update_objective(actor, objective, axis=axis, **values)


@router.delete("/missions/{mission_id}/objectives/{objective_id}", response={204: None, **ERRORS})
def delete_objective(request, mission_id: int = path_id(), objective_id: int = path_id()):
    actor = request.auth
    objective = selectors_plan.get_objective(actor, plan_to_write(actor, mission_id), objective_id)
    services_plan.delete_objective(actor, objective)
    return Status(204, None)


# --- Actions


def _action_references(actor, plan, values: dict) -> dict:
    """The services' arguments for the ids sent, each found in the plan (or 422)."""
    people = selectors_plan.people(actor, plan)
    find_person = lambda pk: get_object_or_404(people, pk=pk)  # noqa: E731
    one = {
        "objective_id": ("objective", lambda pk: selectors_plan.get_objective(actor, plan, pk)),
        "owner_id": ("owner", find_person),
        "milestone_id": ("milestone", lambda pk: selectors_plan.get_milestone(actor, plan, pk)),
    }
    many = {
        "contributor_ids": ("contributors", find_person),
        "depends_on_ids": ("depends_on", lambda pk: selectors_plan.get_action(actor, plan, pk)),
    }
    arguments = {}
    for field, value in values.items():
        if field in one:
            name, find = one[field]
            arguments[name] = field_object(field, find, value)
        elif field in many:
            name, find = many[field]
            arguments[name] = field_objects(field, find, value or [])
        else:
            arguments[field] = value
    return arguments


def _action(actor, plan, action_id):
    return selectors_plan.action_detail(actor, plan, action_id)


@router.get("/missions/{mission_id}/actions", response={200: list[ActionOut], **ERRORS})
@paginate(Pagination)
def list_actions(
    request,
    mission_id: int = path_id(),
    plan_axis_id: int | None = Query(None, ge=1, le=MAX_ID),
    owner_id: int | None = Query(None, ge=1, le=MAX_ID),
    status: ActionStatus | None = None,
    late: bool = False,
):
    """The plan's actions, axis by axis, filtered as on the action list: by axis, owner
    (a person of the client organisation), status, or ``late`` (past their due date and
    neither done nor cancelled)."""
    actor = request.auth
    plan = visible_plan(actor, mission_id)
    if plan is None:
        return []
    filters = selectors_plan.ActionFilters(
        axis=plan_axis_id, owner=owner_id, status=status or "", late=late
    )
    rows = selectors_plan.action_rows(actor, plan, filters, today=timezone.localdate())
    return rows.prefetch_related("contributors", "depends_on")


@router.post("/missions/{mission_id}/actions", response={201: ActionOut, **ERRORS})
@transaction.atomic  # a refused input leaves no new plan behind
def create_action(request, payload: ActionIn, mission_id: int = path_id()):
    """A new action (draft plan only). The due date may not come before the start date, the
    dependencies may not make a cycle; ``status`` ``done`` sets the progress to 100."""
    actor = request.auth
    plan = plan_to_write(actor, mission_id, create=True)
    arguments = _action_references(actor, plan, payload.dict())
    with renamed_errors(FIELD_NAMES):
        action = services_plan.create_action(actor, plan, **arguments)
    return Status(201, _action(actor, plan, action.pk))


@router.get("/missions/{mission_id}/actions/{action_id}", response={200: ActionOut, **ERRORS})
def get_action(request, mission_id: int = path_id(), action_id: int = path_id()):
    actor = request.auth
    return _action(actor, existing_plan(actor, mission_id), action_id)


@router.patch("/missions/{mission_id}/actions/{action_id}", response={200: ActionOut, **ERRORS})
def update_action(
    request, payload: ActionPatch, mission_id: int = path_id(), action_id: int = path_id()
):
    """Changes the fields sent. ``status`` and ``progress`` alone may change at any time;
    any other field only while the plan is a draft (its structure is locked once submitted).
    Lists (``contributor_ids``, ``depends_on_ids``) replace the current ones."""
    actor = request.auth
    plan = plan_to_write(actor, mission_id)
    action = selectors_plan.get_action(actor, plan, action_id)
    values = changes(payload)
    refuse_empty(values, ("title", "priority", "status", "progress"))
    if values.keys() <= PROGRESS_FIELDS:
        if values:
            services_plan.set_progress(
                actor,
                action,
                status=values.get("status", action.status),
                progress=values.get("progress", action.progress),
            )
        return _action(actor, plan, action_id)
    if "description" in values:
        values["description"] = values["description"] or ""
    arguments = _action_references(actor, plan, values)
    with renamed_errors(FIELD_NAMES):
        services_plan.update_action(actor, action, **arguments)
    return _action(actor, plan, action_id)


@router.delete("/missions/{mission_id}/actions/{action_id}", response={204: None, **ERRORS})
def delete_action(request, mission_id: int = path_id(), action_id: int = path_id()):
    """Deletes the action (draft plan only) with its dependencies."""
    actor = request.auth
    action = selectors_plan.get_action(actor, plan_to_write(actor, mission_id), action_id)
    services_plan.delete_action(actor, action)
    return Status(204, None)
