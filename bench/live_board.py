"""Live board under load: N participants on one board, through a real server.

For each configuration (embedded: SQLite + in-memory layer, one worker; scaled out:
PostgreSQL + Redis, two workers) and each N, uvicorn serves the real application on
127.0.0.1; N websocket clients spread over several processes write cards at a steady pace.
Each card carries its send time, so every other client measures the delay to receive it.
Lost and duplicated events are counted from the board's sequence numbers. A bare baseline
(a Channels consumer that only rebroadcasts, without persistence) runs the same load; the
report gives Liant's delivered throughput as a ratio of it. Writes bench/results/live_board.json.

Environment: BENCH_SIZES (default "100,300,1000"), BENCH_SECONDS (sending time, default 20),
BENCH_INTERVAL (seconds between two cards of one participant, default 20).
"""

import asyncio
import json
import multiprocessing
import os
import random
import socket
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
SECONDS = float(os.environ.get("BENCH_SECONDS", "20"))
INTERVAL = float(os.environ.get("BENCH_INTERVAL", "20"))
CLIENT_PROCESSES = 4
PG_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/liant_bench")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/3")


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
    """Migrate a fresh database and create a workshop, a board and N participants."""
    script = f"""
import django, json
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from liant.core.models import Workspace
from liant.workshops.models import Board, Column, Participant, Workshop
ws = Workspace.objects.create(name="Bench")
workshop = Workshop.objects.create(workspace=ws, title="Bench")
board = Board.objects.create(workspace=ws, workshop=workshop, title="Bench",
                             hidden_until_reveal=False)
column = Column.objects.create(workspace=ws, board=board, title="Idées")
people = Participant.objects.bulk_create(
    Participant(workspace=ws, workshop=workshop) for _ in range({participants}))
print(json.dumps({{"board": board.pk, "column": column.pk, "code": workshop.code,
                  "keys": [str(p.key) for p in people]}}))
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
        "--lifespan", "off", "--log-level", "warning", "--workers", str(workers),
        "--ws-max-queue", "1024",
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


# --- Client side (runs in several processes)


async def participant(url, cookie, column, baseline, start_at, stop_at, stats, index):
    import websockets

    headers = {"Cookie": cookie, "Origin": url.replace("ws://", "http://").split("/ws/")[0]}
    async with websockets.connect(url, additional_headers=headers, max_size=2**22) as ws:
        first_seq = None
        seen = set()
        duplicates = 0

        async def reader():
            nonlocal first_seq, duplicates
            async for raw in ws:
                now = time.time()
                frame = json.loads(raw)
                if baseline:
                    text = frame.get("text", "")
                elif frame.get("type") == "snapshot":
                    first_seq = frame["seq"] if first_seq is None else first_seq
                    continue
                elif frame.get("type") == "event":
                    if frame["seq"] in seen:
                        duplicates += 1
                    seen.add(frame["seq"])
                    text = frame["data"]["card"].get("text", "")
                else:
                    if frame.get("type") == "error":
                        stats["errors"] += 1
                    continue
                sender, _, sent = text.partition("|")
                if sent and sender != str(index):
                    stats["latencies"].append(now - float(sent))
                    stats["delivered"] += 1

        task = asyncio.create_task(reader())
        await asyncio.sleep(max(0, start_at - time.time()) + random.uniform(0, INTERVAL))
        while time.time() < stop_at:
            text = f"{index}|{time.time()}"
            if baseline:
                await ws.send(json.dumps({"text": text}))
            else:
                frame = {
                    "id": str(uuid.uuid4()),
                    "type": "card.add",
                    "column": column,
                    "text": text,
                }
                await ws.send(json.dumps(frame))
            stats["sent"] += 1
            await asyncio.sleep(INTERVAL * random.uniform(0.8, 1.2))
        await asyncio.sleep(10)  # let the last events arrive
        task.cancel()
        stats["clients"].append({"first": first_seq or 0, "seen": sorted(seen), "dup": duplicates})


def client_process(url, cookies, column, baseline, start_at, stop_at, first_index, queue):
    stats = {"latencies": [], "delivered": 0, "sent": 0, "errors": 0, "clients": []}

    async def main():
        tasks = []
        for i, cookie in enumerate(cookies):
            tasks.append(
                participant(
                    url, cookie, column, baseline, start_at, stop_at, stats, first_index + i
                )
            )
            if i % 50 == 49:
                await asyncio.sleep(0.05)  # do not open every connection at the same instant
        await asyncio.gather(*tasks, return_exceptions=True)

    asyncio.run(main())
    queue.put(stats)


def run_load(port: int, board: dict, baseline: bool) -> dict:
    n = len(board["keys"])
    url = f"ws://127.0.0.1:{port}/ws/live/boards/{board['board']}/"
    cookies = [f"liant_p_{board['code']}={key}" for key in board["keys"]]
    start_at = time.time() + 3 + n / 300  # connections first
    stop_at = start_at + SECONDS
    queue = multiprocessing.get_context("spawn").Queue()
    chunks = [cookies[i::CLIENT_PROCESSES] for i in range(CLIENT_PROCESSES)]
    procs = []
    offset = 0
    for chunk in chunks:
        p = multiprocessing.get_context("spawn").Process(
            target=client_process,
            args=(url, chunk, board["column"], baseline, start_at, stop_at, offset, queue),
        )
        p.start()
        procs.append(p)
        offset += len(chunk)
    results = [queue.get(timeout=SECONDS + 120) for _ in procs]
    for p in procs:
        p.join()
    latencies = sorted(x for r in results for x in r["latencies"])
    clients = [c for r in results for c in r["clients"]]
    sent = sum(r["sent"] for r in results)
    delivered = sum(r["delivered"] for r in results)
    summary = {
        "participants": n,
        "connected": len(clients),
        "sent": sent,
        "delivered": delivered,
        "errors": sum(r["errors"] for r in results),
        "delivered_per_second": round(delivered / SECONDS, 1),
    }
    if latencies:
        summary |= {
            f"p{q}_ms": round(
                latencies[min(len(latencies) - 1, int(len(latencies) * q / 100))] * 1000, 1
            )
            for q in (50, 95, 99)
        }
    if not baseline and clients:
        last = max((c["seen"][-1] for c in clients if c["seen"]), default=0)
        lost = sum(len(set(range(c["first"] + 1, last + 1)) - set(c["seen"])) for c in clients)
        summary |= {"lost": lost, "duplicated": sum(c["dup"] for c in clients), "events": last}
    return summary


def run_case(label: str, env: dict, workers: int, n: int, baseline: bool) -> dict:
    board = prepare_board(env, n)
    app = "bench._live_baseline:application" if baseline else "liant.config.asgi:application"
    server, port = start_server(app, env, workers)
    try:
        time.sleep(1)
        pids = process_tree(server.pid)
        cpu_before = cpu_seconds(pids)
        started = time.monotonic()
        summary = run_load(port, board, baseline)
        elapsed = time.monotonic() - started
        pids = process_tree(server.pid)
        summary |= {
            "server_cpu_percent": round(100 * (cpu_seconds(pids) - cpu_before) / elapsed, 1),
            "server_rss_mb": rss_mb(pids),
        }
    finally:
        server.terminate()
        server.wait(timeout=20)
    summary |= {"configuration": label, "workers": workers, "baseline": baseline}
    print(json.dumps(summary))
    return summary


def main() -> None:
    var = tempfile.mkdtemp(prefix="liant-bench-live-")
    base_env = {**os.environ, "DJANGO_SETTINGS_MODULE": "liant.config.settings"}
    base_env.pop("LIANT_DATABASE_URL", None)
    base_env.pop("LIANT_REDIS_URL", None)
    configurations = [("embedded", {**base_env, "LIANT_VAR_DIR": var}, 1)]
    if reset_postgres():
        scaled = {
            **base_env,
            "LIANT_VAR_DIR": var,
            "LIANT_DATABASE_URL": PG_URL,
            "LIANT_REDIS_URL": REDIS_URL,
        }
        configurations.append(("postgres+redis", scaled, 2))
    runs = []
    for label, env, workers in configurations:
        for n in SIZES:
            if label == "embedded":
                # A fresh SQLite file per run.
                env = {**env, "LIANT_VAR_DIR": tempfile.mkdtemp(prefix="liant-bench-live-")}
            liant = run_case(label, env, workers, n, baseline=False)
            bare = run_case(label, env, workers, n, baseline=True)
            liant["ratio_to_baseline"] = round(
                liant["delivered_per_second"] / max(bare["delivered_per_second"], 0.001), 3
            )
            runs += [liant, bare]
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(
        json.dumps(
            {"seconds": SECONDS, "interval": INTERVAL, "runs": runs, "cpu_count": os.cpu_count()},
            indent=2,
        )
    )
    print(f"written to {RESULTS}")


if __name__ == "__main__":
    main()
