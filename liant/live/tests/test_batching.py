"""Batch frames, the per-process hub and the presence count (Channels' communicator)."""

import asyncio
import json
import os

import pytest
from channels.testing.websocket import WebsocketCommunicator

from liant.live import hub, presence
from liant.workshops.models import Board, Column

from .test_protocol import (
    application,
    command,
    drain,
    facilitator_headers,
    opened,
    run,
)

pytestmark = pytest.mark.django_db(transaction=True)


async def raw(comm, timeout=0.3):
    """Every frame received until quiet, as sent (text), presence counts left out."""
    texts = []
    while not await comm.receive_nothing(timeout=timeout):
        text = await comm.receive_from()
        if json.loads(text)["type"] != "presence":
            texts.append(text)
    return texts


def seqs(frames):
    return [f["seq"] for f in frames if f["type"] == "event"]


def test_a_burst_arrives_in_few_frames_in_order_and_identical_for_the_others(room, monkeypatch):
    monkeypatch.setattr(hub, "flush_interval", lambda connections, cost=0.0: 0.5)
    board, column, (ana, bruno, chloe) = room

    async def scenario():
        a, _ = await opened(board, ana)
        b, _ = await opened(board, bruno)
        c, _ = await opened(board, chloe)
        for i in range(6):
            await a.send_json_to(command("card.add", column=column.pk, text=f"Idée {i}"))
        to_a, to_b, to_c = await raw(a, 1), await raw(b, 1), await raw(c, 1)
        for comm in (a, b, c):
            await comm.disconnect()
        return to_a, to_b, to_c

    to_a, to_b, to_c = run(scenario)
    batches_b = [json.loads(t) for t in to_b]
    assert all(f["type"] == "batch" for f in batches_b)
    # Six cards in a burst: at most one frame per slot of 0.5 s, not one per card.
    assert 1 <= len(batches_b) <= 3
    events = [e for f in batches_b for e in f["events"]]
    assert [e["seq"] for e in events] == [1, 2, 3, 4, 5, 6]
    # Hidden until reveal: the others learn that a column has one more card, nothing else.
    assert {tuple(sorted(e["data"]["card"])) for e in events} == {
        ("column", "hidden", "id", "masked", "mine")
    }
    assert [f["seq"] for f in batches_b] == [f["events"][-1]["seq"] for f in batches_b]
    # Serialised once: Bruno and Chloé receive the very same text.
    assert to_b == to_c
    # Ana's batches are hers: her cards say ``mine`` and keep their text.
    mine = [e for t in to_a for e in json.loads(t).get("events", [])]
    assert [e["data"]["card"]["mine"] for e in mine] == [True] * 6
    assert all("text" in e["data"]["card"] for e in mine)
    for text in to_b:
        assert "author" not in text and "Ana" not in text and str(ana.key) not in text
        assert '"mine":true' not in text and "Idée" not in text  # hidden until reveal


def test_a_batch_is_projected_for_each_viewer(room, client):
    board, column, (ana, bruno, _) = room
    Board.objects.filter(pk=board.pk).update(stage="vote", revealed=True)
    board.workshop.signed_cards = True
    board.workshop.save()
    headers = facilitator_headers(board, client)

    async def scenario():
        f = WebsocketCommunicator(application, f"/ws/live/boards/{board.pk}/", headers=headers)
        assert (await f.connect())[0]
        await drain(f)
        a, _ = await opened(board, ana)
        b, _ = await opened(board, bruno)
        await f.send_json_to(command("board.stage", stage="write"))
        await drain(f), await drain(a), await drain(b)
        await a.send_json_to(command("card.add", column=column.pk, text="Signée"))
        [card] = [x for x in await drain(a) if x["type"] == "event"]
        await drain(b), await drain(f)
        await f.send_json_to(command("board.stage", stage="vote"))
        await drain(f), await drain(a), await drain(b)
        await a.send_json_to(command("vote.add", card=card["data"]["card"]["id"]))
        to_a, to_b, to_f = await drain(a), await drain(b), await drain(f)
        for comm in (f, a, b):
            await comm.disconnect()
        return card, to_a, to_b, to_f

    card, to_a, to_b, to_f = run(scenario)
    assert card["data"]["card"]["by"] == "Ana"  # signed cards carry the pseudonym only
    key = f"card:{card['data']['card']['id']}"
    [vote_a] = [x for x in to_a if x["type"] == "event"]
    [vote_b] = to_b
    [vote_f] = [x for x in to_f if x["type"] == "event"]
    assert vote_a["data"] == {"mine": {key: 1}}  # results hidden: no totals for participants
    assert vote_b["data"] == {}
    assert vote_f["data"] == {"totals": {key: 1}}  # the facilitator sees the totals


def test_a_reconnection_in_the_middle_of_a_batch_loses_and_repeats_nothing(room, monkeypatch):
    monkeypatch.setattr(hub, "flush_interval", lambda connections, cost=0.0: 1.0)
    board, column, (ana, bruno, _) = room

    async def scenario():
        a, _ = await opened(board, ana)
        b, _ = await opened(board, bruno)
        await a.send_json_to(command("card.add", column=column.pk, text="Un"))
        await asyncio.sleep(0.3)  # flushed at once: the board was quiet
        before = seqs(await drain(b, 0.2))
        # These wait for the next slot, and Bruno drops out before it.
        for text in ("Deux", "Trois"):
            await a.send_json_to(command("card.add", column=column.pk, text=text))
        await asyncio.sleep(0.1)
        await b.disconnect()
        b, replay = await opened(board, bruno, since=before[-1])
        await a.send_json_to(command("card.add", column=column.pk, text="Quatre"))
        after = await drain(b, 1.5)
        await a.disconnect()
        await b.disconnect()
        return before, replay, after

    before, replay, after = run(scenario)
    assert before == [1]
    assert seqs(replay) == [2, 3]  # caught up from the database
    assert seqs(after) == [4]  # the hub's batch 2–4 trimmed: 2 and 3 not sent twice


def test_two_connections_of_one_process_share_one_layer_message(room, monkeypatch):
    board, column, (ana, bruno, chloe) = room
    received = []
    on_event = hub.BoardHub.on_event

    def counting(self, seq, kind, payload):
        received.append(seq)
        on_event(self, seq, kind, payload)

    monkeypatch.setattr(hub.BoardHub, "on_event", counting)

    async def scenario():
        comms = [(await opened(board, p))[0] for p in (ana, bruno, chloe)]
        [board_hub] = [h for h in hub._local_hubs().values() if h.board_id == board.pk]
        connected = len(board_hub.consumers)
        await comms[0].send_json_to(command("card.add", column=column.pk, text="Une"))
        frames = [await drain(c) for c in comms]
        for comm in comms:
            await comm.disconnect()
        return connected, frames

    connected, frames = run(scenario)
    assert connected == 3
    assert received == [1]  # one message from the channel layer for the whole process
    assert all(seqs(f) == [1] for f in frames)


def test_connections_arriving_together_share_one_board_read(room, monkeypatch):
    import datetime

    board, column, (ana, bruno, chloe) = room
    reads = []
    board_state = hub.board_state

    async def counting(board_id):
        reads.append(board_id)
        return await board_state(board_id)

    monkeypatch.setattr(hub, "board_state", counting)

    async def scenario():
        a, [first] = await opened(board, ana)
        b, [second] = await opened(board, bruno)
        await a.send_json_to(command("card.add", column=column.pk, text="Une"))
        await drain(a), await drain(b)
        before = datetime.datetime.now(datetime.UTC)
        c, [third] = await opened(board, chloe)
        for comm in (a, b, c):
            await comm.disconnect()
        return first, second, third, before

    first, second, third, before = run(scenario)
    assert len(reads) == 2  # Ana and Bruno shared one read; the card made Chloé's necessary
    assert first["board"] == second["board"] | {"timer": first["board"]["timer"]}
    assert third["seq"] == 1 and len(third["board"]["cards"]) == 1
    sent_at = datetime.datetime.fromisoformat(third["board"]["timer"]["server_now"])
    assert sent_at >= before  # the clock reference is the time of sending


def test_an_idle_hub_unsubscribes_and_a_newcomer_starts_a_fresh_one(room, monkeypatch):
    monkeypatch.setattr(hub, "LINGER_SECONDS", 0.2)
    board, column, (ana, bruno, _) = room

    async def scenario():
        a, _ = await opened(board, ana)
        first = hub._local_hubs()[board.pk]
        await a.disconnect()
        await asyncio.sleep(0.5)
        gone = board.pk not in hub._local_hubs()
        a, _ = await opened(board, ana)
        b, _ = await opened(board, bruno)
        second = hub._local_hubs()[board.pk]
        await a.send_json_to(command("card.add", column=column.pk, text="Encore là"))
        await drain(a)
        frames = await drain(b)
        open_while_used = not second.closed  # (it may linger out once both have left)
        await a.disconnect()
        await b.disconnect()
        return first, second, gone, frames, open_while_used

    first, second, gone, frames, open_while_used = run(scenario)
    assert gone and first.closed and second is not first and open_while_used
    assert seqs(frames) == [1]


def test_an_event_replayed_from_a_stale_snapshot_gives_the_fresh_snapshot(room, client):
    """For each command: a viewer's snapshot taken before, plus the batch frames received,
    applied as live-board.js does, equals the snapshot taken after."""
    board, column, (ana, bruno, _) = room
    Board.objects.filter(pk=board.pk).update(hidden_until_reveal=False)
    board.workshop.dots_per_participant = 3
    board.workshop.several_dots_per_item = True
    board.workshop.save()
    headers = facilitator_headers(board, client)

    async def scenario():
        f = WebsocketCommunicator(application, f"/ws/live/boards/{board.pk}/", headers=headers)
        assert (await f.connect())[0]
        await drain(f)
        a, _ = await opened(board, ana)
        b, [stale] = await opened(board, bruno)

        async def step(comm, frame):
            await comm.send_json_to(frame)
            own = await drain(comm)
            return own if comm is b else await drain(b)

        frames = await step(a, command("card.add", column=column.pk, text="Un"))
        card = frames[0]["data"]["card"]["id"]
        steps = [
            (b, command("card.add", column=column.pk, text="Deux")),
            (a, command("card.edit", card=card, text="Un, corrigé")),
            (f, command("card.hide", card=card, hidden=True)),
            (f, command("card.hide", card=card, hidden=False)),
            (f, command("cluster.create", title="Groupe")),
            (f, command("board.stage", stage="vote")),
            (b, command("vote.add", card=card)),
            (b, command("vote.add", card=card)),
            (a, command("vote.add", card=card)),
            (b, command("vote.remove", card=card)),
            (f, command("board.results", shown=True)),
            (a, command("vote.remove", card=card)),
            (f, command("board.lock", locked=True)),
        ]
        for comm, frame in steps:
            frames += await step(comm, frame)
        # Groups: create two more, move a card, reorder, merge, delete.
        ids = []
        for title in ("Deux", "Trois"):
            got = await step(f, command("cluster.create", title=title))
            ids.append(got[-1]["data"]["cluster"]["id"])
            frames += got
        for frame in (
            command("card.move", card=card, cluster=ids[0]),
            command("cluster.move", cluster=ids[1], position=0),
            command("cluster.merge", cluster=ids[0], into=ids[1]),
            command("cluster.delete", cluster=ids[1]),
        ):
            frames += await step(f, frame)
        c, [fresh] = await opened(board, bruno)
        for comm in (f, a, b, c):
            await comm.disconnect()
        return stale, frames, fresh

    stale, frames, fresh = run(scenario)
    state = json.loads(json.dumps(stale))
    for frame in frames:
        state = apply_frame(state, frame)
    for snap in (state, fresh):
        snap["board"]["timer"].pop("server_now")
        snap["board"]["cards"].sort(key=lambda c: c["id"])
    assert state == fresh


def apply_frame(state: dict, frame: dict) -> dict:
    """What live-board.js does with a frame (``receive`` and ``apply``)."""
    if frame["type"] == "snapshot":
        return json.loads(json.dumps(frame))
    if frame["type"] != "event" or frame["seq"] <= state["seq"]:
        return state
    board, data, kind = state["board"], frame["data"], frame["kind"]

    def upsert(items, item):
        for i, old in enumerate(items):
            if old["id"] == item["id"]:
                items[i] = {**old, **item}
                return
        items.append(item)

    if kind in ("card.added", "card.edited", "card.moderated"):  # the whole card: replaced
        board["cards"] = [c for c in board["cards"] if c["id"] != data["card"]["id"]]
        board["cards"].append(data["card"])
    elif kind == "card.moved":
        upsert(board["cards"], data["card"])
    elif kind == "card.deleted":
        board["cards"] = [c for c in board["cards"] if c["id"] != data["card"]["id"]]
    elif kind in ("cluster.created", "cluster.renamed"):
        upsert(board["clusters"], data["cluster"])
        for card in board["cards"]:
            if card["id"] in data.get("cards", []):
                card["cluster"] = data["cluster"]["id"]
    elif kind == "cluster.deleted":
        board["clusters"] = [c for c in board["clusters"] if c["id"] != data["cluster"]["id"]]
        for card in board["cards"]:
            if card["cluster"] == data["cluster"]["id"]:
                card["cluster"] = None
    elif kind in ("cluster.merged", "cluster.moved"):
        clusters = [c for c in board["clusters"] if c["id"] != data.get("cluster", {}).get("id")]
        if kind == "cluster.merged":
            for card in board["cards"]:
                if card["id"] in data["cards"]:
                    card["cluster"] = data["into"]
        board["clusters"] = sorted(clusters, key=lambda c: data["order"].index(c["id"]))
        for position, cluster in enumerate(board["clusters"]):
            cluster["position"] = position
    elif kind == "board.stage":
        board["stage"], board["revealed"] = data["stage"], data["revealed"]
    elif kind == "board.locked":
        board["locked"] = data["locked"]
    elif kind == "board.results":
        board["results_shown"] = data["shown"]
    elif kind == "vote.changed":
        if "mine" in data:
            board["votes"]["mine"] = data["mine"]
        if "totals" in data:
            totals = {**board["votes"].get("totals", {}), **data["totals"]}
            board["votes"]["totals"] = {k: n for k, n in totals.items() if n}
    elif kind == "timer":
        board["timer"] = data
    state["seq"] = frame["seq"]
    return state


@pytest.mark.parametrize("masked", [True, False])
def test_snapshots_built_from_shared_fragments_equal_each_viewers_own(room, masked):
    from liant.live import projection
    from liant.live.protocol import Who
    from liant.workshops.models import Card, Vote

    board, column, (ana, bruno, chloe) = room
    Board.objects.filter(pk=board.pk).update(hidden_until_reveal=masked, results_shown=True)
    cards = [
        Card.objects.create(workspace=board.workspace, board=board, column=column, author=p, text=t)
        for p, t in ((ana, 'Un "guillemet" et "cards":[]'), (ana, "Deux"), (bruno, "Trois"))
    ]
    Vote.objects.create(workspace=board.workspace, board=board, participant=chloe, card=cards[0])
    board.refresh_from_db()
    state = projection.board_state(board)
    cache: dict = {}
    viewers = [Who(ana.pk), Who(bruno.pk), Who(chloe.pk), Who(None), Who(None, True)]
    for viewer in viewers + viewers:  # the second time from the cache
        text = projection.snapshot_text(state, viewer, cache)
        assert json.loads(text) == projection.snapshot_from(state, viewer)


# --- Presence


def test_facilitators_and_the_projector_see_who_is_connected(room, client):
    board, _, (ana, bruno, chloe) = room
    other = Board.objects.create(workspace=board.workspace, workshop=board.workshop, title="B")
    Column.objects.create(workspace=board.workspace, board=other, title="Idées")
    headers = facilitator_headers(board, client)

    async def counts(comm, want, timeout=3.0):
        """Presence frames until ``want`` is seen (the count converges; it may pass through
        intermediate values)."""
        seen = []
        deadline = asyncio.get_running_loop().time() + timeout
        while asyncio.get_running_loop().time() < deadline:
            if await comm.receive_nothing(timeout=0.1):
                continue
            frame = await comm.receive_json_from()
            if frame["type"] == "presence":
                seen.append((frame["board"], frame["workshop"]))
                if seen[-1] == want:
                    break
        return seen

    async def scenario():
        path = f"/ws/live/boards/{board.pk}/"
        f = WebsocketCommunicator(application, path, headers=headers)
        assert (await f.connect())[0]
        p = WebsocketCommunicator(application, path + "?view=projector", headers=headers)
        assert (await p.connect())[0]
        log = {"start": await counts(f, (0, 0))}
        a, _ = await opened(board, ana)
        a2, _ = await opened(board, ana)  # a second tab: still one person
        b, _ = await opened(board, bruno)
        log["two"] = await counts(f, (2, 2))
        log["projector"] = await counts(p, (2, 2))
        c, _ = await opened(other, chloe)
        log["other board"] = await counts(f, (2, 3))
        await a.disconnect()
        log["one tab left"] = await counts(f, (1, 3), timeout=1)
        await a2.disconnect()
        log["ana gone"] = await counts(f, (1, 2))
        to_b = await drain(b, flat=False)
        for comm in (f, p, b, c):
            await comm.disconnect()
        return log, to_b

    log, to_b = run(scenario)
    assert log["start"][-1] == (0, 0)
    assert log["two"][-1] == (2, 2)
    assert log["projector"][-1] == (2, 2)
    assert log["other board"][-1] == (2, 3)
    assert log["one tab left"] == []  # Ana still has a tab open: nothing changes
    assert log["ana gone"][-1] == (1, 2)
    assert all(f["type"] != "presence" for f in to_b)  # participants are not sent counts


@pytest.mark.skipif(not os.environ.get("LIANT_REDIS_URL"), reason="needs Redis")
def test_a_dead_workers_participants_expire_from_the_count(monkeypatch):
    """A worker that dies stops refreshing its entries: they expire."""
    monkeypatch.setattr(presence, "TTL_SECONDS", 0.5)

    class Hub:  # what the backend reads of a hub
        board_id, workshop_id, closed = 990001, 990001, False
        people = {1: 1, 2: 1}
        published: set = set()

    async def scenario():
        backend = presence.backend()
        await backend.publish(Hub)
        alive = await backend.counts(Hub)
        await asyncio.sleep(0.7)
        return alive, await backend.counts(Hub)

    alive, later = run(scenario)
    assert alive == (2, 2) and later == (0, 0)


def test_presence_counts_distinct_people_locally():
    class Hub:
        board_id, workshop_id, closed = 1, 1, False
        people = {7: 2}

    async def scenario():
        hubs = hub._local_hubs()
        hubs[1], hubs[2] = Hub, type("Other", (), {"workshop_id": 1, "people": {7: 1, 8: 1}})
        try:
            return await presence.LocalPresence().counts(Hub)
        finally:
            hubs.clear()

    assert run(scenario) == (1, 2)


def test_the_flush_interval_follows_the_measured_cost_of_a_fan_out():
    # Nothing measured yet: a floor that grows with the connections, within the bounds.
    assert hub.flush_interval(10) == hub.FLUSH_MIN_SECONDS
    assert hub.flush_interval(10**6) == hub.FLUSH_MAX_SECONDS
    # Fan-outs of 30 ms: sending takes at most a quarter of the time, so 120 ms between frames.
    assert hub.flush_interval(1000, 0.03) == pytest.approx(0.03 * hub.FLUSH_COST_FACTOR)
    assert hub.flush_interval(1000, 1.0) == hub.FLUSH_MAX_SECONDS  # a loaded machine
    # The running cost moves towards the last fan-out without jumping to it.
    cost = hub.smoothed_cost(0.02, 0.1)
    assert 0.02 < cost < 0.1
    assert hub.smoothed_cost(cost, cost) == pytest.approx(cost)


def test_board_frames_go_straight_to_the_server_past_the_session_middleware(room, monkeypatch):
    """With ``DirectSendMiddleware`` in the stack (as in ``liant.config.asgi``), the hub's
    frames skip Channels' session wrapper; acks still go through it, and all arrive."""
    from channels.sessions import InstanceSessionWrapper

    from liant.live.direct_send import DirectSendMiddleware

    board, column, (ana, bruno, _) = room
    wrapped = []
    session_send = InstanceSessionWrapper.send

    async def counting(self, message):
        wrapped.append(json.loads(message["text"])["type"] if "text" in message else "")
        return await session_send(self, message)

    monkeypatch.setattr(InstanceSessionWrapper, "send", counting)
    direct = DirectSendMiddleware(application)

    async def scenario():
        a, _ = await opened(board, ana, app=direct)
        b, _ = await opened(board, bruno, app=direct)
        await a.send_json_to(command("card.add", column=column.pk, text="Idée"))
        to_a, to_b = await raw(a), await raw(b)
        await a.disconnect()
        await b.disconnect()
        return to_a, to_b

    to_a, to_b = run(scenario)
    assert [json.loads(t)["type"] for t in to_b] == ["batch"]
    assert sorted(json.loads(t)["type"] for t in to_a) == ["ack", "batch"]
    assert "ack" in wrapped and "batch" not in wrapped and "snapshot" not in wrapped
