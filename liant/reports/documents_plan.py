"""The action plan as documents: a workbook (XLSX: axes, objectives, actions, indicators and
their measurements) and a PDF (the tree of axes → objectives → actions, the timeline and the
indicator charts). The timeline is laid out by the plan page's ``steering.timeline`` and the
charts drawn by the indicator page's ``steering.charts``; only the drawing on paper is here.
Its object id is the mission's, like the plan's URLs."""

from __future__ import annotations

import base64
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from liant.core.tenancy import Actor, require_staff, scoped
from liant.steering import charts
from liant.steering import selectors_plan as plan_selectors
from liant.steering import selectors_track as track_selectors
from liant.steering.models import ActionPlan, Measurement
from liant.steering.timeline import build_timeline

from . import kinds, pdf, xlsx_plan

TIMELINE_ROWS_PER_PAGE = 22  # one drawing per landscape page


def get_plan(actor: Actor, mission_pk: int) -> ActionPlan:
    require_staff(actor)
    _mission, plan = track_selectors.mission_plan(actor, mission_pk)
    return plan


@dataclass
class IndicatorView:
    row: track_selectors.IndicatorRow
    measurements: list[Measurement]

    @property
    def indicator(self):
        return self.row.indicator


def indicator_views(actor: Actor, plan: ActionPlan) -> list[IndicatorView]:
    """Every indicator with its latest value, status and measurements (three queries)."""
    by_indicator: dict[int, list[Measurement]] = {}
    measurements = scoped(Measurement.objects.all(), actor).filter(indicator__plan=plan)
    for measurement in measurements.order_by("date", "id"):
        by_indicator.setdefault(measurement.indicator_id, []).append(measurement)
    return [
        IndicatorView(row, by_indicator.get(row.indicator.pk, []))
        for row in track_selectors.indicator_rows(actor, plan)
    ]


def axis_rows(tree) -> list[dict]:
    """One line per axis of the summary: its objectives, actions and mean progress."""
    rows = []
    for number, view in enumerate(tree, start=1):
        actions = [a for o in view.objectives for a in o.actions] + view.loose
        counted = [a.progress for a in actions if a.status != "cancelled"]
        rows.append({
            "number": number,
            "title": view.axis.title if view.axis else _("Actions without an objective"),
            "objectives": len(view.objectives),
            "actions": len(actions),
            "progress": round(sum(counted) / len(counted)) if counted else 0,
        })  # fmt: skip
    return rows


def content(actor: Actor, plan: ActionPlan) -> dict:
    today = timezone.localdate()
    tree = plan_selectors.plan_tree(actor, plan)
    return {
        "plan": plan,
        "today": today,
        "summary": plan_selectors.plan_summary(actor, plan, today),
        "tree": tree,
        "axis_rows": axis_rows(tree),
        "milestones": list(plan_selectors.milestones(actor, plan)),
        "indicators": indicator_views(actor, plan),
    }


# --- The timeline on paper: one drawing per page of actions, all on the plan's scale.
# Texts (action titles, dates) are HTML beside and above the SVG, which draws only shapes:
# WeasyPrint lays HTML text out much faster than SVG text.

TRACK_WIDTH, ROW = 434, 20  # the SVG's units; its width is set in the template's CSS


def _x(percent: float) -> float:
    return round(TRACK_WIDTH * percent / 100, 1)


def timeline_pages(actor: Actor, plan: ActionPlan, milestones, today) -> list[dict]:
    """The dated actions by due date, TIMELINE_ROWS_PER_PAGE per drawing, each drawing
    positioned with the same bounds (the whole plan's first and last date)."""
    rows = plan_selectors.by_due_date(plan_selectors.action_rows(actor, plan))
    bounds = plan_selectors.date_bounds(rows)
    actions = list(rows)
    pages = []
    for start in range(0, max(len(actions), 1), TIMELINE_ROWS_PER_PAGE):
        chunk = actions[start : start + TIMELINE_ROWS_PER_PAGE]
        timeline = build_timeline(chunk, milestones, today, bounds=bounds)
        if timeline is None:
            break
        bars = [
            {
                "y": index * ROW,
                "label": bar.action.title,
                "x": _x(bar.x),
                "width": round(TRACK_WIDTH * bar.width / 100, 1),
                "done": round(TRACK_WIDTH * bar.done_width / 100, 1),
                "late": bar.late,
                "point": bar.point,
            }
            for index, bar in enumerate(timeline.rows)
        ]
        pages.append(
            {
                "bars": bars,
                "height": max(len(bars), 1) * ROW,
                "ticks": [{"x": _x(t.x), "tick": t} for t in timeline.ticks],
                "milestones": [{"x": _x(m.x), "mark": m} for m in timeline.milestones],
                "today_x": _x(timeline.today_x) if timeline.today_x is not None else None,
                "undated": len(timeline.undated),
            }
        )
    return pages


def chart_uri(view: IndicatorView) -> str:
    """The indicator page's chart, as an image the PDF embeds (no file, no network)."""
    svg = charts.indicator_chart_svg(charts.indicator_series(view.indicator, view.measurements))
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def render(actor: Actor, plan: ActionPlan, fmt: str, progress: kinds.Progress):
    data = content(actor, plan)
    progress(35)
    if fmt == "xlsx":
        return xlsx_plan.plan_workbook(actor, plan, data), "action-plan.xlsx"
    pages = timeline_pages(actor, plan, data["milestones"], data["today"])
    progress(50)
    charts_by_indicator = [(view, chart_uri(view)) for view in data["indicators"]]
    progress(60)
    chapters = [("summary", _("Summary"))]
    chapters += [
        (f"axis-{n}", view.axis.title if view.axis else _("Actions without an objective"))
        for n, view in enumerate(data["tree"], start=1)
    ]
    if pages:
        chapters.append(("timeline", _("Timeline")))
    if charts_by_indicator:
        chapters.append(("indicators", _("Indicators")))
    context = (
        pdf.cover_context(actor, plan.title, str(plan.mission), pdf.toc_if_long(chapters))
        | data
        | {"timeline_pages": pages, "charts": charts_by_indicator}
    )
    return pdf.render_pdf("reports/documents/plan.html", context), "action-plan.pdf"


kinds.register(
    kinds.DocumentKind(
        key="action_plan",
        label=gettext_lazy("Action plan"),
        formats=("pdf", "xlsx"),
        get_object=get_plan,
        title=lambda plan: plan.title,
        back_url=lambda plan: reverse("steering:plan", args=[plan.mission_id]),
        render=render,
    )
)
