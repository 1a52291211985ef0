import datetime
import re
from types import SimpleNamespace

import pytest
from django.urls import reverse

from liant.missions import services
from liant.missions.timeline import build_timeline

from .factories import mission_from_template, small_tree

D = datetime.date


def phase(pk, start, end, status="planned", actual_start=None, actual_end=None):
    return SimpleNamespace(
        pk=pk,
        planned_start=start,
        planned_end=end,
        status=status,
        actual_start=actual_start,
        actual_end=actual_end,
    )


def test_bars_are_placed_in_percent_of_the_axis():
    phases = [
        phase(1, D(2026, 1, 1), D(2026, 1, 10), "done", D(2026, 1, 1), D(2026, 1, 15)),
        phase(2, D(2026, 1, 11), D(2026, 1, 20), "active", D(2026, 1, 16)),
        phase(3, D(2026, 1, 21), D(2026, 2, 9)),
    ]
    timeline = build_timeline(phases, today=D(2026, 1, 26))
    # The axis covers 1 Jan → 9 Feb inclusive: 40 days.
    assert (timeline.start, timeline.end) == (D(2026, 1, 1), D(2026, 2, 10))
    first, second, third = timeline.rows
    assert (first.planned.x, first.planned.width) == (0, 25)
    assert (first.actual.x, first.actual.width) == (0, 37.5)
    assert first.days_late == 5 and not first.late  # done, 5 days after its planned end
    # Still running: the actual bar reaches today, and the phase is late.
    assert second.actual.ongoing and second.actual.end == D(2026, 1, 26)
    assert second.late and second.days_late == 6
    assert third.actual is None and not third.late
    assert timeline.today_x == 62.5
    assert timeline.late_count == 1
    # Short mission: weekly ticks on Mondays.
    assert {t.kind for t in timeline.ticks} == {"week"}
    assert all(t.date.weekday() == 0 for t in timeline.ticks)


def test_long_missions_get_month_ticks_and_today_outside_is_not_drawn():
    phases = [phase(1, D(2026, 3, 2), D(2026, 11, 22))]
    timeline = build_timeline(phases, today=D(2030, 1, 1))
    assert timeline.today_x is None
    months = [t.date for t in timeline.ticks if t.date.day == 1]
    assert months[0] == D(2026, 4, 1) and months[-1] == D(2026, 11, 1)
    assert timeline.ticks[0].date == D(2026, 3, 2) and timeline.ticks[0].show_year
    assert timeline.rows[0].late
    assert timeline.rows[0].days_late == (D(2030, 1, 1) - D(2026, 11, 22)).days


def test_today_just_before_the_start_extends_the_axis():
    phases = [phase(1, D(2026, 3, 2), D(2026, 5, 31))]
    timeline = build_timeline(phases, today=D(2026, 2, 20))
    assert timeline.start == D(2026, 2, 20) and timeline.today_x == 0


def test_no_phase_no_timeline():
    assert build_timeline([], today=D(2026, 1, 1)) is None


@pytest.mark.django_db
def test_mission_page_draws_the_timeline_as_svg(owner_client, owner, settings):
    org, _ = small_tree(owner.workspace)
    mission = mission_from_template(owner, org, start_date=D(2025, 1, 6))
    first, second, *_ = mission.phases.all()
    services.update_phase(
        owner, first, status="done", actual_start=D(2025, 1, 6), actual_end=D(2025, 3, 7)
    )
    services.update_phase(owner, second, status="active", actual_start=D(2025, 3, 10))

    response = owner_client.get(reverse("missions:detail", args=[mission.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    rect = r'<rect x="([\d.]+)%" y="\d+" width="([\d.]+)%"[^>]*class="mx-tl-(\w+)'
    rects = re.findall(rect, body)
    kinds = [kind for _, _, kind in rects]
    assert kinds.count("planned") == 4 and kinds.count("actual") == 2
    # Percentages use a dot even though the page is in French (no "12,5%").
    assert not re.search(r'x="\d+,\d+%"', body)
    planned = [(float(x), float(w)) for x, w, kind in rects if kind == "planned"]
    assert planned[0][0] == 0
    for (x1, w1), (x2, _) in zip(planned, planned[1:], strict=False):
        assert abs(x1 + w1 - x2) < 0.01  # laid end to end
    # Every phase of this 2025 mission is past: the unfinished ones are flagged late.
    assert body.count('class="mx-tl-row is-late"') == 3
    assert 'class="mx-tl-actual is-ongoing is-late"' in body
