"""Server time and SQL queries of the action plan's pages (issue 7) with 200 and 2,000 actions.

Goals: p95 < 100 ms for the lists (list, board, filtered), < 300 ms for the timeline, and a
query count that does not grow with the plan. Each size gets a fresh database (SQLite in a
temporary directory, or the database of LIANT_DATABASE_URL, flushed). Pages are requested
through Django's test client, so the time is the server's: middleware, queries, rendering.
Writes bench/results/plan.json.
"""

import datetime
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
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

from liant.accounts.models import Membership, User  # noqa: E402
from liant.core.models import Workspace  # noqa: E402
from liant.core.tenancy import Actor, Role  # noqa: E402
from liant.missions.models import Mission  # noqa: E402
from liant.orgs.models import Organization, Person  # noqa: E402
from liant.steering import services_plan  # noqa: E402
from liant.steering.models import Action, ActionDependency, Milestone  # noqa: E402

REQUESTS_PER_PAGE = int(os.environ.get("BENCH_REQUESTS", "30"))
REPEATS = int(os.environ.get("BENCH_REPEATS", "3"))
SIZES = [int(s) for s in os.environ.get("BENCH_PLAN_SIZES", "200,2000").split(",")]
RESULTS = ROOT / "bench" / "results" / "plan.json"
GOALS_MS = {"timeline": 300, "timeline_filtered": 300}  # the rest: 100 ms
STATUSES = ["todo", "todo", "in_progress", "in_progress", "blocked", "done", "cancelled"]


def build_plan(size: int):
    """A workspace with one mission whose plan has 4 axes, 12 objectives, ``size`` actions
    (owners among 60 people, a tenth of them depending on the previous one) and 4 milestones."""
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
                impact=rng.randrange(1, 6),
                effort=rng.randrange(1, 6),
                position=i,
            )  # fmt: skip
        )
    actions = Action.objects.bulk_create(actions, batch_size=500)
    ActionDependency.objects.bulk_create(
        ActionDependency(workspace=workspace, action=actions[i], depends_on=actions[i - 1])
        for i in range(1, size, 10)
    )
    axis_pk = objectives[0].axis_id
    owner_pk = people[0].pk
    return user, mission, axis_pk, owner_pk


def pages(mission, axis_pk, owner_pk) -> dict[str, str]:
    def url(name, query=""):
        return reverse(f"steering:{name}", args=[mission.pk]) + query

    return {
        "list": url("actions"),
        "list_page_10": url("actions", "?page=10"),
        "list_filtered": url("actions", f"?axis={axis_pk}&late=on"),
        "list_by_owner": url("actions", f"?owner={owner_pk}&status=in_progress"),
        "board": url("board"),
        "board_filtered": url("board", f"?axis={axis_pk}"),
        "timeline": url("timeline"),
        "timeline_filtered": url("timeline", f"?axis={axis_pk}&status=todo"),
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
    }


def run_size(size: int) -> dict:
    call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    user, mission, axis_pk, owner_pk = build_plan(size)
    build_seconds = time.perf_counter() - start
    client = Client()
    client.force_login(user)
    urls = pages(mission, axis_pk, owner_pk)
    repeats = [{name: measure(client, url) for name, url in urls.items()} for _ in range(REPEATS)]
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
            "goal_p95_ms": goal,
            "meets_goal": statistics.median(p95s) < goal,
        }
    return {"actions": size, "build_seconds": round(build_seconds, 2), "pages": summary}


def main() -> None:
    setup_test_environment()
    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("collectstatic", interactive=False, verbosity=0)
    results = {
        "database": connection.vendor,
        "requests_per_page": REQUESTS_PER_PAGE,
        "repeats": REPEATS,
        "note": "Lists and timeline show 50 actions a page; the board its first 60 cards "
        "per status. The matrix and the axes tree show every action and are not measured here.",
        "sizes": [run_size(size) for size in SIZES],
    }
    small, big = results["sizes"][0], results["sizes"][-1]
    results["same_query_count"] = {
        name: small["pages"][name]["queries"] == big["pages"][name]["queries"]
        for name in small["pages"]
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False))
    header = ("p50", "p95", "spread", "q", "p50", "p95", "spread", "q")
    print(f"{'page':<18}" + "".join(f"{h:>13}" for h in header))
    for name in small["pages"]:
        cells = []
        for size in (small, big):
            row = size["pages"][name]
            lo, hi = row["p95_ms_spread"]
            cells += [row["p50_ms_median"], row["p95_ms_median"], f"{lo}–{hi}", row["queries"]]
        print(f"{name:<18}" + "".join(f"{c!s:>13}" for c in cells))
    print(f"sizes {SIZES}; written to {RESULTS}")


if __name__ == "__main__":
    main()
