"""The board's websocket: one connection per open board view.

Frames in: commands (see ``protocol``). Frames out: ``snapshot``, ``event`` (numbered by the
board's ``seq``), ``ack`` and ``error``. Events are persisted before they are broadcast; a
consumer sends them to its client strictly in order, filling any gap from the database, so
a client never misses nor repeats one. A reconnecting client passes ``?since=<seq>``.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections import deque
from urllib.parse import parse_qs

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _

from liant.core.tenancy import Role
from liant.workshops.models import Board, BoardEvent, Participant

from . import projection, protocol, suggest


def participant_cookie(workshop) -> str:
    """One cookie per workshop: a participant of several workshops keeps each identity."""
    return f"liant_p_{workshop.code}"


REPLAY_LIMIT = 1000  # further behind than this, a client gets a snapshot instead
RATE_WINDOW_SECONDS = 5
RATE_MAX_COMMANDS = 25
FRAME_MAX_BYTES = 8 * 1024
GAP_WAIT_SECONDS = 0.5  # how long an early event waits for those before it


def group_name(board_id: int) -> str:
    return f"live-board-{board_id}"


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
    participant = None
    key = scope.get("cookies", {}).get(participant_cookie(board.workshop))
    if key:
        try:
            participant = Participant.objects.filter(key=key, workshop=board.workshop).first()
        except ValidationError:  # a malformed cookie is simply no identity
            participant = None
    if participant is None and not facilitator:
        return None, None
    return board, protocol.Who(participant.pk if participant else None, facilitator)


class BoardConsumer(AsyncJsonWebsocketConsumer):
    async def connect(self):
        board_id = int(self.scope["url_route"]["kwargs"]["board_id"])
        self.board, self.who = await identify(self.scope, board_id)
        if self.board is None:
            await self.close(code=4403)
            return
        query = parse_qs(self.scope.get("query_string", b"").decode())
        if query.get("view") == ["projector"] and self.who.is_facilitator:
            # The projector shows what the room sees, and sends nothing.
            self.who = protocol.Who(None, False)
        self.group = group_name(self.board.pk)
        self.signed = self.board.workshop.signed_cards
        self.results = self.board.results_shown
        self.recent: deque[float] = deque()
        self.last_sent = 0
        self.pending: dict[int, tuple[str, dict]] = {}
        self.gap_check = None
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()
        since = query.get("since", [None])[0]
        await self.catch_up(int(since) if since and since.isdigit() else None)

    async def disconnect(self, code):
        if getattr(self, "gap_check", None):
            self.gap_check.cancel()
        if getattr(self, "group", None):
            await self.channel_layer.group_discard(self.group, self.channel_name)

    # --- Out

    @database_sync_to_async
    def _snapshot(self):
        board = Board.objects.select_related("workshop").get(pk=self.board.pk)
        self.results = board.results_shown
        return projection.snapshot(board, self.who)

    @database_sync_to_async
    def _events_after(self, seq: int, until: int | None = None):
        events = BoardEvent.objects.filter(board_id=self.board.pk, seq__gt=seq)
        if until is not None:
            events = events.filter(seq__lte=until)
        return list(events.values_list("seq", "kind", "payload")[: REPLAY_LIMIT + 1])

    async def catch_up(self, since: int | None):
        if since is not None:
            events = await self._events_after(since)
            if len(events) <= REPLAY_LIMIT:
                self.last_sent = since
                for seq, kind, payload in events:
                    await self.deliver(seq, kind, payload)
                return
        snapshot = await self._snapshot()
        self.last_sent = snapshot["seq"]
        await self.send_json(snapshot)
        self.pending = {k: v for k, v in self.pending.items() if k > self.last_sent}
        while self.last_sent + 1 in self.pending:
            await self.send_event(self.last_sent + 1, *self.pending.pop(self.last_sent + 1))

    async def deliver(self, seq: int, kind: str, payload: dict):
        """Send events strictly in sequence. One that arrives early (two commands applied
        at once may be broadcast in either order) waits briefly for those before it; a gap
        that lasts is filled from the database."""
        if seq <= self.last_sent:
            return  # already sent: a broadcast that arrived after a catch-up
        self.pending[seq] = (kind, payload)
        while self.last_sent + 1 in self.pending:
            await self.send_event(self.last_sent + 1, *self.pending.pop(self.last_sent + 1))
        if self.pending and not self.gap_check:
            self.gap_check = asyncio.create_task(self.fill_gap())

    async def fill_gap(self):
        await asyncio.sleep(GAP_WAIT_SECONDS)
        self.gap_check = None
        if not self.pending:
            return
        for missing in await self._events_after(self.last_sent, min(self.pending) - 1):
            self.pending.setdefault(missing[0], missing[1:])
        while self.last_sent + 1 in self.pending:
            await self.send_event(self.last_sent + 1, *self.pending.pop(self.last_sent + 1))

    async def send_event(self, seq: int, kind: str, payload: dict):
        if kind == "board.results":
            self.results = payload["shown"]
        self.last_sent = seq
        await self.send_json(
            projection.event_view(
                kind, payload, seq, self.who, signed=self.signed, results=self.results
            )
        )
        if kind in ("board.revealed", "board.stage", "board.results"):
            # Texts or totals this viewer could not see may now be visible.
            snapshot = await self._snapshot()
            self.last_sent = max(self.last_sent, snapshot["seq"])
            self.pending = {k: v for k, v in self.pending.items() if k > self.last_sent}
            await self.send_json(snapshot)

    async def dispatch(self, message):
        # Channels closes stale database connections before every message, a trip through
        # the single sync thread; broadcast events touch the database only through
        # database_sync_to_async (which does that itself), so they skip it.
        if message["type"] == "board.event":
            await self.board_event(message)
        else:
            await super().dispatch(message)

    async def board_event(self, message):
        await self.deliver(message["seq"], message["kind"], message["payload"])

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
            event, created = await database_sync_to_async(self.apply)(frame)
        except protocol.CommandError as error:
            await self.error(command_id, error.code, error.message)
            return
        await self.send_json({"type": "ack", "id": command_id, "seq": event.seq})
        if created:
            await self.channel_layer.group_send(
                self.group,
                {
                    "type": "board.event",
                    "seq": event.seq,
                    "kind": event.kind,
                    "payload": event.payload,
                },
            )

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

    def apply(self, frame):
        with translation.override(self.scope.get("language") or "fr"):
            return protocol.apply(self.board.pk, self.who, frame)

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
