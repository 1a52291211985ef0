"""The API's isolation matrix: a token of workspace A, whatever its role, reaches nothing of
workspace B through any route of the OpenAPI schema — B's ids in the path give 403/404, B's
ids in a body or a filter are refused or find nothing, B's texts never appear, B's rows stay
unchanged, and no row ends up pointing at another workspace."""

import re

import pytest

from liant.api.api import api
from liant.api.tokens import create_token
from liant.core.tests.test_isolation import (
    MARK,
    build_world,
    cross_workspace_links,
    fingerprint,
)

PATH_OBJECTS = {
    "org_id": "organization",
    "unit_id": "unit",
    "person_id": "person",
    "mission_id": "mission",
    "workshop_id": "workshop",
    "plan_axis_id": "plan_axis",
    "objective_id": "objective",
    "action_id": "action",
    "indicator_id": "indicator",
    "measurement_id": "measurement",
}


def hostile_body(b) -> dict:
    """A body whose every reference points at B."""
    return {
        "name": "Intrus",
        "title": "Intrus",
        "start_date": "2026-05-04",
        "organization_id": b["organization"].pk,
        "parent_id": b["parent_unit"].pk,
        "unit_id": b["unit"].pk,
        "mission_id": b["mission"].pk,
        "phase_id": b["phase"].pk,
        "template_id": b["template"].pk,
        "consultant_ids": [b["owner"].user.pk],
        "unit_ids": [b["unit"].pk],
        "plan_axis_id": b["plan_axis"].pk,
        "objective_id": b["objective"].pk,
        "owner_id": b["person"].pk,
        "contributor_ids": [b["person"].pk],
        "milestone_id": b["milestone"].pk,
        "depends_on_ids": [b["action"].pk],
        "target": "80",  # an objective's words, an indicator's number
        "date": "2026-05-04",
        "value": 1,
    }


def hostile_filters(b) -> dict:
    return {
        "organization_id": b["organization"].pk,
        "mission_id": b["mission"].pk,
        "unit_id": b["unit"].pk,
        "search": MARK,
    }


def routes():
    """(method, path template, path parameter names) of every operation of the schema."""
    for path, operations in api.get_openapi_schema()["paths"].items():
        for method in operations:
            yield method, path, re.findall(r"{(\w+)}", path)


def variants(path: str, params: list[str], a, b):
    """All-B ids, then each id B with the others A (a nested route's parent check)."""
    fill = lambda world_of: path.format(  # noqa: E731
        **{p: world_of(p)[PATH_OBJECTS[p]].pk for p in params}
    )
    yield fill(lambda p: b)
    if len(params) > 1:
        for victim in params:
            yield fill(lambda p, victim=victim: b if p == victim else a)


@pytest.fixture
def worlds(db, settings):
    settings.LIANT_API_RATE = "100000/m"
    return build_world("Alpha"), build_world(MARK)


def test_every_path_parameter_is_known():
    for _method, _path, params in routes():
        assert set(params) <= PATH_OBJECTS.keys()


@pytest.mark.parametrize("role", ["owner", "consultant", "sponsor"])
def test_no_token_of_a_reaches_anything_of_b(client, worlds, role):
    a, b = worlds
    before = fingerprint(b["workspace"])
    _token, key = create_token(a[role], name="Matrice")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    checked = 0
    for method, path, params in routes():
        urls = list(variants(path, params, a, b)) if params else [path]
        for url in urls:
            if method in ("post", "patch"):
                response = getattr(client, method)(
                    url, hostile_body(b), content_type="application/json", **auth
                )
            elif method == "get" and not params:
                response = client.get(url, hostile_filters(b), **auth)
            else:
                response = getattr(client, method)(url, **auth)
            body = response.content.decode()
            where = f"{role} {method.upper()} {url} → {response.status_code}"
            assert MARK not in body, f"{where} shows data of B"
            if params:
                assert response.status_code in (403, 404), where
            elif method == "get":
                assert response.status_code in (200, 403), where
                if response.status_code == 200:
                    assert response.json()["items"] == [], where
            elif path == "/api/v1/organizations":  # no reference: created in A
                assert response.status_code in (201, 403), where
            else:  # a create whose references are all B's: refused
                assert response.status_code in (403, 422), where
            checked += 1
    assert checked >= 80
    assert fingerprint(b["workspace"]) == before, "B's data changed"
    assert cross_workspace_links() == []


def test_sponsor_reads_only_their_organisation_and_writes_nothing(client, worlds):
    a, _b = worlds
    _token, key = create_token(a["sponsor"], name="Sponsor")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    org = a["organization"]
    listed = client.get("/api/v1/organizations", **auth).json()
    assert [item["id"] for item in listed["items"]] == [org.pk]
    assert client.get(f"/api/v1/organizations/{org.pk}/people", **auth).status_code == 200
    assert client.get("/api/v1/missions", **auth).json()["count"] == 1
    assert client.get("/api/v1/workshops", **auth).status_code == 403
    mission = f"/api/v1/missions/{a['mission'].pk}"
    # The plan is a draft: the consultants' work, not shown to the sponsor yet.
    assert client.get(f"{mission}/actions", **auth).json()["items"] == []
    assert client.get(f"{mission}/actions/{a['action'].pk}", **auth).status_code == 404
    assert client.get(f"{mission}/indicators", **auth).status_code == 403
    before = fingerprint(a["workspace"])
    for method, url, data in [
        ("post", "/api/v1/organizations", {"name": "Nouvelle"}),
        ("patch", f"/api/v1/organizations/{org.pk}", {"name": "Renommée"}),
        ("delete", f"/api/v1/organizations/{org.pk}", None),
        ("post", f"/api/v1/organizations/{org.pk}/units", {"name": "Unité"}),
        ("post", f"/api/v1/organizations/{org.pk}/people", {"name": "Personne"}),
        ("patch", f"/api/v1/missions/{a['mission'].pk}", {"title": "Autre"}),
        ("delete", f"/api/v1/missions/{a['mission'].pk}", None),
        ("post", f"{mission}/axes", {"title": "Axe"}),
        ("patch", f"{mission}/axes/{a['plan_axis'].pk}", {"title": "Axe"}),
        ("delete", f"{mission}/objectives/{a['objective'].pk}", None),
        ("post", f"{mission}/actions", {"title": "Action"}),
        ("patch", f"{mission}/actions/{a['action'].pk}", {"status": "done"}),
        ("delete", f"{mission}/actions/{a['action'].pk}", None),
        ("post", f"{mission}/indicators", {"name": "Indicateur"}),
        ("patch", f"{mission}/indicators/{a['indicator'].pk}", {"name": "Autre"}),
        (
            "post",
            f"{mission}/indicators/{a['indicator'].pk}/measurements",
            {"date": "2026-05-04", "value": 50},
        ),
        (
            "delete",
            f"{mission}/indicators/{a['indicator'].pk}/measurements/{a['measurement'].pk}",
            None,
        ),
    ]:
        kwargs = {"content_type": "application/json"} if data is not None else {}
        response = getattr(client, method)(url, data, **kwargs, **auth)
        assert response.status_code == 403, f"{method} {url} → {response.status_code}"
    assert fingerprint(a["workspace"]) == before


def test_b_references_in_bodies_sent_to_a_paths_are_refused(client, worlds):
    """Each write on A's own objects, with every reference of the body pointing at B: no row
    of A ends up linked to B, B is unchanged and none of B's texts comes back."""
    a, b = worlds
    before = fingerprint(b["workspace"])
    _token, key = create_token(a["owner"], name="Matrice")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    for method, path, params in routes():
        if method not in ("post", "patch") or not params:
            continue
        url = path.format(**{p: a[PATH_OBJECTS[p]].pk for p in params})
        response = getattr(client, method)(
            url, hostile_body(b), content_type="application/json", **auth
        )
        where = f"{method.upper()} {url} → {response.status_code}"
        assert response.status_code < 500, where
        assert MARK not in response.content.decode(), f"{where} shows data of B"
        resource = re.sub(r"/\{\w+\}", "", path).rsplit("/", 1)[-1]
        if resource in ("objectives", "actions", "indicators"):
            assert response.status_code == 422, where  # their bodies name B's objects
    assert fingerprint(b["workspace"]) == before, "B's data changed"
    assert cross_workspace_links() == []
