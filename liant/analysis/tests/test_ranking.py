from liant.analysis.ranking import rank


def test_most_dots_first_and_ties_share_a_rank():
    result = rank([("b", 2), ("a", 3), ("d", 1), ("c", 2)])
    assert result == [
        (1, "a", 3, False),
        (2, "b", 2, True),
        (2, "c", 2, True),
        (4, "d", 1, False),
    ]


def test_ties_are_ordered_by_label_whatever_the_case():
    assert [label for _, label, _, _ in rank([("Zèbre", 1), ("avion", 1), ("Bus", 1)])] == [
        "avion",
        "Bus",
        "Zèbre",
    ]
    assert {r for r, _, _, _ in rank([("x", 1), ("y", 1), ("z", 1)])} == {1}


def test_nothing_to_rank():
    assert rank([]) == []
