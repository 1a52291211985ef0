"""One subscription per board per process, and batched frames.

A ``BoardHub`` listens to its board's channel-layer group once for the whole process (instead
of one channel-layer message per connection), puts the events it receives in ``seq`` order
(an early one waits briefly for those before it, then a lasting gap is filled from the
database), and delivers them to the process's connections on that board in **batches**:
right away when the board was quiet, otherwise at most one frame every ``flush_interval``
(which follows the measured cost of a fan-out).
Each batch is projected and serialised once per kind of viewer (participants, facilitators)
and the same text goes to every connection of that kind; only a connection whose participant
wrote or voted in the batch gets its own projection (its ``mine`` flags). After an event that
may reveal what a viewer could not see (reveal, stage, results), the board is read once and a
snapshot goes to each connection.

The hub also keeps the **presence count** (participants connected to the board and to the
workshop) through ``presence``: coalesced like events, sent to facilitators and projectors.
"""

from __future__ import annotations

import asyncio
import logging
import weakref
from collections import Counter

from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from django.utils import timezone

from liant.workshops.models import Board, BoardEvent

from . import presence, projection
from .group_commit import GroupCommit
from .projection import dumps
from .protocol import Who

logger = logging.getLogger(__name__)

# Under load, one frame per connection at most every ``flush_interval`` seconds. The
# interval follows what a fan-out (one send per connection) costs on this machine, measured:
# sending may take at most 1/FLUSH_COST_FACTOR of the process's time, so that commands still
# get in; a quiet machine gets frequent frames (low latency), a loaded one fewer, larger ones.
FLUSH_MIN_SECONDS, FLUSH_MAX_SECONDS = 0.05, 0.25
FLUSH_SECONDS_PER_CONNECTION = 0.00005  # a floor, before any fan-out was measured
FLUSH_COST_FACTOR = 4
FLUSH_COST_SMOOTHING = 0.3  # weight of the last fan-out in the running cost
GAP_WAIT_SECONDS = 0.5  # how long an early event waits for those before it
LINGER_SECONDS = 5.0  # an empty hub waits this long for a reconnection before unsubscribing
YIELD_EVERY = 200  # connections sent to before the fan-out lets other tasks run
REPLAY_LIMIT = 1000  # further behind than this, a connection gets a snapshot instead


def group_name(board_id: int) -> str:
    return f"live-board-{board_id}"


def workshop_group(workshop_id: int) -> str:
    return f"live-workshop-{workshop_id}"


def flush_interval(connections: int, cost: float = 0.0) -> float:
    """Seconds between two frames to a connection, for ``connections`` connections whose
    fan-outs took ``cost`` seconds each lately."""
    wanted = max(connections * FLUSH_SECONDS_PER_CONNECTION, FLUSH_COST_FACTOR * cost)
    return min(FLUSH_MAX_SECONDS, max(FLUSH_MIN_SECONDS, wanted))


def smoothed_cost(cost: float, last: float) -> float:
    return cost + FLUSH_COST_SMOOTHING * (last - cost)


@database_sync_to_async
def events_after(board_id: int, seq: int, until: int | None = None, limit: int | None = None):
    """The stored events after ``seq`` (up to ``until``), at most ``limit`` + 1 of them."""
    limit = REPLAY_LIMIT if limit is None else limit
    events = BoardEvent.objects.filter(board_id=board_id, seq__gt=seq)
    if until is not None:
        events = events.filter(seq__lte=until)
    return list(events.order_by("seq").values_list("seq", "kind", "payload")[: limit + 1])


@database_sync_to_async
def board_state(board_id: int) -> dict:
    return projection.board_state(Board.objects.select_related("workshop").get(pk=board_id))


@database_sync_to_async
def _board_head(board_id: int) -> tuple[int, bool, bool]:
    """The board's last seq, whether results are shown and whether cards are masked."""
    board = Board.objects.get(pk=board_id)
    return board.seq, board.results_shown, board.cards_hidden


# One hub per board per event loop: a worker process has one loop; tests run several.
_hubs: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, dict[int, BoardHub]] = (
    weakref.WeakKeyDictionary()
)


def _local_hubs() -> dict[int, BoardHub]:
    return _hubs.setdefault(asyncio.get_running_loop(), {})


async def join(consumer) -> BoardHub:
    """The hub of the consumer's board in this process (started if needed), with the
    consumer registered: from now on it is offered every batch flushed."""
    hubs = _local_hubs()
    hub = hubs.get(consumer.board.pk)
    if hub is None:
        hub = hubs[consumer.board.pk] = BoardHub(
            consumer.board.pk, consumer.board.workshop_id, consumer.signed
        )
        try:
            await hub.start()
        except BaseException:
            hub.closed = True
            hubs.pop(consumer.board.pk, None)
            raise
        finally:
            hub.started.set()
    else:
        await hub.started.wait()  # subscribed and positioned before anyone relies on it
        if hub.closed:
            return await join(consumer)
    hub.add(consumer)
    return hub


def hubs_of_workshop(workshop_id: int) -> list[BoardHub]:
    return [h for h in _local_hubs().values() if h.workshop_id == workshop_id]


class BoardHub:
    def __init__(self, board_id: int, workshop_id: int, signed: bool):
        self.board_id = board_id
        self.workshop_id = workshop_id
        self.signed = signed
        self.consumers: set = set()
        self.people: Counter[int] = Counter()  # participant id -> open connections here
        self.cursor = 0  # the last seq put in order
        self.flushed = 0  # the last seq offered to the connections
        self.results = False  # results shown, as of the last event delivered
        self.masked = True  # cards hidden until reveal, as of the last event delivered
        self.pending: dict[int, tuple[str, dict]] = {}
        self.ready: list[tuple[int, str, dict]] = []
        self.wake = asyncio.Event()
        self.last_flush = 0.0
        self.flush_cost = 0.0  # seconds a fan-out took lately (smoothed)
        self.presence_changed = False  # who is here changed: tell the other processes
        self.presence_stale = True  # the counts must be read again
        self.presence_sent: tuple[int, int] | None = None
        self.published: set[int] = set()  # participants last written to the shared count
        self.tasks: list[asyncio.Task] = []
        self.gap_task: asyncio.Task | None = None
        self.linger: asyncio.TimerHandle | None = None
        self.started = asyncio.Event()
        self.closed = False
        # The last board state read, with its serialised pieces: connections arriving in a
        # burst (a room joining) share one read and mostly one snapshot text.
        self.state: tuple[dict, dict] | None = None
        self.reading: asyncio.Future | None = None

    # --- Life

    async def start(self):
        self.layer = get_channel_layer()
        self.channel = await self.layer.new_channel()
        await self.layer.group_add(group_name(self.board_id), self.channel)
        await self.layer.group_add(workshop_group(self.workshop_id), self.channel)
        self.commits = GroupCommit(self.board_id, self.layer, group_name(self.board_id))
        # Subscribed first, then read where the board is: nothing falls in between.
        self.cursor, self.results, self.masked = await _board_head(self.board_id)
        self.flushed = self.cursor
        self.tasks = [
            asyncio.create_task(self.listen()),
            asyncio.create_task(self.flusher()),
            asyncio.create_task(self.heartbeat()),
        ]

    def add(self, consumer):
        if self.linger:
            self.linger.cancel()
            self.linger = None
        self.consumers.add(consumer)
        consumer.floor = self.flushed  # what it must get from the database, not from here
        participant = consumer.who.participant_id
        if participant is not None and not consumer.projector:
            self.people[participant] += 1
            if self.people[participant] == 1:
                self.presence_changed = self.presence_stale = True
        if consumer.sees_presence:
            self.presence_sent = None  # the newcomer needs the counts
            self.presence_stale = True
        self.wake.set()

    def remove(self, consumer):
        if consumer not in self.consumers:
            return
        self.consumers.discard(consumer)
        participant = consumer.who.participant_id
        if participant is not None and not consumer.projector:
            self.people[participant] -= 1
            if self.people[participant] <= 0:
                del self.people[participant]
                self.presence_changed = self.presence_stale = True
                self.wake.set()
        if not self.consumers:
            loop = asyncio.get_running_loop()
            self.linger = loop.call_later(LINGER_SECONDS, self._close_soon)

    def _close_soon(self):
        if self.consumers or self.closed:
            return
        # Out of the registry at once: a newcomer from now on starts a new hub.
        self.closed = True
        hubs = _local_hubs()
        if hubs.get(self.board_id) is self:
            del hubs[self.board_id]
        asyncio.create_task(self.close())

    async def close(self):
        try:
            await presence.backend().publish(self)
            await self.layer.group_discard(group_name(self.board_id), self.channel)
            await self.layer.group_discard(workshop_group(self.workshop_id), self.channel)
            await self.layer.group_send(workshop_group(self.workshop_id), {"type": "presence"})
        finally:
            self.commits.stop()
            for task in self.tasks:
                task.cancel()

    # --- In: events from the channel layer, put in order

    async def listen(self):
        while True:
            try:
                message = await self.layer.receive(self.channel)
            except asyncio.CancelledError:
                raise
            except Exception:  # the layer failed (Redis away): resume from the database
                logger.exception("board %s: channel layer receive failed", self.board_id)
                await asyncio.sleep(0.5)
                await self.fill_from_database()
                continue
            if message.get("type") == "board.events":
                for event in message["events"]:
                    self.on_event(event["seq"], event["kind"], event["payload"])
            elif message.get("type") == "board.event":
                self.on_event(message["seq"], message["kind"], message["payload"])
            elif message.get("type") == "presence":
                self.presence_stale = True
                self.wake.set()

    def on_event(self, seq: int, kind: str, payload: dict):
        if seq <= self.cursor or seq in self.pending:
            return  # already in order (or covered by a snapshot)
        self.pending[seq] = (kind, payload)
        self.advance()
        if self.pending and not self.gap_task:
            self.gap_task = asyncio.create_task(self.fill_gap())

    def advance(self):
        while self.cursor + 1 in self.pending:
            self.cursor += 1
            self.ready.append((self.cursor, *self.pending.pop(self.cursor)))
        if self.ready:
            self.wake.set()

    async def fill_gap(self):
        try:
            await asyncio.sleep(GAP_WAIT_SECONDS)
            if self.pending:
                await self.fill_from_database(min(self.pending) - 1)
        finally:
            self.gap_task = None

    async def fill_from_database(self, until: int | None = None):
        for seq, kind, payload in await events_after(self.board_id, self.cursor, until, 10**9):
            self.pending.setdefault(seq, (kind, payload))
        self.advance()

    # --- Out: batches

    async def flusher(self):
        loop = asyncio.get_running_loop()
        while True:
            await self.wake.wait()
            self.wake.clear()
            # Quiet board: send now. Busy board: gather what comes until the next slot.
            interval = flush_interval(len(self.consumers), self.flush_cost)
            delay = self.last_flush + interval - loop.time()
            if delay > 0:
                await asyncio.sleep(delay)
            self.last_flush = loop.time()
            events, self.ready = self.ready, []
            try:
                if events:
                    await self.deliver(events)
                await self.flush_presence()
            except asyncio.CancelledError:
                raise
            except Exception:
                logger.exception("board %s: delivery failed", self.board_id)

    async def deliver(self, events):
        """Send events in order, cut after each one that calls for a snapshot."""
        start = 0
        for i, (_seq, kind, payload) in enumerate(events):
            if i >= start and self.shows_more(kind, payload):
                await self.send_batch(events[start : i + 1])
                start = i + 1
                snapshot_seq = await self.send_snapshots()
                while start < len(events) and events[start][0] <= snapshot_seq:
                    start += 1
        if start < len(events):
            await self.send_batch(events[start:])

    def shows_more(self, kind: str, payload: dict) -> bool:
        """Whether viewers may now see what they could not: a snapshot follows the event.
        (A stage change on a board whose cards are already in view needs none.)"""
        if kind == "board.revealed" or (kind == "board.stage" and payload.get("revealed")):
            masked, self.masked = self.masked, False
            return masked
        return kind == "board.results"

    async def send_batch(self, events):
        if not events:
            return
        first, last = events[0][0], events[-1][0]
        self.flushed = max(self.flushed, last)
        concerned = projection.concerned(events)
        shared: dict[Who, str] = {}
        loop = asyncio.get_running_loop()
        started = loop.time()
        for i, consumer in enumerate(list(self.consumers)):
            if i and i % YIELD_EVERY == 0:
                await asyncio.sleep(0)  # let incoming commands in during a long fan-out
            who = consumer.who
            if who.participant_id in concerned:
                text = dumps(projection.batch_view(events, who, self.signed, self.results))
            else:
                key = projection.shared_viewer(who)
                text = shared.get(key)
                if text is None:
                    frame = projection.batch_view(events, key, self.signed, self.results)
                    text = shared[key] = dumps(frame)
            await consumer.offer(first, last, events, text, self.results)
        self.flush_cost = smoothed_cost(self.flush_cost, loop.time() - started)
        self.results = projection.results_after(events, self.results)

    async def snapshot_for(self, consumer) -> tuple[int, str]:
        """(seq, snapshot text) for a connection already registered here. A state read
        earlier serves if it holds every event flushed before the connection registered:
        the later ones reach it as batches. (A read started after registering always does.)"""
        who = consumer.who
        while self.state is None or self.state[0]["seq"] < consumer.floor:
            if self.reading is None:
                self.reading = asyncio.ensure_future(board_state(self.board_id))
                try:
                    self.state = (await self.reading, {})
                finally:
                    self.reading = None
            else:
                await asyncio.shield(self.reading)
        state, cache = self.state
        text = projection.snapshot_text(state, who, cache)
        # Clients set their clock by the timer's server_now: give the time of sending.
        # (Quotes inside JSON strings are escaped: this can only be the timer's own key.)
        stamp = f'"server_now":"{state["board"]["timer"]["server_now"]}"'
        now = f'"server_now":"{timezone.now().isoformat()}"'
        return state["seq"], text.replace(stamp, now, 1)

    async def send_snapshots(self) -> int:
        """The board read once, projected for each connection; returns its seq."""
        state = await board_state(self.board_id)
        self.results, self.masked = state["results_shown"], state["masked"]
        cache: dict = {}
        self.state = (state, cache)
        self.flushed = max(self.flushed, state["seq"])
        for consumer in list(self.consumers):
            text = projection.snapshot_text(state, consumer.who, cache)
            await consumer.offer_snapshot(state["seq"], text)
        if state["seq"] > self.cursor:
            self.cursor = state["seq"]
            self.pending = {k: v for k, v in self.pending.items() if k > self.cursor}
            self.advance()
        self.ready = [e for e in self.ready if e[0] > state["seq"]]
        return state["seq"]

    # --- Presence

    async def heartbeat(self):
        """Keep this process's participants alive in the shared count (a dead worker's
        entries expire), and notice when another worker's did."""
        while True:
            await asyncio.sleep(presence.HEARTBEAT_SECONDS)
            try:
                await presence.backend().refresh(self)
            except Exception:
                logger.exception("board %s: presence heartbeat failed", self.board_id)
            self.presence_stale = True
            self.wake.set()

    async def flush_presence(self):
        if self.presence_changed:
            self.presence_changed = False
            await presence.backend().publish(self)
            # Every hub of the workshop, in every process, reads the counts again.
            await self.layer.group_send(workshop_group(self.workshop_id), {"type": "presence"})
        if not self.presence_stale:
            return
        self.presence_stale = False
        watchers = [c for c in self.consumers if c.sees_presence]
        if not watchers:
            return
        counts = await presence.backend().counts(self)
        if counts == self.presence_sent:
            return
        self.presence_sent = counts
        text = dumps({"type": "presence", "board": counts[0], "workshop": counts[1]})
        for consumer in watchers:
            await consumer.send_text(text)
