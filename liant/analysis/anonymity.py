"""Which cells of a survey's breakdowns may be shown with an anonymity threshold k (no Django).

The population (the respondents of a wave, or the answers to one question) is described by
its **atoms**: how many people share one combination of breakdown values, e.g.
``{("unit-3", "Manager", "< 2 ans"): 4, ...}``. Each breakdown is a **tree** given by a
``parent`` map (node → parent node, ``TOTAL`` above the top nodes): units nest in units;
a flat breakdown such as role has every label directly under ``TOTAL``. An atom's value in a
breakdown may be any node of its tree, or ``TOTAL`` when the respondent did not say.

A node's count is the number of people in its subtree. A shown cell publishes aggregates
(count, sum of values, distribution…) of its people, so whoever sees several cells can add
and subtract them. What we guarantee, for every returned pattern:

1. **Primary suppression**: every cell of 1 to k − 1 people is hidden (the whole population
   too: under k respondents, nothing is shown). Empty cells (0) are shown as empty: they
   publish nothing about anybody.

2. **Within one breakdown (exact)**: the shown cells of a tree form a laminar family, so what
   can be computed from them by any additions and subtractions is exactly the unions of their
   *regions* — a shown node minus its nearest shown descendants (e.g. a direction minus its
   shown services = its own staff, the hidden services and those who gave no unit). Every
   region has 0 or at least k people; when one has 1 to k − 1, we hide one more cell, the
   smallest shown cell bordering it (complementary suppression), and start again. Hence no
   group of 1 to k − 1 people can be computed from one breakdown, however deep the tree.

3. **Across two breakdowns of the same population (exact)**: with the unit regions P and the
   role regions Q, a set of people is computable iff it is a 0/1 combination
   ``a_p + b_q``; every such set splits into sets of the form "the P-regions touching some
   Q-regions S, minus S" (the level sets of the potentials a and −b). So we check, for every
   set S of regions of the breakdown with fewer regions, that ``|N(S)| − |S|`` is 0 or ≥ k —
   which catches "unit A minus the managers, who all work in A" and its many-cell variants —
   and hide one more cell while it is not. The enumeration is exhaustive up to
   ``MAX_EXACT_REGIONS`` regions on the smaller side (2¹² subsets); beyond that, sets of up
   to three regions are checked.

4. **Three breakdowns at once** (unit, role and seniority combined in one equation) are not
   checked exhaustively: every pair is. Breakdowns are never cross-tabulated by the pages.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations

TOTAL = "__total__"
MAX_EXACT_REGIONS = 12

Key = Hashable
Atom = tuple[Key, ...]


@dataclass(frozen=True)
class Disclosure:
    """The outcome: per breakdown, each node's count and whether it may be shown."""

    k: int
    total: int
    counts: tuple[dict[Key, int], ...]
    visible: tuple[frozenset[Key], ...]

    @property
    def total_visible(self) -> bool:
        return self.total >= self.k

    def shown(self, breakdown: int, node: Key) -> bool:
        """May the cell ``node`` of breakdown number ``breakdown`` be shown?"""
        return node in self.visible[breakdown]

    def count(self, breakdown: int, node: Key) -> int:
        return self.counts[breakdown].get(node, 0)


def ancestors(node: Key, parent: Mapping[Key, Key]) -> list[Key]:
    """``node`` and every node above it, ending with ``TOTAL``."""
    chain = []
    seen = set()
    while node != TOTAL and node not in seen:
        seen.add(node)
        chain.append(node)
        node = parent.get(node, TOTAL)
    chain.append(TOTAL)
    return chain


def subtree_counts(atoms: Mapping[Atom, int], index: int, parent: Mapping[Key, Key]) -> dict:
    """The number of people in each node's subtree of breakdown ``index``."""
    counts: dict[Key, int] = {node: 0 for node in parent}
    counts[TOTAL] = 0
    for atom, size in atoms.items():
        for node in ancestors(atom[index], parent):
            counts[node] = counts.get(node, 0) + size
    return counts


def _region_of(node: Key, parent: Mapping[Key, Key], visible: set[Key]) -> Key:
    """The nearest shown node at or above ``node`` (the region it falls in)."""
    for above in ancestors(node, parent):
        if above in visible:
            return above
    return TOTAL


def _regions(atoms, index, parent, visible) -> dict[Key, int]:
    sizes: dict[Key, int] = defaultdict(int)
    for atom, size in atoms.items():
        sizes[_region_of(atom[index], parent, visible)] += size
    return sizes


def _small(size: int, k: int) -> bool:
    return 0 < size < k


def _border(region: Key, parent, visible: set[Key], counts) -> list[Key]:
    """The shown cells whose hiding would enlarge ``region``: the region's own node (unless
    it is the total) and its nearest shown descendants."""
    cells = [
        node
        for node in visible
        if node != TOTAL
        and counts.get(node, 0) > 0
        and _region_of(parent.get(node, TOTAL), parent, visible) == region
    ]
    if region != TOTAL:
        cells.append(region)
    return cells


def _fix_within(atoms, index, parent, visible: set[Key], counts, k) -> bool:
    """Hide one cell if a region of this breakdown holds 1 to k − 1 people."""
    sizes = _regions(atoms, index, parent, visible)
    for region, size in sorted(sizes.items(), key=lambda item: str(item[0])):
        if not _small(size, k):
            continue
        # Prefer the smallest shown descendant: the region grows and its node stays.
        border = _border(region, parent, visible, counts)
        inner = [node for node in border if node != region] or border
        if inner:
            visible.discard(min(inner, key=lambda node: (counts[node], str(node))))
            return True
    return False


def _leaking_set(weights: Mapping[tuple[Key, Key], int], q_regions: Sequence[Key], k: int):
    """A set S of Q-regions with 0 < |N(S)| − |S| < k, or None (see the module's point 3)."""
    neighbours: dict[Key, set[Key]] = defaultdict(set)
    q_size: dict[Key, int] = defaultdict(int)
    p_size: dict[Key, int] = defaultdict(int)
    for (p, q), w in weights.items():
        if w:
            neighbours[q].add(p)
            q_size[q] += w
            p_size[p] += w
    regions = [q for q in q_regions if q_size[q]]
    if len(regions) <= MAX_EXACT_REGIONS:
        sizes: Iterable[int] = range(1, len(regions) + 1)
    else:
        sizes = range(1, 4)
    for n in sizes:
        for chosen in combinations(regions, n):
            touched = set().union(*(neighbours[q] for q in chosen))
            gap = sum(p_size[p] for p in touched) - sum(q_size[q] for q in chosen)
            if _small(gap, k):
                return chosen, touched
    return None


def _fix_across(atoms, i, j, parents, visible, counts, k) -> bool:
    """Hide one cell if breakdowns i and j together isolate 1 to k − 1 people."""
    weights: dict[tuple[Key, Key], int] = defaultdict(int)
    for atom, size in atoms.items():
        p = _region_of(atom[i], parents[i], visible[i])
        q = _region_of(atom[j], parents[j], visible[j])
        weights[(p, q)] += size
    p_regions = {p for p, _ in weights}
    q_regions = {q for _, q in weights}
    swap = len(p_regions) < len(q_regions)
    if swap:  # enumerate the side with fewer regions
        weights = defaultdict(int, {(q, p): w for (p, q), w in weights.items()})
        p_regions, q_regions = q_regions, p_regions
        i, j = j, i
    leak = _leaking_set(weights, sorted(q_regions, key=str), k)
    if leak is None:
        return False
    chosen, touched = leak
    # The leaking set lies in the regions ``touched`` and the Q-regions next to them.
    beside = {q for (p, q), w in weights.items() if w and p in touched}
    candidates = [
        (j, node) for q in beside for node in _border(q, parents[j], visible[j], counts[j])
    ]
    candidates += [
        (i, node) for p in touched for node in _border(p, parents[i], visible[i], counts[i])
    ]
    if not candidates:
        return False
    b, node = min(candidates, key=lambda c: (counts[c[0]][c[1]], c[0], str(c[1])))
    visible[b].discard(node)
    return True


def disclose(
    atoms: Mapping[Atom, int], parents: Sequence[Mapping[Key, Key]], k: int = 5
) -> Disclosure:
    """The cells that may be shown, with complementary suppression (see the module doc).

    ``atoms`` maps a tuple of one node per breakdown to a number of people (≥ 0);
    ``parents[b]`` is breakdown b's tree (every node that exists, even without people).
    """
    atoms = {atom: size for atom, size in atoms.items() if size > 0}
    total = sum(atoms.values())
    counts = tuple(subtree_counts(atoms, b, parent) for b, parent in enumerate(parents))
    if total < k:
        return Disclosure(k, total, counts, tuple(frozenset() for _ in parents))
    visible = [
        {node for node, n in counts[b].items() if n == 0 or n >= k} for b in range(len(parents))
    ]
    changed = True
    while changed:
        changed = any(
            _fix_within(atoms, b, parents[b], visible[b], counts[b], k) for b in range(len(parents))
        )
        if not changed:
            changed = any(
                _fix_across(atoms, i, j, parents, visible, counts, k)
                for i, j in combinations(range(len(parents)), 2)
            )
    return Disclosure(k, total, counts, tuple(frozenset(v) for v in visible))


def flat(labels: Iterable[Key]) -> dict[Key, Key]:
    """The tree of a flat breakdown (roles, seniority bands): every label under ``TOTAL``."""
    return {label: TOTAL for label in labels}


def smallest_computable_group(
    atoms: Mapping[Atom, int], parents: Sequence[Mapping[Key, Key]], disclosure: Disclosure
) -> int | None:
    """For tests and audits: the size of the smallest non-empty group whose aggregate can be
    computed from the shown cells, by brute force over the atoms (small inputs only).

    A group is computable when its indicator over the atoms is a linear combination of the
    shown cells' indicators (solved with exact fractions)."""
    from fractions import Fraction

    names = [atom for atom, size in atoms.items() if size > 0]
    if not names or not disclosure.total_visible:
        return None
    rows: list[list[Fraction]] = []
    for b, parent in enumerate(parents):
        for node in disclosure.visible[b]:
            row = [Fraction(int(node in ancestors(atom[b], parent))) for atom in names]
            if any(row):
                rows.append(row)
    basis = _row_basis(rows)
    best = None
    for mask in range(1, 1 << len(names)):
        vector = [Fraction((mask >> i) & 1) for i in range(len(names))]
        if _in_span(basis, vector):
            size = sum(atoms[names[i]] for i in range(len(names)) if (mask >> i) & 1)
            best = size if best is None else min(best, size)
    return best


def _row_basis(rows):
    basis: list[tuple[int, list]] = []
    for row in rows:
        reduced = _reduce(basis, list(row))
        pivot = next((i for i, v in enumerate(reduced) if v != 0), None)
        if pivot is not None:
            factor = reduced[pivot]
            basis.append((pivot, [v / factor for v in reduced]))
    return basis


def _reduce(basis, vector):
    for pivot, row in basis:
        if vector[pivot] != 0:
            factor = vector[pivot]
            vector = [v - factor * r for v, r in zip(vector, row, strict=True)]
    return vector


def _in_span(basis, vector) -> bool:
    return not any(_reduce(basis, list(vector)))
