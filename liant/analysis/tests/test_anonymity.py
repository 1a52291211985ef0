"""k-anonymity of survey breakdowns, with hand-computed cases (k = 5)."""

import itertools
import random

from liant.analysis.anonymity import TOTAL, disclose, flat, smallest_computable_group

UNITS = {"A": TOTAL, "B": TOTAL}


def units_only(counts: dict, tree=UNITS):
    return {(unit,): n for unit, n in counts.items()}, [tree]


def test_single_level_small_cells_are_hidden_and_the_rest_shown():
    # A: 6, B: 3 → B hidden; then TOTAL − A = B (3 people): A must be hidden too.
    atoms, parents = units_only({"A": 6, "B": 3})
    result = disclose(atoms, parents)
    assert result.total == 9 and result.total_visible
    assert not result.shown(0, "B")
    assert not result.shown(0, "A"), "9 − 6 would reveal the 3 people of B"
    assert result.shown(0, TOTAL)
    assert smallest_computable_group(atoms, parents, result) == 9


def test_three_units_one_small_hides_the_smallest_other():
    # A 10, B 7, C 2: C hidden; TOTAL − A − B = 2 → hide B (smaller) → region TOTAL = 9.
    atoms, parents = units_only({"A": 10, "B": 7, "C": 2}, {"A": TOTAL, "B": TOTAL, "C": TOTAL})
    result = disclose(atoms, parents)
    assert result.shown(0, "A") and not result.shown(0, "B") and not result.shown(0, "C")
    assert result.count(0, "A") == 10
    assert smallest_computable_group(atoms, parents, result) == 9


def test_two_small_cells_protect_each_other():
    # A 10, B 3, C 3: B and C hidden; TOTAL − A = 6 ≥ 5: nothing more to hide.
    atoms, parents = units_only({"A": 10, "B": 3, "C": 3}, {"A": TOTAL, "B": TOTAL, "C": TOTAL})
    result = disclose(atoms, parents)
    assert result.visible[0] == {TOTAL, "A"}
    assert smallest_computable_group(atoms, parents, result) == 6


def test_people_without_a_unit_count_in_the_difference():
    # A 8, B 8, 2 people gave no unit: TOTAL − A − B = 2 → one unit must go.
    atoms = {("A",): 8, ("B",): 8, (TOTAL,): 2}
    result = disclose(atoms, [UNITS])
    assert result.total == 18
    assert len(result.visible[0] & {"A", "B"}) == 1
    assert smallest_computable_group(atoms, [UNITS], result) >= 5


def test_hierarchy_parent_minus_its_visible_children():
    # Direction D (2 people of its own) with services S1 (6) and S2 (7); another direction E (9).
    tree = {"D": TOTAL, "S1": "D", "S2": "D", "E": TOTAL}
    atoms = {("D",): 2, ("S1",): 6, ("S2",): 7, ("E",): 9}
    result = disclose(atoms, [tree])
    assert result.count(0, "D") == 15
    # D − S1 − S2 = 2 people of the direction itself: one service is hidden (the smaller).
    assert result.shown(0, "D") and result.shown(0, "S2") and not result.shown(0, "S1")
    assert result.shown(0, "E")
    # Regions: D's own 2 + S1's 6 = 8, S2 7, E 9: the smallest computable group is S2.
    assert smallest_computable_group(atoms, [tree], result) == 7


def test_hierarchy_hidden_middle_level_with_shown_grandchildren():
    # D (hidden? no: 3 + 6 = 9) contains S (3, hidden) and T (6); D − T = S → hide more.
    tree = {"D": TOTAL, "S": "D", "T": "D", "E": TOTAL}
    atoms = {("S",): 3, ("T",): 6, ("E",): 10}
    result = disclose(atoms, [tree])
    assert not result.shown(0, "S")
    assert smallest_computable_group(atoms, [tree], result) >= 5
    assert result.shown(0, "E")


def test_zero_size_groups_are_shown_empty_and_do_not_force_suppression():
    atoms, parents = units_only({"A": 6, "B": 0}, {"A": TOTAL, "B": TOTAL})
    result = disclose(atoms, parents)
    assert result.shown(0, "A") and result.shown(0, "B")
    assert result.count(0, "B") == 0


def test_all_suppressed_under_k_respondents():
    atoms, parents = units_only({"A": 2, "B": 2})
    result = disclose(atoms, parents)
    assert not result.total_visible
    assert result.visible == (frozenset(),)
    assert smallest_computable_group(atoms, parents, result) is None
    empty = disclose({}, [UNITS])
    assert empty.total == 0 and not empty.total_visible


def test_exactly_k_is_shown():
    atoms, parents = units_only({"A": 5, "B": 5})
    result = disclose(atoms, parents)
    assert result.visible[0] == {TOTAL, "A", "B"}


def test_two_breakdowns_unit_minus_a_role_nested_in_it():
    # All 6 managers work in A (9 people): A − managers = 3 non-managers of A.
    atoms = {
        ("A", "manager"): 6,
        ("A", "staff"): 3,
        ("B", "staff"): 10,
    }
    parents = [UNITS, flat(["manager", "staff"])]
    result = disclose(atoms, parents)
    assert smallest_computable_group(atoms, parents, result) >= 5
    # Each breakdown alone would have shown everything (A 9, B 10; manager 6, staff 13).
    assert result.total == 19


def test_two_breakdowns_when_nothing_nests_everything_stays():
    atoms = {
        ("A", "manager"): 3,
        ("A", "staff"): 4,
        ("B", "manager"): 3,
        ("B", "staff"): 5,
    }
    parents = [UNITS, flat(["manager", "staff"])]
    result = disclose(atoms, parents)
    assert result.visible[0] == {TOTAL, "A", "B"}
    assert result.visible[1] == {TOTAL, "manager", "staff"}
    assert smallest_computable_group(atoms, parents, result) >= 5


def test_random_populations_never_reveal_a_small_group():
    rng = random.Random(7)
    tree = {"D": TOTAL, "S1": "D", "S2": "D", "E": TOTAL}
    roles = flat(["r1", "r2"])
    for _ in range(60):
        atoms = {}
        for unit, role in itertools.product([*tree, TOTAL], [*roles, TOTAL]):
            if rng.random() < 0.45:
                atoms[(unit, role)] = rng.randint(1, 6)
        atoms = dict(itertools.islice(atoms.items(), 10))  # brute force stays small
        result = disclose(atoms, [tree, roles])
        smallest = smallest_computable_group(atoms, [tree, roles], result)
        assert smallest is None or smallest >= 5, (atoms, result.visible)


# --- Means, eNPS and shares (liant.analysis.survey_stats)


def test_mean_and_enps_by_hand():
    from liant.analysis.survey_stats import bars, enps, mean, normalised

    # 0–10 answers: 10, 9, 9 (promoters), 8, 7 (passive), 6, 3 (detractors) → (3 − 2) / 7.
    distribution = {10: 1, 9: 2, 8: 1, 7: 1, 6: 1, 3: 1}
    assert enps(distribution) == 100 * 1 / 7
    assert mean(distribution) == (10 + 18 + 8 + 7 + 6 + 3) / 7
    assert enps({9: 5}) == 100 and enps({0: 2, 6: 3}) == -100 and enps({7: 4, 8: 1}) == 0
    assert mean({}) is None and enps({}) is None
    assert bars({1: 1, 3: 3}, range(1, 6)) == [
        (1, 1, 25.0), (2, 0, 0.0), (3, 3, 75.0), (4, 0, 0.0), (5, 0, 0.0),
    ]  # fmt: skip
    assert normalised(3, 1, 5) == 0.5 and normalised(11, 0, 10) == 1.0
