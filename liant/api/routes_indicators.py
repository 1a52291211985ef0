"""A mission's indicators and their measurements (liant.steering, track part), for staff (as
the indicator pages). An indicator's definition is checked by the page's own form
(``IndicatorForm``: the same choices and rules), then by the service; a measurement's value
by the service, against the indicator's type."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from ninja import Router
from ninja.pagination import paginate
from ninja.responses import Status

from liant.core.tenancy import require_staff
from liant.steering import selectors_track, services_track_indicators
from liant.steering.forms_track import IndicatorForm

from .lookups import changes, path_id, renamed_errors
from .pagination import Pagination
from .routes_steering import existing_plan, plan_to_write, visible_plan
from .schemas import ERRORS
from .schemas_steering import (
    ComputedOut,
    IndicatorIn,
    IndicatorOut,
    IndicatorPatch,
    MeasurementIn,
    MeasurementOut,
)

router = Router(tags=["indicators"])

# The form's field names → the API's (the service uses the form's).
FIELD_NAMES = {
    "objective": "objective_id",
    "survey_question": "survey_question_id",
    "measure": "survey_measure",
    "interview_campaign": "interview_campaign_id",
    "progress_axis": "progress_axis_id",
}
FORM_NAMES = {api: form for form, api in FIELD_NAMES.items()}


def _plan(request, mission_id: int, *, create: bool = False):
    require_staff(request.auth)
    if create:
        return plan_to_write(request.auth, mission_id, create=True)
    return existing_plan(request.auth, mission_id)


def _indicator(request, mission_id: int, indicator_id: int):
    plan = _plan(request, mission_id)
    return selectors_track.get_indicator(request.auth, plan, indicator_id)


def _definition(actor, plan, values: dict) -> dict:
    """The service's values for an indicator, validated by the page's form (422 otherwise)."""
    data = {FORM_NAMES.get(name, name): "" if v is None else str(v) for name, v in values.items()}
    form = IndicatorForm(data, **selectors_track.indicator_choices(actor, plan.mission, plan))
    if not form.is_valid():
        raise ValidationError(
            {FIELD_NAMES.get(field, field): errors for field, errors in form.errors.items()}
        )
    return form.service_values()


def _current_definition(indicator) -> dict:
    names = IndicatorIn.model_fields.keys() - {"survey_measure"}
    return {
        **{name: getattr(indicator, name) for name in names},
        "survey_measure": indicator.params.get("measure", "mean"),
    }


@router.get("/missions/{mission_id}/indicators", response={200: list[IndicatorOut], **ERRORS})
@paginate(Pagination)
def list_indicators(request, mission_id: int = path_id()):
    require_staff(request.auth)
    plan = visible_plan(request.auth, mission_id)
    return selectors_track.indicator_list(request.auth, plan) if plan else []


@router.post("/missions/{mission_id}/indicators", response={201: IndicatorOut, **ERRORS})
@transaction.atomic  # a refused input leaves no new plan behind
def create_indicator(request, payload: IndicatorIn, mission_id: int = path_id()):
    """A new indicator. ``source`` says where its values come from: ``manual`` (typed), or
    computed — ``survey_wave`` (needs ``survey_question_id``, a scale question of the
    mission), ``interview_coverage`` (needs ``interview_campaign_id``), ``action_progress``
    (``progress_axis_id`` or ``objective_id``, else the whole plan)."""
    actor = request.auth
    plan = _plan(request, mission_id, create=True)
    values = _definition(actor, plan, payload.dict())
    with renamed_errors(FIELD_NAMES):
        indicator = services_track_indicators.create_indicator(actor, plan, **values)
    return Status(201, indicator)


@router.get(
    "/missions/{mission_id}/indicators/{indicator_id}", response={200: IndicatorOut, **ERRORS}
)
def get_indicator(request, mission_id: int = path_id(), indicator_id: int = path_id()):
    return _indicator(request, mission_id, indicator_id)


@router.patch(
    "/missions/{mission_id}/indicators/{indicator_id}", response={200: IndicatorOut, **ERRORS}
)
def update_indicator(
    request, payload: IndicatorPatch, mission_id: int = path_id(), indicator_id: int = path_id()
):
    """Changes the fields sent; the whole definition is checked again."""
    actor = request.auth
    indicator = _indicator(request, mission_id, indicator_id)
    values = {**_current_definition(indicator), **changes(payload)}
    values = _definition(actor, indicator.plan, values)
    with renamed_errors(FIELD_NAMES):
        services_track_indicators.update_indicator(actor, indicator, **values)
    return _indicator(request, mission_id, indicator_id)


@router.delete("/missions/{mission_id}/indicators/{indicator_id}", response={204: None, **ERRORS})
def delete_indicator(request, mission_id: int = path_id(), indicator_id: int = path_id()):
    """Deletes the indicator and its measurements."""
    indicator = _indicator(request, mission_id, indicator_id)
    services_track_indicators.delete_indicator(request.auth, indicator)
    return Status(204, None)


@router.post(
    "/missions/{mission_id}/indicators/{indicator_id}/compute",
    response={200: ComputedOut, **ERRORS},
)
def compute_indicator(request, mission_id: int = path_id(), indicator_id: int = path_id()):
    """Computes the values of an indicator with a computed source (as the page's button): one
    measurement per date its source gives, never replacing a value typed by hand. An
    indicator entered by hand answers 422."""
    indicator = _indicator(request, mission_id, indicator_id)
    written = services_track_indicators.refresh_from_source(request.auth, indicator)
    return {"written": written}


# --- Measurements

MEASUREMENTS = "/missions/{mission_id}/indicators/{indicator_id}/measurements"


@router.get(MEASUREMENTS, response={200: list[MeasurementOut], **ERRORS})
@paginate(Pagination)
def list_measurements(request, mission_id: int = path_id(), indicator_id: int = path_id()):
    """The indicator's values, oldest first."""
    indicator = _indicator(request, mission_id, indicator_id)
    return selectors_track.measurements_of(request.auth, indicator)


@router.post(MEASUREMENTS, response={201: MeasurementOut, **ERRORS})
def create_measurement(
    request, payload: MeasurementIn, mission_id: int = path_id(), indicator_id: int = path_id()
):
    """A value typed by hand, one per date. It must fit the indicator's type: a whole number,
    a percentage from 0 to 100, at most four decimals."""
    indicator = _indicator(request, mission_id, indicator_id)
    measurement = services_track_indicators.add_measurement(
        request.auth,
        indicator,
        date=payload.date,
        value=payload.value,
        comment=" ".join(payload.comment.split()),
    )
    return Status(201, measurement)


@router.delete(MEASUREMENTS + "/{measurement_id}", response={204: None, **ERRORS})
def delete_measurement(
    request,
    mission_id: int = path_id(),
    indicator_id: int = path_id(),
    measurement_id: int = path_id(),
):
    indicator = _indicator(request, mission_id, indicator_id)
    measurement = selectors_track.get_measurement(request.auth, indicator.plan, measurement_id)
    if measurement.indicator_id != indicator.pk:
        raise Http404
    services_track_indicators.delete_measurement(request.auth, measurement)
    return Status(204, None)
