"""Server time and SQL queries of the action plan's pages (issue 7) with 200 and 2,000 actions.

Goals: p95 < 100 ms for the lists (list, board, filtered, matrix, axes tree, the htmx "show
more" fragments), < 300 ms for the timeline, and a query count that does not grow with the
plan. Each size gets a fresh database (SQLite in a temporary directory, or the database of
LIANT_DATABASE_URL, flushed). Pages are requested through Django's test client, so the time
is the server's: middleware, queries, rendering. Writes bench/results/plan.json.

Before/after: with ``BENCH_BASE=<git ref>`` the pages are also measured with the code of that
commit (extracted with ``git archive``, nothing changes in the repository), on the same data,
the two codes taking turns repeat after repeat (the machine is shared and noisy: interleaving
spreads its noise over both). Each measurement runs in its own process, which imports the
code it measures. On SQLite each code gets a copy of one database file, the base's taken
before this branch's migrations; on PostgreSQL both read the same database (so the base
benefits from this branch's indexes too: its figures are, if anything, flattering).
"""

import datetime
import json
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# A measuring process of the base imports the base's code (an editable install of this tree
# only comes after sys.path).
CODE_ROOT = Path(os.environ.get("BENCH_CODE_ROOT", ROOT))
sys.path.insert(0, str(CODE_ROOT))
os.environ.setdefault("LIANT_VAR_DIR", tempfile.mkdtemp(prefix="liant-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "liant.config.settings")
os.environ.setdefault("LIANT_RATELIMIT", "false")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402

REQUESTS_PER_PAGE = int(os.environ.get("BENCH_REQUESTS", "30"))
REPEATS = int(os.environ.get("BENCH_REPEATS", "3"))
SIZES = [int(s) for s in os.environ.get("BENCH_PLAN_SIZES", "200,2000").split(",")]
BASE = os.environ.get("BENCH_BASE", "")
RESULTS = Path(os.environ.get("BENCH_RESULTS", ROOT / "bench" / "results" / "plan.json"))
GOALS_MS = {"timeline": 300, "timeline_filtered": 300}  # the rest: 100 ms
# Pages added by this version, which the base does not have.
NEW_PAGES = {"board_more", "matrix_cell", "matrix_keyboard_page_5", "objective_actions"}
STATUSES = ["todo", "todo", "in_progress", "in_progress", "blocked", "done", "cancelled"]


def build_plan(size: int) -> dict:
    """A workspace with one mission whose plan has 4 axes, 12 objectives, ``size`` actions
    (owners among 60 people, a tenth of them depending on the previous one, nine in ten placed
    on the matrix) and 4 milestones. Returns what the measuring processes need."""
    from liant.accounts.models import Membership, User
    from liant.core.models import Workspace
    from liant.core.tenancy import Actor, Role
    from liant.missions.models import Mission
    from liant.orgs.models import Organization, Person
    from liant.steering import services_plan
    from liant.steering.models import Action, ActionDependency, Milestone

    rng = random.Random(7)
    workspace = Workspace.objects.create(name="Cabinet du banc d’essai")
    user = User.objects.create_user(email="bench@example.org", password="bench-plan-2026")
    membership = Membership.objects.create(user=user, workspace=workspace, role=Role.OWNER)
    actor = Actor(user=user, membership=membership)
    org = Organization.objects.create(workspace=workspace, name="Organisation mesurée")
    people = Person.objects.bulk_create(
        Person(workspace=workspace, organization=org, name=f"Personne {i}") for i in range(60)
    )
    mission = Mission.objects.create(
        workspace=workspace, organization=org, title="Mission mesurée",
        start_date=datetime.date(2026, 1, 5),
    )  # fmt: skip
    plan = services_plan.get_or_create_plan(actor, mission)
    objectives = []
    for a in range(4):
        axis = services_plan.create_axis(actor, plan, title=f"Axe {a + 1}")
        for o in range(3):
            objectives.append(
                services_plan.create_objective(
                    actor, axis, title=f"Objectif {a + 1}.{o + 1}", target="Cible chiffrée"
                )
            )
    start = datetime.date(2026, 1, 5)
    for m in range(4):
        Milestone.objects.create(
            workspace=workspace, plan=plan, title=f"Jalon {m + 1}",
            date=start + datetime.timedelta(days=90 * (m + 1)),
        )  # fmt: skip
    actions = []
    for i in range(size):
        begin = start + datetime.timedelta(days=rng.randrange(0, 330))
        status = rng.choice(STATUSES)
        placed = rng.random() < 0.9
        actions.append(
            Action(
                workspace=workspace,
                plan=plan,
                objective=rng.choice(objectives),
                title=f"Action {i} — harmoniser les pratiques du service {i % 17}",
                owner=rng.choice(people),
                start_date=begin,
                due_date=begin + datetime.timedelta(days=rng.randrange(7, 120)),
                status=status,
                progress=100 if status == "done" else rng.randrange(0, 90),
                impact=rng.randrange(1, 6) if placed else None,
                effort=rng.randrange(1, 6) if placed else None,
                position=i,
            )  # fmt: skip
        )
    actions = Action.objects.bulk_create(actions, batch_size=500)
    ActionDependency.objects.bulk_create(
        ActionDependency(workspace=workspace, action=actions[i], depends_on=actions[i - 1])
        for i in range(1, size, 10)
    )
    return {
        "user": user.pk,
        "mission": mission.pk,
        "axis": objectives[0].axis_id,
        "objective": objectives[0].pk,
        "owner": people[0].pk,
    }


def pages(world: dict) -> dict[str, str]:
    def url(name, query="", *args):
        return reverse(f"steering:{name}", args=[world["mission"], *args]) + query

    axis, owner = world["axis"], world["owner"]
    return {
        "list": url("actions"),
        "list_page_10": url("actions", "?page=10"),
        "list_filtered": url("actions", f"?axis={axis}&late=on"),
        "list_by_owner": url("actions", f"?owner={owner}&status=in_progress"),
        "board": url("board"),
        "board_filtered": url("board", f"?axis={axis}"),
        "board_more": url("board_more", "?column=todo&offset=20"),
        "timeline": url("timeline"),
        "timeline_filtered": url("timeline", f"?axis={axis}&status=todo"),
        "matrix": url("matrix"),
        "matrix_keyboard_page_5": url("matrix", "?page=5"),
        "matrix_cell": url("matrix_cell", "?impact=3&effort=3&offset=6"),
        "axes": url("plan"),
        "objective_actions": url("objective_actions", "", world["objective"]),
    }


def measure(client: Client, url: str) -> dict:
    client.get(url)  # warm caches, templates and connections
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    durations = []
    for _ in range(REQUESTS_PER_PAGE):
        start = time.perf_counter()
        client.get(url)
        durations.append((time.perf_counter() - start) * 1000)
    durations.sort()
    return {
        "p50_ms": round(statistics.median(durations), 2),
        "p95_ms": round(durations[int(len(durations) * 0.95) - 1], 2),
        "queries": len(queries),
        "bytes": len(response.content),
    }


def measure_pages(user_pk: int, urls: dict[str, str]) -> dict:
    from liant.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(pk=user_pk))
    return {name: measure(client, url) for name, url in urls.items()}


def summarise(repeats: list[dict]) -> dict:
    summary = {}
    for name in repeats[0]:
        p95s = [r[name]["p95_ms"] for r in repeats]
        p50s = [r[name]["p50_ms"] for r in repeats]
        goal = GOALS_MS.get(name, 100)
        summary[name] = {
            "p50_ms_median": round(statistics.median(p50s), 2),
            "p95_ms_median": round(statistics.median(p95s), 2),
            "p95_ms_spread": [min(p95s), max(p95s)],
            "queries": repeats[0][name]["queries"],
            "bytes": repeats[0][name]["bytes"],
            "goal_p95_ms": goal,
            "meets_goal": statistics.median(p95s) < goal,
        }
    return summary


# ---------------------------------------------------------------- one code, in this process


def fresh_database() -> None:
    call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)


def run_size(size: int) -> dict:
    fresh_database()
    start = time.perf_counter()
    world = build_plan(size)
    build_seconds = time.perf_counter() - start
    urls = pages(world)
    repeats = [measure_pages(world["user"], urls) for _ in range(REPEATS)]
    return {"actions": size, "build_seconds": round(build_seconds, 2), "pages": summarise(repeats)}


# ---------------------------------------------------------------- base and head, taking turns


def extract_base(ref: str, into: Path) -> Path:
    into.mkdir(parents=True)
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", ref], check=True, capture_output=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into


def _child_env(code_root: Path, var_dir: Path) -> dict:
    env = dict(os.environ, BENCH_CODE_ROOT=str(code_root), LIANT_VAR_DIR=str(var_dir))
    env.pop("BENCH_BASE", None)
    return env


def child(code_root: Path, var_dir: Path, command: dict) -> dict:
    """Run ``command`` in a fresh process that imports the code of ``code_root``."""
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "plan.py"), "--child"],
        input=json.dumps(command),
        env=_child_env(code_root, var_dir),
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        raise RuntimeError(done.stderr[-3000:])
    return json.loads(done.stdout.strip().splitlines()[-1])


def child_main() -> None:
    command = json.loads(sys.stdin.read())
    setup_test_environment()
    settings.ALLOWED_HOSTS = ["testserver"]
    if command["do"] == "collect":
        call_command("collectstatic", interactive=False, verbosity=0)
        result = {}
    else:
        result = measure_pages(command["user"], command["urls"])
    print(json.dumps(result))


def last_migration(code_root: Path, app: str) -> str:
    names = sorted(p.stem for p in (code_root / "liant" / app / "migrations").glob("0*.py"))
    return names[-1]


def sqlite_copy(source: Path, target_dir: Path) -> None:
    with sqlite3.connect(source) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    target_dir.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target_dir / source.name)


def compare_size(size: int, base_root: Path, work: Path) -> dict:
    sqlite = connection.vendor == "sqlite"
    fresh_database()
    if sqlite:  # the base's copy must not have this branch's indexes
        call_command("migrate", "steering", last_migration(base_root, "steering"), verbosity=0)
    start = time.perf_counter()
    world = build_plan(size)
    build_seconds = time.perf_counter() - start
    codes = {"base": (base_root, work / "base"), "head": (ROOT, work / "head")}
    if sqlite:
        connection.close()
        database = Path(settings.DATABASES["default"]["NAME"])
        sqlite_copy(database, work / "base")
        call_command("migrate", verbosity=0)
        connection.close()
        sqlite_copy(database, work / "head")
    urls = pages(world)
    common = {name: url for name, url in urls.items() if name not in NEW_PAGES}
    runs = {"base": [], "head": []}
    for _ in range(REPEATS):
        for code, (code_root, var_dir) in codes.items():
            wanted = common if code == "base" else urls
            command = {"do": "measure", "user": world["user"], "urls": wanted}
            runs[code].append(child(code_root, var_dir, command))
    base, head = summarise(runs["base"]), summarise(runs["head"])
    ratios = {}
    for name in common:
        pairs = [
            h[name]["p95_ms"] / b[name]["p95_ms"]
            for b, h in zip(runs["base"], runs["head"], strict=True)
        ]
        ratios[name] = {
            "p95_ratio_median": round(statistics.median(pairs), 3),
            "p95_ratio_spread": [round(min(pairs), 3), round(max(pairs), 3)],
        }
    return {
        "actions": size,
        "build_seconds": round(build_seconds, 2),
        "pages": head,
        "base_pages": base,
        "head_over_base": ratios,
    }


def compare(sizes: list[int]) -> list[dict]:
    work = Path(tempfile.mkdtemp(prefix="liant-bench-plan-"))
    base_root = extract_base(BASE, work / "base-code")
    for code_root, var_dir in ((base_root, work / "base"), (ROOT, work / "head")):
        var_dir.mkdir(parents=True, exist_ok=True)
        child(code_root, var_dir, {"do": "collect"})
    try:
        return [compare_size(size, base_root, work) for size in sizes]
    finally:
        shutil.rmtree(work / "base-code", ignore_errors=True)


# ---------------------------------------------------------------- report


def print_table(small: dict, big: dict) -> None:
    header = ("p50", "p95", "spread", "q", "p50", "p95", "spread", "q")
    print(f"{'page':<24}" + "".join(f"{h:>13}" for h in header))
    for name in big["pages"]:
        cells = []
        for size in (small, big):
            row = size["pages"].get(name)
            if row is None:
                cells += ["—"] * 4
                continue
            lo, hi = row["p95_ms_spread"]
            cells += [row["p50_ms_median"], row["p95_ms_median"], f"{lo}–{hi}", row["queries"]]
        print(f"{name:<24}" + "".join(f"{c!s:>13}" for c in cells))
    if "head_over_base" in big:
        print(f"\nagainst {BASE} at {big['actions']} actions (p95, base → head, ratio head/base):")
        for name, ratio in big["head_over_base"].items():
            b, h = big["base_pages"][name], big["pages"][name]
            print(
                f"{name:<24}{b['p95_ms_median']:>10} → {h['p95_ms_median']:<10}"
                f"×{ratio['p95_ratio_median']} ({ratio['p95_ratio_spread'][0]}–"
                f"{ratio['p95_ratio_spread'][1]})  queries {b['queries']} → {h['queries']}"
            )


def main() -> None:
    setup_test_environment()
    settings.ALLOWED_HOSTS = ["testserver"]
    results = {
        "database": connection.vendor,
        "requests_per_page": REQUESTS_PER_PAGE,
        "repeats": REPEATS,
        "note": "Lists and timeline show 50 actions a page; the board its first 20 cards per "
        "status (htmx shows more); the matrix each cell's count and first 6 cards, the keyboard "
        "table 50 actions a page; the axes tree collapses objectives past 60 actions.",
    }
    if BASE:
        results["base"] = BASE
        results["sizes"] = compare(SIZES)
    else:
        call_command("collectstatic", interactive=False, verbosity=0)
        results["sizes"] = [run_size(size) for size in SIZES]
    small, big = results["sizes"][0], results["sizes"][-1]
    results["same_query_count"] = {
        name: small["pages"][name]["queries"] == big["pages"][name]["queries"]
        for name in small["pages"]
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False))
    print_table(small, big)
    print(f"sizes {SIZES}; written to {RESULTS}")


if __name__ == "__main__":
    child_main() if "--child" in sys.argv else main()
