"""The plan's pages: every view renders for staff, sponsors read only what governance sees,
bad input shows a clear message and stores nothing, filters, the matrix, the turn-into."""

import datetime

import pytest
from django.urls import reverse

from liant.core.tenancy import Role
from liant.core.testing import MissionFactory, PersonFactory, make_actor
from liant.diagnostic import services_readout
from liant.steering import services_plan as svc
from liant.steering.models import Action, ActionPlan, Axis, Objective
from liant.workshops.models import Card, Cluster, Origin, Vote
from liant.workshops.selectors import get_source
from liant.workshops.services import add_board, create_workshop, join, turn_into

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def mission():
    return MissionFactory(title="Mission Lorient")


@pytest.fixture
def consultant(mission):
    return make_actor(mission.workspace, Role.CONSULTANT)


@pytest.fixture
def sponsor(mission):
    return make_actor(mission.workspace, Role.SPONSOR, organization=mission.organization)


@pytest.fixture
def person(mission):
    return PersonFactory(organization=mission.organization, name="Claire Dubreuil")


@pytest.fixture
def plan(consultant, mission):
    return svc.get_or_create_plan(consultant, mission)


@pytest.fixture
def built(consultant, plan, person):
    axis = svc.create_axis(consultant, plan, title="Outils <script>")
    objective = svc.create_objective(
        consultant, axis, title="Former chacun", target="100 % formés", deadline=D(2026, 9, 1)
    )
    first = svc.create_action(
        consultant, plan, title="Recenser les besoins", objective=objective, owner=person,
        start_date=D(2026, 1, 5), due_date=D(2026, 2, 1), status="done",
    )  # fmt: skip
    second = svc.create_action(
        consultant, plan, title="Former les équipes", objective=objective, owner=person,
        start_date=D(2026, 2, 2), due_date=D(2099, 3, 1), depends_on=[first],
    )  # fmt: skip
    svc.create_milestone(consultant, plan, title="Comité de mars", date=D(2026, 3, 10))
    return {"axis": axis, "objective": objective, "first": first, "second": second}


def url(name, mission, *args):
    return reverse(f"steering:{name}", args=[mission.pk, *args])


PAGES = ["plan", "actions", "board", "timeline", "matrix", "governance", "axis_add",
         "objective_add", "action_add", "body_add", "decision_add", "milestone_add",
         "matrix_import"]  # fmt: skip


@pytest.mark.parametrize("name", PAGES)
def test_every_page_renders_for_staff(client, consultant, mission, built, name):
    client.force_login(consultant.user)
    response = client.get(url(name, mission))
    assert response.status_code == 200
    body = response.content.decode()
    assert "<script>" not in body.replace("<script src", "")


def test_pages_of_one_action(client, consultant, mission, built):
    client.force_login(consultant.user)
    action = built["second"]
    body = client.get(url("action", mission, action.pk)).content.decode()
    assert "Recenser les besoins" in body  # its dependency
    assert "Claire Dubreuil" in body
    for name in ("action_edit", "action_delete"):
        assert client.get(url(name, mission, action.pk)).status_code == 200


def test_plan_page_shows_the_tree_escaped(client, consultant, mission, built):
    client.force_login(consultant.user)
    body = client.get(url("plan", mission)).content.decode()
    assert "Outils &lt;script&gt;" in body
    assert "Former chacun" in body and "100 % formés" in body
    assert "1 / 2" in body


def test_axes_from_the_readout(client, consultant, mission, plan):
    readout = services_readout.ensure_readout(consultant, mission)
    client.force_login(consultant.user)
    body = client.get(url("plan", mission)).content.decode()
    assert "Take these axes" in body or "Reprendre ces axes" in body
    first = readout.axes.first()
    client.post(url("axis_import", mission), {"axis": [first.pk]})
    assert list(Axis.objects.values_list("readout_axis", flat=True)) == [first.pk]


def test_bad_dates_show_a_message_and_store_nothing(client, consultant, mission, plan):
    client.force_login(consultant.user)
    response = client.post(
        url("action_add", mission),
        {"title": "X", "start_date": "2026-05-02", "due_date": "2026-05-01",
         "priority": "2", "status": "todo", "progress": "0"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "L’échéance ne peut pas précéder la date de début." in response.content.decode()
    assert not Action.objects.exists()


def test_a_cycle_shows_a_message_and_stores_nothing(client, consultant, mission, built):
    client.force_login(consultant.user)
    first, second = built["first"], built["second"]
    response = client.post(
        url("action_edit", mission, first.pk),
        {"title": first.title, "priority": "2", "status": "done", "progress": "100",
         "depends_on": [second.pk]},
    )  # fmt: skip
    assert response.status_code == 200
    assert "cycle" in response.content.decode()
    assert not first.depends_on.exists()


def test_progress_over_100_is_refused(client, consultant, mission, built):
    client.force_login(consultant.user)
    action = built["second"]
    client.post(
        url("action_progress", mission, action.pk), {"status": "in_progress", "progress": "150"}
    )
    action.refresh_from_db()
    assert action.progress == 0


def test_filters(client, consultant, mission, built, person):
    client.force_login(consultant.user)
    other = svc.create_action(consultant, built["axis"].plan, title="Sans axe ni date")
    late = client.get(url("actions", mission), {"late": "on"}).content.decode()
    assert "Former les équipes" not in late and "Recenser" not in late
    done = client.get(url("actions", mission), {"status": "done"}).content.decode()
    assert "Recenser les besoins" in done and "Former les équipes" not in done
    by_axis = client.get(url("actions", mission), {"axis": built["axis"].pk}).content.decode()
    assert other.title not in by_axis and "Former les équipes" in by_axis
    by_owner = client.get(url("board", mission), {"owner": person.pk}).content.decode()
    assert other.title not in by_owner and "Former les équipes" in by_owner
    # A bad filter value is dropped, not an error.
    assert client.get(url("actions", mission), {"axis": "abc"}).status_code == 200


def test_late_filter_finds_a_late_action(client, consultant, mission, built, person):
    client.force_login(consultant.user)
    svc.create_action(consultant, built["axis"].plan, title="En retard", due_date=D(2020, 1, 1))
    body = client.get(url("timeline", mission), {"late": "on"}).content.decode()
    assert "En retard" in body and "Former les équipes" not in body


def test_timeline_draws_bars_and_milestones(client, consultant, mission, built):
    client.force_login(consultant.user)
    body = client.get(url("timeline", mission)).content.decode()
    assert "Comité de mars" in body
    assert body.count('class="mx-tl-planned"') == 2
    assert "sp-tl-diamond" in body


def test_sponsor_sees_nothing_of_a_draft_then_reads_and_validates(
    client, consultant, sponsor, mission, built
):
    client.force_login(sponsor.user)
    assert client.get(url("plan", mission)).status_code == 404
    svc.submit_plan(consultant, built["axis"].plan)
    assert client.get(url("plan", mission)).status_code == 200
    assert client.get(url("timeline", mission)).status_code == 200
    assert client.get(url("action_add", mission)).status_code == 403
    response = client.post(url("plan_validate", mission), {"note": "OK"})
    assert response.status_code == 302
    assert ActionPlan.objects.get().status == "validated"


def test_consultant_cannot_validate(client, consultant, mission, built):
    svc.submit_plan(consultant, built["axis"].plan)
    client.force_login(consultant.user)
    assert client.post(url("plan_validate", mission)).status_code == 403
    assert ActionPlan.objects.get().status == "submitted"


def test_submit_without_owners_shows_why(client, consultant, mission, plan):
    svc.create_action(consultant, plan, title="Orpheline")
    client.force_login(consultant.user)
    response = client.post(url("plan_submit", mission), follow=True)
    assert "n’a pas encore de responsable" in response.content.decode()
    assert ActionPlan.objects.get().status == "draft"


def test_locked_plan_refuses_edits_with_a_message(client, consultant, mission, built):
    svc.submit_plan(consultant, built["axis"].plan)
    client.force_login(consultant.user)
    response = client.post(url("axis_add", mission), {"title": "Nouvel axe"})
    assert response.status_code == 200
    assert "verrouillée" in response.content.decode()
    assert Axis.objects.count() == 1


def test_matrix_place_by_form_and_by_fetch(client, consultant, mission, built):
    client.force_login(consultant.user)
    action = built["second"]
    client.post(url("matrix_place", mission, action.pk), {"impact": "5", "effort": "2"})
    action.refresh_from_db()
    assert (action.impact, action.effort) == (5, 2)
    response = client.post(
        url("matrix_place", mission, action.pk),
        {"impact": "9", "effort": "2"},
        headers={"X-Requested-With": "fetch"},
    )
    assert response.status_code == 400
    action.refresh_from_db()
    assert action.impact == 5
    body = client.get(url("matrix", mission)).content.decode()
    assert f'id="action-{action.pk}"' in body


def test_decision_log(client, consultant, mission, built):
    client.force_login(consultant.user)
    response = client.post(
        url("decision_add", mission),
        {"date": "2026-03-10", "title": "Budget formation accordé", "decided_by": "DG",
         "actions": [built["second"].pk]},
    )  # fmt: skip
    assert response.status_code == 302
    body = client.get(url("governance", mission)).content.decode()
    assert "Budget formation accordé" in body
    detail = client.get(url("action", mission, built["second"].pk)).content.decode()
    assert "Budget formation accordé" in detail
    missing = client.post(url("decision_add", mission), {"title": "Sans date"})
    assert "Indiquez la date de la décision." in missing.content.decode()


def _workshop_with_votes(consultant, mission):
    workshop = create_workshop(consultant, title="Atelier outils", mission=mission)
    board = add_board(consultant, workshop, title="Irritants", prompts=["Qu'est-ce qui gêne ?"])
    column = board.columns.get()
    voters = [join(workshop, pseudonym=f"P{i}") for i in range(4)]
    cluster = Cluster.objects.create(workspace=mission.workspace, board=board, title="Outils")
    card = Card.objects.create(
        workspace=mission.workspace, board=board, column=column, author=voters[0],
        text="Pas de formation", cluster=cluster,
    )  # fmt: skip
    lone = Card.objects.create(
        workspace=mission.workspace, board=board, column=column, author=voters[1],
        text="Réunions trop longues",
    )  # fmt: skip
    for voter in voters:
        Vote.objects.create(
            workspace=mission.workspace, board=board, participant=voter, cluster=cluster
        )
    Vote.objects.create(workspace=mission.workspace, board=board, participant=voters[0], card=lone)
    return workshop, board, cluster, card, lone


def test_turn_a_cluster_into_an_action(client, consultant, mission, plan, person):
    workshop, board, cluster, card, lone = _workshop_with_votes(consultant, mission)
    source = get_source(workshop, "cluster", cluster.pk)
    action, link = turn_into(
        consultant, "steering.action", source, {"title": "Former aux outils", "owner": person}
    )
    assert action.plan == plan and link == url("action", mission, action.pk)
    client.force_login(consultant.user)
    body = client.get(link).content.decode()
    assert "Outils" in body and "Atelier outils" in body


def test_turn_into_page_offers_the_action(client, consultant, mission, plan):
    workshop, board, cluster, card, lone = _workshop_with_votes(consultant, mission)
    client.force_login(consultant.user)
    page = client.get(reverse("workshops:turn_cluster", args=[workshop.pk, cluster.pk]))
    assert page.status_code == 200
    assert "steering.action" in page.content.decode()


def test_import_votes(client, consultant, mission, plan):
    workshop, board, cluster, card, lone = _workshop_with_votes(consultant, mission)
    client.force_login(consultant.user)
    assert "Irritants" in client.get(url("matrix_import", mission)).content.decode()
    client.post(url("matrix_import", mission), {"board": board.pk, "limit": "5"})
    actions = {a.title: a for a in Action.objects.all()}
    assert actions["Outils"].impact == 5
    assert actions["Réunions trop longues"].impact == 2
    assert Origin.objects.filter(target_kind="steering.action").count() == 2
    # A second import updates, and creates nothing new.
    client.post(url("matrix_import", mission), {"board": board.pk, "limit": "5"})
    assert Action.objects.count() == 2


def test_objective_without_target_is_refused(client, consultant, mission, built):
    client.force_login(consultant.user)
    response = client.post(
        url("objective_add", mission), {"axis": built["axis"].pk, "title": "Sans cible"}
    )
    assert "Dites comment l’objectif est mesuré." in response.content.decode()
    assert Objective.objects.count() == 1


def test_mission_page_shows_the_key_figure(client, consultant, mission, built):
    client.force_login(consultant.user)
    body = client.get(reverse("missions:detail", args=[mission.pk])).content.decode()
    assert "1 / 2" in body
