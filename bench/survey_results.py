"""Survey results at scale: 5,000 responses × 40 questions × 30 units (issue 5, part d).

Run with `make bench` (or `python bench/survey_results.py`). Each database gets a fresh
schema: a temporary SQLite file, then PostgreSQL when reachable, in the database named by
BENCH_PG_URL (default `liant_bench_survey_results`, created if missing; the shared `test`
database is refused). One survey has two waves, of 500 and of 5,000 responses (bulk
created, their tallies counted once as ``submit_response`` counts each response); the
results page (overall and by unit), the heatmap and the trends page are requested through
Django's test client, so the time is the server's. Three states per page:

- "cold": the first request after a new response, stored through ``submit_response`` just
  before (untimed) — the wave's figures are computed afresh (nothing of that wave cached);
- "empty_cache": the whole cache emptied before the request (the free-text groups too);
- "warm": the page read again before a new response arrives.

Each page is measured in BENCH_ROUNDS rounds (default 3), each in a fresh process; the
figures are the median over the rounds of each round's p50 and p95, with the spread
(min–max of the rounds' p95). With BENCH_BASELINE=<directory of an earlier checkout>,
each round measures that code too, on the same data, alternating, and the result gives
the ratio new/old of the p95 medians. BENCH_DATABASES=sqlite (or postgresql) runs one half
only. Writes bench/results/survey_results.json.
"""

import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "survey_results.json"
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "10"))  # per state and round (empty: half)
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
BASELINE = os.environ.get("BENCH_BASELINE", "")
STATES = ("cold", "empty_cache", "warm")
PG_URL = os.environ.get(
    "BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/liant_bench_survey_results"
)
QUESTIONS, UNITS, BIG, SMALL = 40, 30, 5000, 500


def build():
    """Organisation of 5 directions × 5 services (30 units), a 40-question survey, two waves."""
    from liant.core.tenancy import Role
    from liant.core.testing import MissionFactory, UnitFactory, make_actor
    from liant.diagnostic import tallies
    from liant.diagnostic.models import Answer, Response, Survey, SurveyQuestion, Wave

    rng = random.Random(5)
    mission = MissionFactory(title="Mission banc d'essai")
    org, ws = mission.organization, mission.workspace
    units = []
    for d in range(5):
        direction = UnitFactory(organization=org, name=f"Direction {d + 1}")
        units.append(direction)
        units += [
            UnitFactory(organization=org, parent=direction, name=f"Service {d + 1}.{s + 1}")
            for s in range(5)
        ]
    roles = ["Agent", "Cadre", "Manager", "Direction"]
    bands = ["< 2 ans", "2–5 ans", "5–10 ans", "> 10 ans"]
    survey = Survey.objects.create(
        workspace=ws, mission=mission, title="Baromètre", roles=roles, seniority_bands=bands
    )
    kinds = ["likert"] * 33 + ["scale"] * 2 + ["single", "multiple", "matrix", "matrix", "text"]
    questions = SurveyQuestion.objects.bulk_create(
        SurveyQuestion(
            workspace=ws, survey=survey, kind=kind, text=f"Question {i + 1}", position=i,
            options=["Oui", "Non", "Parfois"] if kind in ("single", "multiple") else [],
            rows=["Charge", "Outils", "Équipe"] if kind == "matrix" else [],
        )
        for i, kind in enumerate(kinds)
    )  # fmt: skip
    words = "charge outils réunions équipe reconnaissance formation télétravail planning".split()
    waves = {}
    for number, size in ((1, SMALL), (2, BIG)):
        # Open: the "cold" requests follow a response stored through ``submit_response``.
        wave = Wave.objects.create(workspace=ws, survey=survey, number=number, status="open")
        responses = Response.objects.bulk_create(
            Response(
                workspace=ws, wave=wave, submitted_on="2026-03-02", unit=rng.choice(units),
                role=rng.choice(roles + [""]), seniority=rng.choice(bands + [""]),
            )
            for _ in range(size)
        )  # fmt: skip
        answers = []
        for response in responses:
            for q in questions:
                value, choices, matrix, text = None, [], {}, ""
                if q.kind == "likert":
                    value = rng.choice([1, 2, 3, 3, 4, 4, 4, 5])
                elif q.kind == "scale":
                    value = rng.randint(0, 10)
                elif q.kind == "single":
                    choices = [rng.randrange(3)]
                elif q.kind == "multiple":
                    choices = rng.sample(range(3), rng.randint(1, 3))
                elif q.kind == "matrix":
                    matrix = {str(r): rng.randint(1, 5) for r in range(3)}
                else:
                    text = " ".join(rng.sample(words, 3)) + " à revoir"
                answers.append(
                    Answer(workspace=ws, response=response, question=q, value=value,
                           choices=choices, matrix=matrix, text=text)
                )  # fmt: skip
        Answer.objects.bulk_create(answers, batch_size=5000)
        # Bulk-created rows bypass ``submit_response``, which keeps the tallies: count them.
        tallies.recount(wave)
        waves[size] = wave
    owner = make_actor(ws, Role.OWNER)
    return owner, mission, survey, waves


def respond(wave_pk: int, rng: random.Random) -> None:
    """One more response to every question, through the service (as a participant would)."""
    from liant.diagnostic.models import Wave
    from liant.diagnostic.services_surveys import Breakdown, submit_response

    wave = Wave.objects.select_related("survey").get(pk=wave_pk)
    answers = {}
    for q in wave.survey.questions.all():
        if q.kind in ("likert", "scale"):
            answers[q.pk] = {"value": rng.randint(1, 5)}
        elif q.kind in ("single", "multiple"):
            answers[q.pk] = {"choices": [rng.randrange(3)]}
        elif q.kind == "matrix":
            answers[q.pk] = {"matrix": {"0": rng.randint(1, 5)}}
        else:
            answers[q.pk] = {"text": "encore une réponse"}
    submit_response(wave, answers, Breakdown(role="Agent"))


def percentiles(durations: list[float]) -> dict:
    durations = sorted(durations)
    return {
        "p50_ms": round(statistics.median(durations), 1),
        "p95_ms": round(durations[max(0, int(len(durations) * 0.95) - 1)], 1),
    }


def measure(client, url: str, wave_pk: int, state: str, rng: random.Random) -> dict:
    """Timings of ``url`` in one state; the queries of its first request (after a response
    when cold)."""
    from django.core.cache import cache
    from django.db import connection

    def prepare():
        if state == "cold":
            respond(wave_pk, rng)
        elif state == "empty_cache":
            cache.clear()

    prepare()
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        first = client.get(url)
    assert first.status_code == 200, (url, first.status_code)
    durations = []
    for _ in range(REQUESTS // 2 if state == "empty_cache" else REQUESTS):
        prepare()
        start = time.perf_counter()
        response = client.get(url)
        durations.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    return {**percentiles(durations), "queries": len(queries)}


def setup_django(code_root: str) -> None:
    sys.path.insert(0, code_root)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "liant.config.settings")
    os.environ.setdefault("LIANT_RATELIMIT", "false")
    import django

    django.setup()
    from django.conf import settings
    from django.test.utils import setup_test_environment

    setup_test_environment()
    settings.ALLOWED_HOSTS = ["testserver"]


def measure_round(world: dict) -> dict:
    """One round, in a process whose ``sys.path`` chose the code (current or baseline)."""
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse

    rng = random.Random(world["seed"])
    client = Client()
    client.force_login(get_user_model().objects.get(pk=world["user"]))
    mission, survey = world["mission"], world["survey"]
    pages = {}
    for size, wave in world["waves"].items():
        base = reverse("diagnostic:results_wave", args=[mission, survey, wave])
        urls = {
            "results": base,
            "results_by_unit": base + "?by=unit",
            "heatmap": reverse("diagnostic:results_heatmap", args=[mission, survey, wave]),
        }
        for name, url in urls.items():
            pages[f"{name}@{size}"] = {s: measure(client, url, wave, s, rng) for s in STATES}
    trends = reverse("diagnostic:results_trends", args=[mission, survey])
    big = world["waves"][str(BIG)]
    pages["trends@both"] = {s: measure(client, trends, big, s, rng) for s in STATES}
    return pages


def summarise(rounds: list[dict]) -> dict:
    """Per page and state: medians over the rounds of p50 and p95, the p95 spread."""
    pages = {}
    for name in rounds[0]:
        pages[name] = {}
        for state in STATES:
            found = [r[name][state] for r in rounds]
            p95 = [m["p95_ms"] for m in found]
            pages[name][state] = {
                "p50_ms": round(statistics.median(m["p50_ms"] for m in found), 1),
                "p95_ms": round(statistics.median(p95), 1),
                "p95_spread_ms": [min(p95), max(p95)],
                "queries": found[0]["queries"],
            }
    return pages


def run() -> dict:
    """In a child process whose environment chose the database: build, then the rounds."""
    setup_django(str(ROOT))
    from django.core.management import call_command
    from django.db import connection

    call_command("collectstatic", interactive=False, verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    owner, mission, survey, waves = build()
    with connection.cursor() as cursor:  # fresh statistics, as autovacuum would gather
        cursor.execute("ANALYZE")
    build_seconds = time.perf_counter() - start
    connection.close()
    world = {
        "mission": mission.pk, "survey": survey.pk, "user": owner.user.pk,
        "waves": {str(size): wave.pk for size, wave in waves.items()},
    }  # fmt: skip
    sides = [("current", str(ROOT))] + ([("baseline", BASELINE)] if BASELINE else [])
    rounds: dict[str, list] = {name: [] for name, _ in sides}
    for number in range(ROUNDS):
        for name, code_root in sides:  # alternating, on the same data
            world["seed"] = number  # the same responses for both
            rounds[name].append(grandchild(code_root, world))
    result = {
        "database": connection.vendor,
        "build_seconds": round(build_seconds, 1),
        "questions": QUESTIONS,
        "units": UNITS,
        "requests_per_state_and_round": REQUESTS,
        "rounds": ROUNDS,
        "pages": summarise(rounds["current"]),
    }
    result["same_query_count_500_vs_5000"] = {
        name: result["pages"][f"{name}@{SMALL}"]["cold"]["queries"]
        == result["pages"][f"{name}@{BIG}"]["cold"]["queries"]
        for name in ("results", "results_by_unit", "heatmap")
    }
    if BASELINE:
        old = summarise(rounds["baseline"])
        result["baseline"] = {"code": BASELINE, "pages": old}
        result["ratio_new_old_p95"] = {
            name: {
                state: round(m[state]["p95_ms"] / old[name][state]["p95_ms"], 2) for state in STATES
            }
            for name, m in result["pages"].items()
        }
    return result


def grandchild(code_root: str, world: dict) -> dict:
    env = {**os.environ, "BENCH_CODE_ROOT": code_root, "BENCH_WORLD": json.dumps(world)}
    output = subprocess.run(
        [sys.executable, __file__, "--round"], env=env, capture_output=True, text=True
    )
    if output.returncode != 0:
        raise RuntimeError(output.stderr[-3000:])
    return json.loads(output.stdout.strip().splitlines()[-1])


def postgres_ready(url: str) -> bool:
    name = urlparse(url).path.lstrip("/")
    if name == "test":
        print("refusing the shared `test` database: set BENCH_PG_URL to your own database")
        return False
    try:
        import psycopg
    except ImportError:
        return False
    admin = url.rsplit("/", 1)[0] + "/postgres"
    try:
        with psycopg.connect(admin, autocommit=True, connect_timeout=3) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
            if not exists:
                conn.execute(f'CREATE DATABASE "{name}"')
    except Exception as error:  # not reachable: the SQLite half is still measured
        print(f"PostgreSQL not reachable ({error.__class__.__name__}): skipped")
        return False
    return True


def child(env: dict) -> dict | None:
    output = subprocess.run(
        [sys.executable, __file__, "--child"], env=env, capture_output=True, text=True
    )
    if output.returncode != 0:
        print(output.stderr[-3000:])
        return None
    return json.loads(output.stdout.strip().splitlines()[-1])


def main() -> None:
    if "--round" in sys.argv:
        setup_django(os.environ["BENCH_CODE_ROOT"])
        print(json.dumps(measure_round(json.loads(os.environ["BENCH_WORLD"]))))
        return
    if "--child" in sys.argv:
        print(json.dumps(run()))
        return
    base = {k: v for k, v in os.environ.items() if not k.startswith("LIANT_")}
    runs = []
    databases = os.environ.get("BENCH_DATABASES", "sqlite,postgresql").split(",")
    with tempfile.TemporaryDirectory(prefix="liant-bench-survey-") as var:
        result = child({**base, "LIANT_VAR_DIR": var}) if "sqlite" in databases else None
        if result:
            runs.append(result)
        if "postgresql" in databases and postgres_ready(PG_URL):
            result = child({**base, "LIANT_VAR_DIR": var, "LIANT_DATABASE_URL": PG_URL})
            if result:
                runs.append(result)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({"goal_p95_ms": 300, "runs": runs}, indent=2))
    for result in runs:
        print(f"--- {result['database']} (built in {result['build_seconds']} s)")
        print(f"{'page':<22}{'state':<13}{'p50':>8}{'p95':>8}{'spread':>16}{'queries':>9}", end="")
        print(f"{'new/old':>9}" if "baseline" in result else "")
        for name, m in result["pages"].items():
            for state in STATES:
                c = m[state]
                spread = "–".join(str(v) for v in c["p95_spread_ms"])
                line = f"{name:<22}{state:<13}{c['p50_ms']:>8}{c['p95_ms']:>8}{spread:>16}"
                line += f"{c['queries']:>9}"
                if "baseline" in result:
                    line += f"{result['ratio_new_old_p95'][name][state]:>9}"
                print(line)
        same = result["same_query_count_500_vs_5000"]
        print("same query count at 500 and 5,000 responses:", same)
    print(f"written to {RESULTS}")
    if not runs or not all(all(r["same_query_count_500_vs_5000"].values()) for r in runs):
        sys.exit(1)


if __name__ == "__main__":
    main()
