"""The isolation matrix restricted to the track part's URLs (the whole matrix,
``liant/core/tests/test_isolation.py``, covers them too; this one runs without the other
parts' URL arguments and pins down the portal's visibility)."""

import itertools

import pytest
from django.urls import reverse

from liant.core.tests import test_isolation as matrix

TRACK_URLS = {
    "steering_home", "review_add", "review", "review_edit", "review_agenda", "review_minutes",
    "review_decision_add", "review_action_add", "review_obstacle_add", "review_delete",
    "obstacles", "obstacle_add", "obstacle_edit", "obstacle_resolve", "obstacle_reopen",
    "obstacle_delete", "indicator_add", "indicator", "indicator_edit", "indicator_delete",
    "indicator_chart", "measurement_add", "indicator_compute", "measurement_delete", "impact",
    "portal", "update_add", "update_edit", "update_publish", "update_delete",
}  # fmt: skip


def track_patterns():
    for name, kwargs, namespace in matrix.walk():
        short = name.split(":", 1)[-1]
        if (namespace == "steering" and short in TRACK_URLS) or namespace == "calendar":
            yield name, kwargs, namespace


def test_every_track_url_is_in_the_matrix():
    names = {name.split(":", 1)[-1] for name, _k, ns in track_patterns() if ns == "steering"}
    assert names == TRACK_URLS


@pytest.mark.parametrize("role", ["owner", "consultant", "sponsor"])
def test_no_role_of_a_reaches_the_track_objects_of_b(client, worlds, role):
    a, b = worlds
    before = matrix.fingerprint(b["workspace"])
    client.force_login(a[role].user)
    checked = 0
    for name, kwargs, namespace in track_patterns():
        if name in matrix.EXEMPT:
            continue
        if kwargs:
            urls = list(matrix.url_variants(name, namespace, kwargs, a, b))
        else:
            urls = [reverse(name)]
        for url, method in itertools.product(urls, ["get", "post"]):
            data = matrix.hostile_post_data(b) if method == "post" else {}
            response = getattr(client, method)(url, data)
            body = response.content.decode(errors="replace")
            assert matrix.MARK not in body, f"{role} {method.upper()} {url} shows data of B"
            if kwargs:
                assert response.status_code in (403, 404), (
                    f"{role} {method.upper()} {url} → {response.status_code}"
                )
            else:
                assert response.status_code < 500
            checked += 1
    assert checked > 60
    assert matrix.fingerprint(b["workspace"]) == before, "B's data changed"
    assert matrix.cross_workspace_links() == []


@pytest.fixture
def worlds(db):
    return matrix.build_world("Alpha"), matrix.build_world(matrix.MARK)
