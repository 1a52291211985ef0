"""The unit tree in a real browser: drag-and-drop, the keyboard path, and a refused move."""

import pytest

from liant.conftest import session_cookie
from liant.core.testing import OrganizationFactory, UnitFactory, make_actor
from liant.orgs.models import Unit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def tree(page, live_server):
    actor = make_actor()
    org = OrganizationFactory(workspace=actor.workspace, name="Ardelis Industrie")
    direction = UnitFactory(organization=org, name="Direction générale", kind="direction")
    for position, name in enumerate(["Comptabilité", "Commercial", "ADV"]):
        UnitFactory(organization=org, name=name, parent=direction, position=position)
    UnitFactory(
        organization=org, name="Paie", kind="team", parent=Unit.objects.get(name="Comptabilité")
    )
    page.context.add_cookies([session_cookie(actor.user, live_server.url)])
    page.goto(f"/organisations/{org.pk}/")
    return org


def row(page, name):
    return page.locator(".og-node-row", has=page.locator(f".og-node-name:text-is('{name}')"))


def test_drag_a_unit_onto_another(page, tree, screenshot):
    screenshot("tree-01-before")
    row(page, "ADV").locator(".og-grip").drag_to(row(page, "Commercial"))
    page.wait_for_load_state("load")
    page.wait_for_function("() => !document.querySelector('.og-dragging')")
    page.wait_for_timeout(300)
    assert Unit.objects.get(name="ADV").parent.name == "Commercial"
    screenshot("tree-02-after-drag")


def test_dragging_a_unit_under_its_own_child_is_refused_with_a_message(page, tree):
    row(page, "Comptabilité").locator(".og-grip").drag_to(row(page, "Paie"))
    status = page.locator(".og-status")
    status.wait_for(state="visible")
    assert "sous-unités" in status.inner_text()
    assert Unit.objects.get(name="Comptabilité").parent.name == "Direction générale"


def test_keyboard_move_and_reorder(page, tree, screenshot):
    page.get_by_label("Déplacer ADV ailleurs").focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("#id_parent")
    page.select_option("#id_parent", label="\u2003Comptabilité")
    screenshot("tree-03-move-form")
    page.focus("#id_parent")
    page.keyboard.press("Tab")  # to the "Move" button
    page.keyboard.press("Enter")
    page.wait_for_selector(".og-tree")
    assert Unit.objects.get(name="ADV").parent.name == "Comptabilité"
    page.get_by_label("Monter Commercial").focus()
    page.keyboard.press("Enter")
    page.wait_for_selector(".og-tree")
    names = list(
        Unit.objects.filter(parent__name="Direction générale").values_list("name", flat=True)
    )
    assert names == ["Commercial", "Comptabilité"]
