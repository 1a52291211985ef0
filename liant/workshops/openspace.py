"""Writes of the Open Space (forum ouvert): setup, marketplace, grid and choices.

Facilitators act as an ``Actor`` (audited); participants act as a ``Participant`` of the
workshop (no account, no audit entry: they are anonymous by design). Every problem raises a
``ValidationError`` with a message for the person and changes nothing. One session per cell
and one choice per participant and time slot are database constraints, so two people acting
at the same moment cannot break them: the loser gets the same clear message.
"""

from __future__ import annotations

import datetime
import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from liant.core import audit
from liant.core.tenancy import Actor, require_staff

from .models import (
    SESSION_DESCRIPTION_MAX_LENGTH,
    SESSION_TITLE_MAX_LENGTH,
    Board,
    Column,
    OpenSpace,
    OpenSpaceChoice,
    OpenSpaceRoom,
    OpenSpaceSession,
    OpenSpaceSlot,
    Participant,
    Workshop,
)

MAX_ROOMS = 30
MAX_SLOTS = 20
ROOM_NAME_MAX_LENGTH = 80
THEME_MAX_LENGTH = 300
CONVENER_MAX_LENGTH = 40
TIME = r"(\d{1,2})\s*[:hH]\s*(\d{2})?"
SLOT_PATTERN = re.compile(rf"^\s*{TIME}\s*[-–—à]+\s*{TIME}\s*$")


def _mine(actor: Actor, obj) -> None:
    require_staff(actor)
    if obj.workspace_id != actor.workspace_id:
        raise PermissionDenied


# --- Setup (facilitators)


def _theme(theme: str) -> str:
    theme = (theme or "").strip()
    if not theme:
        raise ValidationError({"theme": _("Write the theme: the question that guides the day.")})
    if len(theme) > THEME_MAX_LENGTH:
        raise ValidationError(
            {"theme": _("At most %(max)s characters for the theme.") % {"max": THEME_MAX_LENGTH}}
        )
    return theme


def parse_slots(text: str) -> list[tuple[datetime.time, datetime.time]]:
    """Time slots written one per line, e.g. « 9h30-10h15 » or « 14:00 – 15:00 »."""
    slots = []
    for line in (text or "").splitlines():
        if not line.strip():
            continue
        match = SLOT_PATTERN.match(line)
        try:
            if not match:
                raise ValueError
            h1, m1, h2, m2 = match.groups()
            start = datetime.time(int(h1), int(m1 or 0))
            end = datetime.time(int(h2), int(m2 or 0))
        except ValueError:
            raise ValidationError(
                {
                    "slots": _("“%(line)s” is not a time slot: write e.g. 9h30-10h15.")
                    % {"line": line.strip()[:40]}
                }
            ) from None
        slots.append((start, end))
    return slots


def enable(
    actor: Actor,
    workshop: Workshop,
    *,
    theme: str,
    rooms: list[str] = (),
    slots: list[tuple[datetime.time, datetime.time]] = (),
    self_scheduling: bool = False,
) -> OpenSpace:
    _mine(actor, workshop)
    theme = _theme(theme)
    rooms = [r.strip() for r in rooms if r.strip()]
    if any(len(r) > ROOM_NAME_MAX_LENGTH for r in rooms) or len(rooms) > MAX_ROOMS:
        raise ValidationError(
            {
                "rooms": _("At most %(max)s rooms of %(length)s characters.")
                % {"max": MAX_ROOMS, "length": ROOM_NAME_MAX_LENGTH}
            }
        )
    with transaction.atomic():
        if OpenSpace.objects.filter(workshop=workshop).exists():
            raise ValidationError(_("This workshop already has an Open Space."))
        open_space = OpenSpace.objects.create(
            workspace=actor.workspace,
            workshop=workshop,
            theme=theme,
            self_scheduling=self_scheduling,
        )
        for position, name in enumerate(rooms):
            OpenSpaceRoom.objects.create(
                workspace=actor.workspace, open_space=open_space, name=name, position=position
            )
        for start, end in slots:
            _check_slot(open_space, start, end, field="slots")
            OpenSpaceSlot.objects.create(
                workspace=actor.workspace, open_space=open_space, starts_at=start, ends_at=end
            )
        audit.record(actor, "openspace.enable", open_space, f"{workshop} › {theme}")
    return open_space


def update_settings(
    actor: Actor, open_space: OpenSpace, *, theme: str, proposals_open: bool, self_scheduling: bool
) -> None:
    _mine(actor, open_space)
    values = {
        "theme": _theme(theme),
        "proposals_open": bool(proposals_open),
        "self_scheduling": bool(self_scheduling),
    }
    with transaction.atomic():
        changes = audit.apply_changes(open_space, values)
        if changes:
            open_space.save()
            audit.record(actor, "openspace.settings", open_space, changes=changes)


def _room_values(name: str, capacity) -> dict:
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the room a name.")})
    if len(name) > ROOM_NAME_MAX_LENGTH:
        raise ValidationError(
            {"name": _("At most %(max)s characters.") % {"max": ROOM_NAME_MAX_LENGTH}}
        )
    if capacity is not None and not 1 <= capacity <= 10000:
        raise ValidationError({"capacity": _("A capacity is a number of people, from 1.")})
    return {"name": name, "capacity": capacity}


def add_room(actor: Actor, open_space: OpenSpace, *, name: str, capacity=None) -> OpenSpaceRoom:
    _mine(actor, open_space)
    values = _room_values(name, capacity)
    with transaction.atomic():
        if open_space.rooms.count() >= MAX_ROOMS:
            raise ValidationError(_("At most %(max)s rooms.") % {"max": MAX_ROOMS})
        last = open_space.rooms.aggregate(m=Max("position"))["m"]
        room = OpenSpaceRoom.objects.create(
            workspace=actor.workspace,
            open_space=open_space,
            position=0 if last is None else last + 1,
            **values,
        )
        audit.record(actor, "openspace.room_add", room)
    return room


def update_room(actor: Actor, room: OpenSpaceRoom, *, name: str, capacity=None) -> None:
    _mine(actor, room)
    with transaction.atomic():
        changes = audit.apply_changes(room, _room_values(name, capacity))
        if changes:
            room.save()
            audit.record(actor, "openspace.room_edit", room, changes=changes)


def move_room(actor: Actor, room: OpenSpaceRoom, offset: int) -> None:
    """Move a room one place left (-1) or right (+1) in the grid."""
    _mine(actor, room)
    with transaction.atomic():
        rooms = list(room.open_space.rooms.select_for_update())
        index = next(i for i, r in enumerate(rooms) if r.pk == room.pk)
        target = index + (1 if offset > 0 else -1)
        if not 0 <= target < len(rooms):
            return
        rooms[index], rooms[target] = rooms[target], rooms[index]
        for position, r in enumerate(rooms):
            if r.position != position:
                r.position = position
                r.save(update_fields=["position", "updated_at"])
        audit.record(actor, "openspace.room_move", room)


def delete_room(actor: Actor, room: OpenSpaceRoom) -> None:
    _mine(actor, room)
    with transaction.atomic():
        held = room.sessions.count()
        if held:
            raise ValidationError(
                _(
                    "The room “%(room)s” holds %(count)s session(s): move them to other cells "
                    "or take them out of the grid first."
                )
                % {"room": room.name, "count": held}
            )
        audit.record(actor, "openspace.room_delete", room)
        room.delete()


def _check_slot(open_space, start, end, *, field="starts_at", exclude=None) -> None:
    if start is None or end is None:
        raise ValidationError({field: _("Give the start and end times of the slot.")})
    if end <= start:
        raise ValidationError({field: _("A time slot must end after it starts.")})
    workshop = open_space.workshop
    if workshop.starts_at and workshop.ends_at:
        day_start = timezone.localtime(workshop.starts_at)
        day_end = timezone.localtime(workshop.ends_at)
        if day_start.date() == day_end.date() and (
            start < day_start.time().replace(second=0, microsecond=0)
            or end > day_end.time().replace(second=0, microsecond=0)
        ):
            raise ValidationError(
                {
                    field: _("The workshop runs from %(start)s to %(end)s: keep the slot within.")
                    % {"start": f"{day_start:%H:%M}", "end": f"{day_end:%H:%M}"}
                }
            )
    others = open_space.slots.exclude(pk=exclude.pk if exclude else None)
    clash = others.filter(starts_at__lt=end, ends_at__gt=start).first()
    if clash:
        raise ValidationError(
            {field: _("This slot overlaps the slot %(slot)s.") % {"slot": str(clash)}}
        )
    if exclude is None and open_space.slots.count() >= MAX_SLOTS:
        raise ValidationError({field: _("At most %(max)s time slots.") % {"max": MAX_SLOTS}})


def add_slot(
    actor: Actor, open_space: OpenSpace, *, starts_at: datetime.time, ends_at: datetime.time
) -> OpenSpaceSlot:
    _mine(actor, open_space)
    with transaction.atomic():
        _check_slot(open_space, starts_at, ends_at)
        slot = OpenSpaceSlot.objects.create(
            workspace=actor.workspace, open_space=open_space, starts_at=starts_at, ends_at=ends_at
        )
        audit.record(actor, "openspace.slot_add", slot, f"{open_space} › {slot}")
    return slot


def update_slot(
    actor: Actor, slot: OpenSpaceSlot, *, starts_at: datetime.time, ends_at: datetime.time
) -> None:
    """Change a slot's times (slots are shown in the order of their times)."""
    _mine(actor, slot)
    with transaction.atomic():
        _check_slot(slot.open_space, starts_at, ends_at, exclude=slot)
        changes = audit.apply_changes(slot, {"starts_at": starts_at, "ends_at": ends_at})
        if changes:
            slot.save()
            audit.record(actor, "openspace.slot_edit", slot, changes=changes)


def delete_slot(actor: Actor, slot: OpenSpaceSlot) -> None:
    _mine(actor, slot)
    with transaction.atomic():
        held = slot.sessions.count()
        if held:
            raise ValidationError(
                _(
                    "The slot %(slot)s holds %(count)s session(s): move them to other cells "
                    "or take them out of the grid first."
                )
                % {"slot": str(slot), "count": held}
            )
        audit.record(actor, "openspace.slot_delete", slot, f"{slot.open_space} › {slot}")
        slot.delete()


# --- Marketplace


def _session_values(title: str, description: str, convener: str) -> dict:
    title = " ".join((title or "").split())
    description = (description or "").strip()
    convener = " ".join((convener or "").split())
    if not title:
        raise ValidationError({"title": _("Give the session a title.")})
    if len(title) > SESSION_TITLE_MAX_LENGTH:
        raise ValidationError(
            {
                "title": _("At most %(max)s characters for the title.")
                % {"max": SESSION_TITLE_MAX_LENGTH}
            }
        )
    if len(description) > SESSION_DESCRIPTION_MAX_LENGTH:
        raise ValidationError(
            {
                "description": _("At most %(max)s characters for the description.")
                % {"max": SESSION_DESCRIPTION_MAX_LENGTH}
            }
        )
    if len(convener) > CONVENER_MAX_LENGTH:
        raise ValidationError(
            {"convener": _("At most %(max)s characters.") % {"max": CONVENER_MAX_LENGTH}}
        )
    return {"title": title, "description": description, "convener": convener}


def propose_for(
    actor: Actor, open_space: OpenSpace, *, title: str, description: str = "", convener: str = ""
) -> OpenSpaceSession:
    """A facilitator writes a proposal on behalf of someone (named or not)."""
    _mine(actor, open_space)
    values = _session_values(title, description, convener)
    with transaction.atomic():
        session = OpenSpaceSession.objects.create(
            workspace=actor.workspace, open_space=open_space, **values
        )
        audit.record(actor, "openspace.propose", session)
    return session


def edit_session(
    actor: Actor, session: OpenSpaceSession, *, title: str, description: str, convener: str
) -> None:
    _mine(actor, session)
    with transaction.atomic():
        changes = audit.apply_changes(session, _session_values(title, description, convener))
        if changes:
            session.save()
            _rename_board(session)
            audit.record(actor, "openspace.session_edit", session, changes=changes)


def set_hidden(actor: Actor, session: OpenSpaceSession, hidden: bool) -> None:
    """Hide a proposal from the marketplace (or show it again)."""
    _mine(actor, session)
    with transaction.atomic():
        session = OpenSpaceSession.objects.select_for_update().get(pk=session.pk)
        if hidden and session.scheduled:
            raise ValidationError(_("Take the session out of the grid before hiding it."))
        session.hidden = bool(hidden)
        if not hidden:
            session.merged_into = None
        session.save(update_fields=["hidden", "merged_into", "updated_at"])
        audit.record(actor, "openspace.hide" if hidden else "openspace.show", session)


def merge(actor: Actor, source: OpenSpaceSession, target: OpenSpaceSession) -> None:
    """Merge a proposal into another: the target gains its description and convener, the
    source is hidden (kept, marked as merged). A scheduled source must leave the grid first."""
    _mine(actor, source)
    _mine(actor, target)
    if source.open_space_id != target.open_space_id or source.pk == target.pk:
        raise ValidationError(_("Choose another session of this Open Space."))
    with transaction.atomic():
        source = OpenSpaceSession.objects.select_for_update().get(pk=source.pk)
        target = OpenSpaceSession.objects.select_for_update().get(pk=target.pk)
        if source.scheduled:
            raise ValidationError(_("Take the session out of the grid before merging it."))
        if target.hidden:
            raise ValidationError(_("Choose another session of this Open Space."))
        extra = f"{source.title}: {source.description}" if source.description else source.title
        description = "\n\n".join(p for p in (target.description, extra) if p)
        target.description = description[:SESSION_DESCRIPTION_MAX_LENGTH]
        conveners = [c for c in (target.convener, source.convener) if c]
        if len(conveners) == 2 and conveners[0] != conveners[1]:
            target.convener = ", ".join(conveners)[:120]
        elif conveners:
            target.convener = conveners[0]
        target.save(update_fields=["description", "convener", "updated_at"])
        source.hidden, source.merged_into = True, target
        source.save(update_fields=["hidden", "merged_into", "updated_at"])
        audit.record(actor, "openspace.merge", target, f"{source} → {target}")


# --- Grid


def _notes_board(session: OpenSpaceSession) -> Board:
    """The session's notes board, created when it is first scheduled (kept afterwards)."""
    if session.board_id:
        return session.board
    workshop = session.open_space.workshop
    board = Board.objects.create(
        workspace_id=session.workspace_id,
        workshop=workshop,
        title=session.title[:200],
        hidden_until_reveal=False,  # notes are shared as they are written
        position=workshop.boards.count(),
    )
    prompts = [_("Key points"), _("Proposals"), _("Next steps")]
    Column.objects.bulk_create(
        Column(workspace_id=session.workspace_id, board=board, title=prompt, position=i)
        for i, prompt in enumerate(prompts)
    )
    session.board = board
    return board


def _rename_board(session: OpenSpaceSession) -> None:
    if session.board_id:
        Board.objects.filter(pk=session.board_id).update(title=session.title[:200])


def _place(session: OpenSpaceSession, room: OpenSpaceRoom, slot: OpenSpaceSlot) -> int:
    """Put a session in a free cell; return how many choices were dropped by the move.
    Runs inside the caller's transaction; a taken cell raises ValidationError."""
    if room.open_space_id != session.open_space_id or slot.open_space_id != session.open_space_id:
        raise ValidationError(_("This cell is not in this Open Space."))
    if session.hidden:
        raise ValidationError(_("This session is hidden: show it again first."))
    taken = _("This cell is already taken by another session: choose a free one.")
    if session.room_id == room.pk and session.slot_id == slot.pk:
        return 0
    if OpenSpaceSession.objects.filter(room=room, slot=slot).exclude(pk=session.pk).exists():
        raise ValidationError(taken)
    old_slot = session.slot_id
    session.room, session.slot = room, slot
    _notes_board(session)
    try:
        with transaction.atomic():  # a savepoint: the constraint decides between two placers
            session.save(update_fields=["room", "slot", "board", "updated_at"])
    except IntegrityError:
        raise ValidationError(taken) from None
    return _follow_choices(session, old_slot, slot)


def _follow_choices(session: OpenSpaceSession, old_slot, slot: OpenSpaceSlot) -> int:
    """Choices move with their session to its new time slot, except for people who already
    chose another session then (they keep that one)."""
    if old_slot is None or old_slot == slot.pk:
        return 0
    busy = OpenSpaceChoice.objects.filter(slot=slot).values("participant")
    dropped, _kinds = session.choices.filter(participant__in=busy).delete()
    session.choices.update(slot=slot)
    return dropped


def place(actor: Actor, session: OpenSpaceSession, room: OpenSpaceRoom, slot: OpenSpaceSlot) -> int:
    _mine(actor, session)
    with transaction.atomic():
        session = OpenSpaceSession.objects.select_for_update().get(pk=session.pk)
        dropped = _place(session, room, slot)
        audit.record(actor, "openspace.place", session, f"{session} → {room}, {slot}")
    return dropped


def unschedule(actor: Actor, session: OpenSpaceSession) -> None:
    """Take a session out of the grid: it returns to the marketplace (its notes stay; the
    choices made for it are dropped, since nobody can attend a session without a slot)."""
    _mine(actor, session)
    with transaction.atomic():
        session = OpenSpaceSession.objects.select_for_update().get(pk=session.pk)
        if not session.scheduled:
            return
        session.choices.all().delete()
        session.room = session.slot = None
        session.save(update_fields=["room", "slot", "updated_at"])
        audit.record(actor, "openspace.unschedule", session)


# --- Participants


def _participant_of(participant: Participant, open_space: OpenSpace) -> None:
    if participant is None or participant.workshop_id != open_space.workshop_id:
        raise PermissionDenied


def propose(
    participant: Participant,
    open_space: OpenSpace,
    *,
    title: str,
    description: str = "",
    convener: str = "",
) -> OpenSpaceSession:
    """A participant proposes a session. The convener is shown only when they give one."""
    _participant_of(participant, open_space)
    if not open_space.proposals_open:
        raise ValidationError(_("The marketplace is closed: no more proposals for now."))
    values = _session_values(title, description, convener)
    return OpenSpaceSession.objects.create(
        workspace_id=open_space.workspace_id, open_space=open_space, proposer=participant, **values
    )


def _own(participant: Participant, session: OpenSpaceSession) -> OpenSpaceSession:
    _participant_of(participant, session.open_space)
    session = OpenSpaceSession.objects.select_for_update().get(pk=session.pk)
    if session.proposer_id != participant.pk:
        raise ValidationError(_("Only the person who proposed this session can change it."))
    if session.scheduled:
        raise ValidationError(
            _("This session is in the grid already: ask the facilitator to change it.")
        )
    if session.hidden:
        raise ValidationError(_("This session has been merged or hidden by the facilitator."))
    return session


def edit_own(
    participant: Participant,
    session: OpenSpaceSession,
    *,
    title: str,
    description: str,
    convener: str,
) -> None:
    with transaction.atomic():
        session = _own(participant, session)
        for field, value in _session_values(title, description, convener).items():
            setattr(session, field, value)
        session.save()
        _rename_board(session)


def withdraw(participant: Participant, session: OpenSpaceSession) -> None:
    with transaction.atomic():
        session = _own(participant, session)
        board = session.board
        if board is not None and board.cards.exists():
            raise ValidationError(
                _("This session already has notes: ask the facilitator to hide it.")
            )
        session.delete()
        if board is not None:
            board.delete()


def place_own(
    participant: Participant, session: OpenSpaceSession, room: OpenSpaceRoom, slot: OpenSpaceSlot
) -> None:
    """A proposer puts their own session in a free cell, when the facilitator allows it."""
    _participant_of(participant, session.open_space)
    if not session.open_space.self_scheduling:
        raise ValidationError(_("The facilitator places the sessions in the grid."))
    with transaction.atomic():
        session = OpenSpaceSession.objects.select_for_update().get(pk=session.pk)
        if session.proposer_id != participant.pk:
            raise ValidationError(_("Only the person who proposed this session can change it."))
        if session.scheduled:
            raise ValidationError(
                _("This session is in the grid already: ask the facilitator to change it.")
            )
        _place(session, room, slot)


def choose(participant: Participant, session: OpenSpaceSession) -> OpenSpaceChoice:
    """Attend a session. Choosing another session of the same time slot moves you there."""
    _participant_of(participant, session.open_space)
    with transaction.atomic():
        session = OpenSpaceSession.objects.select_for_update().get(pk=session.pk)
        if not session.scheduled or session.hidden:
            raise ValidationError(_("This session is not in the grid yet."))
        for _attempt in range(2):
            try:
                with transaction.atomic():
                    choice, _created = OpenSpaceChoice.objects.update_or_create(
                        participant=participant,
                        slot_id=session.slot_id,
                        defaults={"session": session, "workspace_id": session.workspace_id},
                    )
                    return choice
            except IntegrityError:
                continue  # the same person chose twice at once: the other one won, update it
        raise ValidationError(_("Please try again."))


def unchoose(participant: Participant, session: OpenSpaceSession) -> None:
    _participant_of(participant, session.open_space)
    OpenSpaceChoice.objects.filter(participant=participant, session=session).delete()
