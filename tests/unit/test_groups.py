"""The group table on hand-made frames: swing needed (the target list's figure) and outcomes."""

from __future__ import annotations

import pandas as pd
import pytest

from targets import groups
from targets.endorsements import join_candidate_results
from targets.groups import build_group_table, classify_outcomes
from targets.targeting import leaders_from_candidates, measure_swing_needed

# (seat, name, party, votes): in S1 the group backs a third-placed independent whom the
# runner-up stands in the way of; in S2 a runner-up; in S3 a winner; in S4 someone who
# did not stand.
PEOPLE = [
    ("S1", "Win One", "Lab", 400),
    ("S1", "Near One", "Con", 350),
    ("S1", "Ivy Ind", "Ind", 200),
    ("S1", "Low One", "LD", 50),
    ("S2", "Win Two", "Lab", 500),
    ("S2", "Rae Ind", "Ind", 300),
    ("S2", "Low Two", "Con", 200),
    ("S3", "Gil Green", "Green", 600),
    ("S3", "Lou Lab", "Lab", 400),
    ("S4", "Win Four", "Lab", 700),
    ("S4", "Con Four", "Con", 300),
]
STANCES = [
    ("S1", "Ivy Ind", "Ind", "support"),
    ("S1", "Win One", "Lab", "oppose"),
    ("S2", "Rae Ind", "Ind", "support"),
    ("S3", "Gil Green", "Green", "support"),
    ("S4", "Nobody Stood", "Green", "support"),
]


def candidates() -> pd.DataFrame:
    frame = pd.DataFrame(PEOPLE, columns=["constituency_code", "candidate_name", "party", "votes"])
    totals = frame.groupby("constituency_code")["votes"].transform("sum")
    frame["share"] = (frame["votes"] / totals * 100).round(4)
    frame["position"] = frame.groupby("constituency_code").cumcount() + 1
    frame["constituency_name"] = "Seat " + frame["constituency_code"]
    return frame


def seats(table: pd.DataFrame) -> pd.DataFrame:
    first = table[table["position"] == 1].set_index("constituency_code")
    second = table[table["position"] == 2].set_index("constituency_code")
    return pd.DataFrame(
        {
            "constituency_name": first["constituency_name"],
            "winner_candidate": first["candidate_name"],
            "winner_party": first["party"],
            "winner_votes": first["votes"],
            "winner_share": first["share"],
            "majority": first["votes"] - second["votes"],
            "second_candidate": second["candidate_name"],
            "second_party": second["party"],
            "second_share": second["share"],
        }
    ).reset_index()


@pytest.fixture()
def table() -> pd.DataFrame:
    people = candidates()
    stances = pd.DataFrame(
        [(code, f"Seat {code}", name, party, "G", stance) for code, name, party, stance in STANCES],
        columns=[
            "constituency_code",
            "constituency_name",
            "candidate_name",
            "party",
            "group",
            "stance",
        ],
    )
    joined = join_candidate_results(stances, people)
    return build_group_table(joined, seats(people), "G").set_index("constituency_code")


def test_backed_third_place_must_also_overtake_the_runner_up(table):
    # half the gap to the winner is (40 - 20) / 2 = 10, which leaves Near One (35%) ahead
    assert table.loc["S1", "swing_needed"] == pytest.approx(35.0 - 20.0)
    assert table.loc["S1", "backed_not_best_challenger"]


def test_backed_runner_up_winner_and_non_candidate(table):
    assert table.loc["S2", "swing_needed"] == pytest.approx((50.0 - 30.0) / 2)
    assert table.loc["S3", "swing_needed"] == 0
    assert pd.isna(table.loc["S4", "swing_needed"])


def test_the_group_figure_is_the_one_the_target_list_uses(table):
    people = candidates()
    measured = measure_swing_needed(people, leaders_from_candidates(people))
    by_person = dict(zip(people["candidate_name"], measured["swing_needed"], strict=True))
    for code, row in table[table["swing_needed"].notna()].iterrows():
        assert row["swing_needed"] == by_person[row["backed_candidate"]], code


def test_outcomes_of_the_backed_candidates(table):
    outcomes = classify_outcomes(table.reset_index(), seats(candidates()))
    assert outcomes.to_dict() == {
        "S1": groups.LOST_FAR,  # 40% against 20%: 20 points behind
        "S2": groups.LOST_FAR,  # 50% against 30%
        "S3": groups.WON,
        "S4": groups.BACKED_DID_NOT_STAND,
    }


def group_rows(*rows) -> pd.DataFrame:
    """Group table rows: (seat, backed share, backed position, opposed position)."""
    frame = pd.DataFrame(
        rows, columns=["constituency_code", "backed_share", "backed_position", "opposed_position"]
    )
    frame["backed_candidate"] = frame["backed_share"].map(lambda s: None if pd.isna(s) else "B")
    for column in ("backed_position", "opposed_position"):
        frame[column] = frame[column].astype("Int64")
    return frame


def test_the_gap_to_the_winner_sorts_the_lost_seats_ends_included_in_the_middle():
    table = group_rows(
        ("A", 45.1, 2, None),  # 4.9 points behind
        ("B", 45.0, 2, None),  # 5 points
        ("C", 35.0, 3, None),  # 15 points
        ("D", 34.9, 2, None),  # 15.1 points
        ("E", 50.0, 1, 2),  # won, and the opposed candidate was beaten
    )
    seat_table = pd.DataFrame(
        {"constituency_code": list("ABCDE"), "winner_share": [50.0, 50.0, 50.0, 50.0, 50.0]}
    )
    assert list(classify_outcomes(table, seat_table)) == [
        groups.LOST_CLOSE,
        groups.LOST_MIDDLE,
        groups.LOST_MIDDLE,
        groups.LOST_FAR,
        groups.WON,
    ]


def test_where_the_group_only_opposes_whether_the_opposed_candidate_was_beaten():
    table = group_rows(("A", None, None, 2), ("B", None, None, 1), ("C", None, None, None))
    table["backed_share"] = table["backed_share"].astype("Float64")
    seat_table = pd.DataFrame({"constituency_code": list("ABC"), "winner_share": [40.0] * 3})
    assert list(classify_outcomes(table, seat_table)) == [
        groups.OPPOSED_BEATEN,
        groups.OPPOSED_WON,
        groups.OPPOSED_DID_NOT_STAND,
    ]
    assert set(classify_outcomes(table, seat_table)) <= set(groups.OUTCOME_CATEGORIES)
