"""The --where grammar on hand-made frames: operators, missing values, bad input."""

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from targets.conditions import Condition, meets_all, numeric_columns, parse_condition
from targets.errors import BadInputError, UnknownChoiceError
from targets.filters import SeatFilters, describe_filters, filter_mask, filters_slug

SEATS = pd.DataFrame(
    {
        "constituency_name": ["Alpha", "Beta", "Gamma"],
        "leave_pct": [60.0, 45.0, None],  # Gamma: no estimate (as in Northern Ireland)
        "age_18_29_pct": [12.0, 25.5, 30.0],
        "majority": [100, 2000, 50],
        "gain": [True, False, False],
    }
)
COLUMNS = numeric_columns(SEATS)


def names(mask) -> list[str]:
    return SEATS.loc[mask, "constituency_name"].tolist()


def test_numeric_columns_leave_out_text_and_flags():
    assert COLUMNS == ["leave_pct", "age_18_29_pct", "majority"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("leave_pct>=55", ["Alpha"]),
        ("leave_pct < 55", ["Beta"]),
        ("leave_pct != 60", ["Beta"]),
        ("age_18_29_pct>20", ["Beta", "Gamma"]),
        ("majority=2000", ["Beta"]),
        ("majority==2000", ["Beta"]),
        ("age_18_29_pct <= 25.5%", ["Alpha", "Beta"]),
        ("LEAVE_PCT>0", ["Alpha", "Beta"]),
    ],
)
def test_each_operator(text, expected):
    assert names(parse_condition(text, COLUMNS).mask(SEATS)) == expected


def test_a_missing_value_never_passes():
    assert "Gamma" not in names(parse_condition("leave_pct<100", COLUMNS).mask(SEATS))
    assert "Gamma" not in names(parse_condition("leave_pct!=1", COLUMNS).mask(SEATS))


def test_conditions_combine_with_and():
    conditions = [parse_condition(t, COLUMNS) for t in ("leave_pct>40", "age_18_29_pct>20")]
    assert names(meets_all(SEATS, conditions)) == ["Beta"]


def test_unknown_column_lists_the_valid_ones():
    with pytest.raises(UnknownChoiceError) as error:
        parse_condition("lave_pct>=55", COLUMNS)
    assert error.value.choices == sorted(COLUMNS)
    with pytest.raises(UnknownChoiceError):
        parse_condition("constituency_name>1", COLUMNS)


@pytest.mark.parametrize(
    "text", ["leave_pct>>55", "leave_pct>=", "leave_pct", ">=55", "leave_pct>=abc", "x=1;y=2", ""]
)
def test_bad_conditions_say_how_to_write_one(text):
    with pytest.raises(BadInputError, match="write COLUMN OP NUMBER"):
        parse_condition(text, COLUMNS)


@given(st.text(max_size=40))
def test_any_text_gives_a_condition_or_a_clear_error(text):
    try:
        condition = parse_condition(text, COLUMNS)
    except BadInputError:
        return
    assert condition.column in COLUMNS
    assert isinstance(condition.mask(SEATS), pd.Series)


def test_filters_carry_conditions_into_the_mask_the_description_and_the_slug():
    chosen = SeatFilters(conditions=(Condition("leave_pct", ">=", 55.0),))
    assert names(filter_mask(SEATS.assign(nation="England"), chosen)) == ["Alpha"]
    assert describe_filters(chosen) == "leave_pct >= 55"
    assert filters_slug(chosen) == "leave-pct-ge-55"


def test_whole_ranges_add_no_condition_and_narrow_ones_do():
    from targets.filters import measure_bounds, range_conditions

    bounds = measure_bounds(SEATS, ["leave_pct", "age_18_29_pct"])
    assert bounds == {"leave_pct": (45.0, 60.0), "age_18_29_pct": (12.0, 30.0)}
    assert range_conditions({"leave_pct": (45.0, 60.0)}, bounds) == ()
    narrowed = range_conditions({"leave_pct": (50.0, 60.0), "age_18_29_pct": (12.0, 20.0)}, bounds)
    assert [str(c) for c in narrowed] == ["leave_pct >= 50", "age_18_29_pct <= 20"]
    assert names(meets_all(SEATS, narrowed)) == ["Alpha"]


def test_split_conditions_by_the_table_they_name():
    from targets.conditions import split_conditions

    seat, rest = split_conditions(["leave_pct>=55", "swing_needed<5", "nonsense"], COLUMNS)
    assert seat == ["leave_pct>=55"] and rest == ["swing_needed<5", "nonsense"]
