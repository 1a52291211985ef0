"""Long plans: the board, the matrix and the axes tree show the first actions with counts and
load the rest on demand (htmx), keeping the filters; their query count does not grow with
the plan; a bad request for more gets a 404, not an error."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from liant.core.tenancy import Role
from liant.core.testing import MissionFactory, PersonFactory, make_actor
from liant.steering import services_plan as svc
from liant.steering.matrix import CELL_CARDS
from liant.steering.models import Action
from liant.steering.selectors_plan import BOARD_COLUMN_SIZE, TREE_INLINE_LIMIT

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def mission():
    return MissionFactory(title="Mission Brest")


@pytest.fixture
def consultant(mission):
    return make_actor(mission.workspace, Role.CONSULTANT)


@pytest.fixture
def plan(consultant, mission):
    return svc.get_or_create_plan(consultant, mission)


@pytest.fixture
def objective(consultant, plan):
    axis = svc.create_axis(consultant, plan, title="Organisation")
    return svc.create_objective(consultant, axis, title="Clarifier les rôles", target="100 %")


def add_actions(plan, count, start=0, **fields):
    """``count`` actions at once, due one day apart, titled "Action <n>"."""
    owner = fields.pop("owner", None) or PersonFactory(organization=plan.mission.organization)
    Action.objects.bulk_create(
        Action(
            workspace=plan.workspace,
            plan=plan,
            title=f"Action {n:03d}",
            owner=owner,
            due_date=D(2026, 1, 1) + datetime.timedelta(days=n),
            position=n,
            **fields,
        )  # fmt: skip
        for n in range(start, start + count)
    )


def url(name, mission, *args):
    return reverse(f"steering:{name}", args=[mission.pk, *args])


def titles(body: str) -> list[str]:
    return re.findall(r"Action \d{3}", body)


def test_board_shows_a_column_of_cards_then_more_with_the_filters(
    client, consultant, mission, plan, objective
):
    add_actions(plan, BOARD_COLUMN_SIZE + 5, objective=objective)
    add_actions(plan, 3, start=100)  # no objective: filtered out below
    client.force_login(consultant.user)
    body = client.get(url("board", mission), {"axis": objective.axis_id}).content.decode()
    assert len(titles(body)) == BOARD_COLUMN_SIZE
    assert "Afficher plus (5 restantes)" in body
    more = re.search(r'hx-get="([^"]+)"', body).group(1).replace("&amp;", "&")
    assert f"axis={objective.axis_id}" in more and "column=todo" in more
    rest = client.get(more).content.decode()
    assert titles(rest) == [f"Action {n:03d}" for n in range(BOARD_COLUMN_SIZE, 25)]
    assert "hx-get" not in rest and "autofocus" in rest  # the last of them; focus moves on
    # Beyond the end: nothing; a column that does not exist: 404.
    past = client.get(url("board_more", mission), {"column": "todo", "offset": "900"})
    assert titles(past.content.decode()) == []
    bad = client.get(url("board_more", mission), {"column": "<script>", "offset": "x"})
    assert bad.status_code == 404


def test_matrix_counts_every_cell_and_loads_the_rest(client, consultant, mission, plan):
    add_actions(plan, CELL_CARDS + 2, impact=5, effort=1)
    add_actions(plan, 3, start=50)  # not placed
    add_actions(plan, 1, start=60, impact=2, effort=4, status=Action.Status.CANCELLED)
    client.force_login(consultant.user)
    body = client.get(url("matrix", mission)).content.decode()
    cell = body.split('data-impact="5" data-effort="1"')[1].split('role="cell"')[0]
    assert '<span class="sp-cell-count"' in cell and f">{CELL_CARDS + 2}</span>" in cell
    assert cell.count('class="sp-chip"') == CELL_CARDS and "Afficher 2 de plus" in cell
    assert "Action 060" not in body  # cancelled actions stay off the matrix
    rest = client.get(url("matrix_cell", mission), {"impact": "5", "effort": "1", "offset": "6"})
    assert titles(rest.content.decode()) == ["Action 006", "Action 007"]
    unplaced = client.get(url("matrix_cell", mission), {"impact": "", "effort": "", "offset": "1"})
    assert titles(unplaced.content.decode()) == ["Action 051", "Action 052"]
    # Nonsense scores are read as "not placed", never an error.
    odd = client.get(url("matrix_cell", mission), {"impact": "9", "effort": "x", "offset": "-3"})
    assert odd.status_code == 200 and titles(odd.content.decode())[0] == "Action 050"


def test_keyboard_table_is_paginated_and_placing_comes_back_to_its_page(
    client, consultant, mission, plan
):
    add_actions(plan, 55)
    client.force_login(consultant.user)
    first = client.get(url("matrix", mission)).content.decode()
    assert first.count('class="sp-place-form"') == 50
    second = client.get(url("matrix", mission), {"page": "2"}).content.decode()
    assert second.count('class="sp-place-form"') == 5
    assert 'name="page" value="2"' in second
    action = Action.objects.get(title="Action 052")
    response = client.post(
        url("matrix_place", mission, action.pk), {"impact": "4", "effort": "2", "page": "2"}
    )
    assert response.url.endswith("?page=2#keyboard-title")
    action.refresh_from_db()
    assert (action.impact, action.effort) == (4, 2)
    assert (
        '<option value="4" selected>4</option>'
        in client.get(url("matrix", mission), {"page": "2"}).content.decode()
    )


def test_long_tree_collapses_objectives_and_loads_their_actions(
    client, consultant, mission, plan, objective
):
    add_actions(plan, TREE_INLINE_LIMIT, objective=objective, progress=50)
    add_actions(plan, 2, start=200)  # without an objective
    client.force_login(consultant.user)
    body = client.get(url("plan", mission)).content.decode()
    assert titles(body) == []
    assert f"{TREE_INLINE_LIMIT} actions" in body and "Avancement 50\xa0%" in body
    lazy = url("objective_actions", mission, objective.pk)
    assert f'hx-get="{lazy}"' in body and 'hx-trigger="toggle once"' in body
    first = client.get(lazy).content.decode()
    assert len(titles(first)) == 50 and "Afficher plus (10 restantes)" in first
    second = client.get(lazy, {"page": "2"}).content.decode()
    assert titles(second) == [f"Action {n:03d}" for n in range(50, 60)]
    loose = client.get(url("loose_actions", mission)).content.decode()
    assert titles(loose) == ["Action 200", "Action 201"]


def test_small_tree_shows_its_actions_at_once(client, consultant, mission, plan, objective):
    add_actions(plan, 3, objective=objective)
    client.force_login(consultant.user)
    body = client.get(url("plan", mission)).content.decode()
    assert titles(body) == ["Action 000", "Action 001", "Action 002"]
    assert "hx-trigger" not in body


def test_an_objective_of_another_plan_is_not_found(client, consultant, mission, plan):
    other = MissionFactory(workspace=mission.workspace)
    other_plan = svc.get_or_create_plan(consultant, other)
    axis = svc.create_axis(consultant, other_plan, title="Ailleurs")
    elsewhere = svc.create_objective(consultant, axis, title="Autre", target="—")
    client.force_login(consultant.user)
    assert client.get(url("objective_actions", mission, elsewhere.pk)).status_code == 404


PAGES = [
    ("actions", {}),
    ("actions", {"page": "2", "late": "on"}),
    ("board", {}),
    ("board_more", {"column": "todo", "offset": "20"}),
    ("timeline", {}),
    ("matrix", {}),
    ("matrix_cell", {"impact": "3", "effort": "3", "offset": "6"}),
    ("plan", {}),
    ("loose_actions", {}),
]


@pytest.mark.parametrize("name, query", PAGES)
def test_query_count_does_not_grow_with_the_plan(client, consultant, mission, plan, name, query):
    client.force_login(consultant.user)
    counts = []
    for size in (TREE_INLINE_LIMIT + 40, 300):  # both past the tree's inline limit
        Action.objects.all().delete()
        add_actions(plan, size, impact=3, effort=3, status="todo")
        client.get(url(name, mission), query)  # warm: session, caches
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url(name, mission), query).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
