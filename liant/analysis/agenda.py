"""The timing of a workshop agenda (no Django imports): planned start of each activity, total
duration and how it fits the time slot."""

from __future__ import annotations

import datetime
from dataclasses import dataclass


@dataclass(frozen=True)
class Schedule:
    starts: list[datetime.datetime | None]  # planned start of each activity, when the slot is set
    ends: list[datetime.datetime | None]
    total_minutes: int
    slot_minutes: int | None  # None when the workshop has no complete time slot

    @property
    def overrun_minutes(self) -> int:
        """How many minutes the agenda goes beyond the slot (0 when it fits or no slot)."""
        if self.slot_minutes is None:
            return 0
        return max(0, self.total_minutes - self.slot_minutes)

    @property
    def spare_minutes(self) -> int | None:
        if self.slot_minutes is None:
            return None
        return max(0, self.slot_minutes - self.total_minutes)


def slot_length(start: datetime.datetime | None, end: datetime.datetime | None) -> int | None:
    """Whole minutes between start and end; None if either is missing or end is not after."""
    if start is None or end is None or end <= start:
        return None
    return int((end - start).total_seconds() // 60)


def plan(
    durations: list[int],
    start: datetime.datetime | None = None,
    end: datetime.datetime | None = None,
) -> Schedule:
    """Activities run back to back from ``start``, in the given order."""
    if any(d < 0 for d in durations):
        raise ValueError("durations must not be negative")
    starts: list[datetime.datetime | None] = []
    ends: list[datetime.datetime | None] = []
    elapsed = 0
    for minutes in durations:
        if start is None:
            starts.append(None)
            ends.append(None)
        else:
            starts.append(start + datetime.timedelta(minutes=elapsed))
            ends.append(start + datetime.timedelta(minutes=elapsed + minutes))
        elapsed += minutes
    return Schedule(starts, ends, elapsed, slot_length(start, end))
