"""Seat-profile arithmetic and seat lookup on small hand-made frames."""

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from targets.seat_profile import (
    UnknownSeatError,
    candidates_for_display,
    describe_challenger,
    describe_place,
    describe_share_of_others,
    key_challengers,
    neighbour_seats,
    rank_candidates,
    resolve_seat,
    suggest_seats,
)


def seat_of(*people: tuple[str, str, int]) -> pd.DataFrame:
    """One seat's candidate rows from (name, party, votes), ranked as the loader ranks them."""
    frame = pd.DataFrame(people, columns=["candidate_name", "party", "votes"])
    frame["party_name"] = frame["party"]
    frame["share"] = (frame["votes"] / frame["votes"].sum() * 100).round(4)
    frame = frame.sort_values(["votes", "candidate_name"], ascending=[False, True])
    frame["position"] = range(1, len(frame) + 1)
    return frame.sample(frac=1, random_state=1)  # order must not matter


def test_two_independents_are_two_candidates():
    ranked = rank_candidates(
        seat_of(("Ann Ind", "Ind", 300), ("Bob Ind", "Ind", 250), ("Cat Lab", "Lab", 400))
    )
    assert list(ranked["candidate_name"]) == ["Cat Lab", "Ann Ind", "Bob Ind"]
    assert list(ranked["party"]) == ["Lab", "Ind", "Ind"]
    # Ann is 100 behind; merged, the independents would have "won" with 550.
    assert list(ranked["votes_behind_winner"]) == [0, 100, 150]
    assert ranked.loc[1, "share_of_others_needed"] == pytest.approx(101 / 250 * 100, abs=1e-4)
    assert ranked.loc[2, "share_of_others_needed"] == pytest.approx(151 / 300 * 100, abs=1e-4)


def test_winner_has_no_gap_and_no_transfer_figure():
    ranked = rank_candidates(seat_of(("A", "Con", 500), ("B", "Lab", 300), ("C", "LD", 200)))
    winner = ranked.iloc[0]
    assert (winner["votes_behind_winner"], winner["swing_needed"]) == (0, 0.0)
    assert pd.isna(winner["share_of_others_needed"])
    assert ranked.loc[1, "swing_needed"] == pytest.approx((50 - 30) / 2)
    # third, 10 points behind the runner-up: half the gap to the winner (15) is enough
    assert ranked.loc[2, "swing_needed"] == pytest.approx((50 - 20) / 2)
    assert ranked.loc[2, "swing_note"] == ""


def test_a_third_place_must_also_overtake_the_runner_up():
    ranked = rank_candidates(seat_of(("A", "Con", 400), ("B", "Lab", 350), ("C", "Ind", 250)))
    # half the gap to A is 7.5 points, which leaves B ahead: C needs 35 - 25 = 10
    assert ranked.loc[2, "swing_needed"] == pytest.approx(10.0)
    assert ranked.loc[2, "also_overtake_candidate"] == "B"
    assert ranked.loc[2, "swing_note"] == "must also overtake B (Lab, 35.0%)"
    assert describe_challenger(ranked.iloc[2]) == (
        "C (Ind, 3rd) was 150 votes behind: a swing of 10.00 points from the winner, "
        "or 43.1% of the other candidates' votes, would have won the seat "
        "(they must also overtake B, Lab, 35.0%)."
    )


def test_two_candidate_seat_has_no_others_to_win_over():
    ranked = rank_candidates(seat_of(("A", "Con", 600), ("B", "Lab", 400)))
    assert ranked["share_of_others_needed"].isna().all()
    assert ranked.loc[1, "votes_behind_winner"] == 200


def test_stances_name_the_groups_per_candidate():
    candidates = seat_of(("A", "Con", 500), ("B", "Lab", 300), ("C", "Ind", 200))
    stances = pd.DataFrame(
        {
            "group": ["G1", "G1", "G2", "G2"],
            "stance": ["support", "oppose", "support", "support"],
            "stood_2024": [True, True, True, False],
            "result_candidate_name": ["C", "A", "C", pd.NA],
        }
    )
    ranked = rank_candidates(candidates, stances).set_index("candidate_name")
    assert ranked.loc["C", "backed_by"] == "G1; G2"
    assert ranked.loc["A", "opposed_by"] == "G1"
    assert ranked.loc["B", ["backed_by", "opposed_by"]].tolist() == ["", ""]


@settings(deadline=None)  # pandas on a shared machine: no timing assumptions
@given(st.lists(st.integers(min_value=0, max_value=60_000), min_size=3, max_size=12, unique=True))
def test_transfer_figure_is_exactly_enough_to_overtake(votes):
    people = [(f"P{index}", "Ind", count) for index, count in enumerate(votes)]
    ranked = rank_candidates(seat_of(*people))
    total = sum(votes)
    winner_votes = ranked.iloc[0]["votes"]
    for row in ranked.iloc[1:].itertuples():
        others = total - winner_votes - row.votes
        assert row.votes_behind_winner == winner_votes - row.votes
        half_gap = (ranked.iloc[0]["share"] - row.share) / 2
        past_runner_up = ranked.iloc[1]["share"] - row.share if row.position >= 3 else 0
        assert row.swing_needed == pytest.approx(max(half_gap, past_runner_up), abs=1e-9)
        if others == 0:
            assert pd.isna(row.share_of_others_needed)
            continue
        moved = round(row.share_of_others_needed / 100 * others)
        assert moved == row.votes_behind_winner + 1
        assert row.votes + moved > winner_votes
        assert (row.share_of_others_needed <= 100) == (moved <= others)


SEATS = pd.DataFrame(
    {
        "constituency_code": ["E14001300", "E14001301", "W07000062", "E14001131"],
        "constituency_name": ["Ilford North", "Ilford South", "Ynys Môn", "Bristol Central"],
    }
)


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("E14001300", "E14001300"),
        ("e14001131", "E14001131"),
        ("  ilford NORTH ", "E14001300"),
        ("Ynys Mon", "W07000062"),
        ("bristol", "E14001131"),
    ],
)
def test_seat_found_by_code_name_or_unique_fragment(query, code):
    assert resolve_seat(SEATS, query) == code


def test_ambiguous_or_misspelt_seat_lists_closest_names():
    with pytest.raises(UnknownSeatError) as ambiguous:
        resolve_seat(SEATS, "Ilford")
    assert ambiguous.value.suggestions[:2] == ["Ilford North", "Ilford South"]
    with pytest.raises(UnknownSeatError) as misspelt:
        resolve_seat(SEATS, "Ilfrod Nrth")
    assert misspelt.value.suggestions[0] == "Ilford North"
    assert "Ilford North" in str(misspelt.value)


def test_nothing_typed_suggests_nothing():
    assert suggest_seats(SEATS, "  ") == []
    with pytest.raises(UnknownSeatError):
        resolve_seat(SEATS, "")


def test_neighbours_walk_the_list_and_stop_at_the_ends():
    codes = ["A", "B", "C"]
    assert neighbour_seats(codes, "B") == ("A", "C")
    assert neighbour_seats(codes, "A") == (None, "B")
    assert neighbour_seats(codes, "C") == ("B", None)
    assert neighbour_seats(codes, "Z") == (None, "A")
    assert neighbour_seats([], "Z") == (None, None)


def test_place_among_the_filtered_seats():
    assert describe_place(["A", "B", "C"], "B") == "seat 2 of 3 matching the filters"
    assert describe_place(["A", "B", "C"], "Z") == "not among the 3 seats matching the filters"


def test_challenger_sentences_say_when_others_votes_cannot_win_it():
    ranked = rank_candidates(
        seat_of(("Win", "Con", 600), ("Near", "Lab", 550), ("Far", "LD", 100), ("Few", "Ind", 20))
    )
    # shares 47.2441 and 43.3071: half the gap is 1.97 points; 51 of the 120 other votes
    assert describe_challenger(ranked.iloc[1]) == (
        "Near (Lab, 2nd) was 50 votes behind: a swing of 1.97 points from the winner, "
        "or 42.5% of the other candidates' votes, would have won the seat."
    )
    lopsided = rank_candidates(seat_of(("Win", "Con", 600), ("Mid", "Lab", 300), ("Low", "LD", 50)))
    # Low needs 551 votes but the only other candidate had 300: 184% of them, said in words
    assert describe_challenger(lopsided.iloc[2]) == (
        "Low (LD, 3rd) was 550 votes behind: a swing of 28.95 points from the winner "
        "would have won the seat; on the other candidates' votes alone it would take "
        "more than all other candidates' votes together."
    )
    assert "184" not in describe_challenger(lopsided.iloc[2])


def test_share_of_others_above_100_is_said_in_words():
    assert describe_share_of_others(3.28) == "3.3%"
    assert describe_share_of_others(100.0) == "100.0%"
    assert describe_share_of_others(222.4) == "more than all other candidates' votes together"
    assert describe_share_of_others(pd.NA) == "–"
    lopsided = rank_candidates(seat_of(("Win", "Con", 600), ("Mid", "Lab", 300), ("Low", "LD", 50)))
    # Mid needs 301 of Low's 50 votes (602%), Low 551 of Mid's 300 (184%)
    assert lopsided["share_of_others_needed"].round(0).tolist()[1:] == [602, 184]
    shown = candidates_for_display(lopsided)["share_of_others_needed"].tolist()
    assert shown == ["–", *["more than all other candidates' votes together"] * 2]


def test_key_challengers_are_the_runner_up_and_backed_losers():
    candidates = seat_of(("A", "Con", 500), ("B", "Lab", 300), ("C", "Ind", 200), ("D", "LD", 9))
    stances = pd.DataFrame(
        {
            "group": ["G"],
            "stance": ["support"],
            "stood_2024": [True],
            "result_candidate_name": ["D"],
        }
    )
    chosen = key_challengers(rank_candidates(candidates, stances))
    assert list(chosen["candidate_name"]) == ["B", "D"]
