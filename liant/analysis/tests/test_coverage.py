from liant.analysis.coverage import Ratio, UnitInfo, compute_coverage

# Direction (1) > Service A (2, headcount 10) and Service B (3, no headcount); Other (4).
UNITS = [
    UnitInfo(1, None, "Direction", headcount=None),
    UnitInfo(2, 1, "Service A", headcount=10),
    UnitInfo(3, 1, "Service B"),
    UnitInfo(4, None, "Autre direction", headcount=4),
]
# People 10–13 in A, 20–21 in B, 30 in the other direction, 40 without unit.
PEOPLE = {10: 2, 11: 2, 12: 2, 13: 2, 20: 3, 21: 3, 30: 4, 40: None}


def coverage(**kwargs):
    values = {"units": UNITS, "target_unit_ids": {1, 2, 3}, "person_units": PEOPLE}
    return compute_coverage(**(values | kwargs))


def test_unit_denominators_use_headcounts_or_listed_people():
    result = coverage(interviewed_ids=[10, 11, 20])
    rows = {row.unit.name: row for row in result.units}
    assert [row.unit.name for row in result.units] == ["Direction", "Service A", "Service B"]
    assert [row.depth for row in result.units] == [0, 1, 1]
    assert rows["Service A"].own == Ratio(2, 10)  # headcount 10 > 4 listed
    assert rows["Service A"].uses_headcount
    assert rows["Service B"].own == Ratio(1, 2)  # no headcount: the 2 listed
    assert rows["Direction"].own == Ratio(0, 0)
    assert rows["Direction"].subtree == Ratio(3, 12)
    assert result.overall == Ratio(3, 12)
    assert result.overall.percent == 25.0


def test_collective_interviews_count_every_person_once():
    # Person 10 was in an individual and in a collective interview (with 11 and 20).
    result = coverage(interviewed_ids=[10, 10, 11, 20])
    assert result.overall.done == 3


def test_partners_are_counted_apart():
    result = coverage(partner_ids=[30, 20], interviewed_ids=[20, 30, 10])
    assert result.partners == Ratio(2, 2)
    # 20 is a partner: out of the target (Service B's listed drops to 1).
    rows = {row.unit.name: row for row in result.units}
    assert rows["Service B"].own == Ratio(0, 1)
    assert result.overall == Ratio(1, 11)


def test_named_people_outside_the_units_and_people_outside_the_target():
    result = coverage(named_ids=[30], interviewed_ids=[30, 40])
    assert result.others == Ratio(1, 1)
    assert result.overall == Ratio(1, 13)
    assert result.outside == 1  # 40: not in the target, not a partner


def test_whole_organisation_counts_people_without_unit():
    result = coverage(target_unit_ids={1, 2, 3, 4}, include_unitless=True, interviewed_ids=[40])
    assert result.others == Ratio(1, 1)
    assert result.overall.total == 10 + 2 + 4 + 1
    assert [row.unit.name for row in result.units][0] == "Autre direction"


def test_goal_and_progress():
    result = coverage(interviewed_ids=[10, 11, 20], target_percent=50)
    assert result.goal == 6
    assert result.still_needed == 3
    assert not result.reached
    done = coverage(interviewed_ids=[10, 11, 12, 13, 20, 21], target_percent=50)
    assert done.reached and done.still_needed == 0


def test_empty_target():
    result = compute_coverage(units=[], target_unit_ids=[], person_units={})
    assert result.overall == Ratio(0, 0)
    assert result.overall.percent is None
    assert not result.reached
