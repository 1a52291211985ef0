"""The plan's timeline (Gantt-like): one bar per action from its start to its due date, its
progress inside the bar, the milestones as diamonds, today as a line.

Pure computation (no queries): positions are percentages of the axis, drawn by the template
as SVG attributes (the CSP forbids inline styles). The axis covers the whole plan's date
range (``bounds``) and every milestone, so that every page of a long plan has one scale.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from functools import cached_property

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from liant.missions.timeline import Tick

DAY = datetime.timedelta(days=1)


@dataclass(frozen=True)
class ActionBar:
    action: object
    x: float
    width: float
    done_width: float  # the progress, as a part of the bar
    late: bool
    point: bool  # only a due date: drawn as a mark, not a bar


@dataclass(frozen=True)
class MilestoneMark:
    milestone: object
    x: float


@dataclass
class PlanTimeline:
    start: datetime.date
    end: datetime.date  # exclusive
    today: datetime.date
    rows: list[ActionBar] = field(default_factory=list)
    undated: list = field(default_factory=list)
    milestones: list[MilestoneMark] = field(default_factory=list)
    ticks: list[Tick] = field(default_factory=list)
    today_x: float | None = None

    @cached_property
    def row_grid(self) -> SafeString:
        """The guides behind every bar (month or week ticks, milestones), written once for
        the page: looping over them in the template for every row cost most of the page."""
        lines = [(tick.x, "mx-tl-grid") for tick in self.ticks]
        lines += [(mark.x, "sp-tl-milestone-line") for mark in self.milestones]
        return format_html_join(
            "",
            '<line x1="{}%" x2="{}%" y1="0" y2="30" class="{}"/>',
            ((_svg_number(x), _svg_number(x), css) for x, css in lines),
        )

    @cached_property
    def row_today(self) -> SafeString:
        """Today's line, over every bar."""
        if self.today_x is None:
            return SafeString("")
        x = _svg_number(self.today_x)
        return format_html('<line x1="{}%" x2="{}%" y1="0" y2="30" class="mx-tl-today"/>', x, x)


def _svg_number(value: float) -> str:
    return repr(float(value))  # never localised: SVG wants a dot


def _first_of_next_month(day: datetime.date) -> datetime.date:
    return (day.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)


def _ticks(start: datetime.date, end: datetime.date, pos) -> list[Tick]:
    span = (end - start).days
    ticks = []
    if span <= 84:
        tick = start + datetime.timedelta(days=(7 - start.weekday()) % 7)  # Mondays
        while tick < end:
            ticks.append(Tick(tick, pos(tick), "week", False))
            tick += datetime.timedelta(days=7)
        return ticks
    months_step = 1 if span <= 550 else 3
    tick = start if start.day == 1 else _first_of_next_month(start)
    if months_step == 3:
        while (tick.month - 1) % 3:
            tick = _first_of_next_month(tick)
    previous_year = None
    if tick > start and pos(tick) > 7:
        ticks.append(Tick(start, 0.0, "month", True))
        previous_year = start.year
    while tick < end:
        ticks.append(Tick(tick, pos(tick), "month", tick.year != previous_year))
        previous_year = tick.year
        for _ in range(months_step):
            tick = _first_of_next_month(tick)
    return ticks


def build_timeline(
    actions,
    milestones,
    today: datetime.date,
    bounds: tuple[datetime.date | None, datetime.date | None] = (None, None),
) -> PlanTimeline | None:
    """Lay ``actions`` (one page of them) and every milestone on one axis. ``bounds`` is the
    first and last date of the whole plan, so that every page has the same scale."""
    actions = list(actions)
    milestones = list(milestones)
    dates = [d for d in bounds if d]
    for action in actions:
        dates += [d for d in (action.start_date, action.due_date) if d]
    dates += [m.date for m in milestones]
    if not dates:
        return None
    start, end = min(dates), max(dates) + DAY
    margin = datetime.timedelta(days=max((end - start).days // 5, 7))
    if start - margin <= today < start:
        start = today
    elif end <= today < end + margin:
        end = today + DAY
    span = max((end - start).days, 1)

    def pos(day: datetime.date) -> float:
        return round(100 * (day - start).days / span, 3)

    timeline = PlanTimeline(start=start, end=end, today=today)
    for action in actions:
        first = action.start_date or action.due_date
        last = action.due_date or action.start_date
        if first is None:
            timeline.undated.append(action)
            continue
        closed = action.status in ("done", "cancelled")
        late = action.due_date is not None and action.due_date < today and not closed
        width = max(pos(last + DAY) - pos(first), 0.4)
        timeline.rows.append(
            ActionBar(
                action=action,
                x=pos(first),
                width=round(width, 3),
                done_width=round(width * action.progress / 100, 3),
                late=late,
                point=action.start_date is None,
            )
        )
    timeline.milestones = [MilestoneMark(m, pos(m.date)) for m in milestones]
    if start <= today < end:
        timeline.today_x = pos(today)
    timeline.ticks = _ticks(start, end, pos)
    return timeline
