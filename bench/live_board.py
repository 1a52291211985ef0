"""Live board under load: N participants on one board, through a real server.

For each configuration (embedded: SQLite + in-memory layer, one uvicorn worker; scaled out:
PostgreSQL + Redis, two workers) and each N, uvicorn serves the real application on
127.0.0.1 and N websocket clients, spread over several processes, go through a writing phase
(one card per participant every 20–30 s) then, after the facilitator opens the vote, a vote
phase (5 dots per participant in 2 minutes, i.e. one every 24 s). Every event is numbered:
the sender notes when it sent the command and which ``seq`` its ack gave it; every other
client notes when it received that ``seq``. Latency is measured per delivery (one event to
one other client), not per frame; lost and duplicated events are counted from the seqs.

Two bare baselines run the same load with the same clients, server and channel layer (see
``_live_baseline.py``): **bare**, the textbook relay (one layer message and one frame per
event per connection, no persistence), which the issue asks Liant to be compared with; and
**bare batched**, the same relay delivering like Liant (one subscription per process, frames
coalesced), so that the ratio to it isolates the cost of Liant's own work. Throughput is
``deliveries/s`` received within the sending window (+1 s), at equal offered load.

Environment: BENCH_SIZES (default "100,300,1000"), BENCH_WRITE_SECONDS and
BENCH_VOTE_SECONDS (length of each phase, default 20 and 20: the pace is fixed, a longer
phase gives a steadier measure; the issue's vote phase lasts 120 s), BENCH_REPEATS (default
1: medians and spread over repeats), BENCH_CONFIGS ("embedded,postgres+redis"),
BENCH_VARIANTS ("liant,bare,bare-batched"), BENCH_DRAIN_SECONDS (default 5) and
BENCH_SERVER_ARGS (uvicorn options). Writes bench/results/live_board.json.
"""

import array
import asyncio
import json
import multiprocessing
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "bench" / "results" / "live_board.json"
SIZES = [int(n) for n in os.environ.get("BENCH_SIZES", "100,300,1000").split(",")]
WRITE_SECONDS = float(os.environ.get("BENCH_WRITE_SECONDS", "20"))
VOTE_SECONDS = float(os.environ.get("BENCH_VOTE_SECONDS", "20"))
REPEATS = int(os.environ.get("BENCH_REPEATS", "1"))
CONFIGS = os.environ.get("BENCH_CONFIGS", "embedded,postgres+redis").split(",")
VARIANTS = os.environ.get("BENCH_VARIANTS", "liant,bare,bare-batched").split(",")
CARD_INTERVAL = (20.0, 30.0)  # seconds between two cards of one participant
DOT_INTERVAL = 120.0 / 5  # 5 dots in 2 minutes
# After sending stops, for the last events to arrive: an event still on its way when the
# clients close counts as lost (on an overloaded machine, raise it to tell the two apart).
DRAIN_SECONDS = float(os.environ.get("BENCH_DRAIN_SECONDS", "5"))
JOIN_RATE = 100  # connections opened per second before the writing starts
CLIENT_PROCESSES = 4
PG_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/liant_bench")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/3")
# The server's websocket options, as ``make run`` serves: no per-message compression (each
# frame would be compressed once per connection; see docs/operating.md). BENCH_SERVER_ARGS
# overrides them, e.g. "" to measure uvicorn's defaults.
SERVER_ARGS = os.environ.get("BENCH_SERVER_ARGS", "--ws-per-message-deflate false").split()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port: int, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"server on port {port} did not start")


# --- Server side


def prepare_board(env: dict, participants: int) -> dict:
    """Migrate the database; create a workshop (5 dots each, several per item), a board, N
    participants and a facilitator with a session (who opens the vote)."""
    script = f"""
import django, json
django.setup()
from importlib import import_module
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.core.management import call_command
call_command("migrate", verbosity=0)
from liant.core.testing import make_actor
from liant.workshops.models import Board, Column, Participant, Workshop
from liant.core.testing import UserFactory, WorkspaceFactory
import uuid
email = f"bench-{{uuid.uuid4().hex}}@example.org"
actor = make_actor(WorkspaceFactory(), user=UserFactory(email=email))
ws = actor.workspace
workshop = Workshop.objects.create(workspace=ws, title="Bench", dots_per_participant=5,
                                   several_dots_per_item=True)
board = Board.objects.create(workspace=ws, workshop=workshop, title="Bench",
                             hidden_until_reveal=False)
column = Column.objects.create(workspace=ws, board=board, title="Idées")
people = Participant.objects.bulk_create(
    Participant(workspace=ws, workshop=workshop) for _ in range({participants}))
session = import_module(settings.SESSION_ENGINE).SessionStore()
session[SESSION_KEY] = str(actor.user.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = actor.user.get_session_auth_hash()
session.save()
print(json.dumps({{"board": board.pk, "column": column.pk, "code": workshop.code,
                  "keys": [str(p.key) for p in people], "session": session.session_key}}))
"""
    out = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def reset_postgres() -> bool:
    try:
        import psycopg
    except ImportError:
        return False
    base = PG_URL.rsplit("/", 1)[0] + "/postgres"
    name = PG_URL.rsplit("/", 1)[1]
    try:
        with psycopg.connect(base, autocommit=True, connect_timeout=3) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
        import redis

        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=3).flushdb()
    except Exception as error:  # noqa: BLE001 (reported, then that half is skipped)
        print(f"!! scaled-out configuration skipped: {error}")
        return False
    return True


def start_server(app: str, env: dict, workers: int) -> tuple[subprocess.Popen, int]:
    port = free_port()
    command = [
        sys.executable, "-m", "uvicorn", app, "--host", "127.0.0.1", "--port", str(port),
        "--lifespan", "off", "--log-level", "warning", "--workers", str(workers), *SERVER_ARGS,
    ]  # fmt: skip
    server = subprocess.Popen(command, env=env, cwd=ROOT)
    wait_for_port(port)
    return server, port


def process_tree(pid: int) -> list[int]:
    pids = [pid]
    for child in Path(f"/proc/{pid}/task").glob("*/children"):
        for child_pid in child.read_text().split():
            pids += process_tree(int(child_pid))
    return pids


def cpu_seconds(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except (FileNotFoundError, IndexError):
            pass
    return total / os.sysconf("SC_CLK_TCK")


def rss_mb(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except FileNotFoundError:
            pass
    return round(total / 1024, 1)


# --- Client side (runs in several processes; kept cheap: they share the server's cores)


class Client:
    """One participant (or the facilitator): sends at its pace, notes what it receives."""

    def __init__(self, index, variant, plan):
        self.index, self.variant, self.plan = index, variant, plan
        self.received: list[tuple[int, float]] = []  # (seq, time) of events
        self.latencies = array.array("d")  # bare variants: measured from the frame itself
        self.sent: dict[str, float] = {}  # command id -> send time
        self.acked: dict[int, float] = {}  # seq -> send time, for the commands of this client
        self.ack_delays = array.array("d")  # send -> ack: the server's command path alone
        self.snapshots: list[int] = []
        self.cards: list[int] = []
        self.errors = 0
        self.commands = {"write": 0, "vote": 0}

    def on_frame(self, raw, now):
        frame = json.loads(raw)
        kind = frame.get("type")
        if self.variant != "liant":
            for text in frame["texts"] if "texts" in frame else [frame["text"]]:
                sender, _, sent = text.partition("|")
                if sender != str(self.index):
                    self.latencies.append(now - float(sent))
            return
        if kind == "batch":
            for event in frame["events"]:
                self.received.append((event["seq"], now))
                card = event["data"].get("card")
                if card and len(self.cards) < 200 and event["kind"] == "card.added":
                    self.cards.append(card["id"])
        elif kind == "ack":
            sent = self.sent.pop(frame["id"], None)
            if sent is not None:
                self.acked[frame["seq"]] = sent
                self.ack_delays.append(now - sent)
        elif kind == "snapshot":
            self.snapshots.append(frame["seq"])
            if not self.cards:
                self.cards = [c["id"] for c in frame["board"]["cards"][:200]]
        elif kind == "error":
            self.errors += 1

    def command(self, phase, column):
        now = time.time()
        if self.variant != "liant":
            return {"text": f"{self.index}|{now}"}
        if phase == "write":
            frame = {"type": "card.add", "column": column, "text": f"Idée {self.index} {now}"}
        elif self.cards:
            frame = {"type": "vote.add", "card": random.choice(self.cards)}
        else:
            return None
        frame["id"] = str(uuid.uuid4())
        self.sent[frame["id"]] = now
        self.commands[phase] += 1
        return frame


async def run_client(url, cookie, client, column, facilitator=False):
    import websockets

    plan = client.plan
    origin = url.replace("ws://", "http://").split("/ws/")[0]
    headers = {"Cookie": cookie, "Origin": origin}
    await asyncio.sleep(max(0, client.plan["connect_at"][client.index] - time.time()))
    async with websockets.connect(
        url, additional_headers=headers, max_size=2**24, open_timeout=30
    ) as ws:

        async def reader():
            async for raw in ws:
                client.on_frame(raw, time.time())

        task = asyncio.create_task(reader())
        if facilitator:
            await asyncio.sleep(max(0, plan["vote_at"] - time.time()))
            await ws.send(json.dumps({"id": str(uuid.uuid4()), "type": "board.stage",
                                      "stage": "vote"}))  # fmt: skip
        else:
            dots = (DOT_INTERVAL * 0.8, DOT_INTERVAL * 1.2)
            for phase, start, stop, low, high in (
                ("write", plan["start_at"], plan["vote_at"], *CARD_INTERVAL),
                ("vote", plan["vote_at"] + 1, plan["stop_at"], *dots),
            ):
                next_at = start + random.uniform(0, high)
                while True:
                    await asyncio.sleep(max(0, min(next_at, stop) - time.time()))
                    if time.time() >= stop:
                        break
                    frame = client.command(phase, column)
                    if frame:
                        await ws.send(json.dumps(frame))
                    next_at += random.uniform(low, high)
        await asyncio.sleep(max(0, plan["stop_at"] + DRAIN_SECONDS - time.time()))
        task.cancel()


def client_process(url, cookies, column, variant, plan, first_index, facilitator, queue):
    clients = [Client(first_index + i, variant, plan) for i in range(len(cookies))]

    async def main():
        tasks = []
        for client, cookie in zip(clients, cookies, strict=True):
            tasks.append(asyncio.create_task(run_client(url, cookie, client, column)))
        if facilitator:
            boss = Client(-1, variant, plan)
            tasks.append(asyncio.create_task(run_client(url, facilitator, boss, column, True)))
        results = await asyncio.gather(*tasks, return_exceptions=True)
        return sum(1 for r in results if isinstance(r, BaseException))

    cpu_before = time.process_time()
    failures = asyncio.run(main())
    # What the parent needs, compactly: per seq, receipt times; per seq, send time.
    receipts: dict[int, array.array] = {}
    for client in clients:
        own = set(client.acked)
        for seq, at in client.received:
            if seq not in own:
                receipts.setdefault(seq, array.array("d")).append(at)
    per_client = []
    for client in clients:
        seqs = array.array("q", sorted(seq for seq, _ in client.received))
        per_client.append((client.snapshots[:1], max(client.snapshots, default=0), seqs))
    latencies, ack_delays = array.array("d"), array.array("d")
    for client in clients:
        latencies.extend(client.latencies)
        ack_delays.extend(client.ack_delays)
    queue.put(
        {
            "failures": failures,
            "connected": sum(1 for c in clients if c.snapshots or c.latencies),
            "sent": sum(len(c.acked) for c in clients) if variant == "liant" else None,
            "acked": {seq: t for c in clients for seq, t in c.acked.items()},
            "receipts": receipts,
            "per_client": per_client,
            "latencies": latencies,
            "ack_delays": ack_delays,
            "errors": sum(c.errors for c in clients),
            "cards": sum(c.commands["write"] for c in clients),
            "dots": sum(c.commands["vote"] for c in clients),
            "cpu_seconds": time.process_time() - cpu_before,
        }
    )


def percentiles(values) -> dict:
    values = sorted(values)
    if not values:
        return {}
    return {
        f"p{q}_ms": round(values[min(len(values) - 1, int(len(values) * q / 100))] * 1000, 1)
        for q in (50, 95, 99)
    }


def run_load(port: int, board: dict, variant: str) -> dict:
    n = len(board["keys"])
    path = "bare-batched" if variant == "bare-batched" else "live"
    url = f"ws://127.0.0.1:{port}/ws/{path}/boards/{board['board']}/"
    cookies = [f"liant_p_{board['code']}={key}" for key in board["keys"]]
    # A room joins over a while (people scan the code): JOIN_RATE connections a second.
    now = time.time() + 2
    start_at = now + n / JOIN_RATE + 3
    plan = {
        "connect_at": {-1: now, **{i: now + i / JOIN_RATE for i in range(n)}},
        "start_at": start_at,
        "vote_at": start_at + WRITE_SECONDS,
        "stop_at": start_at + WRITE_SECONDS + VOTE_SECONDS,
    }
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    procs = []
    offset = 0
    for i in range(CLIENT_PROCESSES):
        chunk = cookies[i::CLIENT_PROCESSES]
        boss = f"sessionid={board['session']}" if i == 0 and variant == "liant" else None
        p = context.Process(
            target=client_process,
            args=(url, chunk, board["column"], variant, plan, offset, boss, queue),
        )
        p.start()
        procs.append(p)
        offset += len(chunk)
    timeout = plan["stop_at"] - time.time() + DRAIN_SECONDS + 120
    results = [queue.get(timeout=timeout) for _ in procs]
    for p in procs:
        p.join()
    seconds = WRITE_SECONDS + VOTE_SECONDS
    window_end = plan["stop_at"] + 1
    summary = {
        "participants": n,
        "connected": sum(r["connected"] for r in results),
        "client_failures": sum(r["failures"] for r in results),
        "errors": sum(r["errors"] for r in results),
        "client_cpu_percent": round(100 * sum(r["cpu_seconds"] for r in results) / seconds, 1),
    }
    if variant != "liant":
        latencies = array.array("d")
        for r in results:
            latencies.extend(r["latencies"])
        # The bare relays carry no seq: a delivery's send time is in its text.
        summary |= {"deliveries": len(latencies), **percentiles(latencies)}
        summary["deliveries_per_second"] = round(len(latencies) / seconds, 1)
        return summary
    acked: dict[int, float] = {}
    for r in results:
        acked |= r["acked"]
    latencies = array.array("d")
    in_window = 0
    for r in results:
        for seq, times in r["receipts"].items():
            sent = acked.get(seq)
            if sent is None:
                continue  # the facilitator's stage change
            for at in times:
                latencies.append(at - sent)
                in_window += at <= window_end
    last = max(acked, default=0)
    lost = duplicated = 0
    for r in results:
        for first, snapshot_max, seqs in r["per_client"]:
            if not first:
                continue
            seen = set(seqs)
            duplicated += len(seqs) - len(seen)
            expected = set(range(first[0] + 1, last + 1))
            lost += len(expected - seen - set(range(0, snapshot_max + 1)))
    summary |= {
        "cards": sum(r["cards"] for r in results),
        "dots": sum(r["dots"] for r in results),
        "events": len(acked),
        "offered_events_per_second": round(len(acked) / seconds, 1),
        "deliveries": len(latencies),
        "deliveries_per_second": round(in_window / seconds, 1),
        **percentiles(latencies),
        "lost": lost,
        "duplicated": duplicated,
        # From send to the sender's ack: the command path alone (queueing included).
        "ack": percentiles(x for r in results for x in r["ack_delays"]),
    }
    summary["ack_p95_ms"] = summary["ack"].get("p95_ms")
    return summary


def run_case(label: str, env: dict, workers: int, n: int, variant: str) -> dict:
    board = prepare_board(env, n)
    app = "liant.config.asgi" if variant == "liant" else "bench._live_baseline"
    app += ":application"
    server, port = start_server(app, env, workers)
    try:
        time.sleep(1)
        pids = process_tree(server.pid)
        cpu_before = cpu_seconds(pids)
        started = time.monotonic()
        summary = run_load(port, board, variant)
        elapsed = time.monotonic() - started
        pids = process_tree(server.pid)
        server_cpu = cpu_seconds(pids) - cpu_before
        summary |= {
            "server_cpu_percent": round(100 * server_cpu / elapsed, 1),
            # Less sensitive to the machine's other load than latency: the server's CPU time
            # per 1,000 deliveries.
            "server_cpu_ms_per_1k_deliveries": round(
                1000 * server_cpu / max(summary["deliveries"], 1) * 1000, 1
            ),
            "server_rss_mb": rss_mb(pids),
            "load_average": os.getloadavg()[0],
        }
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            print(f"!! server {server.pid} did not stop in 20 s: killed", flush=True)
            for pid in reversed(process_tree(server.pid)):
                os.kill(pid, 9)
            server.wait()
    summary |= {"configuration": label, "workers": workers, "variant": variant}
    print(json.dumps(summary), flush=True)
    return summary


def aggregate(runs: list[dict]) -> dict:
    """Median over repeats, with the spread (min–max) of the main measures."""
    out = dict(runs[-1])
    for key in ("p50_ms", "p95_ms", "p99_ms", "deliveries_per_second", "server_cpu_percent",
                "server_rss_mb", "lost", "duplicated", "connected", "ack_p95_ms",
                "server_cpu_ms_per_1k_deliveries", "load_average"):  # fmt: skip
        values = [r[key] for r in runs if r.get(key) is not None]
        if values:
            out[key] = statistics.median(values)
            if len(values) > 1:
                out[f"{key}_spread"] = [min(values), max(values)]
    out["repeats"] = len(runs)
    return out


def main() -> None:
    base_env = {**os.environ, "DJANGO_SETTINGS_MODULE": "liant.config.settings"}
    base_env.pop("LIANT_DATABASE_URL", None)
    base_env.pop("LIANT_REDIS_URL", None)
    configurations = []
    if "embedded" in CONFIGS:
        configurations.append(("embedded", base_env, 1))
    if "postgres+redis" in CONFIGS and reset_postgres():
        scaled = {**base_env, "LIANT_DATABASE_URL": PG_URL, "LIANT_REDIS_URL": REDIS_URL}
        configurations.append(("postgres+redis", scaled, 2))
    cases = []
    for label, env, workers in configurations:
        for n in SIZES:
            measured = {}
            for variant in VARIANTS:
                runs = []
                for _ in range(REPEATS):
                    # A fresh SQLite file per run (PostgreSQL: a new workshop per run).
                    env = {**env, "LIANT_VAR_DIR": tempfile.mkdtemp(prefix="liant-bench-live-")}
                    runs.append(run_case(label, env, workers, n, variant))
                measured[variant] = aggregate(runs)
            liant = measured.get("liant")
            for variant in ("bare", "bare-batched"):
                if liant and variant in measured:
                    ratio = liant["deliveries_per_second"] / max(
                        measured[variant]["deliveries_per_second"], 0.001
                    )
                    liant[f"ratio_to_{variant.replace('-', '_')}"] = round(ratio, 3)
            cases += measured.values()
            save(cases)  # after each size: an interrupted run keeps what it measured


def save(cases: list[dict]) -> None:
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(
        json.dumps(
            {
                "notes": NOTES,
                "write_seconds": WRITE_SECONDS,
                "vote_seconds": VOTE_SECONDS,
                "card_interval_seconds": CARD_INTERVAL,
                "dot_interval_seconds": DOT_INTERVAL,
                "repeats": REPEATS,
                "client_processes": CLIENT_PROCESSES,
                "cpu_count": os.cpu_count(),
                "cases": cases,
            },
            indent=2,
        )
    )
    print(f"written to {RESULTS}", flush=True)


NOTES = (
    "Per case: N participants connect, write one card every 20-30 s each, then the "
    "facilitator opens the vote and each places one dot every ~24 s (5 dots in 2 min). "
    "Latency: from the sender's send to each other client's receipt of that event (per "
    "delivery, not per frame). deliveries_per_second: deliveries received by the end of "
    "the sending window + 1 s, over the sending time. Server and clients share the same "
    "cores (client_cpu_percent shows the clients' share). Baselines get the same offered "
    "load on the same server, layer and workers: 'bare' relays each frame to each "
    "connection through the channel layer without persistence (the issue's baseline); "
    "'bare-batched' relays with Liant's delivery (one subscription per process, frames "
    "coalesced), isolating the cost of Liant's own work. ratio_to_*: Liant's "
    "deliveries_per_second over the baseline's. Liant's lost counts events after the "
    "client's first snapshot never received (nor covered by a later snapshot) by the end."
)


if __name__ == "__main__":
    main()
