"""Preparing a workshop: details, agenda (order, timing), boards from methods."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from liant.core.models import AuditEntry
from liant.core.tenancy import Role
from liant.core.testing import (
    MissionFactory,
    PersonFactory,
    PhaseFactory,
    WorkspaceFactory,
    make_actor,
)
from liant.workshops import selectors, services
from liant.workshops.models import Activity, Board, Method, Workshop

pytestmark = pytest.mark.django_db

NINE = timezone.make_aware(datetime.datetime(2026, 3, 2, 9, 0))


@pytest.fixture
def workshop(owner):
    return services.create_workshop(
        owner, title="Séminaire", starts_at=NINE, ends_at=NINE + datetime.timedelta(hours=2)
    )


def add(actor, workshop, title, minutes=30, **values):
    return services.add_activity(actor, workshop, title=title, duration_minutes=minutes, **values)


def titles(workshop):
    return [a.title for a in workshop.activities.all()]


# --- Workshop details


def test_details_link_a_phase_and_people_of_the_mission(owner):
    mission = MissionFactory(organization__workspace=owner.workspace)
    phase = PhaseFactory(mission=mission)
    ana = PersonFactory(organization=mission.organization, name="Ana")
    workshop = services.create_workshop(
        owner, title="Atelier", mission=mission, phase=phase, expected_people=[ana]
    )
    assert workshop.phase == phase and list(workshop.expected_people.all()) == [ana]
    services.update_workshop(
        owner, workshop, title="Atelier 2", mission=mission, phase=None, expected_people=[],
        expected_headcount=25, starts_at=NINE, ends_at=NINE + datetime.timedelta(hours=3),
    )  # fmt: skip
    workshop.refresh_from_db()
    assert workshop.title == "Atelier 2" and workshop.phase is None
    assert workshop.expected_headcount == 25 and not workshop.expected_people.exists()
    entry = AuditEntry.objects.filter(action="workshop.update").get()
    assert entry.changes["title"] == ["Atelier", "Atelier 2"]
    assert entry.changes["expected_people"] == [[ana.pk], []]


def test_details_are_checked(owner):
    mission = MissionFactory(organization__workspace=owner.workspace)
    other_mission = MissionFactory(organization__workspace=owner.workspace)
    stranger = PersonFactory(organization=other_mission.organization)
    workshop = services.create_workshop(owner, title="Atelier", mission=mission)
    bad = [
        ({"starts_at": NINE, "ends_at": NINE}, "ends_at"),
        ({"phase": PhaseFactory(mission=other_mission)}, "phase"),
        ({"expected_people": [stranger]}, "expected_people"),
        ({"mission": None, "expected_people": [stranger]}, "expected_people"),
    ]
    for values, field in bad:
        with pytest.raises(ValidationError) as error:
            services.update_workshop(
                owner, workshop, **({"title": "X", "mission": mission} | values)
            )
        assert field in error.value.error_dict
    workshop.refresh_from_db()
    assert workshop.title == "Atelier"
    foreign = PhaseFactory(mission=MissionFactory())
    with pytest.raises(PermissionDenied):
        services.update_workshop(owner, workshop, title="X", mission=mission, phase=foreign)


def test_edit_page_shows_people_of_the_mission_and_refuses_a_bad_slot(owner_client, owner):
    mission = MissionFactory(organization__workspace=owner.workspace, title="Mission Nord")
    phase = PhaseFactory(mission=mission, name="Diagnostic")
    ana = PersonFactory(organization=mission.organization, name="Ana Martin")
    PersonFactory(organization=MissionFactory(organization__workspace=owner.workspace).organization,
                  name="Hors mission")  # fmt: skip
    workshop = services.create_workshop(owner, title="Atelier", mission=mission)
    url = reverse("workshops:edit", args=[workshop.pk])
    body = owner_client.get(url).content.decode()
    assert (
        "Ana Martin" in body and "Hors mission" not in body and "Mission Nord — Diagnostic" in body
    )
    data = {
        "title": "Atelier de clarification",
        "mission": mission.pk,
        "phase": phase.pk,
        "expected_people": [ana.pk],
        "expected_headcount": 12,
        "starts_at": "2026-03-02T14:00",
        "ends_at": "2026-03-02T13:00",
        "place": "Salle Jaurès",
        "objectives": "Prioriser les axes",
        "dots_per_participant": 3,
    }
    response = owner_client.post(url, data)
    assert "La fin doit suivre le début" in response.content.decode()
    workshop.refresh_from_db()
    assert workshop.title == "Atelier" and workshop.phase is None
    other = MissionFactory(organization__workspace=owner.workspace)
    response = owner_client.post(url, data | {"mission": other.pk, "phase": ""})
    assert "Choisissez des personnes de l’organisation de la mission" in response.content.decode()
    response = owner_client.post(url, data | {"ends_at": "2026-03-02T17:00"})
    assert response.url == reverse("workshops:detail", args=[workshop.pk])
    workshop.refresh_from_db()
    assert workshop.phase == phase and list(workshop.expected_people.all()) == [ana]
    body = owner_client.get(response.url).content.decode()
    for text in (
        "Diagnostic",
        "Ana Martin",
        "12\u00a0personnes attendues",
        "Salle Jaurès",
        "14:00–17:00",
    ):
        assert text in body, text


# --- Agenda: additions, validation, order


def test_activities_are_appended_in_order_and_audited(owner, workshop):
    for title in ("Accueil", "Brainstorm", "Vote"):
        add(owner, workshop, title)
    assert titles(workshop) == ["Accueil", "Brainstorm", "Vote"]
    assert [a.position for a in workshop.activities.all()] == [0, 1, 2]
    assert AuditEntry.objects.filter(action="activity.create").count() == 3


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"title": " "}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"duration_minutes": 0}, "duration_minutes"),
        ({"duration_minutes": 481}, "duration_minutes"),
        ({"duration_minutes": "30"}, "duration_minutes"),
        ({"group_format": "circle"}, "group_format"),
    ],
)
def test_a_bad_activity_is_refused_and_nothing_stored(owner, workshop, values, field):
    with pytest.raises(ValidationError) as error:
        services.add_activity(
            owner, workshop, **({"title": "Accueil", "duration_minutes": 15} | values)
        )
    assert field in error.value.error_dict
    assert not Activity.objects.exists()


def test_tenancy_of_activities_and_methods(owner, workshop, sponsor):
    stranger = make_actor(WorkspaceFactory(), Role.OWNER)
    their_method = services.create_method(
        stranger, name="Secret", purpose="p", steps="s", duration_minutes=10,
        group_format="plenary",
    )  # fmt: skip
    with pytest.raises(PermissionDenied):
        add(owner, workshop, "Volé", method=their_method)
    with pytest.raises(PermissionDenied):
        add(stranger, workshop, "Intrus")
    with pytest.raises(PermissionDenied):
        add(sponsor, workshop, "Sponsor")
    activity = add(owner, workshop, "Accueil")
    with pytest.raises(PermissionDenied):
        services.reorder_activities(stranger, workshop, [activity.pk])
    with pytest.raises(PermissionDenied):
        services.delete_activity(stranger, activity)
    with pytest.raises(PermissionDenied):
        services.update_activity(
            owner, activity, title="X", duration_minutes=5, method=their_method
        )
    assert titles(workshop) == ["Accueil"]


def test_move_up_and_down_stays_within_the_agenda(owner, workshop):
    a, b, c = (add(owner, workshop, t) for t in "ABC")
    services.move_activity(owner, a, -1)  # already first: nothing changes
    assert titles(workshop) == ["A", "B", "C"]
    services.move_activity(owner, c, -1)
    assert titles(workshop) == ["A", "C", "B"]
    services.move_activity(owner, a, +5)
    assert titles(workshop) == ["C", "B", "A"]
    assert [x.position for x in workshop.activities.all()] == [0, 1, 2]


def test_reorder_needs_every_activity_exactly_once(owner, workshop):
    a, b, c = (add(owner, workshop, t) for t in "ABC")
    services.reorder_activities(owner, workshop, [c.pk, a.pk, b.pk])
    assert titles(workshop) == ["C", "A", "B"]
    other = services.create_workshop(owner, title="Autre")
    foreign = add(owner, other, "D")
    for order in ([c.pk, a.pk], [c.pk, a.pk, b.pk, b.pk], [c.pk, a.pk, foreign.pk], []):
        with pytest.raises(ValidationError):
            services.reorder_activities(owner, workshop, order)
    assert titles(workshop) == ["C", "A", "B"] and titles(other) == ["D"]
    before = AuditEntry.objects.filter(action="activity.reorder").count()
    services.reorder_activities(owner, workshop, [c.pk, a.pk, b.pk])  # same order: no entry
    assert AuditEntry.objects.filter(action="activity.reorder").count() == before


def test_delete_renumbers_the_agenda(owner, workshop):
    a, b, c = (add(owner, workshop, t) for t in "ABC")
    services.delete_activity(owner, b)
    assert [(x.title, x.position) for x in workshop.activities.all()] == [("A", 0), ("C", 1)]
    d = add(owner, workshop, "D")
    assert d.position == 2


def test_schedule_against_the_time_slot(owner, workshop):
    for title, minutes in (("Accueil", 15), ("Brainstorm", 45), ("Vote", 20)):
        add(owner, workshop, title, minutes)
    schedule = selectors.agenda_schedule(workshop, selectors.agenda(workshop))
    assert schedule.total_minutes == 80 and schedule.slot_minutes == 120
    assert schedule.starts[2] == NINE + datetime.timedelta(minutes=60)
    assert schedule.overrun_minutes == 0
    add(owner, workshop, "Open Space", 60)
    schedule = selectors.agenda_schedule(workshop, selectors.agenda(workshop))
    assert schedule.overrun_minutes == 20


# --- Boards from methods


def test_create_the_board_of_an_activity_from_its_method(owner, workshop):
    method = Method.objects.get(key="impact-effort-matrix")
    activity = services.add_method_to_agenda(owner, workshop, method)
    board = services.create_activity_board(owner, activity)
    assert [c.title for c in board.columns.all()] == method.prompts("fr")
    assert board.title == activity.title and board.workshop == workshop
    activity.refresh_from_db()
    assert activity.board == board
    with pytest.raises(ValidationError):
        services.create_activity_board(owner, activity)  # a second click: still one board
    no_prompts = services.add_method_to_agenda(
        owner, workshop, Method.objects.get(key="dot-voting")
    )
    with pytest.raises(ValidationError):
        services.create_activity_board(owner, no_prompts)
    with pytest.raises(ValidationError):
        services.create_activity_board(owner, add(owner, workshop, "Pause"))
    assert Board.objects.count() == 1


# --- Pages


def test_agenda_page_add_bad_input_and_overrun_warning(owner_client, owner, workshop):
    url = reverse("workshops:agenda", args=[workshop.pk])
    body = owner_client.get(url).content.decode()
    assert "Aucune séquence" in body
    response = owner_client.post(url, {"title": "", "duration_minutes": "0", "group_format": "x"})
    body = response.content.decode()
    assert response.status_code == 200 and "Donnez un titre à la séquence" in body
    assert not Activity.objects.exists()
    method = Method.objects.get(key="world-cafe")
    response = owner_client.post(
        url,
        {"title": "<b>Café</b>", "duration_minutes": 130, "group_format": "small_groups",
         "method": method.pk, "instructions": "Trois tours"},
    )  # fmt: skip
    activity = Activity.objects.get()
    assert response.url == f"{url}#activity-{activity.pk}"
    body = owner_client.get(url).content.decode()
    assert "&lt;b&gt;Café&lt;/b&gt;" in body and "09:00" in body
    assert "dépasse le créneau de 10\u00a0min" in body
    assert "Créer le tableau de cette séquence" in body
    detail = owner_client.get(reverse("workshops:detail", args=[workshop.pk])).content.decode()
    assert "dépasse le créneau de 10\u00a0min" in detail


def test_agenda_order_endpoint(owner_client, owner, workshop):
    a, b, c = (add(owner, workshop, t) for t in "ABC")
    url = reverse("workshops:agenda_order", args=[workshop.pk])
    response = owner_client.post(url, {"order": f"{c.pk},{a.pk},{b.pk}"})
    assert response.json() == {"ok": True} and titles(workshop) == ["C", "A", "B"]
    for order in (f"{a.pk},{b.pk}", "x,y", ""):
        response = owner_client.post(url, {"order": order})
        assert response.status_code == 400 and response.json()["error"]
    assert titles(workshop) == ["C", "A", "B"]
    assert owner_client.get(url).status_code == 405


def test_move_edit_delete_and_board_pages(owner_client, owner, workshop):
    a, b = add(owner, workshop, "A"), add(owner, workshop, "B")
    move = reverse("workshops:activity_move", args=[workshop.pk, b.pk])
    owner_client.post(move, {"direction": "up"})
    assert titles(workshop) == ["B", "A"]
    response = owner_client.post(move, {"direction": "sideways"}, follow=True)
    assert "Choisissez de monter ou de descendre" in response.content.decode()
    edit = reverse("workshops:activity_edit", args=[workshop.pk, a.pk])
    response = owner_client.post(edit, {"title": "A", "duration_minutes": "-3",
                                        "group_format": "pairs"})  # fmt: skip
    assert response.status_code == 200
    a.refresh_from_db()
    assert a.duration_minutes == 30
    owner_client.post(edit, {"title": "A2", "duration_minutes": 10, "group_format": "pairs"})
    a.refresh_from_db()
    assert (a.title, a.duration_minutes, a.group_format) == ("A2", 10, "pairs")
    owner_client.post(reverse("workshops:activity_delete", args=[workshop.pk, a.pk]))
    assert titles(workshop) == ["B"]
    # The board button: an activity without prompts gets a clear message.
    board_url = reverse("workshops:activity_board", args=[workshop.pk, b.pk])
    response = owner_client.post(board_url, follow=True)
    assert "ne propose pas de questions" in response.content.decode()
    assert not Board.objects.exists()
    activity = services.add_method_to_agenda(
        owner, workshop, Method.objects.get(key="check-in-check-out")
    )
    response = owner_client.post(
        reverse("workshops:activity_board", args=[workshop.pk, activity.pk])
    )
    board = Board.objects.get()
    assert response.url == reverse("workshops:board", args=[workshop.pk, board.pk])


def test_print_view(owner_client, owner, workshop):
    Workshop.objects.filter(pk=workshop.pk).update(
        place="Salle <Jaurès>", objectives="Prioriser les axes"
    )
    services.add_method_to_agenda(owner, workshop, Method.objects.get(key="check-in-check-out"))
    add(owner, workshop, "Brainstorm", 45, instructions="Une idée par post-it")
    body = owner_client.get(reverse("workshops:agenda_print", args=[workshop.pk])).content.decode()
    for text in ("Séminaire", "Salle &lt;Jaurès&gt;", "Prioriser les axes", "09:00–09:10",
                 "09:10–09:55", "Inclusion et clôture", "Une idée par post-it"):  # fmt: skip
        assert text in body, text
    assert "agenda.css" in body
