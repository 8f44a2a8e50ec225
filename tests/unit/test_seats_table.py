"""The seat table from hand-made frames: winner, runner-up, majority, turnout, stances."""

import pandas as pd
import pytest

from targets.seats import build_seat_table, seats_won_by_party

# Two made-up seats; the figures are chosen for easy arithmetic, not taken from any result.
CANDIDATES = pd.DataFrame(
    {
        "constituency_code": ["E1", "E1", "E1", "E2", "E2"],
        "constituency_name": ["Alpha", "Alpha", "Alpha", "Beta", "Beta"],
        "candidate_name": ["Ann", "Bob", "Cy", "Di", "Ed"],
        "party": ["Lab", "Ind", "Ind", "Con", "Green"],
        "votes": [500, 300, 200, 600, 400],
        "share": [50.0, 30.0, 20.0, 60.0, 40.0],
        "change": [1.0, None, None, -2.0, 3.0],
        "position": [1, 2, 3, 1, 2],
    }
)
CONSTITUENCIES = pd.DataFrame(
    {
        "constituency_code": ["E1", "E2"],
        "constituency_name": ["Alpha", "Beta"],
        "nation": ["England", "England"],
        "region": ["London", "South East"],
        "electorate": [2000, 4000],
        "valid_votes": [1000, 1000],
        "result": ["Lab hold", "Con gain from Lab"],
    }
)
NOTIONAL = pd.DataFrame(
    {
        "constituency_code": ["E1", "E2"],
        "notional_2019_winner": ["Lab", "Lab"],
        "notional_2019_majority": [100, 50],
    }
)
ENDORSEMENTS = pd.DataFrame(
    {
        "constituency_code": ["E1", "E1"],
        "candidate_name": ["Bob", "Ann"],
        "party": ["Ind", "Lab"],
        "group": ["Group A", "Group A"],
        "stance": ["support", "oppose"],
    }
)


@pytest.fixture()
def table():
    return build_seat_table(CANDIDATES, CONSTITUENCIES, NOTIONAL, ENDORSEMENTS).set_index(
        "constituency_code"
    )


def test_winner_runner_up_and_majority(table):
    alpha = table.loc["E1"]
    assert (alpha["winner_candidate"], alpha["second_candidate"]) == ("Ann", "Bob")
    assert alpha["majority"] == 200
    assert alpha["majority_pct"] == pytest.approx(20.0)
    # two independents stay two people: the runner-up is Bob, not "Ind" with 500 votes
    assert alpha["second_votes"] == 300


def test_turnout_is_valid_votes_over_electorate_and_gain_is_read_from_the_result(table):
    assert table.loc["E1", "turnout_pct"] == pytest.approx(50.0)
    assert table.loc["E2", "turnout_pct"] == pytest.approx(25.0)
    assert not table.loc["E1", "gain"]
    assert table.loc["E2", "gain"]


def test_stances_are_summarised_per_seat(table):
    assert table.loc["E1", "backing_groups"] == "Group A"
    assert table.loc["E1", "opposing_groups"] == "Group A"
    assert table.loc["E1", "backed_candidate"] == "Bob"
    assert table.loc["E2", "backing_groups"] == ""


def test_derived_2019_share_is_share_minus_change(table):
    assert table.loc["E2", "derived_2019_share_con"] == pytest.approx(62.0)
    assert table.loc["E2", "derived_2019_share_green"] == pytest.approx(37.0)


def test_seats_won_by_party_counts_winners():
    table = build_seat_table(CANDIDATES, CONSTITUENCIES, NOTIONAL)
    registry = pd.DataFrame(
        {"party": ["Lab", "Con"], "party_name": ["Labour", "Conservative"], "colour": ["r", "b"]}
    ).set_index("party", drop=False)
    won = seats_won_by_party(table, registry)
    assert won.set_index("party")["seats"].to_dict() == {"Lab": 1, "Con": 1}
