"""The group table's swing needed on hand-made frames: the same figure as the target list."""

from __future__ import annotations

import pandas as pd
import pytest

from targets.endorsements import join_candidate_results
from targets.groups import build_group_table
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
