"""Swing needed, target lists and the battleground curve on small hand-made frames."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from targets.targeting import (
    TARGET_COLUMNS,
    TargetError,
    battleground_curve,
    leaders_from_candidates,
    measure_swing_needed,
    rank_targets,
    swing_needed_by_seat,
)

HAIR = 1e-6


def candidates_of(seats: dict[str, list[tuple[str, str, int]]]) -> pd.DataFrame:
    """A candidate table from {code: [(name, party, votes), ...]}, ranked as the loader ranks."""
    rows = []
    for code, people in seats.items():
        total = sum(votes for _, _, votes in people)
        for name, party, votes in people:
            share = round(votes / total * 100, 4)
            rows.append((code, name, party, votes, share))
    frame = pd.DataFrame(
        rows, columns=["constituency_code", "candidate_name", "party", "votes", "share"]
    )
    frame = frame.sort_values(
        ["constituency_code", "votes", "candidate_name"], ascending=[True, False, True]
    )
    frame["position"] = frame.groupby("constituency_code").cumcount() + 1
    return frame.reset_index(drop=True)


def seat_table(candidates: pd.DataFrame) -> pd.DataFrame:
    """The seat-table columns ``rank_targets`` reads, from a candidate table."""
    first = candidates[candidates["position"] == 1].set_index("constituency_code")
    second = candidates[candidates["position"] == 2].set_index("constituency_code")
    valid = candidates.groupby("constituency_code")["votes"].sum()
    majority = first["votes"] - second["votes"]
    return pd.DataFrame(
        {
            "constituency_name": "Seat " + first.index,
            "nation": "England",
            "region": "London",
            "winner_party": first["party"],
            "winner_candidate": first["candidate_name"],
            "winner_share": first["share"],
            "majority": majority,
            "majority_pct": (majority / valid * 100).round(2),
        }
    ).reset_index()


# One seat per case; shares are votes / 1,000 * 100, so 400 votes is 40%.
SEATS = {
    # Green second: the half-gap (40 - 30) / 2 = 5
    "A": [("Ann", "Lab", 400), ("Gus", "Green", 300), ("Cal", "Con", 200), ("Lil", "LD", 100)],
    # Green third behind a close runner-up: (40 - 20) / 2 = 10 < 35 - 20 = 15, Con binds
    "B": [("Ann", "Lab", 400), ("Cal", "Con", 350), ("Gus", "Green", 200), ("Lil", "LD", 50)],
    # Green third behind a distant runner-up: (50 - 25) / 2 = 12.5 > 25 - 25 = 0
    "C": [("Ann", "Lab", 500), ("Cal", "Con", 250), ("Gus", "Green", 250)],
    # Green fourth: (40 - 10) / 2 = 15 < 30 - 10 = 20, the runner-up (Con) binds
    "D": [("Ann", "Lab", 400), ("Cal", "Con", 300), ("Lil", "LD", 200), ("Gus", "Green", 100)],
    # Green tied with the holder: first by name, the other candidate the holder; 0 + a hair
    "E": [("Ann", "Lab", 450), ("Gus", "Green", 450), ("Cal", "Con", 100)],
    # Green won
    "F": [("Gus", "Green", 600), ("Ann", "Lab", 400)],
    # Green did not stand
    "G": [("Ann", "Lab", 600), ("Cal", "Con", 400)],
}


@pytest.fixture()
def candidates() -> pd.DataFrame:
    return candidates_of(SEATS)


def test_swing_needed_by_seat_for_second_third_and_fourth_place(candidates):
    green = swing_needed_by_seat(candidates, "Green")
    assert list(green.index) == ["A", "B", "C", "D", "E", "F"]  # not G: did not stand
    assert green["swing_needed"].to_dict() == pytest.approx(
        {"A": 5.0, "B": 15.0, "C": 12.5, "D": 20.0, "E": 0.0, "F": 0.0}
    )
    assert green["party_position"].tolist() == [2, 3, 3, 4, 2, 1]
    assert green["votes_behind"].tolist() == [100, 200, 250, 300, 0, 0]
    binds = green["also_overtake_party"]
    assert binds.notna().tolist() == [False, True, False, True, False, False]
    assert (binds["B"], green.loc["B", "also_overtake_candidate"]) == ("Con", "Cal")
    assert green.loc["B", "also_overtake_share"] == pytest.approx(35.0)
    assert green.loc["D", "also_overtake_candidate"] == "Cal"


def test_second_place_is_the_half_gap_and_the_holder_needs_nothing(candidates):
    measured = measure_swing_needed(candidates, leaders_from_candidates(candidates))
    second = candidates["position"] == 2
    holder_share = candidates["constituency_code"].map(
        candidates[candidates["position"] == 1].set_index("constituency_code")["share"]
    )
    half = (holder_share - candidates["share"]) / 2
    assert (measured.loc[second, "swing_needed"] - half[second]).abs().max() < 1e-9
    assert measured.loc[second, "also_overtake_party"].isna().all()
    assert (measured.loc[candidates["position"] == 1, "swing_needed"] == 0).all()
    # a tie with the runner-up is no obstacle: at the half-gap the tied rival falls behind
    gus = measured.loc[(candidates["constituency_code"] == "C") & (candidates["party"] == "Green")]
    assert gus["swing_needed"].iloc[0] == pytest.approx(12.5)


def test_a_candidate_who_did_not_stand_has_no_figure(candidates):
    leaders = leaders_from_candidates(candidates)
    rows = pd.DataFrame(
        {"constituency_code": ["G"], "votes": [pd.NA], "share": [pd.NA], "position": [pd.NA]}
    )
    measured = measure_swing_needed(rows, leaders)
    assert measured["swing_needed"].isna().all() and measured["votes_behind"].isna().all()


def test_target_list_is_ranked_by_the_swing_that_makes_the_party_first(candidates):
    targets = rank_targets(seat_table(candidates), candidates, "Green")
    assert list(targets.columns) == list(TARGET_COLUMNS)
    assert targets["constituency_code"].tolist() == ["E", "A", "C", "B", "D"]
    assert targets["swing_needed"].tolist() == [0.0, 5.0, 12.5, 15.0, 20.0]
    assert targets["cumulative_seats"].tolist() == [2, 3, 4, 5, 6]  # 1 held (F)
    by_code = targets.set_index("constituency_code")
    assert by_code.loc["B", "swing_note"] == "must also overtake Con (35.0%)"
    assert by_code.loc["A", "swing_note"] == ""
    # the holder's majority is over the runner-up; votes_behind is the party's own gap
    assert (by_code.loc["B", "holder_majority"], by_code.loc["B", "votes_behind"]) == (50, 200)
    assert not targets["speaker_seat"].any()


def test_battleground_counts_a_seat_only_once_the_swing_makes_the_party_first(candidates):
    targets = rank_targets(seat_table(candidates), candidates, "Green")
    curve = battleground_curve(targets, seats_held=1, max_swing=20, step=5)
    # at 0 the tie in E is only level; at exactly 15 Green only draws level with Con in B,
    # and at exactly 20 with Con in D
    assert curve["seats_gained"].tolist() == [0, 1, 2, 3, 4]
    assert curve["total_seats"].tolist() == [1, 2, 3, 4, 5]


def test_the_speakers_seat_is_left_out_unless_asked_for():
    candidates = candidates_of(
        {
            "S": [("Hoyle", "Spk", 740), ("Gus", "Green", 140), ("Dee", "DFC", 120)],
            "A": [("Ann", "Lab", 500), ("Gus", "Green", 300), ("Cal", "Con", 200)],
        }
    )
    seats = seat_table(candidates)
    assert rank_targets(seats, candidates, "Green")["constituency_code"].tolist() == ["A"]
    both = rank_targets(seats, candidates, "Green", include_speaker=True)
    assert both["constituency_code"].tolist() == ["A", "S"]
    assert both["speaker_seat"].tolist() == [False, True]
    assert "Speaker" in both.loc[1, "swing_note"]


def test_independents_and_absent_parties_have_no_target_list(candidates):
    with pytest.raises(TargetError, match="independents are people"):
        rank_targets(seat_table(candidates), candidates, "Ind")
    with pytest.raises(TargetError, match="independents are people"):
        swing_needed_by_seat(candidates, "Ind")
    with pytest.raises(TargetError, match="did not stand"):
        rank_targets(seat_table(candidates), candidates, "SNP")


def _first_after(shares: list[float], holder: int, chosen: int, swing: float) -> bool:
    """Whether ``chosen`` is strictly first after ``swing`` points move from ``holder``."""
    moved = list(shares)
    moved[holder] -= swing
    moved[chosen] += swing
    return all(moved[chosen] > share for index, share in enumerate(moved) if index != chosen)


@given(
    st.lists(st.integers(min_value=0, max_value=1_000_000), min_size=2, max_size=10),
    st.data(),
)
def test_the_reported_swing_is_exactly_what_makes_the_candidate_first(shares_e4, data):
    """Shares with 4 decimals (as published): s plus a hair makes it first, less does not."""
    people = [(f"P{index}", f"X{index}", votes) for index, votes in enumerate(shares_e4)]
    frame = pd.DataFrame(people, columns=["candidate_name", "party", "votes"])
    frame["constituency_code"] = "Z"
    frame["share"] = frame["votes"] / 10_000  # the share itself, 4 decimals, any total
    frame = frame.sort_values(["votes", "candidate_name"], ascending=[False, True])
    frame["position"] = range(1, len(frame) + 1)
    frame = frame.reset_index(drop=True)
    chosen = data.draw(st.integers(min_value=1, max_value=len(frame) - 1))
    measured = measure_swing_needed(frame, leaders_from_candidates(frame))
    swing = float(measured.loc[chosen, "swing_needed"])
    shares = frame["share"].tolist()
    assert swing >= 0
    assert _first_after(shares, 0, chosen, swing + HAIR)
    assert not _first_after(shares, 0, chosen, swing - HAIR)
    # the candidate named as the one to overtake is the one level with it at exactly s
    overtake = measured.loc[chosen, "also_overtake_candidate"]
    if pd.notna(overtake):
        rival = frame.index[frame["candidate_name"] == overtake][0]
        assert shares[rival] == pytest.approx(shares[chosen] + swing, abs=1e-9)
        assert shares[0] - swing < shares[chosen] + swing  # the holder is already passed
    else:
        assert shares[0] - swing == pytest.approx(shares[chosen] + swing, abs=1e-9)
