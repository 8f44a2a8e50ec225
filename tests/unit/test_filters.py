"""Filters on small hand-made seat tables."""

import pandas as pd
import pytest

from targets.filters import (
    SeatFilters,
    UnknownChoiceError,
    describe_filters,
    filter_seats,
    filters_slug,
    resolve_filters,
    swing_limit,
)
from targets.parties import build_party_registry


def seats() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "constituency_code": ["A", "B", "C", "D"],
            "constituency_name": ["Ynys Môn", "Bristol Central", "Ilford North", "Aldershot"],
            "nation": ["Wales", "England", "England", "England"],
            "region": ["Wales", "South West", "London", "South East"],
            "winner_party": ["PC", "Green", "Lab", "Lab"],
            "second_party": ["Lab", "Lab", "Ind", "Con"],
            "winner_candidate": ["Llinos Medi", "Carla Denyer", "Wes Streeting", "Alex Baker"],
            "second_candidate": ["x", "Thangam Debbonaire", "Leanne Mohamad", "y"],
            "backed_candidate": ["", "Carla Denyer", "Leanne Mohamad", ""],
            "opposed_candidate": ["", "Thangam Debbonaire", "Wes Streeting", "Alex Baker"],
            "groups": ["", "G1", "G1; G2", "G2"],
            "backing_groups": ["", "G1", "G1", ""],
            "opposing_groups": ["", "G1", "G1", "G2"],
            "majority_pct": [1.0, 24.0, 1.13, 12.0],
        }
    )


def codes(frame):
    return frame["constituency_code"].tolist()


def test_each_filter():
    table = seats()
    assert codes(filter_seats(table, SeatFilters())) == ["A", "B", "C", "D"]
    assert codes(filter_seats(table, SeatFilters(nations=("Wales",)))) == ["A"]
    assert codes(filter_seats(table, SeatFilters(winners=("Lab",)))) == ["C", "D"]
    assert codes(filter_seats(table, SeatFilters(seconds=("Ind", "Con")))) == ["C", "D"]
    assert codes(filter_seats(table, SeatFilters(max_majority_pct=2))) == ["A", "C"]
    assert codes(filter_seats(table, SeatFilters(min_majority_pct=12))) == ["B", "D"]
    assert codes(filter_seats(table, SeatFilters(search="mon"))) == ["A"]  # accents folded
    assert codes(filter_seats(table, SeatFilters(search="streeting"))) == ["C"]


def test_group_and_stance():
    table = seats()
    assert codes(filter_seats(table, SeatFilters(groups=("G2",)))) == ["C", "D"]
    assert codes(filter_seats(table, SeatFilters(groups=("G2",), stance="oppose"))) == ["D"]
    assert codes(filter_seats(table, SeatFilters(groups=("G2",), stance="support"))) == []
    assert codes(filter_seats(table, SeatFilters(stance="support"))) == ["B", "C"]


def test_filters_combine_with_and():
    table = seats()
    chosen = SeatFilters(winners=("Lab",), max_majority_pct=5, groups=("G1",))
    assert codes(filter_seats(table, chosen)) == ["C"]


def test_resolve_is_case_insensitive_and_takes_names():
    table = seats()
    registry = build_party_registry()
    chosen = resolve_filters(
        table, registry, nations=["wales"], winners=["plaid cymru"], groups=["g1"], stance="SUPPORT"
    )
    assert chosen == SeatFilters(
        nations=("Wales",), winners=("PC",), groups=("G1",), stance="support"
    )


@pytest.mark.parametrize(
    ("field", "value"), [("nations", "Mercia"), ("winners", "Whig"), ("groups", "G9")]
)
def test_unknown_choice_lists_valid_ones(field, value):
    with pytest.raises(UnknownChoiceError) as error:
        resolve_filters(seats(), build_party_registry(), **{field: [value]})
    assert value in str(error.value)
    assert error.value.choices


def test_description_and_slug():
    chosen = SeatFilters(winners=("Lab",), max_majority_pct=5, search="Ilford")
    assert describe_filters(chosen) == "winner Lab · majority ≤ 5% · search “Ilford”"
    assert describe_filters(SeatFilters()) == "all seats"
    assert filters_slug(chosen) == "winner-lab_maj-le-5_search-ilford"
    assert filters_slug(SeatFilters()) == "all-seats"


def test_a_swing_limit_keeps_the_partys_targets_within_the_swing():
    needed = pd.Series({"A": 0.0, "B": 2.5, "C": 6.0, "D": 4.99})  # A won: not a target
    limit = swing_limit("Green", 5, needed)
    assert limit.seats == frozenset({"B", "D"})
    chosen = SeatFilters(swing=limit)
    assert codes(filter_seats(seats(), chosen)) == ["B", "D"]
    assert describe_filters(chosen) == "Green needs a swing ≤ 5 pts"
    assert filters_slug(chosen) == "green-swing-le-5"
    assert not chosen.is_empty()


def test_a_seat_the_party_did_not_stand_in_never_passes_a_swing_limit():
    needed = pd.Series({"B": pd.NA, "C": 1.0}, dtype="Float64")
    assert swing_limit("Green", 100, needed).seats == frozenset({"C"})
