import datetime

import pytest

from liant.analysis.agenda import plan, slot_length

NINE = datetime.datetime(2026, 3, 2, 9, 0)


def test_activities_run_back_to_back_from_the_start():
    schedule = plan([15, 45, 30], NINE, NINE + datetime.timedelta(hours=2))
    assert [s.strftime("%H:%M") for s in schedule.starts] == ["09:00", "09:15", "10:00"]
    assert schedule.ends[-1].strftime("%H:%M") == "10:30"
    assert schedule.total_minutes == 90 and schedule.slot_minutes == 120
    assert schedule.overrun_minutes == 0 and schedule.spare_minutes == 30


def test_overrun_is_the_excess_over_the_slot():
    schedule = plan([60, 45], NINE, NINE + datetime.timedelta(minutes=90))
    assert schedule.overrun_minutes == 15 and schedule.spare_minutes == 0
    exact = plan([60, 30], NINE, NINE + datetime.timedelta(minutes=90))
    assert exact.overrun_minutes == 0 and exact.spare_minutes == 0


def test_without_a_slot_there_are_no_times_and_no_overrun():
    schedule = plan([30, 30])
    assert schedule.starts == [None, None] and schedule.total_minutes == 60
    assert schedule.slot_minutes is None and schedule.overrun_minutes == 0
    assert plan([30], NINE).slot_minutes is None  # a start without an end: times, no slot
    assert plan([30], NINE).starts == [NINE]


def test_empty_agenda_and_bad_input():
    assert plan([], NINE, NINE).total_minutes == 0
    assert slot_length(NINE, NINE) is None
    assert slot_length(NINE + datetime.timedelta(hours=1), NINE) is None
    with pytest.raises(ValueError):
        plan([10, -5], NINE)
