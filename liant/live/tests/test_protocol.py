"""The live protocol through real websocket connections (Channels' communicator)."""

import json
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from asgiref.sync import async_to_sync
from channels.auth import AuthMiddlewareStack
from channels.layers import channel_layers
from channels.routing import URLRouter
from channels.testing.websocket import WebsocketCommunicator

from liant.live.routing import websocket_urlpatterns
from liant.workshops.models import Board, BoardEvent, Card, Participant

pytestmark = pytest.mark.django_db(transaction=True)

application = AuthMiddlewareStack(URLRouter(websocket_urlpatterns))


def connect(board, participant=None, since=None, app=None):
    path = f"/ws/live/boards/{board.pk}/" + (f"?since={since}" if since is not None else "")
    headers = []
    if participant:
        headers = [(b"cookie", f"liant_p_{board.workshop.code}={participant.key}".encode())]
    return WebsocketCommunicator(app or application, path, headers=headers)


def command(kind, **fields):
    return {"id": str(uuid.uuid4()), "type": kind, **fields}


async def drain(comm, timeout=0.3, flat=True):
    """Every frame the client has received until it stays quiet for ``timeout`` seconds;
    ``flat``: each event of a batch as a frame of its own (``{"type": "event", …}``), and
    presence counts left out."""
    frames = []
    while not await comm.receive_nothing(timeout=timeout):
        frame = await comm.receive_json_from()
        if flat and frame["type"] == "batch":
            frames += [{"type": "event", **event} for event in frame["events"]]
        elif not (flat and frame["type"] == "presence"):
            frames.append(frame)
    return frames


async def opened(board, participant=None, since=None, app=None):
    comm = connect(board, participant, since, app)
    connected, _ = await comm.connect()
    assert connected
    return comm, await drain(comm)


def run(coroutine):
    """Run a scenario on its own thread: Playwright's sync API may hold this thread's loop.
    Each scenario gets a new channel layer: the Redis layer keeps asyncio locks bound to the
    loop that made them, and an earlier scenario's loop ended with one held."""
    channel_layers.backends.clear()
    with ThreadPoolExecutor(max_workers=1) as executor:
        return executor.submit(async_to_sync(coroutine)).result()


def test_a_stranger_is_refused(room):
    board, _, _ = room

    async def scenario():
        comm = connect(board)
        connected, code = await comm.connect()
        assert not connected and code == 4403

    run(scenario)


def test_a_card_reaches_everyone_without_its_author(room):
    board, column, (ana, bruno, _) = room

    async def scenario():
        a, first = await opened(board, ana)
        b, _ = await opened(board, bruno)
        assert first[0]["type"] == "snapshot" and first[0]["seq"] == 0
        await a.send_json_to(command("card.add", column=column.pk, text="Réunions trop longues"))
        to_a, to_b = await drain(a), await drain(b)
        await a.disconnect()
        await b.disconnect()
        return to_a, to_b

    to_a, to_b = run(scenario)
    assert [f["type"] for f in to_a] == ["ack", "event"]
    assert to_a[1]["data"]["card"]["text"] == "Réunions trop longues"
    assert to_a[1]["data"]["card"]["mine"] is True
    [event] = to_b
    card = event["data"]["card"]
    assert event["seq"] == 1 and card["mine"] is False and card["masked"] is True
    assert "text" not in card  # hidden until reveal
    for frame in to_a + to_b:  # anonymity: nothing names the author
        text = json.dumps(frame)
        assert "author" not in text and "Ana" not in text and str(ana.key) not in text


def test_reveal_shows_the_texts_but_never_the_authors(room):
    board, column, (ana, bruno, _) = room
    facilitator = Participant.objects.create(workspace=board.workspace, workshop=board.workshop)

    async def scenario():
        a, _ = await opened(board, ana)
        b, _ = await opened(board, bruno)
        await a.send_json_to(command("card.add", column=column.pk, text="Outils lents"))
        await drain(a)
        await drain(b)
        await b.send_json_to(command("board.reveal"))
        refused = await drain(b)
        await a.disconnect()
        await b.disconnect()
        return refused

    refused = run(scenario)
    assert refused[0]["type"] == "error" and refused[0]["code"] == "forbidden"
    board.refresh_from_db()
    assert board.seq == 1 and not board.revealed
    assert facilitator  # facilitators reveal: see test_facilitator_commands


def test_replaying_a_command_changes_nothing(room):
    board, column, (ana, bruno, _) = room

    async def scenario():
        a, _ = await opened(board, ana)
        b, _ = await opened(board, bruno)
        frame = command("card.add", column=column.pk, text="Une seule fois")
        await a.send_json_to(frame)
        first = await drain(a)
        await a.send_json_to(frame)
        second = await drain(a)
        to_b = await drain(b)
        await a.disconnect()
        await b.disconnect()
        return first, second, to_b

    first, second, to_b = run(scenario)
    assert first[0] == {"type": "ack", "id": first[0]["id"], "seq": 1}
    assert second == [{"type": "ack", "id": first[0]["id"], "seq": 1}]
    assert len(to_b) == 1
    assert Card.objects.count() == 1 and BoardEvent.objects.count() == 1


def test_a_reconnecting_client_gets_exactly_what_it_missed(room):
    board, column, (ana, bruno, _) = room

    async def scenario():
        a, _ = await opened(board, ana)
        b, _ = await opened(board, bruno)
        await a.send_json_to(command("card.add", column=column.pk, text="Avant"))
        await drain(a)
        seen = [f["seq"] for f in await drain(b)]
        await b.disconnect()
        for text in ("Un", "Deux", "Trois"):
            await a.send_json_to(command("card.add", column=column.pk, text=text))
        await drain(a)
        b, replay = await opened(board, bruno, since=seen[-1])
        await a.send_json_to(command("card.add", column=column.pk, text="Après"))
        await drain(a)
        live = await drain(b)
        await a.disconnect()
        await b.disconnect()
        return seen, replay, live

    seen, replay, live = run(scenario)
    assert seen == [1]
    assert [f["seq"] for f in replay] == [2, 3, 4]
    assert [f["seq"] for f in live] == [5]


def test_a_client_far_behind_gets_a_snapshot(room, monkeypatch):
    from liant.live import hub

    monkeypatch.setattr(hub, "REPLAY_LIMIT", 2)
    board, column, (ana, bruno, _) = room

    async def scenario():
        a, _ = await opened(board, ana)
        for text in ("Un", "Deux", "Trois"):
            await a.send_json_to(command("card.add", column=column.pk, text=text))
        await drain(a)
        b, frames = await opened(board, bruno, since=0)
        await a.disconnect()
        await b.disconnect()
        return frames

    [snapshot] = run(scenario)
    assert snapshot["type"] == "snapshot" and snapshot["seq"] == 3
    assert len(snapshot["board"]["cards"]) == 3


@pytest.mark.parametrize(
    ("frame", "code"),
    [
        ({"type": "card.add", "text": "x"}, "bad_frame"),  # no id
        ({"id": "x", "type": "card.add"}, "bad_frame"),
        ({"id": str(uuid.uuid4()), "type": "card.explode"}, "unknown_command"),
        (
            {"id": str(uuid.uuid4()), "type": "card.add", "column": "COLUMN", "text": "  "},
            "invalid",
        ),
        (
            {"id": str(uuid.uuid4()), "type": "card.add", "column": "COLUMN", "text": "x" * 501},
            "invalid",
        ),
        ({"id": str(uuid.uuid4()), "type": "card.add", "column": 999999, "text": "x"}, "not_found"),
        (
            {"id": str(uuid.uuid4()), "type": "card.add", "board": 999999, "text": "x"},
            "wrong_board",
        ),
        ({"id": str(uuid.uuid4()), "type": "timer", "action": "start", "seconds": 60}, "forbidden"),
        ({"id": str(uuid.uuid4()), "type": "vote.add", "card": 1}, "stage"),
    ],
)
def test_bad_commands_get_an_error_frame_and_change_nothing(room, frame, code):
    board, column, (ana, _, _) = room
    frame = {k: (column.pk if v == "COLUMN" else v) for k, v in frame.items()}

    async def scenario():
        a, _ = await opened(board, ana)
        await a.send_json_to(frame)
        frames = await drain(a)
        await a.disconnect()
        return frames

    [error] = run(scenario)
    assert error["type"] == "error" and error["code"] == code and error["message"]
    board.refresh_from_db()
    assert board.seq == 0 and not Card.objects.exists()


def test_invalid_json_gets_an_error_frame(room):
    board, _, (ana, _, _) = room

    async def scenario():
        a, _ = await opened(board, ana)
        await a.send_to(text_data="{not json")
        await a.send_to(text_data="[1, 2]")
        frames = await drain(a)
        await a.disconnect()
        return frames

    assert [f["code"] for f in run(scenario)] == ["bad_frame", "bad_frame"]


def test_a_flood_is_rate_limited_without_slowing_the_others(room):
    board, column, (ana, bruno, _) = room

    async def scenario():
        a, _ = await opened(board, ana)
        b, _ = await opened(board, bruno)
        for i in range(40):
            await a.send_json_to(command("card.add", column=column.pk, text=f"Spam {i}"))
        flood = await drain(a, timeout=1)
        await b.send_json_to(command("card.add", column=column.pk, text="Normal"))
        for_b = await drain(b, timeout=1)
        await a.disconnect()
        await b.disconnect()
        return flood, for_b

    flood, for_b = run(scenario)
    limited = [f for f in flood if f.get("code") == "rate_limited"]
    assert len(limited) == 15 and "quelques secondes" in limited[0]["message"]
    assert any(f["type"] == "ack" for f in for_b)
    assert Card.objects.count() == 26


def test_own_cards_only_and_before_reveal(room):
    board, column, (ana, bruno, _) = room
    card = Card.objects.create(
        workspace=board.workspace, board=board, column=column, author=ana, text="À moi"
    )

    async def scenario():
        b, _ = await opened(board, bruno)
        await b.send_json_to(command("card.edit", card=card.pk, text="Volé"))
        await b.send_json_to(command("card.delete", card=card.pk))
        refused = await drain(b)
        a, _ = await opened(board, ana)
        await a.send_json_to(command("card.edit", card=card.pk, text="Corrigé"))
        edited = await drain(a)
        await a.disconnect()
        await b.disconnect()
        return refused, edited

    refused, edited = run(scenario)
    assert [f["code"] for f in refused] == ["forbidden", "forbidden"]
    assert edited[0]["type"] == "ack"
    card.refresh_from_db()
    assert card.text == "Corrigé"


def facilitator_headers(board, client):
    from liant.core.testing import make_actor

    actor = make_actor(board.workspace)
    client.force_login(actor.user)
    return [(b"cookie", f"sessionid={client.cookies['sessionid'].value}".encode())]


def test_facilitator_reveals_runs_the_vote_and_the_timer(room, client):
    board, column, (ana, bruno, _) = room
    headers = facilitator_headers(board, client)

    async def scenario():
        f = WebsocketCommunicator(application, f"/ws/live/boards/{board.pk}/", headers=headers)
        assert (await f.connect())[0]
        await drain(f)
        a, _ = await opened(board, ana)
        b, _ = await opened(board, bruno)
        await a.send_json_to(command("card.add", column=column.pk, text="Moins de réunions"))
        await drain(a)
        await drain(b)
        await f.send_json_to(command("board.reveal"))
        await drain(f)
        revealed = await drain(b)
        card_id = revealed[-1]["board"]["cards"][0]["id"]
        await f.send_json_to(command("board.stage", stage="vote"))
        await drain(f)
        await drain(a)
        await drain(b)
        votes = []
        for _ in range(2):  # one dot per item on this board
            await b.send_json_to(command("vote.add", card=card_id))
            votes += await drain(b)
        seen_by_a = await drain(a)
        await f.send_json_to(command("timer", action="start", seconds=300))
        timer = [x for x in await drain(a) if x.get("kind") == "timer"]
        for c in (f, a, b):
            await c.disconnect()
        return revealed, votes, seen_by_a, timer

    revealed, votes, seen_by_a, timer = run(scenario)
    assert [x["type"] for x in revealed] == ["event", "snapshot"]
    card = revealed[-1]["board"]["cards"][0]
    assert card["text"] == "Moins de réunions" and card["mine"] is False and "author" not in card
    assert [x["type"] for x in votes] == ["ack", "event", "error"]
    assert votes[1]["data"]["mine"] == {f"card:{card['id']}": 1}
    assert votes[2]["code"] == "budget"
    # Results are hidden: another participant learns nothing of the vote.
    assert seen_by_a == [
        {"type": "event", "seq": seen_by_a[0]["seq"], "kind": "vote.changed", "data": {}}
    ]
    assert timer[0]["data"]["ends_at"] and timer[0]["data"]["server_now"]


def test_events_are_sent_in_order_even_when_broadcast_out_of_order(room):
    from channels.db import database_sync_to_async
    from channels.layers import get_channel_layer

    from liant.live.consumers import group_name
    from liant.live.protocol import Who, apply

    board, column, (ana, bruno, _) = room

    def add(text):
        return apply(board.pk, Who(ana.pk), command("card.add", column=column.pk, text=text))[0]

    def message(event):
        return {
            "type": "board.event",
            "seq": event.seq,
            "kind": event.kind,
            "payload": event.payload,
        }

    async def scenario():
        b, _ = await opened(board, bruno)
        four, five, six = [await database_sync_to_async(add)(t) for t in ("Un", "Deux", "Trois")]
        layer = get_channel_layer()
        # The third arrives first, then the first; the second is never broadcast (its worker
        # died): the consumer waits briefly, then takes it from the database.
        await layer.group_send(group_name(board.pk), message(six))
        await layer.group_send(group_name(board.pk), message(four))
        frames = await drain(b, timeout=1.0)
        await b.disconnect()
        return frames

    frames = run(scenario)
    assert [f["seq"] for f in frames] == [1, 2, 3]
    ids = [f["data"]["card"]["id"] for f in frames]
    assert ids == sorted(ids) and all(f["data"]["card"]["masked"] for f in frames)


def test_suggested_groups_go_to_the_facilitator_and_are_accepted_in_one_command(room, client):
    board, column, (ana, bruno, _) = room
    Board.objects.filter(pk=board.pk).update(revealed=True, stage="group")
    texts = ["Réunions trop longues", "Trop de réunions", "Outils lents", "Les outils sont lents"]
    cards = [
        Card.objects.create(
            workspace=board.workspace, board=board, column=column, author=ana, text=text
        )
        for text in texts
    ]
    headers = facilitator_headers(board, client)
    # Start the helper process (and its lemmatiser) first: under the test communicator with
    # Redis, a consumer left idle for seconds loses its Redis read.
    from liant.live import suggest

    suggest._executor().submit(suggest._groups, texts, "fr").result()

    async def scenario():
        f = WebsocketCommunicator(application, f"/ws/live/boards/{board.pk}/", headers=headers)
        assert (await f.connect())[0]
        await drain(f)
        a, _ = await opened(board, ana)
        await a.send_json_to({"id": str(uuid.uuid4()), "type": "suggest"})
        refused = await drain(a)
        await f.send_json_to({"id": str(uuid.uuid4()), "type": "suggest"})
        [proposal] = await drain(f, timeout=1)
        group = proposal["groups"][0]
        await f.send_json_to(command("cluster.create", title="Réunions", cards=group["cards"]))
        accepted = await drain(f)
        seen_by_a = await drain(a)
        await f.send_json_to(command("cluster.create", title="X", cards=[999999]))
        bad = await drain(f)
        await f.disconnect()
        await a.disconnect()
        return refused, proposal, accepted, seen_by_a, bad

    refused, proposal, accepted, seen_by_a, bad = run(scenario)
    assert refused[0]["code"] == "forbidden"
    groups = {tuple(sorted(g["cards"])) for g in proposal["groups"]}
    assert groups == {(cards[0].pk, cards[1].pk), (cards[2].pk, cards[3].pk)}
    assert accepted[1]["kind"] == "cluster.created" and len(accepted[1]["data"]["cards"]) == 2
    assert seen_by_a[0]["data"]["cards"] == accepted[1]["data"]["cards"]
    assert Card.objects.filter(cluster__title="Réunions").count() == 2
    assert bad[0]["code"] == "not_found"


def test_an_invited_only_board_refuses_uninvited_and_revoked_participants(room):
    from django.utils import timezone

    from liant.core.testing import OrganizationFactory, PersonFactory
    from liant.workshops.models import WorkshopInvitation

    board, _, (ana, bruno, chloe) = room
    workshop = board.workshop
    organization = OrganizationFactory(workspace=board.workspace)
    for participant, revoked in ((ana, None), (chloe, timezone.now())):
        WorkshopInvitation.objects.create(
            workspace=board.workspace,
            workshop=workshop,
            person=PersonFactory(organization=organization),
            participant=participant,
            revoked_at=revoked,
        )
    workshop.invited_only = True
    workshop.save()

    async def scenario():
        a, frames = await opened(board, ana)
        assert frames[0]["type"] == "snapshot"
        await a.disconnect()
        for participant in (bruno, chloe):  # joined by code earlier; revoked
            connected, code = await connect(board, participant).connect()
            assert not connected and code == 4403

    run(scenario)
