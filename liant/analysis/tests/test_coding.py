"""Search, re-anchoring, tree rules and frequency counts of the coding of interview notes."""

from liant.analysis.coding import (
    context,
    creates_cycle,
    descendants,
    find_all,
    fold,
    interviews_by_group,
    reanchor,
)


def test_fold_removes_accents_and_case_and_maps_back():
    folded, origin = fold("Été Straße")
    assert folded == "ete strasse"
    assert len(origin) == len(folded)
    assert origin[-3:-1] == [8, 8]  # "ss" both come from "ß"


def test_find_all_ignores_accents_and_case_and_gives_original_offsets():
    text = "La RECONNAISSANCE manque ; la reconnaissance, c'est l'élément clé. Élément !"
    matches = find_all(text, "reconnaissance")
    assert [text[a:b] for a, b in matches] == ["RECONNAISSANCE", "reconnaissance"]
    assert [text[a:b] for a, b in find_all(text, "ELEMENT")] == ["élément", "Élément"]
    street = "la Straße est"
    assert [street[a:b] for a, b in find_all(street, "strasse")] == ["Straße"]


def test_find_all_with_empty_or_absent_query():
    assert find_all("du texte", "   ") == []
    assert find_all("du texte", "absent") == []
    assert find_all("", "x") == []


def test_find_all_counts_non_overlapping_matches_and_respects_the_limit():
    assert find_all("aaaa", "aa") == [(0, 2), (2, 4)]
    assert len(find_all("ab " * 50, "ab", limit=10)) == 10


def test_reanchor_keeps_offsets_that_still_hold_the_quote():
    text = "Les outils changent tous les six mois."
    assert reanchor(text, 4, 10, "outils") == (4, 10)


def test_reanchor_follows_the_quote_after_an_edit_above_it():
    old = "Les outils changent. Personne n'est formé."
    new = "Introduction ajoutée. " + old
    start = old.index("Personne")
    end = start + len("Personne n'est formé")
    assert reanchor(new, start, end, "Personne n'est formé") == (
        start + 22,
        end + 22,
    )


def test_reanchor_takes_the_nearest_occurrence():
    text = "oui. Bref, oui. Encore oui."
    assert reanchor(text, 12, 15, "oui") == (11, 14)
    assert reanchor(text, 25, 28, "oui") == (23, 26)


def test_reanchor_gives_none_when_the_quote_is_gone():
    assert reanchor("Tout a été réécrit.", 0, 6, "Les outils") is None
    assert reanchor("texte", 0, 2, "") is None


def test_cycles_are_detected():
    parents = {1: None, 2: 1, 3: 2, 4: None}
    assert creates_cycle(parents, 1, 3)  # under its grandchild
    assert creates_cycle(parents, 2, 2)  # under itself
    assert not creates_cycle(parents, 3, 4)
    assert not creates_cycle(parents, 4, 3)
    assert not creates_cycle(parents, 2, None)


def test_descendants():
    parents = {1: None, 2: 1, 3: 2, 4: None, 5: 1}
    assert descendants(parents, 1) == {1, 2, 3, 5}
    assert descendants(parents, 4) == {4}


def test_context_gives_a_few_words_around():
    text = "un deux trois quatre cinq six sept huit neuf dix"
    start = text.index("cinq")
    before, quote, after = context(text, start, start + 4, words=2)
    assert (before, quote, after) == ("…trois quatre ", "cinq", " six sept…")
    assert context("court", 0, 5) == ("", "court", "")


def test_interviews_by_group_counts_distinct_interviews_with_parents():
    # Theme 2 is under theme 1. Interview 10: unit A; interview 11: units A and B (collective).
    mentions = [(2, 10), (2, 10), (1, 11), (3, 11)]
    groups = {10: ["A"], 11: ["A", "B"]}
    counts = interviews_by_group(mentions, groups, {2: [1], 1: [], 3: []})
    assert counts[2] == {"A": 1}
    assert counts[1] == {"A": 2, "B": 1}  # its own mention plus its sub-theme's
    assert counts[3] == {"A": 1, "B": 1}
    flat = interviews_by_group(mentions, groups)
    assert flat[1] == {"A": 1, "B": 1}
