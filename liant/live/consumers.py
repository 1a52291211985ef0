"""The board's websocket: one connection per open board view.

Frames in: commands (see ``protocol``). Frames out: ``snapshot``, ``batch`` (consecutive
events numbered by the board's ``seq``), ``ack``, ``error`` and, for facilitators and the
projector, ``presence``. Events are persisted before they are broadcast; the board's hub in
this process (``hub``) puts them in order and offers them in batches; a connection sends
each event exactly once, in order, filling any gap from the database, so a client never
misses nor repeats one. A reconnecting client passes ``?since=<seq>``.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections import deque
from urllib.parse import parse_qs

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.utils.translation import gettext as _

from liant.core.tenancy import Role
from liant.workshops import selectors as workshop_selectors
from liant.workshops.models import Board

from . import direct_send, hub, projection, protocol, suggest
from .hub import group_name


def participant_cookie(workshop) -> str:
    """One cookie per workshop: a participant of several workshops keeps each identity."""
    return f"liant_p_{workshop.code}"


RATE_WINDOW_SECONDS = 5
RATE_MAX_COMMANDS = 25
FRAME_MAX_BYTES = 8 * 1024
BACKLOG_MAX = 200  # batches held for a connection still catching up, before it starts over


@database_sync_to_async
def identify(scope, board_id: int):
    """(board, who) for this connection, or (None, None) when it has no business here."""
    board = Board.objects.select_related("workshop").filter(pk=board_id).first()
    if board is None:
        return None, None
    user = scope.get("user")
    facilitator = bool(
        user
        and user.is_authenticated
        and user.memberships.filter(workspace_id=board.workspace_id, role__in=Role.STAFF).exists()
    )
    key = scope.get("cookies", {}).get(participant_cookie(board.workshop))
    participant = workshop_selectors.participant_by_key(board.workshop, key)
    if not workshop_selectors.participant_admitted(board.workshop, participant):
        participant = None  # invited-only workshop: a revoked or uninvited participant
    if participant is None and not facilitator:
        return None, None
    return board, protocol.Who(participant.pk if participant else None, facilitator)


class BoardConsumer(AsyncJsonWebsocketConsumer):
    # No channel per connection: the board's hub receives for every connection of the process.
    channel_layer_alias = None

    async def connect(self):
        board_id = int(self.scope["url_route"]["kwargs"]["board_id"])
        self.board, self.who = await identify(self.scope, board_id)
        if self.board is None:
            await self.close(code=4403)
            return
        query = parse_qs(self.scope.get("query_string", b"").decode())
        self.projector = query.get("view") == ["projector"] and self.who.is_facilitator
        self.sees_presence = self.who.is_facilitator
        if self.projector:
            # The projector shows what the room sees, and sends nothing.
            self.who = protocol.Who(None, False)
        self.signed = self.board.workshop.signed_cards
        self.group = group_name(self.board.pk)
        self.recent: deque[float] = deque()
        self.last_sent = 0
        self.floor = 0  # set by the hub: the last seq it had offered when this one joined
        self.live = False  # False while catching up: the hub's batches wait in the backlog
        self.backlog: list[tuple] = []
        self.stale = False
        self.repair: asyncio.Task | None = None
        await self.accept()
        self.hub = await hub.join(self)
        since = query.get("since", [None])[0]
        await self.catch_up(int(since) if since and since.isdigit() else None)

    async def disconnect(self, code):
        if getattr(self, "repair", None):
            self.repair.cancel()
        if getattr(self, "hub", None):
            self.hub.remove(self)

    # --- Out

    async def send_text(self, text: str):
        """The hub's frames: straight to the server when ``direct_send`` is in the stack."""
        send = self.scope.get(direct_send.SCOPE_KEY, self.base_send)
        try:
            await send({"type": "websocket.send", "text": text})
        except Exception:  # the client is gone (its disconnect is on its way): others go on
            if getattr(self, "hub", None):
                self.hub.remove(self)

    async def catch_up(self, since: int | None):
        """Exactly the events after ``since`` (or a snapshot when too far behind, or when one
        of them changed what this viewer may see), then whatever the hub offered meanwhile."""
        self.live = False
        while True:
            if self.stale:  # too far behind: start over
                self.stale, since = False, None
            if not await self.replay(since):
                self.last_sent, text = await self.hub.snapshot_for(self)
                await self.send_text(text)
            gap = False
            while self.backlog and not gap:
                item, *rest = self.backlog.pop(0)
                if item == "snapshot":
                    if rest[0] >= self.last_sent:  # as new as what was sent, or newer
                        self.last_sent = rest[0]
                        await self.send_text(rest[1])
                elif rest[0] > self.last_sent + 1 and rest[1] > self.last_sent:
                    gap = True  # its events are in the database: the replay will send them
                else:
                    await self.take(*rest)
            if not gap:
                break
            since = self.last_sent
        self.live = True

    async def replay(self, since: int | None) -> bool:
        """Send the events after ``since`` from the database; False when a snapshot is due."""
        if since is None:
            return False
        seq, results, _masked = await hub._board_head(self.board.pk)
        events = await hub.events_after(self.board.pk, since) if seq > since else []
        if len(events) > hub.REPLAY_LIMIT or any(
            kind in projection.RESNAPSHOT for _, kind, _ in events
        ):
            return False
        self.last_sent = since
        if events:
            await self.send_own(events, results)
        return True

    async def send_own(self, events, results: bool):
        frame = projection.batch_view(events, self.who, self.signed, results)
        self.last_sent = events[-1][0]
        await self.send_json(frame)

    async def offer(self, first: int, last: int, events, text: str, results: bool):
        """A batch from the hub: ``text`` is its projection for this connection."""
        if not self.live:
            self.queue(("batch", first, last, events, text, results))
            return
        await self.take(first, last, events, text, results)

    async def offer_snapshot(self, seq: int, text: str):
        if not self.live:
            self.queue(("snapshot", seq, text))
        elif seq >= self.last_sent:
            self.last_sent = seq
            await self.send_text(text)

    def queue(self, item):
        self.backlog.append(item)
        if len(self.backlog) > BACKLOG_MAX:  # far behind: start over from a snapshot
            self.backlog.clear()
            self.stale = True

    async def take(self, first, last, events, text, results):
        if last <= self.last_sent:
            return  # already sent (a catch-up covered it)
        if first == self.last_sent + 1:
            self.last_sent = last
            await self.send_text(text)
        elif first <= self.last_sent:  # partly sent: the rest, projected for this viewer
            rest = [e for e in events if e[0] > self.last_sent]
            skipped = [e for e in events if e[0] <= self.last_sent]
            await self.send_own(rest, projection.results_after(skipped, results))
        else:  # a gap (should not happen): fill it from the database, without holding the hub
            self.live = False
            self.queue(("batch", first, last, events, text, results))
            if self.repair is None:
                self.repair = asyncio.create_task(self.refill())

    async def refill(self):
        try:
            await self.catch_up(self.last_sent)
        finally:
            self.repair = None

    # --- In

    async def receive(self, text_data=None, bytes_data=None, **kwargs):
        if text_data is None or len(text_data) > FRAME_MAX_BYTES:
            await self.error(None, "bad_frame", _("Frames are JSON text of at most 8 KB."))
            return
        try:
            frame = json.loads(text_data)
        except ValueError:
            await self.error(None, "bad_frame", _("This frame is not valid JSON."))
            return
        if not isinstance(frame, dict):
            await self.error(None, "bad_frame", _("A command is a JSON object."))
            return
        await self.receive_json(frame)

    async def receive_json(self, frame, **kwargs):
        command_id = frame.get("id")
        if frame.get("type") == "sync":
            since = frame.get("since")
            await self.catch_up(since if isinstance(since, int) else None)
            return
        if frame.get("type") == "suggest":
            await self.suggest(command_id)
            return
        if self.rate_limited():
            await self.error(
                command_id, "rate_limited", _("Too many actions at once: wait a few seconds.")
            )
            return
        if frame.get("board", self.board.pk) != self.board.pk:
            await self.error(command_id, "wrong_board", _("This command is for another board."))
            return
        try:
            event, _created = await self.hub.commits.submit(
                self.who, frame, self.scope.get("language") or "fr"
            )
        except protocol.CommandError as error:
            await self.error(command_id, error.code, error.message)
            return
        await self.send_json({"type": "ack", "id": command_id, "seq": event.seq})

    async def suggest(self, command_id):
        """Suggested groups, for this facilitator only: nothing is stored until accepted."""
        if self.rate_limited():
            await self.error(
                command_id, "rate_limited", _("Too many actions at once: wait a few seconds.")
            )
            return
        try:
            card_ids, texts, language = await database_sync_to_async(protocol.suggestion_input)(
                self.board.pk, self.who
            )
        except protocol.CommandError as error:
            await self.error(command_id, error.code, error.message)
            return
        groups = await suggest.suggest(card_ids, texts, language)
        await self.send_json({"type": "suggestions", "id": command_id, "groups": groups})

    def rate_limited(self) -> bool:
        now = time.monotonic()
        while self.recent and now - self.recent[0] > RATE_WINDOW_SECONDS:
            self.recent.popleft()
        if len(self.recent) >= RATE_MAX_COMMANDS:
            return True
        self.recent.append(now)
        return False

    async def error(self, command_id, code: str, message: str):
        await self.send_json({"type": "error", "id": command_id, "code": code, "message": message})
