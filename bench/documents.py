"""Time to produce documents (issue 9) for the demo mission scaled ×10.

The demo (``load_demo(scale=10)``) has no diagnostic data, so the readout is built here on one
of its missions at ten times a real readout's size: 60 interviews, 4 priority axes, each with
findings supported by quotable excerpts and themes — about 30 PDF pages. The action plan is the
demo's plan with its actions copied ten times (and its indicators with their measurements).
Each document is rendered REPEATS times by its kind's renderer (what the background task
runs); we report the median, the spread (min, max) and the standard deviation.
Goal: the readout PDF in less than 5 s on this machine. Writes bench/results/documents.json.
"""

import datetime
import json
import os
import platform
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

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import translation  # noqa: E402

from liant.accounts.models import Membership  # noqa: E402
from liant.core.demo import load_demo  # noqa: E402
from liant.core.tenancy import Actor  # noqa: E402
from liant.diagnostic import models as diagnostic  # noqa: E402
from liant.diagnostic.services_readout import ensure_readout  # noqa: E402
from liant.reports import kinds  # noqa: E402
from liant.steering.models import Action, ActionPlan, Measurement  # noqa: E402

REPEATS = int(os.environ.get("BENCH_REPEATS", "5"))
SCALE = int(os.environ.get("BENCH_DOCUMENTS_SCALE", "10"))
RESULTS = ROOT / "bench" / "results" / "documents.json"
GOAL_PDF_SECONDS = 5.0
SENTENCES = [
    "On ne sait jamais qui décide, et les priorités changent chaque semaine sans explication.",
    "Les outils sont nombreux : chacun garde ses fichiers dans son coin, rien n'est partagé.",
    "L'équipe est solidaire quand il y a un coup dur, c'est notre vraie force au quotidien.",
    "Les réunions sont trop longues ; on en sort sans décision claire ni responsable nommé.",
    "Personne n'a été formé au nouveau logiciel, on apprend en se trompant devant les clients.",
    "Le télétravail fonctionne bien, mais les nouveaux arrivants se sentent un peu isolés.",
]


def owner_of(workspace) -> Actor:
    membership = Membership.objects.select_related("workspace", "user").get(
        workspace=workspace, role="owner"
    )
    return Actor(user=membership.user, membership=membership)


def build_readout(owner: Actor, mission, rng: random.Random):
    """A readout of 4 axes × 3 kinds × SCALE findings, each with two quotes and a
    theme (about 30 PDF pages at scale 10)."""
    ws = owner.workspace
    campaign = diagnostic.InterviewCampaign.objects.create(
        workspace=ws, mission=mission, title="Campagne du diagnostic"
    )
    section = diagnostic.GuideSection.objects.create(
        workspace=ws, campaign=campaign, title="Le quotidien", position=0
    )
    question = diagnostic.GuideQuestion.objects.create(
        workspace=ws, section=section, text="Qu'est-ce qui vous freine ?", position=0
    )
    themes = [
        diagnostic.Theme.objects.create(
            workspace=ws, campaign=campaign, name=f"Thème {n + 1}", colour="#2f6f8f"
        )
        for n in range(8)
    ]
    segments = []
    for n in range(6 * SCALE):
        interview = diagnostic.Interview.objects.create(
            workspace=ws, campaign=campaign, place="Salle 2", status="done"
        )
        text = " ".join(rng.sample(SENTENCES, 3))
        note = diagnostic.Note.objects.create(
            workspace=ws, interview=interview, question=question, text=text
        )
        end = text.index(".") + 1
        segment = diagnostic.CodedSegment.objects.create(
            workspace=ws, note=note, start=0, end=end, text=text[:end], quotable=True
        )
        segment.themes.add(themes[n % len(themes)])
        segments.append(segment)
    readout = ensure_readout(owner, mission)
    readout.introduction = "Merci à toutes et à tous : 60 entretiens menés en trois semaines."
    readout.save()
    per_kind = max(1, SCALE)
    for axis in readout.axes.all():
        axis.description = "Ce que les entretiens disent de cet axe, et ce qu'il faut changer."
        axis.save()
        position = 0
        for kind in ("finding", "strength", "potential"):
            for n in range(per_kind):
                finding = diagnostic.Finding.objects.create(
                    workspace=ws, axis=axis, kind=kind, position=position,
                    text=f"{axis.title} : constat {n + 1} — {rng.choice(SENTENCES)}",
                )  # fmt: skip
                position += 1
                for e, segment in enumerate(rng.sample(segments, 2)):
                    diagnostic.Evidence.objects.create(
                        workspace=ws, finding=finding, segment=segment, position=e
                    )
                diagnostic.Evidence.objects.create(
                    workspace=ws, finding=finding, theme=rng.choice(themes), position=2
                )
    return readout


def scale_plan(plan: ActionPlan) -> ActionPlan:
    """The plan's actions copied SCALE times (copies 2…SCALE); its measurements too, a year
    apart each (an indicator has one value a day)."""
    originals = list(Action.objects.filter(plan=plan))
    copies = []
    for copy in range(2, SCALE + 1):
        for action in originals:
            fields = {
                f.attname: getattr(action, f.attname)
                for f in Action._meta.concrete_fields
                if f.attname != "id"
            }
            copies.append(Action(**fields | {"title": f"{action.title} (copie {copy})"}))
    Action.objects.bulk_create(copies, batch_size=500)
    measurements = list(Measurement.objects.filter(indicator__plan=plan))
    taken = {(m.indicator_id, m.date) for m in measurements}
    extra = []
    for copy in range(1, SCALE):
        for m in measurements:
            date = m.date - datetime.timedelta(days=365 * copy)
            if (m.indicator_id, date) in taken:
                continue
            taken.add((m.indicator_id, date))
            extra.append(
                Measurement(
                    workspace=m.workspace, indicator=m.indicator, value=m.value,
                    date=date, comment=m.comment,
                )
            )  # fmt: skip
    Measurement.objects.bulk_create(extra, batch_size=500)
    return plan


def pdf_pages(content: bytes) -> int:
    import io

    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(content)).pages)


def time_document(owner: Actor, key: str, object_id: int, fmt: str) -> dict:
    kind = kinds.get(key)
    seconds = []
    content = b""
    for _ in range(REPEATS + 1):  # the first run warms templates, fonts and imports
        start = time.perf_counter()
        target = kind.get_object(owner, object_id)
        content, _name = kind.render(owner, target, fmt, lambda value: None)
        seconds.append(time.perf_counter() - start)
    seconds = seconds[1:]
    result = {
        "median_s": round(statistics.median(seconds), 3),
        "spread_s": [round(min(seconds), 3), round(max(seconds), 3)],
        "stdev_s": round(statistics.stdev(seconds), 3) if len(seconds) > 1 else 0.0,
        "runs": len(seconds),
        "bytes": len(content),
    }
    if fmt == "pdf":
        result["pages"] = pdf_pages(content)
    return result


def main() -> dict:
    call_command("migrate", verbosity=0)
    translation.activate("fr")
    rng = random.Random(9)
    start = time.perf_counter()
    login = load_demo(scale=SCALE)
    owner = owner_of(login.workspace)
    plan = (
        ActionPlan.objects.filter(workspace=login.workspace, indicators__isnull=False)
        .distinct()
        .first()
    )
    scale_plan(plan)
    readout = build_readout(owner, plan.mission, rng)
    build_seconds = round(time.perf_counter() - start, 1)
    actions = Action.objects.filter(plan=plan).count()
    results = {
        "readout_pdf": time_document(owner, "readout", readout.mission_id, "pdf"),
        "action_plan_xlsx": time_document(owner, "action_plan", plan.mission_id, "xlsx"),
        "action_plan_pdf": time_document(owner, "action_plan", plan.mission_id, "pdf"),
        "readout_pptx": time_document(owner, "readout", readout.mission_id, "pptx"),
    }
    results["readout_pdf"]["goal_s"] = GOAL_PDF_SECONDS
    results["readout_pdf"]["meets_goal"] = results["readout_pdf"]["median_s"] < GOAL_PDF_SECONDS
    return {
        "what": "time to render each document (its kind's renderer, as the background task does)",
        "scale": SCALE,
        "data": {
            "readout_findings": diagnostic.Finding.objects.filter(axis__readout=readout).count(),
            "interviews": diagnostic.Interview.objects.filter(
                campaign__mission=readout.mission
            ).count(),
            "plan_actions": actions,
            "plan_indicators": plan.indicators.count(),
            "plan_measurements": Measurement.objects.filter(indicator__plan=plan).count(),
        },
        "build_seconds": build_seconds,
        "database": connection.vendor,
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "documents": results,
    }


if __name__ == "__main__":
    report = main()
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    for name, result in report["documents"].items():
        pages = f", {result['pages']} pages" if "pages" in result else ""
        print(
            f"{name}: median {result['median_s']} s (min {result['spread_s'][0]}, "
            f"max {result['spread_s'][1]}){pages}"
        )
    print(f"written to {RESULTS}")
