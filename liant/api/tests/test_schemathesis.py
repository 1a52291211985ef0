"""Schemathesis against the API's own OpenAPI schema, in process (WSGI): for every operation,
data that fits the schema and data that does not. No answer may be a 5xx, and every answer must
have a documented status, content type and body shape.

Path ids point at real objects of the token's workspace (random ids only find 404s, which the
isolation tests cover), so bodies are fuzzed against live rows; deletes run last. Bounded to
stay well under a minute.
"""

import datetime

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.generation.modes import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from liant.api.api import api
from liant.core.tenancy import Role
from liant.core.testing import OrganizationFactory, PersonFactory, UnitFactory, make_actor
from liant.missions.services import create_mission
from liant.steering.tests import factories as steering
from liant.workshops.services import create_workshop

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
EXAMPLES = {GenerationMode.POSITIVE: 10, GenerationMode.NEGATIVE: 6}


@pytest.fixture
def wsgi_app():
    """The WSGI application, without closing the database connection after each request
    (that would end the test's transaction, as Django's test client also avoids)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield get_wsgi_application()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def world(db, workspace, bearer, settings):
    settings.LIANT_API_RATE = "100000/m"
    owner = make_actor(workspace, Role.OWNER)
    org = OrganizationFactory(workspace=workspace, name="Mairie de Lyon")
    unit = UnitFactory(organization=org, name="Direction des services")
    person = PersonFactory(organization=org, unit=unit, name="Anne Martin")
    mission = create_mission(
        owner, organization=org, title="Mission", start_date=datetime.date(2026, 3, 2)
    )
    workshop = create_workshop(owner, title="Atelier", mission=mission)
    plan = steering.ActionPlanFactory(mission=mission)
    objective = steering.ObjectiveFactory(axis__plan=plan)
    action = steering.ActionFactory(plan=plan, objective=objective, owner=person)
    indicator = steering.IndicatorFactory(plan=plan, objective=objective)
    measurement = steering.MeasurementFactory(indicator=indicator)
    ids = {
        "org_id": org.pk,
        "unit_id": unit.pk,
        "person_id": person.pk,
        "mission_id": mission.pk,
        "workshop_id": workshop.pk,
        "plan_axis_id": objective.axis_id,
        "objective_id": objective.pk,
        "action_id": action.pk,
        "indicator_id": indicator.pk,
        "measurement_id": measurement.pk,
    }
    return ids, bearer(owner)["HTTP_AUTHORIZATION"]


def _in_order(operations: list) -> list:
    """Deletes after every other operation, the most nested first and, among equals, the
    later ones of the schema first (a measurement before its indicator, an objective before
    its axis): deleting a parent would leave the routes below it only 404s to answer."""

    def key(indexed):
        index, operation = indexed
        if operation.method.lower() != "delete":
            return (0, 0, index)
        return (1, -operation.path.count("/"), -index)

    return [operation for _index, operation in sorted(enumerate(operations), key=key)]


@pytest.mark.parametrize("mode", list(EXAMPLES))
def test_api_conforms_to_its_schema(world, wsgi_app, mode):
    ids, authorization = world
    schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
    app = wsgi_app
    operations = _in_order([result.ok() for result in schema.get_all_operations()])
    assert len(operations) >= 40
    answers: dict[str, set[int]] = {}

    for operation in operations:
        names = {p.name for p in operation.path_parameters}
        strategy = operation.as_strategy(
            mode, path_parameters={k: v for k, v in ids.items() if k in names}
        )

        @given(case=strategy)
        @settings(
            max_examples=EXAMPLES[mode],
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        def check(case):
            response = case.call(app=app, headers={"Authorization": authorization})
            answers.setdefault(case.operation.label, set()).add(response.status_code)
            case.validate_response(response, checks=CHECKS)

        check()
    # Each operation reached its handler at least once (not only "not found").
    assert [label for label, statuses in answers.items() if statuses == {404}] == []
