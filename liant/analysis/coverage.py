"""Interview coverage of a target population (pure Python, no Django).

The target population of a campaign is made of the people of its target units (sub-units
included) and of the people named in it; internal partners are counted apart, never in the
target. A person counts as interviewed once, whatever the number of *done* interviews
(individual or collective) they took part in.

Denominator of a unit: its declared headcount, or the number of target people listed in it
when more are listed (or when no headcount is declared). People listed in the target outside
the target units (named people, or people without a unit when the whole organisation is
targeted) form one more group, "other people of the target".
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class UnitInfo:
    id: int
    parent_id: int | None
    name: str
    headcount: int | None = None
    position: int = 0


@dataclass(frozen=True)
class Ratio:
    done: int
    total: int

    @property
    def percent(self) -> float | None:
        """The share in per cent, or None when there is nobody to count."""
        return None if self.total == 0 else 100.0 * self.done / self.total


@dataclass
class UnitCoverage:
    unit: UnitInfo
    depth: int
    listed: int  # target people listed in the unit itself
    target: int  # the unit's own denominator: max(headcount, listed)
    interviewed: int  # target people of the unit itself interviewed
    subtree: Ratio = Ratio(0, 0)  # the unit with its sub-units
    children: list[UnitCoverage] = field(default_factory=list)

    @property
    def own(self) -> Ratio:
        return Ratio(self.interviewed, self.target)

    @property
    def uses_headcount(self) -> bool:
        return self.unit.headcount is not None and self.unit.headcount > self.listed


@dataclass(frozen=True)
class Coverage:
    overall: Ratio
    units: list[UnitCoverage]  # depth-first order (each unit followed by its sub-units)
    others: Ratio  # target people listed outside the target units
    partners: Ratio  # internal partners, counted apart
    outside: int  # interviewed people who are neither in the target nor partners
    target_percent: int

    @property
    def goal(self) -> int:
        """How many people must be interviewed to reach the target coverage."""
        return math.ceil(self.overall.total * self.target_percent / 100)

    @property
    def still_needed(self) -> int:
        return max(0, self.goal - self.overall.done)

    @property
    def reached(self) -> bool:
        return self.overall.total > 0 and self.still_needed == 0


def compute_coverage(
    *,
    units: Iterable[UnitInfo],
    target_unit_ids: Iterable[int],
    person_units: Mapping[int, int | None],
    named_ids: Iterable[int] = (),
    partner_ids: Iterable[int] = (),
    interviewed_ids: Iterable[int] = (),
    include_unitless: bool = False,
    target_percent: int = 50,
) -> Coverage:
    """Coverage of a campaign.

    ``units``: every unit of the organisation; ``target_unit_ids``: the units covered
    (sub-units already included); ``person_units``: person id → unit id for every person
    of the organisation; ``named_ids``: people named in the target; ``partner_ids``: internal
    partners; ``interviewed_ids``: the people of the done interviews (repeats allowed);
    ``include_unitless``: people without a unit belong to the target (whole organisation).
    """
    units_by_id = {unit.id: unit for unit in units}
    covered = {pk for pk in target_unit_ids if pk in units_by_id}
    partners = {pk for pk in partner_ids if pk in person_units}
    named = {pk for pk in named_ids if pk in person_units}
    interviewed = {pk for pk in interviewed_ids if pk in person_units}

    target: set[int] = set(named)
    for person, unit_id in person_units.items():
        if (unit_id in covered) or (unit_id is None and include_unitless):
            target.add(person)
    target -= partners

    listed: dict[int, int] = {}
    done: dict[int, int] = {}
    others_total = others_done = 0
    for person in target:
        unit_id = person_units[person]
        if unit_id in covered:
            listed[unit_id] = listed.get(unit_id, 0) + 1
            if person in interviewed:
                done[unit_id] = done.get(unit_id, 0) + 1
        else:
            others_total += 1
            others_done += person in interviewed

    nodes = {}
    for pk in covered:
        unit = units_by_id[pk]
        count = listed.get(pk, 0)
        nodes[pk] = UnitCoverage(
            unit=unit,
            depth=0,
            listed=count,
            target=max(count, unit.headcount or 0),
            interviewed=done.get(pk, 0),
        )
    roots: list[UnitCoverage] = []
    for node in nodes.values():
        parent = nodes.get(node.unit.parent_id) if node.unit.parent_id is not None else None
        (parent.children if parent else roots).append(node)

    ordered: list[UnitCoverage] = []

    def settle(children: list[UnitCoverage], depth: int) -> Ratio:
        children.sort(key=lambda n: (n.unit.position, n.unit.name.casefold(), n.unit.id))
        total = Ratio(0, 0)
        for child in children:
            child.depth = depth
            ordered.append(child)
            below = settle(child.children, depth + 1)
            child.subtree = Ratio(child.interviewed + below.done, child.target + below.total)
            total = Ratio(total.done + child.subtree.done, total.total + child.subtree.total)
        return total

    in_units = settle(roots, 0)
    return Coverage(
        overall=Ratio(in_units.done + others_done, in_units.total + others_total),
        units=ordered,
        others=Ratio(others_done, others_total),
        partners=Ratio(len(partners & interviewed), len(partners)),
        outside=len(interviewed - target - partners),
        target_percent=target_percent,
    )
