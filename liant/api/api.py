"""The REST API, version 1: ``/api/v1/`` with its OpenAPI schema and docs page.

Every route acts as the token's ``Actor`` through the apps' selectors and services, so the
API obeys the same workspace and role rules as the pages. Errors keep one shape
(``{"detail": …}``): service ``ValidationError`` → 422 with field messages, ``PermissionDenied``
→ 403, an unknown or other workspace's object → 404.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DataError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, Throttled

from liant.core.decorators import actor_required

from .auth import TokenAuth, TokenRateThrottle

api = NinjaAPI(
    title="Liant API",
    version="1",
    description=(
        "Organisations, units, people, missions, workshops, and the missions' action plans "
        "(axes, objectives, actions) and indicators with their measurements, of one "
        "workspace, with a personal token: `Authorization: Bearer lnt_…`."
    ),
    urls_namespace="api_v1",
    auth=TokenAuth(),
    throttle=[TokenRateThrottle()],
    docs_url="/docs",
    docs_decorator=actor_required(staff=True),
)


def _field_errors(error: ValidationError) -> list[dict]:
    if hasattr(error, "error_dict"):
        return [
            {"loc": ["body", field], "msg": message, "type": "validation_error"}
            for field, errors in error.message_dict.items()
            for message in errors
        ]
    return [{"loc": ["body"], "msg": message, "type": "validation_error"} for message in error]


@api.exception_handler(ValidationError)
def _validation_error(request, exc: ValidationError):
    return api.create_response(request, {"detail": _field_errors(exc)}, status=422)


@api.exception_handler(PermissionDenied)
def _permission_denied(request, exc):
    return api.create_response(
        request, {"detail": _("You are not allowed to do this.")}, status=403
    )


@api.exception_handler(Http404)
def _not_found(request, exc):
    return api.create_response(request, {"detail": _("Not found.")}, status=404)


@api.exception_handler(AuthenticationError)
def _unauthorized(request, exc):
    return api.create_response(request, {"detail": _("A valid API token is required.")}, status=401)


@api.exception_handler(Throttled)
def _throttled(request, exc: Throttled):
    response = api.create_response(
        request, {"detail": _("Too many requests; please slow down.")}, status=429
    )
    if exc.wait:
        response["Retry-After"] = str(int(exc.wait) + 1)
    return response


@api.exception_handler(DataError)
def _data_error(request, exc):
    # A value the database cannot hold (an id beyond its integer range…): bad input, not a bug.
    return api.create_response(
        request,
        {"detail": [{"loc": ["body"], "msg": _("A value is out of range."), "type": "value"}]},
        status=422,
    )


api.add_router("/", "liant.api.routes_orgs.router")
api.add_router("/", "liant.api.routes_missions.router")
api.add_router("/", "liant.api.routes_workshops.router")
api.add_router("/", "liant.api.routes_steering.router")
api.add_router("/", "liant.api.routes_indicators.router")
