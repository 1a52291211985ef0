"""The World Café rotation: balance, hosts fixed, known optima, a clear gain over chance."""

import time
from collections import Counter

import pytest

from liant.analysis.rotation import (
    capacities,
    place_latecomer,
    plan_rotation,
    random_plan,
    repeat_stats,
)


def sizes(seating, tables):
    counts = Counter(seating.values())
    return [counts.get(t, 0) for t in range(tables)]


def case(people, tables, with_hosts):
    everyone = [f"p{i}" for i in range(people)]
    if with_hosts:
        return everyone[tables:], everyone[:tables]
    return everyone, [None] * tables


@pytest.mark.parametrize(
    ("people", "tables", "rounds", "with_hosts"),
    [(9, 3, 4, False), (10, 3, 3, True), (23, 5, 4, True), (61, 8, 4, False), (7, 7, 2, False)],
)
def test_every_person_is_seated_once_per_round_at_balanced_tables(
    people, tables, rounds, with_hosts
):
    movers, hosts = case(people, tables, with_hosts)
    plan = plan_rotation(movers, hosts, rounds, seed=3)
    assert len(plan.rounds) == rounds
    for seating in plan.rounds:
        assert set(seating) == set(movers) | {h for h in hosts if h is not None}
        table_sizes = sizes(seating, tables)
        assert max(table_sizes) - min(table_sizes) <= 1
        assert sorted(table_sizes) == sorted(capacities(people, tables))


def test_hosts_stay_at_their_table():
    movers, hosts = case(30, 6, True)
    plan = plan_rotation(movers, hosts, 5, seed=1)
    for seating in plan.rounds:
        for table, host in enumerate(hosts):
            assert seating[host] == table


def test_movers_change_table_each_round_when_there_are_enough_tables():
    movers, hosts = case(40, 8, True)
    plan = plan_rotation(movers, hosts, 4, seed=2)
    for person in movers:
        visited = [seating[person] for seating in plan.rounds]
        assert len(set(visited)) == 4, person


def test_affine_plane_of_order_3_no_repeat_in_four_rounds():
    # 9 people at 3 tables of 3: the 4 parallel classes of AG(2,3) give 4 rounds in
    # which every pair meets exactly once, so the optimum is 0 repeated pairs.
    movers, hosts = case(9, 3, False)
    plan = plan_rotation(movers, hosts, 4, seed=0)
    assert (plan.repeated_pairs, plan.extra_encounters) == (0, 0)
    assert len({frozenset(p) for p in _pairs(plan.rounds)}) == 36  # every pair met once


def test_nine_people_five_rounds_reach_the_counting_bound():
    # 5 rounds × 3 tables × 3 pairs = 45 encounters for 36 pairs: at least 9 are repeats,
    # and 9 is reached (the 4 classes of the affine plane, then any one of them again).
    movers, hosts = case(9, 3, False)
    plan = plan_rotation(movers, hosts, 5, seed=0)
    assert plan.extra_encounters == 9


def test_nine_people_three_hosts():
    # Hosts = one line of AG(2,3); the 3 other parallel classes seat them apart: 3 rounds
    # without any repeat.
    movers, hosts = case(9, 3, True)
    assert plan_rotation(movers, hosts, 3, seed=0).repeated_pairs == 0
    # A 4th round sends each of the 6 movers back to a host already met (4 visits, 3
    # tables): at least 6 repeated pairs, and the plan reaches that bound.
    assert plan_rotation(movers, hosts, 4, seed=0).repeated_pairs == 6


def test_sixteen_people_four_tables():
    # AG(2,4) has 5 parallel classes: 5 rounds without repeat; with a line as hosts, the
    # 4 other classes still give 4 rounds without repeat.
    movers, hosts = case(16, 4, False)
    assert plan_rotation(movers, hosts, 5, seed=0).repeated_pairs == 0
    movers, hosts = case(16, 4, True)
    assert plan_rotation(movers, hosts, 4, seed=0).repeated_pairs == 0


def test_clearly_better_than_chance_on_a_seminar():
    movers, hosts = case(60, 8, True)
    plan = plan_rotation(movers, hosts, 4, seed=5)
    baselines = [random_plan(movers, hosts, 4, seed=s).repeated_pairs for s in range(5)]
    assert min(baselines) > 60
    assert plan.repeated_pairs * 5 < min(baselines)


def test_fast_for_two_hundred_people():
    movers, hosts = case(200, 20, True)
    start = time.perf_counter()
    plan = plan_rotation(movers, hosts, 5, seed=0)
    assert time.perf_counter() - start < 1.0
    assert plan.repeated_pairs < random_plan(movers, hosts, 5).repeated_pairs / 10


def test_deterministic_for_a_seed():
    movers, hosts = case(40, 6, True)
    assert plan_rotation(movers, hosts, 3, seed=9) == plan_rotation(movers, hosts, 3, seed=9)


def test_history_is_kept_and_counted():
    movers, hosts = case(12, 4, False)
    first = plan_rotation(movers, hosts, 1, seed=1).rounds
    rest = plan_rotation(movers, hosts, 2, seed=1, history=first)
    assert len(rest.rounds) == 2
    assert rest.repeated_pairs == repeat_stats(first + rest.rounds)[0]
    # 12 at 4 tables of 3 (each new table takes one person from three different tables
    # of round 1): 3 rounds without repeat exist, and are found after a fixed first round.
    assert rest.repeated_pairs == 0


@pytest.mark.parametrize(
    ("movers", "hosts", "rounds"),
    [
        (["a", "b"], [], 2),  # no table
        (["a"], [None, None, None], 2),  # more tables than people
        (["a", "b", "c"], [None], 0),  # rounds out of range
        (["a", "b", "c"], [None], 9),
        (["a", "b"], ["a"], 2),  # a host who also moves
    ],
)
def test_bad_input_is_refused(movers, hosts, rounds):
    with pytest.raises(ValueError):
        plan_rotation(movers, hosts, rounds)


def test_latecomer_goes_to_the_least_filled_table_avoiding_people_met():
    rounds = [
        {"h0": 0, "h1": 1, "h2": 2, "a": 0, "b": 1, "c": 2, "d": 0},
        {"h0": 0, "h1": 1, "h2": 2, "a": 1, "b": 2, "c": 0, "d": 2},
    ]
    tables = place_latecomer("z", rounds, 3)
    # Round 1: tables 1 and 2 have 2 people; tie → the first. Round 2: tables 0 and 1 have
    # 2; table 1 holds h1, already met → table 0.
    assert tables == [1, 0]
    assert place_latecomer("z", rounds, 3, start=1) == [0]


def _pairs(rounds):
    for seating in rounds:
        by_table = {}
        for person, table in seating.items():
            by_table.setdefault(table, []).append(person)
        for members in by_table.values():
            for i, a in enumerate(members):
                for b in members[i + 1 :]:
                    yield (a, b)
