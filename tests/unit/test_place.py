"""A seat's context measures ranked against the country, on a hand-made frame."""

import pandas as pd
import pytest

from targets.data.context import CONTEXT_COLUMNS
from targets.place import describe_rank, rank_place


@pytest.fixture()
def seats():
    frame = pd.DataFrame({"constituency_code": ["E1", "E2", "E3", "N1"]})
    for column in CONTEXT_COLUMNS:
        frame[column] = [10.0, 20.0, 30.0, 40.0]
    frame["leave_pct"] = [60.0, 50.0, 40.0, None]  # no estimate in Northern Ireland
    return frame


def test_percentile_and_rank(seats):
    place = rank_place(seats, "E2").set_index("measure")
    assert place.loc["median_age", "value"] == 20.0
    assert place.loc["median_age", "percentile"] == 25.0  # higher than 1 of 4 seats
    assert place.loc["median_age", "rank"] == 3
    assert place.loc["leave_pct", "seats_ranked"] == 3
    assert place.loc["leave_pct", "rank"] == 2


def test_a_seat_without_a_figure(seats):
    leave = rank_place(seats, "N1").set_index("measure").loc["leave_pct"]
    assert pd.isna(leave["value"]) and pd.isna(leave["rank"])
    assert describe_rank(leave) == "no figure for this seat"


def test_described_in_words(seats):
    place = rank_place(seats, "N1").set_index("measure")
    assert describe_rank(place.loc["median_age"]) == "higher than 75% of seats (1st highest of 4)"
    lowest = rank_place(seats, "E1").set_index("measure").loc["median_age"]
    assert describe_rank(lowest) == "lower than 75% of seats (4th highest of 4)"


def test_the_table_says_each_place_in_words(seats):
    place = rank_place(seats, "E3").set_index("measure")
    assert place.loc["median_age", "where"] == "higher than 50% of seats (2nd highest of 4)"
