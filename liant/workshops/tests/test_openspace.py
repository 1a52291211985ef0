"""Open Space: setup, marketplace, grid, choices, notes boards, minutes, pages and anonymity."""

import datetime
import threading
import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.urls import reverse

from liant.core.models import AuditEntry
from liant.core.tenancy import Role
from liant.core.testing import make_actor
from liant.live.protocol import Who, apply
from liant.workshops import openspace, services
from liant.workshops import openspace_selectors as os_selectors
from liant.workshops.models import (
    Board,
    OpenSpace,
    OpenSpaceChoice,
    OpenSpaceRoom,
    OpenSpaceSession,
    OpenSpaceSlot,
    Participant,
)

pytestmark = pytest.mark.django_db

T = datetime.time


@pytest.fixture
def space(owner):
    workshop = services.create_workshop(owner, title="Séminaire")
    return openspace.enable(
        owner,
        workshop,
        theme="Comment travailler ensemble ?",
        rooms=["Salle A", "Salle B", ""],
        slots=[(T(10), T(10, 45)), (T(11), T(11, 45))],
    )


def participant(workshop, name="", pk=None):
    """A participant with a large id, so that a leak in a page cannot go unnoticed."""
    return Participant.objects.create(
        pk=pk, workspace_id=workshop.workspace_id, workshop=workshop, pseudonym=name
    )


def cells(space):
    rooms = list(space.rooms.all())
    slots = list(space.slots.all())
    return rooms, slots


def cookie(client, p):
    client.cookies[f"liant_p_{p.workshop.code}"] = str(p.key)


def command(kind, **fields):
    return {"id": str(uuid.uuid4()), "type": kind, **fields}


# --- Setup


def test_enable_with_rooms_and_slots_then_edit_them(owner, space):
    rooms, slots = cells(space)
    assert [r.name for r in rooms] == ["Salle A", "Salle B"]
    assert [str(s) for s in slots] == ["10:00–10:45", "11:00–11:45"]
    with pytest.raises(ValidationError):
        openspace.enable(owner, space.workshop, theme="Encore")
    room = openspace.add_room(owner, space, name="Jardin", capacity=12)
    openspace.move_room(owner, room, -1)
    assert [r.name for r in space.rooms.all()] == ["Salle A", "Jardin", "Salle B"]
    openspace.update_room(owner, room, name="Jardin d’hiver", capacity=None)
    room.refresh_from_db()
    assert room.name == "Jardin d’hiver" and room.capacity is None
    slot = openspace.add_slot(owner, space, starts_at=T(9), ends_at=T(9, 45))
    assert [s.pk for s in space.slots.all()][0] == slot.pk  # ordered by time
    openspace.delete_slot(owner, slot)
    openspace.delete_room(owner, room)
    assert space.rooms.count() == 2 and space.slots.count() == 2
    assert AuditEntry.objects.filter(action__startswith="openspace.").count() >= 7


def test_setup_refuses_bad_input_and_stores_nothing(owner, space):
    with pytest.raises(ValidationError):
        openspace.enable(owner, services.create_workshop(owner, title="X"), theme="  ")
    assert OpenSpace.objects.count() == 1
    for start, end in [(T(11), T(10)), (T(10, 30), T(11, 15)), (None, T(9))]:
        with pytest.raises(ValidationError):
            openspace.add_slot(owner, space, starts_at=start, ends_at=end)
    with pytest.raises(ValidationError):
        openspace.add_room(owner, space, name=" ", capacity=None)
    with pytest.raises(ValidationError):
        openspace.add_room(owner, space, name="x" * 81)
    assert space.slots.count() == 2 and space.rooms.count() == 2
    assert openspace.parse_slots("9h30-10h15\n\n14:00 – 15:00\n9h-10h") == [
        (T(9, 30), T(10, 15)),
        (T(14), T(15)),
        (T(9), T(10)),
    ]
    with pytest.raises(ValidationError, match="9h30-10h15"):
        openspace.parse_slots("demain matin")
    with pytest.raises(ValidationError):
        openspace.parse_slots("25h00-26h00")


def test_slots_stay_within_the_workshop_day(owner):
    start = datetime.datetime(2026, 6, 4, 9, 0, tzinfo=datetime.UTC)
    workshop = services.create_workshop(
        owner, title="Journée", starts_at=start, ends_at=start + datetime.timedelta(hours=8)
    )
    space = openspace.enable(owner, workshop, theme="Thème")
    # 9:00 UTC is 11:00 in Paris: the day runs 11:00–19:00 local time.
    with pytest.raises(ValidationError, match="11:00"):
        openspace.add_slot(owner, space, starts_at=T(9), ends_at=T(10))
    openspace.add_slot(owner, space, starts_at=T(11), ends_at=T(12))


def test_a_room_or_slot_holding_sessions_cannot_be_deleted(owner, space):
    (room, _), (slot, _) = cells(space)
    session = openspace.propose_for(owner, space, title="Télétravail")
    openspace.place(owner, session, room, slot)
    with pytest.raises(ValidationError, match="Salle A"):
        openspace.delete_room(owner, room)
    with pytest.raises(ValidationError, match="10:00"):
        openspace.delete_slot(owner, slot)
    assert OpenSpaceRoom.objects.filter(pk=room.pk).exists()
    assert OpenSpaceSlot.objects.filter(pk=slot.pk).exists()


def test_only_staff_of_the_workspace_set_it_up(space, workspace):
    other = make_actor()
    with pytest.raises(PermissionDenied):
        openspace.add_room(other, space, name="Intrus")
    sponsor = make_actor(workspace, Role.SPONSOR)
    with pytest.raises(PermissionDenied):
        openspace.propose_for(sponsor, space, title="Intrus")
    assert space.rooms.count() == 2 and not space.sessions.exists()


# --- Marketplace


def test_participants_propose_edit_and_withdraw_until_scheduled(owner, space):
    ana = participant(space.workshop, "Ana")
    bruno = participant(space.workshop, "Bruno")
    session = openspace.propose(ana, space, title="  Réunions   plus courtes ", description="Oui")
    assert session.title == "Réunions plus courtes" and session.convener == ""
    openspace.edit_own(ana, session, title="Réunions courtes", description="", convener="Ana")
    session.refresh_from_db()
    assert session.title == "Réunions courtes" and session.convener == "Ana"
    with pytest.raises(ValidationError):
        openspace.edit_own(bruno, session, title="Volé", description="", convener="")
    with pytest.raises(ValidationError):
        openspace.withdraw(bruno, session)
    (room, _), (slot, _) = cells(space)
    openspace.place(owner, session, room, slot)
    with pytest.raises(ValidationError, match="grille"):
        openspace.edit_own(ana, session, title="Autre", description="", convener="")
    with pytest.raises(ValidationError):
        openspace.withdraw(ana, session)
    openspace.unschedule(owner, session)
    openspace.withdraw(ana, session)
    assert not OpenSpaceSession.objects.exists()
    assert not Board.objects.exists()  # its empty notes board went with it


def test_bad_proposals_are_refused(space):
    ana = participant(space.workshop)
    for title, description in [("", ""), ("   ", ""), ("x" * 121, ""), ("Ok", "y" * 501)]:
        with pytest.raises(ValidationError):
            openspace.propose(ana, space, title=title, description=description)
    with pytest.raises(ValidationError):
        openspace.propose(ana, space, title="Ok", convener="z" * 41)
    space.proposals_open = False
    space.save()
    with pytest.raises(ValidationError, match="fermé"):
        openspace.propose(ana, space, title="Ok")
    assert not OpenSpaceSession.objects.exists()


def test_a_participant_of_another_workshop_can_do_nothing_here(owner, space):
    elsewhere = services.create_workshop(owner, title="Autre atelier")
    other_space = openspace.enable(owner, elsewhere, theme="Autre", rooms=["R"])
    stranger = participant(elsewhere)
    session = openspace.propose_for(owner, space, title="Ici")
    (room, _), (slot, _) = cells(space)
    openspace.place(owner, session, room, slot)
    for attempt in (
        lambda: openspace.propose(stranger, space, title="Intrus"),
        lambda: openspace.choose(stranger, session),
        lambda: openspace.edit_own(stranger, session, title="x", description="", convener=""),
        lambda: openspace.withdraw(stranger, session),
    ):
        with pytest.raises(PermissionDenied):
            attempt()
    assert space.sessions.count() == 1 and not OpenSpaceChoice.objects.exists()
    # A cell of another Open Space is not a cell of this one.
    mine = openspace.propose_for(owner, space, title="Autre")
    with pytest.raises(ValidationError):
        openspace.place(owner, mine, other_space.rooms.get(), slot)


def test_facilitators_edit_hide_and_merge(owner, space):
    ana = participant(space.workshop, "Ana")
    first = openspace.propose(ana, space, title="Outils", description="Trop lents", convener="Ana")
    second = openspace.propose_for(owner, space, title="Logiciels", convener="Chloé")
    openspace.edit_session(owner, first, title="Nos outils", description="Lents", convener="Ana")
    openspace.merge(owner, second, first)
    first.refresh_from_db()
    second.refresh_from_db()
    assert second.hidden and second.merged_into == first
    assert "Logiciels" in first.description and first.convener == "Ana, Chloé"
    grid = os_selectors.grid(space, ana)
    assert [v.session for v in grid.marketplace] == [first]
    assert [v.session for v in grid.hidden] == [second]
    with pytest.raises(ValidationError):
        openspace.merge(owner, first, first)
    (room, _), (slot, _) = cells(space)
    openspace.place(owner, first, room, slot)
    with pytest.raises(ValidationError):
        openspace.set_hidden(owner, first, True)
    openspace.set_hidden(owner, second, False)
    second.refresh_from_db()
    assert not second.hidden and second.merged_into is None


# --- Grid


def test_placing_creates_the_notes_board_and_refuses_a_taken_cell(owner, space):
    (room_a, room_b), (slot_1, slot_2) = cells(space)
    first = openspace.propose_for(owner, space, title="<b>Climat</b> social")
    second = openspace.propose_for(owner, space, title="Onboarding")
    openspace.place(owner, first, room_a, slot_1)
    first.refresh_from_db()
    board = first.board
    assert board.title == "<b>Climat</b> social" and not board.hidden_until_reveal
    assert [c.title for c in board.columns.all()] == [
        "Points clés",
        "Propositions",
        "Prochaines étapes",
    ]
    with pytest.raises(ValidationError, match="déjà occupée"):
        openspace.place(owner, second, room_a, slot_1)
    second.refresh_from_db()
    assert second.room is None and second.board is None
    # Moving keeps the same notes board.
    openspace.place(owner, first, room_b, slot_2)
    first.refresh_from_db()
    assert (first.room, first.slot, first.board) == (room_b, slot_2, board)
    openspace.edit_session(owner, first, title="Climat", description="", convener="")
    board.refresh_from_db()
    assert board.title == "Climat"  # the notes board follows the session's title


def test_the_database_refuses_a_second_session_in_a_cell(owner, space, monkeypatch):
    """Two facilitators placing at the same moment both pass the check; the constraint
    decides, the second one gets the clear message and nothing changes."""
    (room, _), (slot, _) = cells(space)
    first = openspace.propose_for(owner, space, title="Premier")
    second = openspace.propose_for(owner, space, title="Second")
    openspace.place(owner, first, room, slot)

    real_filter = OpenSpaceSession.objects.filter

    class Stale:  # what the second placer saw: a free cell
        def exclude(self, **kwargs):
            return self

        def exists(self):
            return False

    def stale_filter(*args, **kwargs):
        if set(kwargs) == {"room", "slot"}:
            return Stale()
        return real_filter(*args, **kwargs)

    monkeypatch.setattr(OpenSpaceSession.objects, "filter", stale_filter)
    with pytest.raises(ValidationError, match="déjà occupée"):
        openspace.place(owner, second, room, slot)
    monkeypatch.undo()
    second.refresh_from_db()
    assert second.room is None and second.board is None
    assert Board.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_placements_at_once_in_the_same_cell():
    """Real concurrency on PostgreSQL: two threads place two sessions in one cell at once."""
    if connection.vendor != "postgresql":
        pytest.skip("row-level concurrency needs PostgreSQL (SQLite serialises writers)")
    actor = make_actor()
    workshop = services.create_workshop(actor, title="Concurrence")
    space = openspace.enable(actor, workshop, theme="T", rooms=["A"], slots=[(T(10), T(11))])
    (room,), (slot,) = cells(space)
    sessions = [openspace.propose_for(actor, space, title=f"S{i}") for i in range(2)]
    barrier = threading.Barrier(2)
    outcomes = []

    real_place = openspace._place

    def slow_place(session, room, slot):
        barrier.wait(timeout=5)  # both have locked their own session; now race for the cell
        return real_place(session, room, slot)

    def run(session):
        try:
            openspace.place(actor, session, room, slot)
            outcomes.append("ok")
        except ValidationError as error:
            outcomes.append(error.messages[0])
        finally:
            connection.close()

    openspace._place = slow_place
    try:
        threads = [threading.Thread(target=run, args=(s,)) for s in sessions]
        for t in threads:
            t.start()
        for t in threads:
            t.join(10)
    finally:
        openspace._place = real_place
    assert sorted(outcomes)[0].startswith("Cette case") and outcomes.count("ok") == 1
    assert OpenSpaceSession.objects.filter(room=room, slot=slot).count() == 1


# --- Choices


def test_one_choice_per_slot_and_the_law_of_two_feet(owner, space):
    (room_a, room_b), (slot_1, slot_2) = cells(space)
    s1 = openspace.propose_for(owner, space, title="Un")
    s2 = openspace.propose_for(owner, space, title="Deux")
    s3 = openspace.propose_for(owner, space, title="Trois")
    waiting = openspace.propose_for(owner, space, title="Pas encore")
    openspace.place(owner, s1, room_a, slot_1)
    openspace.place(owner, s2, room_b, slot_1)
    openspace.place(owner, s3, room_a, slot_2)
    ana = participant(space.workshop)
    openspace.choose(ana, s1)
    openspace.choose(ana, s2)  # same slot: Ana moves
    openspace.choose(ana, s3)
    openspace.choose(ana, s3)  # twice: still one choice
    assert set(OpenSpaceChoice.objects.values_list("session__title", flat=True)) == {
        "Deux",
        "Trois",
    }
    with pytest.raises(ValidationError, match="pas encore dans la grille"):
        openspace.choose(ana, waiting)
    grid = os_selectors.grid(space, ana)
    counts = {v.session.title: (v.count, v.chosen) for v in grid.scheduled}
    assert counts == {"Un": (0, False), "Deux": (1, True), "Trois": (1, True)}
    openspace.unchoose(ana, s3)
    assert OpenSpaceChoice.objects.count() == 1


def test_choices_follow_a_moved_session_unless_the_person_is_busy_then(owner, space):
    (room_a, room_b), (slot_1, slot_2) = cells(space)
    s1 = openspace.propose_for(owner, space, title="Un")
    s2 = openspace.propose_for(owner, space, title="Deux")
    openspace.place(owner, s1, room_a, slot_1)
    openspace.place(owner, s2, room_a, slot_2)
    ana, bruno = participant(space.workshop), participant(space.workshop)
    openspace.choose(ana, s1)
    openspace.choose(bruno, s1)
    openspace.choose(bruno, s2)
    dropped = openspace.place(owner, s1, room_b, slot_2)
    assert dropped == 1
    assert set(
        OpenSpaceChoice.objects.filter(session=s1).values_list("participant", flat=True)
    ) == {ana.pk}
    assert OpenSpaceChoice.objects.get(participant=ana).slot == slot_2
    openspace.unschedule(owner, s1)
    assert not OpenSpaceChoice.objects.filter(session=s1).exists()


def test_a_full_room_is_flagged_but_still_open(owner, space):
    (room_a, _), (slot_1, _) = cells(space)
    openspace.update_room(owner, room_a, name="Salle A", capacity=1)
    session = openspace.propose_for(owner, space, title="Petit groupe")
    openspace.place(owner, session, room_a, slot_1)
    openspace.choose(participant(space.workshop), session)
    openspace.choose(participant(space.workshop), session)
    item = os_selectors.grid(space).scheduled[0]
    assert item.count == 2 and item.full


def test_proposers_place_their_own_session_only_when_allowed(owner, space):
    (room_a, _), (slot_1, slot_2) = cells(space)
    ana, bruno = participant(space.workshop), participant(space.workshop)
    session = openspace.propose(ana, space, title="Le mien")
    with pytest.raises(ValidationError, match="animateur"):
        openspace.place_own(ana, session, room_a, slot_1)
    openspace.update_settings(
        owner, space, theme=space.theme, proposals_open=True, self_scheduling=True
    )
    session.open_space.refresh_from_db()
    with pytest.raises(ValidationError):
        openspace.place_own(bruno, session, room_a, slot_1)
    taken = openspace.propose_for(owner, space, title="Déjà là")
    openspace.place(owner, taken, room_a, slot_1)
    with pytest.raises(ValidationError, match="déjà occupée"):
        openspace.place_own(ana, session, room_a, slot_1)
    openspace.place_own(ana, session, room_a, slot_2)
    session.refresh_from_db()
    assert session.slot == slot_2 and session.board is not None


# --- Notes and minutes


def test_minutes_show_the_grid_counts_and_notes(owner_client, owner, space):
    (room_a, _), (slot_1, _) = cells(space)
    board = services.add_board(owner, space.workshop, title="Tableau principal", prompts=["Q"])
    session = openspace.propose_for(owner, space, title="=Climat", convener="<i>Ana</i>")
    openspace.place(owner, session, room_a, slot_1)
    session.refresh_from_db()
    ana = participant(space.workshop, "Ana", pk=987654)
    openspace.choose(ana, session)
    column = session.board.columns.first()
    apply(session.board.pk, Who(ana.pk), command("card.add", column=column.pk, text="<b>Pause</b>"))

    url = reverse("workshops:minutes", args=[space.workshop.pk])
    body = owner_client.get(url).content.decode()
    assert "Forum ouvert" in body and "=Climat" in body and "&lt;b&gt;Pause&lt;/b&gt;" in body
    assert "1 participant" in body and "&lt;i&gt;Ana&lt;/i&gt;" in body
    assert body.count("Tableau principal") == 1 and "987654" not in body
    markdown = owner_client.get(url, {"format": "md"}).content.decode()
    assert "### 10:00–10:45 · Salle A — =Climat" in markdown
    assert "#### Points clés" in markdown and "- \\<b\\>Pause\\</b\\>" in markdown
    csv_text = owner_client.get(url, {"format": "csv"}).content.decode()
    assert "10:00–10:45;Salle A;'=Climat;<i>Ana</i>;1;Points clés;<b>Pause</b>" in csv_text
    assert "987654" not in markdown + csv_text and str(ana.key) not in markdown + csv_text
    assert board.pk  # the main board stays in the minutes, once
    # Taken out of the grid, the session keeps its notes in the minutes.
    openspace.unschedule(owner, session)
    markdown = owner_client.get(url, {"format": "md"}).content.decode()
    assert "### hors de la grille — =Climat" in markdown and "\\<b\\>Pause" in markdown


def test_deleting_a_workshop_takes_its_open_space_along(owner, space):
    (room_a, _), (slot_1, _) = cells(space)
    session = openspace.propose_for(owner, space, title="Un")
    openspace.place(owner, session, room_a, slot_1)
    openspace.choose(participant(space.workshop), session)
    space.workshop.delete()
    assert not OpenSpace.objects.exists() and not OpenSpaceSession.objects.exists()
    assert not Board.objects.exists() and not OpenSpaceChoice.objects.exists()


# --- Facilitator pages


def test_setup_page_creates_the_open_space(owner_client, owner):
    workshop = services.create_workshop(owner, title="Séminaire")
    url = reverse("workshops:openspace", args=[workshop.pk])
    page = owner_client.get(url).content.decode()
    assert "Lancer un forum ouvert" in page
    response = owner_client.post(url, {"theme": "", "rooms": "A", "slots": "9h-10h\nmidi"})
    body = response.content.decode()
    assert "Écrivez le thème" in body and "«\u00a0midi\u00a0» n’est pas un créneau" in body
    assert not OpenSpace.objects.exists()
    response = owner_client.post(url, {"theme": "Thème", "rooms": "A", "slots": "demain"})
    assert "n’est pas un créneau" in response.content.decode() and not OpenSpace.objects.exists()
    response = owner_client.post(url, {"theme": "Thème", "rooms": "A\nB", "slots": "9h-10h"})
    assert response.url == url
    space = OpenSpace.objects.get()
    assert space.rooms.count() == 2 and space.slots.count() == 1
    detail = owner_client.get(reverse("workshops:detail", args=[workshop.pk])).content.decode()
    assert "Marché et grille" in detail


def test_console_places_by_form_and_by_fetch(owner_client, owner, space):
    (room_a, room_b), (slot_1, _) = cells(space)
    first = openspace.propose_for(owner, space, title="<script>x()</script>")
    second = openspace.propose_for(owner, space, title="Deuxième")
    url = reverse("workshops:openspace_session", args=[space.workshop.pk, first.pk])
    response = owner_client.post(url, {"action": "place", "cell": f"{room_a.pk}-{slot_1.pk}"})
    assert response.url.endswith("#os-grid")
    page = owner_client.get(reverse("workshops:openspace", args=[space.workshop.pk]))
    body = page.content.decode()
    assert "&lt;script&gt;x()&lt;/script&gt;" in body and "<script>x()" not in body
    assert f'data-os-cell="{room_a.pk}-{slot_1.pk}"' in body
    # The drag-and-drop script gets JSON; a taken cell is refused with the message.
    url2 = reverse("workshops:openspace_session", args=[space.workshop.pk, second.pk])
    fetch = {"HTTP_X_REQUESTED_WITH": "fetch"}
    response = owner_client.post(
        url2, {"action": "place", "cell": f"{room_a.pk}-{slot_1.pk}"}, **fetch
    )
    assert response.status_code == 409 and "déjà occupée" in response.json()["error"]
    for cell in ("", "abc", f"{room_b.pk}-999999", "1-2-3"):
        response = owner_client.post(url2, {"action": "place", "cell": cell}, **fetch)
        assert response.status_code == 409 and "case libre" in response.json()["error"]
    response = owner_client.post(
        url2, {"action": "place", "cell": f"{room_b.pk}-{slot_1.pk}"}, **fetch
    )
    assert response.status_code == 200 and "Salle B" in response.json()["message"]
    response = owner_client.post(url2, {"action": "nonsense"}, follow=True)
    assert "Action inconnue" in response.content.decode()
    missing = reverse("workshops:openspace_session", args=[space.workshop.pk, 999999])
    assert owner_client.post(missing, {"action": "place"}).status_code == 404


def test_console_edits_rooms_slots_settings_and_proposals(owner_client, owner, space):
    workshop = space.workshop
    (room_a, _), (slot_1, _) = cells(space)
    base = reverse("workshops:openspace", args=[workshop.pk])
    owner_client.post(
        reverse("workshops:openspace_room_add", args=[workshop.pk]),
        {"name": "Jardin", "capacity": "15"},
    )
    assert space.rooms.filter(name="Jardin", capacity=15).exists()
    response = owner_client.post(
        reverse("workshops:openspace_room_add", args=[workshop.pk]), {"name": ""}
    )
    assert "Donnez un nom à la salle" in response.content.decode()
    owner_client.post(
        reverse("workshops:openspace_slot_add", args=[workshop.pk]),
        {"starts_at": "14:00", "ends_at": "14:45"},
    )
    assert space.slots.count() == 3
    response = owner_client.post(
        reverse("workshops:openspace_slot_add", args=[workshop.pk]),
        {"starts_at": "10:30", "ends_at": "11:15"},
    )
    assert "chevauche" in response.content.decode() and space.slots.count() == 3
    session = openspace.propose_for(owner, space, title="Occupe")
    openspace.place(owner, session, room_a, slot_1)
    response = owner_client.post(
        reverse("workshops:openspace_room", args=[workshop.pk, room_a.pk]),
        {"action": "delete"},
        follow=True,
    )
    assert "déplacez-les" in response.content.decode()
    assert OpenSpaceRoom.objects.filter(pk=room_a.pk).exists()
    response = owner_client.post(
        reverse("workshops:openspace_slot", args=[workshop.pk, slot_1.pk]),
        {"starts_at": "10:00", "ends_at": "09:00"},
        follow=True,
    )
    assert "finir après" in response.content.decode()
    owner_client.post(
        reverse("workshops:openspace_settings", args=[workshop.pk]),
        {"theme": "Nouveau thème", "self_scheduling": "on"},
    )
    space.refresh_from_db()
    assert space.theme == "Nouveau thème" and not space.proposals_open and space.self_scheduling
    response = owner_client.post(
        reverse("workshops:openspace_propose", args=[workshop.pk]),
        {"title": "x" * 121, "description": "", "convener": ""},
    )
    assert "120" in response.content.decode() and space.sessions.count() == 1
    response = owner_client.post(
        reverse("workshops:openspace_propose", args=[workshop.pk]),
        {"title": "Pour Chloé", "description": "", "convener": "Chloé"},
    )
    assert response.url == base + "#os-marketplace"
    projector = owner_client.get(reverse("workshops:openspace_projector", args=[workshop.pk]))
    body = projector.content.decode()
    assert "Nouveau thème" in body and "Occupe" in body and 'hx-trigger="every 5s"' in body


def test_sponsors_and_other_workspaces_cannot_reach_the_console(client, sponsor, space):
    client.force_login(sponsor.user)
    assert client.get(reverse("workshops:openspace", args=[space.workshop.pk])).status_code == 403
    stranger = make_actor()
    client.force_login(stranger.user)
    for name in ("workshops:openspace", "workshops:openspace_projector"):
        assert client.get(reverse(name, args=[space.workshop.pk])).status_code == 404


# --- Participant pages


def test_participant_pages_propose_choose_and_stay_anonymous(client, owner, space):
    workshop = space.workshop
    ana = participant(workshop, "Ana", pk=987654)
    page_url = reverse("live:openspace", args=[workshop.code])
    assert client.get(page_url).url == reverse("live:join_workshop", args=[workshop.code])
    cookie(client, ana)
    response = client.post(
        reverse("live:openspace_propose", args=[workshop.code]),
        {"title": "", "description": "", "convener": ""},
    )
    assert "Donnez un titre" in response.content.decode()
    response = client.post(
        reverse("live:openspace_propose", args=[workshop.code]),
        {"title": "<b>Horaires</b>", "description": "Souples", "convener": ""},
    )
    assert response.url == page_url
    session = OpenSpaceSession.objects.get()
    assert session.proposer == ana and session.convener == ""
    (room_a, _), (slot_1, _) = cells(space)
    openspace.place(owner, session, room_a, slot_1)
    session.refresh_from_db()
    choose = reverse("live:openspace_session", args=[workshop.code, session.pk])
    assert client.post(choose, {"action": "choose"}).url == page_url + f"#slot-{slot_1.pk}"
    body = client.get(page_url).content.decode()
    assert "&lt;b&gt;Horaires&lt;/b&gt;" in body and "Votre choix" in body
    assert reverse("live:board", args=[workshop.code, session.board_id]) in body
    assert "987654" not in body and str(ana.key) not in body and "Ana" not in body
    # Edit refused once scheduled, with the message.
    response = client.post(
        choose, {"action": "edit", "title": "Autre", "description": "", "convener": ""}, follow=True
    )
    assert "déjà dans la grille" in response.content.decode()
    # Someone else sees the session and its count, not who proposed or chose it.
    other = participant(workshop, "Bruno")
    client.cookies.clear()
    cookie(client, other)
    body = client.get(page_url).content.decode()
    assert "1 participant" in body and "987654" not in body and "Mes propositions" not in body
    # The notes board is open to everyone of the workshop.
    notes = client.get(reverse("live:board", args=[workshop.code, session.board_id]))
    assert notes.status_code == 200 and "Programme du forum ouvert" in notes.content.decode()


def test_participants_of_workshop_a_can_do_nothing_in_workshop_b(client, owner, space):
    (room_a, _), (slot_1, _) = cells(space)
    session = openspace.propose_for(owner, space, title="Session de B")
    openspace.place(owner, session, room_a, slot_1)
    other_workshop = services.create_workshop(owner, title="Atelier A")
    other_space = openspace.enable(owner, other_workshop, theme="A")
    stranger = participant(other_workshop)
    cookie(client, stranger)
    b = space.workshop.code
    # With only A's cookie, every page of B asks to join B first; nothing is stored.
    assert client.get(reverse("live:openspace", args=[b])).url.endswith(f"/join/{b}/")
    client.post(reverse("live:openspace_propose", args=[b]), {"title": "Intrus"})
    client.post(reverse("live:openspace_session", args=[b, session.pk]), {"action": "choose"})
    assert space.sessions.count() == 1 and not OpenSpaceChoice.objects.exists()
    # Through A's code, B's session is unknown.
    a = other_workshop.code
    url = reverse("live:openspace_session", args=[a, session.pk])
    assert client.post(url, {"action": "choose"}).status_code == 404
    assert not OpenSpaceChoice.objects.exists() and not other_space.sessions.exists()
    # A malformed cookie is no identity.
    client.cookies[f"liant_p_{b}"] = "not-a-uuid"
    assert client.get(reverse("live:openspace", args=[b])).status_code == 302


def test_joining_lands_on_the_open_space(client, owner, space):
    services.add_board(owner, space.workshop, title="Tableau", prompts=["Q"])
    response = client.post(
        reverse("live:join_workshop", args=[space.workshop.code]), {"pseudonym": ""}
    )
    assert response.url == reverse("live:openspace", args=[space.workshop.code])
    body = client.get(response.url).content.decode()
    assert "Tableau" in body  # the other boards are linked


def test_page_actions_merge_hide_withdraw_and_place_own(client, owner_client, owner, space):
    workshop = space.workshop
    (room_a, _), (_, slot_2) = cells(space)
    ana = participant(workshop, "Ana")
    mine = openspace.propose(ana, space, title="Le mien")
    other = openspace.propose(ana, space, title="Un autre")
    keep = openspace.propose_for(owner, space, title="Gardé")
    session_url = "workshops:openspace_session"
    owner_client.post(
        reverse(session_url, args=[workshop.pk, other.pk]), {"action": "merge", "into": keep.pk}
    )
    other.refresh_from_db()
    assert other.merged_into == keep and other.hidden
    response = owner_client.post(
        reverse(session_url, args=[workshop.pk, keep.pk]),
        {"action": "merge", "into": "999999"},
        follow=True,
    )
    assert "Choisissez l’atelier avec lequel le fusionner" in response.content.decode()
    owner_client.post(reverse(session_url, args=[workshop.pk, keep.pk]), {"action": "hide"})
    keep.refresh_from_db()
    assert keep.hidden
    cookie(client, ana)
    live_url = "live:openspace_session"
    page = client.get(reverse("live:openspace", args=[workshop.code])).content.decode()
    assert "Fusionné avec «\u00a0Gardé\u00a0»" in page
    # Placing one's own session needs the facilitator's setting.
    cell = f"{room_a.pk}-{slot_2.pk}"
    response = client.post(
        reverse(live_url, args=[workshop.code, mine.pk]),
        {"action": "place", "cell": cell},
        follow=True,
    )
    assert "C’est l’animateur qui place" in response.content.decode()
    space.self_scheduling = True
    space.save()
    client.post(reverse(live_url, args=[workshop.code, mine.pk]), {"action": "place", "cell": cell})
    mine.refresh_from_db()
    assert (mine.room, mine.slot) == (room_a, slot_2)
    # Withdrawing is for unscheduled proposals only.
    response = client.post(
        reverse(live_url, args=[workshop.code, mine.pk]), {"action": "withdraw"}, follow=True
    )
    assert "déjà dans la grille" in response.content.decode()
    openspace.unschedule(owner, mine)
    client.post(reverse(live_url, args=[workshop.code, mine.pk]), {"action": "withdraw"})
    assert not OpenSpaceSession.objects.filter(pk=mine.pk).exists()
