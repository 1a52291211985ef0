"""The API's routes as a client sees them: reads, writes through the services, filters,
pagination, errors and the rate limit."""

import datetime

import pytest

from liant.core.models import AuditEntry
from liant.core.testing import OrganizationFactory, PersonFactory, UnitFactory
from liant.missions.models import Mission
from liant.missions.services import create_mission
from liant.orgs.models import Person

pytestmark = pytest.mark.django_db
API = "/api/v1"


def test_organisation_life_cycle_goes_through_the_services(api_client, workspace):
    response = api_client(
        "post", "/organizations", {"name": "  Mairie de Lyon ", "sector": "Public"}
    )
    assert response.status_code == 201
    org = response.json()
    assert org["name"] == "Mairie de Lyon" and org["people_count"] == 0
    assert AuditEntry.objects.filter(action="organization.create").count() == 1

    response = api_client("patch", f"/organizations/{org['id']}", {"description": "Ville"})
    assert response.json()["description"] == "Ville" and response.json()["sector"] == "Public"

    listed = api_client("get", "/organizations", {"search": "lyon"}).json()
    assert listed["count"] == 1 and listed["items"][0]["id"] == org["id"]
    assert api_client("get", "/organizations", {"search": "nantes"}).json()["count"] == 0

    assert api_client("delete", f"/organizations/{org['id']}").status_code == 204
    assert api_client("get", f"/organizations/{org['id']}").status_code == 404


def test_service_validation_errors_become_422_with_field_messages(api_client, organization):
    PersonFactory(organization=organization, email="anne@example.org")
    response = api_client(
        "post", f"/organizations/{organization.pk}/people",
        {"name": "Anne bis", "email": "ANNE@example.org"},
    )  # fmt: skip
    assert response.status_code == 422
    assert response.json()["detail"] == [
        {
            "loc": ["body", "email"],
            "msg": "Quelqu’un dans cette organisation a déjà cette adresse e-mail.",
            "type": "validation_error",
        }
    ]
    assert Person.objects.count() == 1
    response = api_client("patch", f"/organizations/{organization.pk}", {"name": "   "})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "name"]


def test_units_and_people_with_filters_and_pagination(api_client, organization):
    top = api_client("post", f"/organizations/{organization.pk}/units", {"name": "Direction"})
    assert top.status_code == 201
    child = api_client(
        "post", f"/organizations/{organization.pk}/units",
        {"name": "Service RH", "kind": "service", "parent_id": top.json()["id"]},
    ).json()  # fmt: skip
    assert child["parent_id"] == top.json()["id"]
    units = api_client("get", f"/organizations/{organization.pk}/units").json()["items"]
    assert [u["name"] for u in units] == ["Direction", "Service RH"]

    moved = api_client(
        "patch", f"/organizations/{organization.pk}/units/{child['id']}", {"parent_id": None}
    )
    assert moved.json()["parent_id"] is None

    for i in range(5):
        PersonFactory(organization=organization, name=f"Agent {i}", unit_id=child["id"])
    PersonFactory(organization=organization, name="Sans unité")
    path = f"/organizations/{organization.pk}/people"
    page = api_client("get", path, {"unit_id": child["id"], "limit": 2, "offset": 2}).json()
    assert page["count"] == 5 and [p["name"] for p in page["items"]] == ["Agent 2", "Agent 3"]
    assert api_client("get", path, {"search": "sans"}).json()["count"] == 1
    assert api_client("get", path, {"limit": 0}).status_code == 422


def test_missions_filtered_by_organisation_and_status(api_client, owner, organization):
    other = OrganizationFactory(workspace=organization.workspace)
    unit = UnitFactory(organization=organization)
    response = api_client(
        "post", "/missions",
        {"organization_id": organization.pk, "title": "Cohésion", "start_date": "2026-03-02",
         "consultant_ids": [owner.user.pk], "unit_ids": [unit.pk]},
    )  # fmt: skip
    assert response.status_code == 201
    mission = response.json()
    assert mission["consultant_ids"] == [owner.user.pk] and mission["unit_ids"] == [unit.pk]
    create_mission(owner, organization=other, title="Autre", start_date=datetime.date(2026, 1, 5))

    found = api_client("get", "/missions", {"organization_id": organization.pk}).json()
    assert [m["title"] for m in found["items"]] == ["Cohésion"]
    api_client("patch", f"/missions/{mission['id']}", {"status": "active"})
    assert Mission.objects.get(pk=mission["id"]).status == "active"
    assert api_client("get", "/missions", {"status": "active"}).json()["count"] == 1
    assert api_client("get", "/missions", {"status": "nope"}).status_code == 422

    response = api_client(
        "post", "/missions",
        {"organization_id": organization.pk, "title": "X", "start_date": "2026-03-02",
         "unit_ids": [UnitFactory(organization=other).pk]},
    )  # fmt: skip
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "unit_ids"]


def test_workshops_created_in_a_mission(api_client, owner, organization):
    mission = create_mission(
        owner, organization=organization, title="M", start_date=datetime.date(2026, 3, 2)
    )
    response = api_client(
        "post", "/workshops",
        {"title": "Séminaire", "mission_id": mission.pk, "place": "Salle 2",
         "starts_at": "2026-04-01T09:00:00+02:00", "ends_at": "2026-04-01T08:00:00+02:00"},
    )  # fmt: skip
    assert response.status_code == 422  # ends before it starts
    assert response.json()["detail"][0]["loc"] == ["body", "ends_at"]
    response = api_client("post", "/workshops", {"title": "Séminaire", "mission_id": mission.pk})
    assert response.status_code == 201
    workshop = response.json()
    assert workshop["organization_id"] == organization.pk and len(workshop["code"]) > 3
    response = api_client("patch", f"/workshops/{workshop['id']}", {"place": "Salle 3"})
    assert response.json()["place"] == "Salle 3" and response.json()["title"] == "Séminaire"
    listed = api_client("get", "/workshops", {"mission_id": mission.pk}).json()
    assert listed["count"] == 1


def test_rate_limit_per_token(api_client, settings):
    settings.LIANT_API_RATE = "3/m"
    statuses = [api_client("get", "/organizations").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = api_client("get", "/organizations")
    assert int(response["Retry-After"]) > 0
    assert response.json() == {"detail": "Trop de requêtes\u00a0; ralentissez, s’il vous plaît."}


def test_a_nul_character_is_refused_not_a_server_error(api_client):
    response = api_client("post", "/organizations", {"name": "Mairie\x00"})
    assert response.status_code == 422
    assert api_client("get", "/organizations", {"search": "a\x00b"}).status_code == 200


def test_writes_need_no_csrf_token_only_the_bearer(owner, bearer):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post(
        f"{API}/organizations", {"name": "Mairie"}, content_type="application/json",
        **bearer(owner),
    )  # fmt: skip
    assert response.status_code == 201
