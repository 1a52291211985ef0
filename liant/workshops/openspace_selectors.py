"""Reads of the Open Space: the grid of rooms × time slots, the marketplace and the counts.

Facilitators reach an Open Space through their workspace (``get_open_space``); participants
through the workshop they joined by code (``open_space_of``). Nothing here names a proposer
or a chooser to anyone: a participant learns only which sessions are theirs and which they
chose.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import F, Func, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404

from liant.core.tenancy import Actor, scoped

from .models import (
    Card,
    OpenSpace,
    OpenSpaceChoice,
    OpenSpaceRoom,
    OpenSpaceSession,
    OpenSpaceSlot,
    Participant,
    Workshop,
)


def get_open_space(actor: Actor, workshop: Workshop) -> OpenSpace:
    return get_object_or_404(
        scoped(OpenSpace.objects.select_related("workshop"), actor), workshop=workshop
    )


def find_open_space(workshop: Workshop) -> OpenSpace | None:
    """The workshop's Open Space, if it has one (the workshop is already in scope)."""
    return OpenSpace.objects.filter(workshop=workshop).select_related("workshop").first()


def open_space_of(workshop: Workshop) -> OpenSpace:
    """For a participant who joined ``workshop`` by its code."""
    open_space = find_open_space(workshop)
    if open_space is None:
        raise Http404
    return open_space


def get_room(open_space: OpenSpace, pk) -> OpenSpaceRoom:
    return get_object_or_404(OpenSpaceRoom, pk=pk, open_space=open_space)


def get_slot(open_space: OpenSpace, pk) -> OpenSpaceSlot:
    return get_object_or_404(OpenSpaceSlot, pk=pk, open_space=open_space)


def get_session(open_space: OpenSpace, pk) -> OpenSpaceSession:
    return get_object_or_404(
        OpenSpaceSession.objects.select_related("open_space__workshop", "room", "slot"),
        pk=pk,
        open_space=open_space,
    )


def find_session(open_space: OpenSpace, pk) -> OpenSpaceSession | None:
    """A session of this Open Space named by a form value (None when unknown or malformed)."""
    try:
        return get_session(open_space, int(pk))
    except (TypeError, ValueError, Http404):
        return None


def find_cell(open_space: OpenSpace, value) -> tuple[OpenSpaceRoom, OpenSpaceSlot] | None:
    """A cell named ``<room id>-<slot id>`` (the value of the "free cells" selects)."""
    try:
        room_id, slot_id = (int(part) for part in str(value).split("-"))
    except (TypeError, ValueError):
        return None
    room = OpenSpaceRoom.objects.filter(pk=room_id, open_space=open_space).first()
    slot = OpenSpaceSlot.objects.filter(pk=slot_id, open_space=open_space).first()
    return (room, slot) if room and slot else None


@dataclass
class SessionView:
    session: OpenSpaceSession
    count: int = 0  # participants who chose it
    notes: int = 0  # cards on its notes board (not hidden by a moderator)
    mine: bool = False  # proposed by the viewer
    chosen: bool = False  # chosen by the viewer

    @property
    def capacity(self) -> int | None:
        room = self.session.room
        return room.capacity if room else None

    @property
    def full(self) -> bool:
        return self.capacity is not None and self.count >= self.capacity


@dataclass
class Cell:
    room: OpenSpaceRoom
    slot: OpenSpaceSlot
    item: SessionView | None = None

    @property
    def key(self) -> str:
        return f"{self.room.pk}-{self.slot.pk}"


@dataclass
class Row:
    slot: OpenSpaceSlot
    cells: list[Cell] = field(default_factory=list)

    @property
    def items(self) -> list[SessionView]:
        return [c.item for c in self.cells if c.item]


@dataclass
class Grid:
    open_space: OpenSpace
    rooms: list[OpenSpaceRoom]
    slots: list[OpenSpaceSlot]
    rows: list[Row]
    marketplace: list[SessionView]  # proposed, not in the grid yet
    hidden: list[SessionView]  # hidden or merged (facilitators only)
    mine: list[SessionView]  # the viewer's own proposals, wherever they are

    @property
    def free_cells(self) -> list[Cell]:
        return [cell for row in self.rows for cell in row.cells if cell.item is None]

    @property
    def scheduled(self) -> list[SessionView]:
        return [item for row in self.rows for item in row.items]

    @property
    def session_count(self) -> int:
        return len(self.marketplace) + len(self.scheduled)


def _count(rows) -> Coalesce:
    """``SELECT COUNT(*)`` of ``rows`` as a subquery (no GROUP BY, one value per outer row)."""
    counted = rows.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def grid(open_space: OpenSpace, participant: Participant | None = None) -> Grid:
    """The whole Open Space as one viewer sees it (a participant, or a facilitator)."""
    rooms = list(open_space.rooms.all())
    slots = list(open_space.slots.all())
    # Counted in subqueries: a join of choices with cards would multiply the rows.
    choices = OpenSpaceChoice.objects.filter(session=OuterRef("pk"))
    notes = Card.objects.filter(board=OuterRef("board"), hidden=False)
    sessions = list(
        OpenSpaceSession.objects.filter(open_space=open_space)
        .select_related("room", "slot", "merged_into")
        .annotate(n=_count(choices), notes=_count(notes))
    )
    chosen = set()
    if participant is not None:
        chosen = set(
            OpenSpaceChoice.objects.filter(
                participant=participant, session__open_space=open_space
            ).values_list("session_id", flat=True)
        )
    views = {
        s.pk: SessionView(
            s,
            count=s.n,
            notes=s.notes,
            mine=participant is not None and s.proposer_id == participant.pk,
            chosen=s.pk in chosen,
        )
        for s in sessions
    }
    by_cell = {(s.room_id, s.slot_id): views[s.pk] for s in sessions if s.scheduled}
    rows = [
        Row(slot, [Cell(room, slot, by_cell.get((room.pk, slot.pk))) for room in rooms])
        for slot in slots
    ]
    return Grid(
        open_space=open_space,
        rooms=rooms,
        slots=slots,
        rows=rows,
        marketplace=[views[s.pk] for s in sessions if not s.scheduled and not s.hidden],
        hidden=[views[s.pk] for s in sessions if s.hidden],
        mine=[v for v in views.values() if v.mine],
    )
