"""The phase timeline of a mission: planned and actual bars on a date axis.

Pure computation (no queries): positions are percentages of the axis, so the template
draws them as SVG attributes (no inline style, which the CSP forbids).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

DAY = datetime.timedelta(days=1)


@dataclass(frozen=True)
class Bar:
    start: datetime.date
    end: datetime.date  # inclusive
    x: float  # percent of the axis
    width: float
    ongoing: bool = False  # an actual bar still running (drawn up to today)


@dataclass(frozen=True)
class Row:
    phase: object
    planned: Bar
    actual: Bar | None
    late: bool  # not done and its planned end has passed
    days_late: int  # for a late or late-finished phase, days beyond the planned end


@dataclass(frozen=True)
class Tick:
    date: datetime.date
    x: float
    kind: str  # "week" or "month"
    show_year: bool

    @property
    def labelled(self) -> bool:
        return self.x <= 92  # no room for a label at the right edge


@dataclass
class Timeline:
    start: datetime.date
    end: datetime.date  # exclusive
    today: datetime.date
    rows: list[Row] = field(default_factory=list)
    ticks: list[Tick] = field(default_factory=list)
    today_x: float | None = None

    @property
    def today_anchor(self) -> str:
        if self.today_x is None or 8 <= self.today_x <= 92:
            return "middle"
        return "start" if self.today_x < 8 else "end"

    @property
    def late_count(self) -> int:
        return sum(1 for row in self.rows if row.late)


def _first_of_next_month(day: datetime.date) -> datetime.date:
    return (day.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)


def build_timeline(phases, today: datetime.date, done_status: str = "done") -> Timeline | None:
    """Lay the phases on one axis covering every planned and actual date (and today if close)."""
    phases = list(phases)
    if not phases:
        return None
    dates = []
    for phase in phases:
        dates += [phase.planned_start, phase.planned_end]
        dates += [d for d in (phase.actual_start, phase.actual_end) if d]
        if phase.actual_start and not phase.actual_end and phase.status != done_status:
            dates.append(max(today, phase.actual_start))
    start, end = min(dates), max(dates) + DAY
    span = (end - start).days
    # Show today on the axis when it falls within a fifth of the span around the mission.
    margin = datetime.timedelta(days=max(span // 5, 7))
    if start - margin <= today < start:
        start = today
    elif end <= today < end + margin:
        end = today + DAY
    span = max((end - start).days, 1)

    def pos(day: datetime.date) -> float:
        return round(100 * (day - start).days / span, 3)

    def bar(first: datetime.date, last: datetime.date, ongoing: bool = False) -> Bar:
        width = max(pos(last + DAY) - pos(first), 0.4)
        return Bar(first, last, pos(first), round(width, 3), ongoing)

    timeline = Timeline(start=start, end=end, today=today)
    for phase in phases:
        done = phase.status == done_status
        actual = None
        if phase.actual_start:
            if phase.actual_end:
                actual = bar(phase.actual_start, phase.actual_end)
            elif not done:
                actual = bar(phase.actual_start, max(today, phase.actual_start), ongoing=True)
        late = not done and phase.planned_end < today
        if late:
            days_late = (today - phase.planned_end).days
        elif done and phase.actual_end and phase.actual_end > phase.planned_end:
            days_late = (phase.actual_end - phase.planned_end).days
        else:
            days_late = 0
        timeline.rows.append(
            Row(phase, bar(phase.planned_start, phase.planned_end), actual, late, days_late)
        )

    if start <= today < end:
        timeline.today_x = pos(today)

    if span <= 84:
        tick = start + datetime.timedelta(days=(7 - start.weekday()) % 7)  # Mondays
        step, kind = 7, "week"
        while tick < end:
            timeline.ticks.append(Tick(tick, pos(tick), kind, False))
            tick += datetime.timedelta(days=step)
    else:
        months_step = 1 if span <= 550 else 3
        tick = start if start.day == 1 else _first_of_next_month(start)
        if months_step == 3:
            while (tick.month - 1) % 3:
                tick = _first_of_next_month(tick)
        previous_year = None
        if tick > start and pos(tick) > 7:
            # Name the partial month the axis starts in, when there is room for it.
            timeline.ticks.append(Tick(start, 0.0, "month", True))
            previous_year = start.year
        while tick < end:
            timeline.ticks.append(Tick(tick, pos(tick), "month", tick.year != previous_year))
            previous_year = tick.year
            for _ in range(months_step):
                tick = _first_of_next_month(tick)
    return timeline
