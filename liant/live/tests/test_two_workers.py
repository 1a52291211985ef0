"""Scaled out: two ASGI worker processes on PostgreSQL + Redis share one board."""

import asyncio
import json
import os
import socket
import subprocess
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from liant.core.testing import WorkspaceFactory
from liant.workshops.models import Board, Column, Participant, Workshop

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not (os.environ.get("LIANT_DATABASE_URL") and os.environ.get("LIANT_REDIS_URL")),
        reason="two workers need PostgreSQL + Redis: runs in the second half of `make test`",
    ),
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_url() -> str:
    s = connection.settings_dict
    return f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


@pytest.fixture
def two_workers():
    env = {**os.environ, "LIANT_DATABASE_URL": database_url(), "LIANT_DEBUG": "false"}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    ports = [free_port(), free_port()]
    servers = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "liant.config.asgi:application",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--lifespan",
                "off",
                "--log-level",
                "warning",
            ],
            env=env,
        )  # fmt: skip
        for port in ports
    ]
    deadline = time.monotonic() + 20
    for port in ports:
        while time.monotonic() < deadline:
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.1)
    yield ports
    for server in servers:
        server.terminate()
        server.wait(timeout=10)


def test_clients_on_two_workers_see_each_others_cards(two_workers):
    import websockets

    workspace_id = WorkspaceFactory().pk
    workshop = Workshop.objects.create(workspace_id=workspace_id, title="Séminaire")
    board = Board.objects.create(workspace_id=workspace_id, workshop=workshop, title="Tableau")
    column = Column.objects.create(workspace_id=workspace_id, board=board, title="Idées")
    ana, bruno = (
        Participant.objects.create(workspace_id=workspace_id, workshop=workshop) for _ in range(2)
    )

    async def client(port, participant):
        return await websockets.connect(
            f"ws://127.0.0.1:{port}/ws/live/boards/{board.pk}/",
            additional_headers={
                "Cookie": f"liant_p_{workshop.code}={participant.key}",
                "Origin": f"http://127.0.0.1:{port}",
            },
        )

    async def scenario():
        a = await client(two_workers[0], ana)
        b = await client(two_workers[1], bruno)
        assert json.loads(await a.recv())["type"] == "snapshot"
        assert json.loads(await b.recv())["type"] == "snapshot"
        await a.send(
            json.dumps(
                {
                    "id": str(uuid.uuid4()),
                    "type": "card.add",
                    "column": column.pk,
                    "text": "Depuis A",
                }
            )
        )
        await b.send(
            json.dumps(
                {
                    "id": str(uuid.uuid4()),
                    "type": "card.add",
                    "column": column.pk,
                    "text": "Depuis B",
                }
            )
        )
        seen = {"a": [], "b": []}
        for name, ws in (("a", a), ("b", b)):
            while len([f for f in seen[name] if f["type"] == "event"]) < 2:
                frame = json.loads(await asyncio.wait_for(ws.recv(), 10))
                if frame["type"] == "batch":
                    seen[name] += [{"type": "event", **event} for event in frame["events"]]
        await a.close()
        await b.close()
        return seen

    with ThreadPoolExecutor(max_workers=1) as executor:
        seen = executor.submit(asyncio.run, scenario()).result()
    for frames in seen.values():
        events = [f for f in frames if f["type"] == "event"]
        assert [e["seq"] for e in events] == [1, 2]
        assert {e["data"]["card"]["mine"] for e in events} == {True, False}


def test_the_presence_count_spans_both_workers_and_drops_on_disconnect(two_workers, client):
    from liant.core.testing import make_actor

    actor = make_actor()
    workshop = Workshop.objects.create(workspace=actor.workspace, title="Séminaire")
    board = Board.objects.create(workspace=actor.workspace, workshop=workshop, title="Tableau")
    people = [
        Participant.objects.create(workspace=actor.workspace, workshop=workshop) for _ in range(3)
    ]
    client.force_login(actor.user)
    session = client.cookies["sessionid"].value

    def url(port):
        return f"ws://127.0.0.1:{port}/ws/live/boards/{board.pk}/"

    def headers(port, cookie):
        return {"Cookie": cookie, "Origin": f"http://127.0.0.1:{port}"}

    async def scenario():
        import websockets

        port_f, port_p = two_workers
        facilitator = await websockets.connect(
            url(port_f), additional_headers=headers(port_f, f"sessionid={session}")
        )

        async def until(want):
            seen = []
            while not seen or seen[-1] != want:
                frame = json.loads(await asyncio.wait_for(facilitator.recv(), 10))
                if frame["type"] == "presence":
                    seen.append((frame["board"], frame["workshop"]))
            return seen

        log = {"empty": await until((0, 0))}
        # Participants on the other worker, one of them twice.
        conns = [
            await websockets.connect(
                url(port_p),
                additional_headers=headers(port_p, f"liant_p_{workshop.code}={p.key}"),
            )
            for p in (*people, people[0])
        ]
        log["three"] = await until((3, 3))
        await conns[1].close()
        log["two"] = await until((2, 2))
        for conn in conns:
            await conn.close()
        log["none"] = await until((0, 0))
        await facilitator.close()
        return log

    with ThreadPoolExecutor(max_workers=1) as executor:
        log = executor.submit(asyncio.run, scenario()).result()
    assert log["empty"] == [(0, 0)]
    assert log["three"][-1] == (3, 3) and log["none"][-1] == (0, 0)
