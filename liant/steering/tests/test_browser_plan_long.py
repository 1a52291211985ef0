"""A long plan in a real browser, with the keyboard where it matters: the board's "show more"
brings the next cards and moves the focus to them; a collapsed objective of the axes tree
opens and loads its actions, then more of them; a matrix cell shows its count and its first
cards, loads the others, and one of those is dragged to another cell (both counts follow,
the place is saved). Screenshots in test-artifacts/."""

import datetime

import pytest
from playwright.sync_api import expect

from liant.conftest import session_cookie
from liant.core.tenancy import Role
from liant.core.testing import MissionFactory, PersonFactory, make_actor
from liant.steering import services_plan as svc
from liant.steering.matrix import CELL_CARDS
from liant.steering.models import Action
from liant.steering.selectors_plan import BOARD_COLUMN_SIZE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def long_plan(page, live_server):
    consultant = make_actor(role=Role.CONSULTANT)
    mission = MissionFactory(organization__workspace=consultant.workspace, title="Mission Vannes")
    owner = PersonFactory(organization=mission.organization, name="Olivier Masson")
    plan = svc.get_or_create_plan(consultant, mission)
    axis = svc.create_axis(consultant, plan, title="Organisation du travail")
    objective = svc.create_objective(consultant, axis, title="Clarifier les rôles", target="100 %")
    Action.objects.bulk_create(
        Action(
            workspace=plan.workspace,
            plan=plan,
            objective=objective,
            owner=owner,
            title=f"Action {n:03d}",
            position=n,
            due_date=datetime.date(2026, 3, 1),
            impact=5 if n < CELL_CARDS + 2 else None,
            effort=1 if n < CELL_CARDS + 2 else None,
        )  # fmt: skip
        for n in range(70)
    )
    page.context.add_cookies([session_cookie(consultant.user, live_server.url)])
    return mission


def test_board_tree_and_matrix_show_more_on_demand(page, long_plan, screenshot):
    base = f"/missions/{long_plan.pk}/plan"
    page.set_default_timeout(30_000)  # a shared, loaded machine

    # Board: the "to do" column shows its first cards; "show more" with the keyboard.
    page.goto(f"{base}/actions/board/")
    todo = page.locator(".sp-column-todo")
    expect(todo.locator(".sp-card")).to_have_count(BOARD_COLUMN_SIZE)
    expect(todo.locator(".sp-count")).to_have_text("70")
    more = todo.get_by_role("link", name="Afficher plus (50 restantes)")
    more.focus()
    page.keyboard.press("Enter")
    expect(todo.locator(".sp-card")).to_have_count(2 * BOARD_COLUMN_SIZE)
    expect(todo.locator(".sp-card a").nth(BOARD_COLUMN_SIZE)).to_be_focused()
    expect(todo.get_by_role("link", name="Afficher plus (30 restantes)")).to_be_visible()
    screenshot("plan-long-board")

    # Axes tree: the objective is collapsed with its count; it opens from the keyboard.
    page.goto(f"{base}/")
    summary = page.locator(".sp-lazy summary")
    expect(summary).to_have_text("70 actions")
    expect(page.locator(".sp-action-row")).to_have_count(0)
    summary.focus()
    page.keyboard.press("Enter")
    expect(page.locator(".sp-action-row")).to_have_count(50)
    page.get_by_role("button", name="Afficher plus (20 restantes)").press("Enter")
    expect(page.locator(".sp-action-row")).to_have_count(70)
    expect(page.locator(".sp-action-row a").nth(50)).to_be_focused()
    screenshot("plan-long-tree")

    # Matrix: the cell counts 8, shows 6 chips, loads the 2 others; one of them is dragged.
    page.set_viewport_size({"width": 1280, "height": 1500})
    page.goto(f"{base}/matrix/")
    cell = page.locator('.sp-cell[data-impact="5"][data-effort="1"]')
    expect(cell.locator(".sp-cell-count")).to_have_text(str(CELL_CARDS + 2))
    expect(cell.locator(".sp-chip")).to_have_count(CELL_CARDS)
    cell.get_by_role("button", name="Afficher 2 de plus").click()
    expect(cell.locator(".sp-chip")).to_have_count(CELL_CARDS + 2)
    late_chip = cell.locator(".sp-chip", has_text="Action 007")
    target = page.locator('.sp-cell[data-impact="4"][data-effort="2"]')
    late_chip.drag_to(target)
    expect(target.locator(".sp-chip", has_text="Action 007")).to_have_count(1)
    expect(target.locator(".sp-cell-count")).to_have_text("1")
    expect(cell.locator(".sp-cell-count")).to_have_text(str(CELL_CARDS + 1))
    expect(page.locator("#matrix-status")).to_contain_text("Impact 4, effort 2")
    moved = Action.objects.get(title="Action 007")
    assert (moved.impact, moved.effort) == (4, 2)
    # The keyboard table pages through the plan, 50 actions at a time.
    expect(page.locator(".sp-place-form")).to_have_count(50)
    page.locator(".pagination").get_by_role("link", name="Suivant").click()
    expect(page.locator(".sp-place-form")).to_have_count(20)
    screenshot("plan-long-matrix")
