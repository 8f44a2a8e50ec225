"""The seat search box: names containing the text first, then candidates, then near misses."""

import pandas as pd

from targets.seat_names import build_seat_index, search_seats, seats_by_candidate, seats_named_like

NAMES = pd.Series(
    {
        "E1": "East Ilford",  # made-up names: containing, not starting with, the text
        "E2": "Ilford North",
        "E3": "Ilford South",
        "E4": "Islington North",
        "E5": "Guildford",
    }
)
CANDIDATES = [("E4", "Jeremy Corbyn"), ("E5", "Piers Corbyn"), ("E2", "Wes Streeting")]


def test_names_starting_with_the_text_come_first():
    index = build_seat_index(NAMES)
    assert seats_named_like(index, "ilford") == ["E2", "E3", "E1"]
    assert search_seats(index, "Ilford", CANDIDATES)[:3] == ["E2", "E3", "E1"]


def test_a_candidates_name_finds_their_seat():
    assert seats_by_candidate(CANDIDATES, "corbyn") == ["E4", "E5"]
    assert search_seats(build_seat_index(NAMES), "Streeting", CANDIDATES) == ["E2"]


def test_near_misses_only_when_nothing_contains_the_text():
    index = build_seat_index(NAMES)
    assert search_seats(index, "Ilfrod Nroth", CANDIDATES)[0] == "E2"
    assert search_seats(index, "", CANDIDATES) == []
