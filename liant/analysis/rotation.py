"""World Café rotation: who sits at which table in each round. No Django here.

Hosts stay at their table; everyone else moves each round. A plan keeps the tables
balanced (sizes differ by at most one, hosts included) and minimises **repeated
encounters**: pairs of people who sit at the same table in more than one round (a mover
who comes back to a host they already met counts too). Going back to a table already
visited is avoided as a second objective.

The search is deterministic for a given seed: a greedy construction round by round (each
mover takes the table where they would meet the fewest people already met), then a local
search that swaps two movers of the same round whenever it lowers the cost
(sum over pairs of C(meetings, 2)), with sideways moves to cross plateaus, from a few
seeded restarts; the best plan wins. Past rounds (``history``) count but never change, so
a plan can be redone during the café.
"""

from __future__ import annotations

import math
import random
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations

Person = Hashable
Seating = dict  # Person -> table index, for one round

PAIR_WEIGHT = 1000  # one repeated encounter outweighs any number of table revisits
MAX_TABLES = 200
MAX_ROUNDS = 8


@dataclass(frozen=True)
class RotationPlan:
    """``rounds[r][person]`` is the table (0-based) of ``person`` in round ``r``."""

    rounds: list[Seating]
    repeated_pairs: int
    extra_encounters: int


def encounter_counts(rounds: Sequence[Mapping[Person, int]]) -> dict[frozenset, int]:
    """How many times each pair sat at the same table."""
    counts: dict[frozenset, int] = {}
    for seating in rounds:
        by_table: dict[int, list[Person]] = {}
        for person, table in seating.items():
            by_table.setdefault(table, []).append(person)
        for members in by_table.values():
            for a, b in combinations(members, 2):
                key = frozenset((a, b))
                counts[key] = counts.get(key, 0) + 1
    return counts


def repeat_stats(rounds: Sequence[Mapping[Person, int]]) -> tuple[int, int]:
    """(pairs that met more than once, encounters beyond each pair's first)."""
    counts = encounter_counts(rounds).values()
    return sum(1 for c in counts if c > 1), sum(c - 1 for c in counts if c > 1)


def capacities(people: int, tables: int) -> list[int]:
    """Balanced table sizes: the first ``people % tables`` tables take one more."""
    base, extra = divmod(people, tables)
    return [base + (1 if t < extra else 0) for t in range(tables)]


def _check(movers: Sequence[Person], hosts: Sequence[Person | None], rounds: int) -> None:
    if not hosts:
        raise ValueError("at least one table is needed")
    if len(hosts) > MAX_TABLES:
        raise ValueError(f"at most {MAX_TABLES} tables")
    if not 1 <= rounds <= MAX_ROUNDS:
        raise ValueError(f"between 1 and {MAX_ROUNDS} rounds")
    present = [h for h in hosts if h is not None]
    everyone = list(movers) + present
    if len(set(everyone)) != len(everyone):
        raise ValueError("a person appears twice (a host cannot also move)")
    if len(everyone) < len(hosts):
        raise ValueError("more tables than people")


class _Search:
    """The mutable state of one search: seatings as index lists, pair and visit counts."""

    def __init__(
        self,
        people: list[Person],
        movers: list[int],
        hosts: list[int | None],
        rounds: int,
        history: Sequence[Mapping[Person, int]],
        rng: random.Random,
    ):
        self.n = len(people)
        self.tables = len(hosts)
        self.movers = movers
        self.hosts = hosts
        self.rounds = rounds
        self.rng = rng
        self.caps = capacities(self.n, self.tables)
        index = {p: i for i, p in enumerate(people)}
        self.pairs = [0] * (self.n * self.n)
        self.visits = [0] * (self.n * self.tables)
        for seating in history:  # past rounds count, and never move
            members: list[list[int]] = [[] for _ in range(self.tables)]
            for person, table in seating.items():
                if person in index and 0 <= table < self.tables:
                    members[table].append(index[person])
            for table, group in enumerate(members):
                self._sit(group, table)
        self.where: list[list[int]] = []
        self.members: list[list[list[int]]] = []

    def _sit(self, group: list[int], table: int) -> None:
        n, pairs = self.n, self.pairs
        for k, a in enumerate(group):
            self.visits[a * self.tables + table] += 1
            for b in group[k + 1 :]:
                pairs[a * n + b] += 1
                pairs[b * n + a] += 1

    def construct(self) -> None:
        n, pairs, visits, T = self.n, self.pairs, self.visits, self.tables
        for _r in range(self.rounds):
            where = [-1] * n
            members: list[list[int]] = [[] for _ in range(T)]
            for table, host in enumerate(self.hosts):
                if host is not None:
                    where[host] = table
                    members[table].append(host)
            order = self.movers[:]
            self.rng.shuffle(order)
            for m in order:
                best, best_key = -1, None
                row = m * n
                for table in range(T):
                    if len(members[table]) >= self.caps[table]:
                        continue
                    met = sum(pairs[row + x] for x in members[table])
                    key = (met, visits[m * T + table], self.rng.random())
                    if best_key is None or key < best_key:
                        best, best_key = table, key
                where[m] = best
                members[best].append(m)
            for table, group in enumerate(members):
                self._sit(group, table)
            self.where.append(where)
            self.members.append(members)

    def cost(self) -> int:
        n = self.n
        pair_cost = 0
        for a in range(n):
            row = a * n
            for b in range(a + 1, n):
                c = self.pairs[row + b]
                if c > 1:
                    pair_cost += c * (c - 1) // 2
        T = self.tables
        visit_cost = sum(  # hosts stay by design: only movers' revisits count
            v * (v - 1) // 2 for m in self.movers for v in self.visits[m * T : (m + 1) * T] if v > 1
        )
        return pair_cost * PAIR_WEIGHT + visit_cost

    def _leave_join(self, a: int, old: list[int], new: list[int], skip: int, ta: int, tb: int):
        """Cost change when ``a`` leaves ``old`` (table ta) for ``new`` (table tb), where
        ``skip`` is the person who takes the opposite way."""
        n, pairs, T = self.n, self.pairs, self.tables
        row = a * n
        delta = 0
        for x in old:
            if x != a:
                delta -= (pairs[row + x] - 1) * PAIR_WEIGHT
        for y in new:
            if y != skip:
                delta += pairs[row + y] * PAIR_WEIGHT
        delta -= self.visits[a * T + ta] - 1
        delta += self.visits[a * T + tb]
        return delta

    def _conflict(self, a: int, group: list[int]) -> int:
        row = a * self.n
        return sum(1 for x in group if x != a and self.pairs[row + x] > 1)

    def _swap(self, r: int, a: int, b: int) -> None:
        where, members = self.where[r], self.members[r]
        n, pairs, T = self.n, self.pairs, self.tables
        ta, tb = where[a], where[b]
        group_a, group_b = members[ta], members[tb]
        for x in group_a:
            if x != a:
                pairs[a * n + x] -= 1
                pairs[x * n + a] -= 1
                pairs[b * n + x] += 1
                pairs[x * n + b] += 1
        for y in group_b:
            if y != b:
                pairs[b * n + y] -= 1
                pairs[y * n + b] -= 1
                pairs[a * n + y] += 1
                pairs[y * n + a] += 1
        self.visits[a * T + ta] -= 1
        self.visits[a * T + tb] += 1
        self.visits[b * T + tb] -= 1
        self.visits[b * T + ta] += 1
        group_a[group_a.index(a)] = b
        group_b[group_b.index(b)] = a
        where[a], where[b] = tb, ta

    def improve(self, iterations: int, candidates: int = 24) -> int:
        """Simulated annealing on swaps; leaves the best seatings seen in ``where`` and
        returns their cost."""
        total = self.cost()
        if len(self.movers) < 2 or self.tables < 2:
            return total
        rng, movers = self.rng, self.movers
        best_total, best_where = total, [w[:] for w in self.where]
        # A worse move of one repeated encounter is taken with probability ~0.3 at first,
        # ~0 at the end.
        temperature, cooling = PAIR_WEIGHT * 0.8, (0.1 / 0.8) ** (1 / max(iterations, 1))
        for _ in range(iterations):
            temperature *= cooling
            if total == 0:
                break  # no repeated encounter and no table visited twice
            r = rng.randrange(self.rounds)
            where, members = self.where[r], self.members[r]
            a = movers[rng.randrange(len(movers))]
            ta = where[a]
            if self._conflict(a, members[ta]) == 0 and rng.random() > 0.05:
                continue
            best_delta, best_b = None, -1
            for _c in range(candidates):
                b = movers[rng.randrange(len(movers))]
                tb = where[b]
                if tb == ta:
                    continue
                delta = self._leave_join(a, members[ta], members[tb], b, ta, tb)
                delta += self._leave_join(b, members[tb], members[ta], a, tb, ta)
                if best_delta is None or delta < best_delta:
                    best_delta, best_b = delta, b
            if best_delta is None:
                continue
            if best_delta > 0 and rng.random() >= math.exp(-best_delta / temperature):
                continue
            if best_delta == 0 and rng.random() < 0.5:
                continue
            self._swap(r, a, best_b)
            total += best_delta
            if total < best_total:
                best_total, best_where = total, [w[:] for w in self.where]
        self.where = best_where
        return best_total


def plan_rotation(
    movers: Sequence[Person],
    hosts: Sequence[Person | None],
    rounds: int,
    *,
    seed: int = 0,
    history: Sequence[Mapping[Person, int]] = (),
    effort: float = 1.0,
) -> RotationPlan:
    """Seat ``movers`` at ``len(hosts)`` tables for ``rounds`` rounds.

    ``hosts[t]`` stays at table ``t`` in every round (``None``: a table without a host
    among these people; pass a stand-in value for a host who is not a participant so that
    they count in the table's size). ``history`` holds the seatings of rounds already
    played: they count as encounters, and the plan returned covers only the new rounds.
    """
    _check(movers, hosts, rounds)
    people = [h for h in hosts if h is not None] + list(movers)
    index = {p: i for i, p in enumerate(people)}
    host_ix = [index[h] if h is not None else None for h in hosts]
    mover_ix = [index[m] for m in movers]
    size = len(people) * rounds
    # Small problems get many restarts (they are the ones with tight optima); large ones a
    # few, so that 200 people × 5 rounds stays well under a second.
    restarts = max(1, min(20, int(300 / max(size, 1) * effort)))
    iterations = int(max(2000, 60 * size) * effort)
    best: _Search | None = None
    best_cost = None
    for attempt in range(restarts):
        rng = random.Random(seed * 7919 + attempt)
        search = _Search(people, mover_ix, host_ix, rounds, history, rng)
        search.construct()
        cost = search.improve(iterations)
        if best_cost is None or cost < best_cost:
            best, best_cost = search, cost
        if cost < PAIR_WEIGHT:
            break  # no repeated encounter: only table revisits are left to gain
    assert best is not None
    plan = [{people[i]: t for i, t in enumerate(where)} for where in best.where]
    repeated, extra = repeat_stats(list(history) + plan)
    return RotationPlan(plan, repeated, extra)


def random_plan(
    movers: Sequence[Person], hosts: Sequence[Person | None], rounds: int, *, seed: int = 0
) -> RotationPlan:
    """The baseline: hosts fixed, movers shuffled into balanced tables each round."""
    _check(movers, hosts, rounds)
    rng = random.Random(seed)
    people = len(movers) + sum(1 for h in hosts if h is not None)
    caps = capacities(people, len(hosts))
    plan = []
    for _r in range(rounds):
        seating: Seating = {h: t for t, h in enumerate(hosts) if h is not None}
        free = []
        for t, cap in enumerate(caps):
            free += [t] * (cap - (1 if hosts[t] is not None else 0))
        rng.shuffle(free)
        seating.update(zip(movers, free, strict=True))
        plan.append(seating)
    repeated, extra = repeat_stats(plan)
    return RotationPlan(plan, repeated, extra)


def place_latecomer(
    person: Person,
    rounds: Sequence[Mapping[Person, int]],
    tables: int,
    *,
    start: int = 0,
) -> list[int]:
    """Tables for someone who arrives after the plan, for rounds ``start`` onwards: in each
    round the least-filled table, and among those the one where they would meet the fewest
    people already met (then the one least visited, then the first)."""
    if tables < 1:
        raise ValueError("at least one table is needed")
    met: dict[Person, int] = {}
    visited = [0] * tables
    chosen: list[int] = []
    for r in range(start, len(rounds)):
        seating = rounds[r]
        sizes = [0] * tables
        members: list[list[Person]] = [[] for _ in range(tables)]
        for other, table in seating.items():
            if other != person and 0 <= table < tables:
                sizes[table] += 1
                members[table].append(other)
        smallest = min(sizes)
        table = min(
            (t for t in range(tables) if sizes[t] == smallest),
            key=lambda t: (sum(met.get(x, 0) for x in members[t]), visited[t], t),
        )
        for x in members[table]:
            met[x] = met.get(x, 0) + 1
        visited[table] += 1
        chosen.append(table)
    return chosen
