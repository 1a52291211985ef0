"""Opinion map: small cases whose answer is worked out by hand, and Pol.is' own groups on three
real conversations (Pol.is openData, CC BY 4.0, read in place from shared/)."""

import math
from pathlib import Path

import numpy as np
import pytest
from sklearn.decomposition import PCA
from sklearn.impute import SimpleImputer
from sklearn.metrics import adjusted_rand_score

from liant.analysis import opinion
from liant.analysis.opinion import (
    AGREE,
    DISAGREE,
    PASS,
    Repness,
    compute_opinion_map,
    read_polis_export,
    read_polis_groups,
    read_polis_moderated_out,
)

OPEN_DATA = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "polis-opendata"


def two_camps(size: int = 5) -> list[tuple[str, str, int]]:
    """Camp A agrees with s1–s4 and disagrees with s5–s8; camp B votes the opposite."""
    votes = []
    for camp, sign in (("a", 1), ("b", -1)):
        for person in range(size):
            for n in range(1, 9):
                votes.append((f"{camp}{person}", f"s{n}", sign if n <= 4 else -sign))
    return votes


def members(result) -> list[set]:
    return [set(group.members) for group in result.groups]


def test_two_opposed_camps_are_the_two_groups():
    result = compute_opinion_map(two_camps())
    assert result is not None
    assert result.participants == 10 and result.statements == 8
    assert members(result) in (
        [{f"a{i}" for i in range(5)}, {f"b{i}" for i in range(5)}],
        [{f"b{i}" for i in range(5)}, {f"a{i}" for i in range(5)}],
    )
    assert [group.id for group in result.groups] == [0, 1]
    # Every camp votes alike, so it sits on one point, opposite the other camp on axis 1.
    a, b = result.points["a0"], result.points["b0"]
    assert all(result.points[f"a{i}"] == pytest.approx(a) for i in range(5))
    assert a[0] == pytest.approx(-b[0]) and abs(a[0]) > 1
    assert a[1] == pytest.approx(0, abs=1e-9) and b[1] == pytest.approx(0, abs=1e-9)


def test_representative_statements_worked_by_hand():
    result = compute_opinion_map(two_camps())
    camp_a = next(g for g in result.groups if "a0" in g.members)
    # In camp A, s1: 5 agree of 5, the rest 0 of 5. pa = 6/7, ra = (6/7) / (1/7) = 6;
    # pat = 2·√6·(6/6 − ½) = 2.449; rat: (1 − 1/6) / √(7/12 · 5/12 · (1/6 + 1/6)) = 2.928.
    # All eight statements score alike: the best agree (s1) first, then by metric in
    # statement order, at most 5, agrees before disagrees.
    assert camp_a.representative == (
        Repness("s1", "agree", 1.0, pytest.approx(6.0), True),
        Repness("s2", "agree", 1.0, pytest.approx(6.0), True),
        Repness("s3", "agree", 1.0, pytest.approx(6.0), True),
        Repness("s4", "agree", 1.0, pytest.approx(6.0), True),
        Repness("s5", "disagree", 1.0, pytest.approx(6.0), True),
    )
    z = opinion._two_prop_test(np.array(5.0), np.array(0.0), np.array(5.0), np.array(5.0))
    assert float(z) == pytest.approx((1 - 1 / 6) / math.sqrt(7 / 12 * 5 / 12 * (2 / 6)))
    assert float(opinion._prop_test(np.array(5.0), np.array(5.0))) == pytest.approx(
        2 * math.sqrt(6) * 0.5
    )


def test_consensus_and_majority_worked_by_hand():
    votes = two_camps() + [(f"{c}{i}", "s9", AGREE) for c in "ab" for i in range(5)]
    result = compute_opinion_map(votes)
    # s9: each group agrees 5 of 5, so its group-informed consensus is (6/7)·(6/7) = 36/49;
    # every split statement scores (6/7)·(1/7) = 6/49 either way.
    assert result.consensus[0] == ("s9", "agree", pytest.approx(36 / 49))
    assert all(score == pytest.approx(6 / 49) for _, _, score in result.consensus[1:])
    assert len([row for row in result.consensus if row[1] == "agree"]) == 5
    # Majority: only s9 (smoothed 11/12 > ½, z = 2·√11·½ = 3.32); the split ones are at 6/12.
    assert result.majority == (("s9", "agree", 1.0),)


def test_lone_voters_get_their_best_agreement_even_if_not_significant():
    votes = [("p", f"s{n}", AGREE if n <= 4 else DISAGREE) for n in range(1, 8)]
    votes += [("q", f"s{n}", DISAGREE if n <= 4 else AGREE) for n in range(1, 8)]
    result = compute_opinion_map(votes)
    assert members(result) in ([{"p"}, {"q"}], [{"q"}, {"p"}])
    p = next(g for g in result.groups if "p" in g.members)
    # One voter: pat = 2·√2·½ = 1.41 passes, rat = 1.15 does not (< 1.2816), so no statement
    # is sufficient and Pol.is keeps the best agree alone: s1, ratio (2/3) / (1/3) = 2.
    assert p.representative == (Repness("s1", "agree", 1.0, pytest.approx(2.0), False),)


def test_participants_enter_after_seven_votes_or_all_statements():
    votes = two_camps() + [("late", f"s{n}", AGREE) for n in range(1, 7)]
    result = compute_opinion_map(votes)
    assert "late" not in result.points and result.participants == 10
    result = compute_opinion_map(votes + [("late", "s7", PASS)])
    assert "late" in result.points and result.participants == 11
    # With three statements, three votes are enough.
    few = [
        (f"{c}{i}", f"s{n}", (1 if c == "a" else -1))
        for c in "ab"
        for i in range(3)
        for n in (1, 2, 3)
    ]
    assert compute_opinion_map(few).participants == 6


def test_latest_vote_wins():
    flipped = [(p, s, -v) for p, s, v in two_camps()]
    assert compute_opinion_map(flipped + two_camps()) == compute_opinion_map(two_camps())


def test_sparse_voters_are_pushed_out_as_in_polis():
    """Projection = PCA of the column-mean-imputed matrix (as red-dwarf does with sklearn),
    then × √(statements / votes cast)."""
    rng = np.random.default_rng(3)
    votes = [
        (p, s, int(rng.choice([AGREE, DISAGREE, PASS])))
        for p in range(40)
        for s in range(12)
        if rng.random() < (0.9 if p < 20 else 0.6)
    ]
    result = compute_opinion_map(votes)
    dense = np.full((40, 12), np.nan)
    for p, s, v in votes:
        dense[p, s] = v
    imputed = SimpleImputer(strategy="mean").fit_transform(dense)
    projected = PCA(n_components=2).fit(imputed).transform(imputed)
    projected *= np.sqrt(12 / (~np.isnan(dense)).sum(axis=1))[:, None]
    for p, (x, y) in result.points.items():
        expected = projected[p]
        assert abs(x) == pytest.approx(abs(expected[0]), abs=1e-9)
        assert abs(y) == pytest.approx(abs(expected[1]), abs=1e-9)


def test_moderated_out_statements_are_never_shown():
    result = compute_opinion_map(two_camps(), moderated_out={"s1", "s5"})
    shown = {r.statement for g in result.groups for r in g.representative}
    shown |= {row[0] for row in result.consensus + result.majority}
    assert "s1" not in shown and "s5" not in shown and result.statements == 6
    assert len(result.groups) == 2


def test_same_seed_same_map():
    rng = np.random.default_rng(0)
    votes = [
        (p, s, int(rng.choice([AGREE, DISAGREE, PASS])))
        for p in range(300)
        for s in range(40)
        if rng.random() < 0.4
    ]
    assert compute_opinion_map(votes, seed=7) == compute_opinion_map(votes, seed=7)


def test_too_few_participants_or_bad_votes():
    assert compute_opinion_map([]) is None
    assert compute_opinion_map([("p", f"s{n}", AGREE) for n in range(9)]) is None
    # Two participants who vote alike cannot be split into groups.
    same = [(p, f"s{n}", AGREE) for p in "pq" for n in range(9)]
    assert compute_opinion_map(same) is None
    for bad in (2, "1", True, None):
        with pytest.raises(ValueError, match="vote must be"):
            compute_opinion_map([("p", "s", bad)])


def test_read_polis_export_keeps_the_latest_vote(tmp_path):
    (tmp_path / "votes.csv").write_text(
        "timestamp,datetime,comment-id,voter-id,vote\n300,x,1,7,-1\n100,x,1,7,1\n200,x,2,7,0\n"
    )
    assert read_polis_export(tmp_path) == [(7, 1, 1), (7, 2, 0), (7, 1, -1)]


POLIS = [
    # conversation, least ARI against Pol.is' own groups over 3 seeds (measured: see report)
    ("15-per-hour-seattle", 0.85),
    ("scoop-hivemind.biodiversity", 0.9),
]


@pytest.mark.parametrize(("conversation", "least_ari"), POLIS)
def test_groups_agree_with_polis_own_groups(conversation, least_ari):
    directory = OPEN_DATA / conversation
    if not directory.exists():
        pytest.skip(f"{directory} is not there")
    votes, polis = read_polis_export(directory), read_polis_groups(directory)
    moderated_out = read_polis_moderated_out(directory)
    for seed in range(3):
        result = compute_opinion_map(votes, seed=seed, moderated_out=moderated_out)
        ours = {p: g.id for g in result.groups for p in g.members}
        grouped = [p for p in polis if p in ours]
        assert len(grouped) >= 0.99 * len(polis)
        assert len(result.groups) == len(set(polis.values()))
        ari = adjusted_rand_score([polis[p] for p in grouped], [ours[p] for p in grouped])
        assert ari >= least_ari, (conversation, seed, ari)


def test_small_real_conversation_is_mapped():
    """London (24 grouped participants): Pol.is found 3 groups (18, 3, 3); the silhouette here
    prefers 4 (9, 9, 3, 3) over 3 by 0.001, and the small groups differ from Pol.is' by one or
    two members each (ARI 0.18; red-dwarf 0.12). Too small to be stable: only the shape is
    asserted."""
    directory = OPEN_DATA / "london.youth.policing"
    if not directory.exists():
        pytest.skip(f"{directory} is not there")
    polis = read_polis_groups(directory)
    result = compute_opinion_map(
        read_polis_export(directory), moderated_out=read_polis_moderated_out(directory)
    )
    assert set(polis) <= set(result.points)
    assert 2 <= len(result.groups) <= 5
    assert all(g.representative for g in result.groups)
