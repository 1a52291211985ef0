"""Survey arithmetic on value distributions (no Django): means, eNPS, shares.

A distribution is a mapping ``value → number of answers``.
"""

from __future__ import annotations

from collections.abc import Mapping

PROMOTER_MIN = 9  # 9–10 on the 0–10 scale
DETRACTOR_MAX = 6  # 0–6


def answer_count(distribution: Mapping[int, int]) -> int:
    return sum(distribution.values())


def mean(distribution: Mapping[int, int]) -> float | None:
    """The mean value, or None without answers."""
    n = answer_count(distribution)
    if not n:
        return None
    return sum(value * count for value, count in distribution.items()) / n


def enps(distribution: Mapping[int, int]) -> float | None:
    """Employee Net Promoter Score on a 0–10 scale: % promoters (9–10) − % detractors (0–6),
    from −100 to 100; None without answers."""
    n = answer_count(distribution)
    if not n:
        return None
    promoters = sum(c for v, c in distribution.items() if v >= PROMOTER_MIN)
    detractors = sum(c for v, c in distribution.items() if v <= DETRACTOR_MAX)
    return 100 * (promoters - detractors) / n


def percent(part: int, whole: int) -> float:
    return 100 * part / whole if whole else 0.0


def bars(distribution: Mapping[int, int], values: range) -> list[tuple[int, int, float]]:
    """(value, count, % of answers) for every value of the scale, empty ones included."""
    n = answer_count(distribution)
    return [(v, distribution.get(v, 0), percent(distribution.get(v, 0), n)) for v in values]


def normalised(value: float, low: int, high: int) -> float:
    """A mean placed on 0–1 between the scale's ends (for colour scales)."""
    return max(0.0, min(1.0, (value - low) / (high - low)))
