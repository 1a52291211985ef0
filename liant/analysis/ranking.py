"""Ranked dot-vote results with ties: items with the same number of dots share a rank."""

from __future__ import annotations

from collections.abc import Iterable


def rank(items: Iterable[tuple[str, int]]) -> list[tuple[int, str, int, bool]]:
    """(rank, label, dots, tied) by dots, most first; equal dots share the rank of the first
    of them ("standard competition ranking": 1, 2, 2, 4) and are ordered by label."""
    ordered = sorted(items, key=lambda item: (-item[1], item[0].casefold(), item[0]))
    counts: dict[int, int] = {}
    for _label, dots in ordered:
        counts[dots] = counts.get(dots, 0) + 1
    result = []
    current_rank, previous = 0, None
    for position, (label, dots) in enumerate(ordered, start=1):
        if dots != previous:
            current_rank, previous = position, dots
        result.append((current_rank, label, dots, counts[dots] > 1))
    return result
