"""Server time and SQL queries of the main pages, at 1× and 10× the demo data.

Run with `make bench`. Each scale gets its own fresh SQLite database in a temporary
directory (or the database of LIANT_DATABASE_URL, flushed). Pages are requested through
Django's test client, so the time is the server's: middleware, queries and rendering.
Writes bench/results/pages.json.
"""

import json
import os
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

from liant.accounts.models import User  # noqa: E402
from liant.core.demo import load_demo  # noqa: E402
from liant.missions.models import Mission  # noqa: E402
from liant.orgs.models import Organization  # noqa: E402

REQUESTS_PER_PAGE = int(os.environ.get("BENCH_REQUESTS", "40"))
REPEATS = int(os.environ.get("BENCH_REPEATS", "3"))
RESULTS = ROOT / "bench" / "results" / "pages.json"


def pages() -> dict[str, str]:
    """The main pages, on the biggest organisation and the 4-phase mission of the demo."""
    from django.urls import reverse

    org = Organization.objects.order_by("-id").filter(name__icontains="séance").first()
    org = org or Organization.objects.order_by("id").first()
    mission = Mission.objects.filter(organization=org).first() or Mission.objects.first()
    return {
        "home": reverse("core:home"),
        "missions": reverse("missions:list"),
        "mission": reverse("missions:detail", args=[mission.pk]),
        "templates": reverse("missions:templates"),
        "organisations": reverse("orgs:list"),
        "organisation": reverse("orgs:detail", args=[org.pk]),
        "team": reverse("accounts:team"),
        "audit_log": reverse("core:audit_log"),
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


def run_scale(scale: int) -> dict:
    call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    load_demo(scale=scale)
    load_seconds = time.perf_counter() - start
    owner = User.objects.filter(memberships__role="owner").order_by("id").first()
    client = Client()
    client.force_login(owner)
    urls = pages()
    repeats = [{name: measure(client, url) for name, url in urls.items()} for _ in range(REPEATS)]
    summary = {}
    for name in repeats[0]:
        p95s = [r[name]["p95_ms"] for r in repeats]
        p50s = [r[name]["p50_ms"] for r in repeats]
        summary[name] = {
            "p50_ms_median": round(statistics.median(p50s), 2),
            "p95_ms_median": round(statistics.median(p95s), 2),
            "p95_ms_spread": [min(p95s), max(p95s)],
            "queries": repeats[0][name]["queries"],
        }
    return {
        "scale": scale,
        "load_seconds": round(load_seconds, 2),
        "organisations": Organization.objects.count(),
        "people": sum(o.people.count() for o in Organization.objects.all()),
        "pages": summary,
    }


def main() -> None:
    setup_test_environment()
    settings.ALLOWED_HOSTS = ["testserver"]
    # Pages are served as in production: hashed static file names from the manifest.
    call_command("collectstatic", interactive=False, verbosity=0)
    results = {
        "database": connection.vendor,
        "requests_per_page": REQUESTS_PER_PAGE,
        "repeats": REPEATS,
        "scales": [run_scale(1), run_scale(10)],
    }
    one, ten = results["scales"]
    results["same_query_count"] = {
        name: one["pages"][name]["queries"] == ten["pages"][name]["queries"]
        for name in one["pages"]
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False))
    header = ("p50 1×", "p95 1×", "q 1×", "p50 10×", "p95 10×", "q 10×")
    print(f"{'page':<14}" + "".join(f"{h:>9}" for h in header))
    for name in one["pages"]:
        a, b = one["pages"][name], ten["pages"][name]
        print(
            f"{name:<14}{a['p50_ms_median']:>9}{a['p95_ms_median']:>9}{a['queries']:>9}"
            f"{b['p50_ms_median']:>9}{b['p95_ms_median']:>9}{b['queries']:>9}"
        )
    print(f"written to {RESULTS}")


if __name__ == "__main__":
    main()
