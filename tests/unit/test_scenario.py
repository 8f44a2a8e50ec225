"""Swing arithmetic on small made-up seats (parties A, B, C; seats X1, X2...), and parsing.

These frames test the arithmetic only; facts about the 2024 election are tested on the real
data in tests/data.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from targets.errors import UnknownChoiceError
from targets.parties import build_party_registry
from targets.scenario import (
    ScenarioError,
    apply_swing,
    as_seat_table,
    count_seats,
    format_changes,
    format_nation_changes,
    list_seat_changes,
    main_parties,
    national_shares,
    parse_changes,
    parse_nation_changes,
    project_seats,
    resolve_changes,
    run_scenario,
    scenario_slug,
    split_changes,
)

PARTIES = ("A", "B", "C", "D")


def make_candidates(seats: dict[str, list[tuple[str, str, int]]], nations=None) -> pd.DataFrame:
    """Candidate table from {seat: [(candidate, party, votes), ...]}, shares from votes."""
    rows = []
    for code, people in seats.items():
        total = sum(votes for _, _, votes in people)
        ranked = sorted(enumerate(people), key=lambda item: (-item[1][2], item[0]))
        for position, (_, (name, party, votes)) in enumerate(ranked, start=1):
            rows.append(
                {
                    "constituency_code": code,
                    "constituency_name": f"Seat {code}",
                    "nation": (nations or {}).get(code, "England"),
                    "region": "Somewhere",
                    "candidate_name": name,
                    "party": party,
                    "party_name": party,
                    "votes": votes,
                    "share": votes / total * 100,
                    "position": position,
                }
            )
    return pd.DataFrame(rows)


@pytest.fixture
def three_way():
    return make_candidates({"X1": [("a1", "A", 500), ("b1", "B", 300), ("c1", "C", 200)]})


def shares(projected: pd.DataFrame, seat: str = "X1") -> dict[str, float]:
    rows = projected[projected["constituency_code"] == seat]
    return dict(zip(rows["candidate_name"], rows["projected_share"].round(9), strict=True))


# ---------------------------------------------------------------- uniform swing


def test_uniform_adds_points_and_flips(three_way):
    projected = apply_swing(three_way, {"A": -12, "B": 12})
    assert shares(projected) == {"a1": 38.0, "b1": 42.0, "c1": 20.0}
    winner = projected.loc[projected["projected_position"] == 1, "candidate_name"]
    assert winner.tolist() == ["b1"]


def test_uniform_floors_at_zero_then_renormalises(three_way):
    projected = apply_swing(three_way, {"C": -30})
    assert shares(projected) == {"a1": 62.5, "b1": 37.5, "c1": 0.0}


def test_exact_tie_goes_to_the_2024_winner(three_way):
    projected = apply_swing(three_way, {"A": -10, "B": 10})
    assert shares(projected) == {"a1": 40.0, "b1": 40.0, "c1": 20.0}
    seats = project_seats(projected)
    assert seats.loc[0, "projected_candidate"] == "a1"
    assert not seats.loc[0, "changes_hands"]


def test_independents_keep_their_share_and_stay_people():
    candidates = make_candidates({"X1": [("i1", "Ind", 400), ("a1", "A", 350), ("i2", "Ind", 250)]})
    projected = apply_swing(candidates, {"A": 10})
    # raw: i1 40, a1 45, i2 25 -> total 110
    assert shares(projected) == pytest.approx(
        {"i1": 4000 / 110, "a1": 4500 / 110, "i2": 2500 / 110}
    )
    assert projected["candidate_name"].tolist() == ["i1", "a1", "i2"]
    assert projected["projected_position"].tolist() == [2, 1, 3]


def test_a_change_for_independents_is_refused():
    candidates = make_candidates({"X1": [("i1", "Ind", 400), ("a1", "A", 600)]})
    with pytest.raises(ScenarioError, match="independents are people"):
        apply_swing(candidates, {"Ind": 5})


def test_nation_change_replaces_the_uk_change():
    candidates = make_candidates(
        {
            "E1": [("a1", "A", 500), ("b1", "B", 500 - 1)],
            "S1": [("a2", "A", 500), ("b2", "B", 500 - 1)],
        },
        nations={"E1": "England", "S1": "Scotland"},
    )
    result = run_scenario(candidates, {"A": -1}, nation_changes={"Scotland": {"A": 1}})
    assert result.seat_changes["constituency_code"].tolist() == ["E1"]
    assert result.seats.set_index("constituency_code")["projected_party"].to_dict() == {
        "E1": "B",
        "S1": "A",
    }


def test_party_that_did_not_stand_in_the_nation_is_refused():
    candidates = make_candidates(
        {"E1": [("a1", "A", 5), ("b1", "B", 4)], "S1": [("a2", "A", 5), ("c2", "C", 4)]},
        nations={"E1": "England", "S1": "Scotland"},
    )
    with pytest.raises(ScenarioError, match="B did not stand in Scotland"):
        apply_swing(candidates, {}, nation_changes={"Scotland": {"B": 3}})
    with pytest.raises(ScenarioError, match="D did not stand anywhere"):
        apply_swing(candidates, {"D": 3})


@pytest.mark.parametrize("value", [-100.5, 100.5, math.inf])
def test_out_of_range_change_is_refused(three_way, value):
    with pytest.raises(ScenarioError, match="outside"):
        apply_swing(three_way, {"A": value})


def test_unknown_model_is_refused(three_way):
    with pytest.raises(ScenarioError, match="unknown model 'cube'"):
        apply_swing(three_way, {}, model="cube")


def test_a_seat_where_everyone_falls_to_zero_is_an_error(three_way):
    with pytest.raises(ScenarioError, match="every candidate falls to zero in 1 seat"):
        apply_swing(three_way, {"A": -60, "B": -40, "C": -20})


# ---------------------------------------------------------------- proportional swing


def test_proportional_scales_by_the_national_ratio():
    candidates = make_candidates(
        {"X1": [("a1", "A", 600), ("b1", "B", 400)], "X2": [("a2", "A", 200), ("b2", "B", 800)]}
    )
    # A's national share is 800 / 2000 = 40%; +10 points makes the ratio 50 / 40 = 1.25.
    assert national_shares(candidates)["A"] == pytest.approx(40.0)
    projected = apply_swing(candidates, {"A": 10}, model="proportional")
    assert shares(projected, "X1") == pytest.approx({"a1": 75 / 115 * 100, "b1": 40 / 115 * 100})
    assert shares(projected, "X2") == pytest.approx({"a2": 25 / 105 * 100, "b2": 80 / 105 * 100})


def test_proportional_floors_the_national_share_at_zero():
    candidates = make_candidates({"X1": [("a1", "A", 600), ("b1", "B", 300), ("c1", "C", 100)]})
    projected = apply_swing(candidates, {"A": -80}, model="proportional")
    assert shares(projected) == {"a1": 0.0, "b1": 75.0, "c1": 25.0}


# ---------------------------------------------------------------- summaries


def test_totals_and_seats_changing_hands():
    candidates = make_candidates(
        {
            "X1": [("a1", "A", 500), ("b1", "B", 450), ("c1", "C", 50)],
            "X2": [("a2", "A", 700), ("b2", "B", 300)],
            "X3": [("c3", "C", 600), ("b3", "B", 400)],
        }
    )
    result = run_scenario(candidates, {"A": -3, "B": 3})
    assert result.totals.to_dict("records") == [
        {"party": "A", "seats_2024": 2, "seats_projected": 1, "change": -1},
        {"party": "C", "seats_2024": 1, "seats_projected": 1, "change": 0},
        {"party": "B", "seats_2024": 0, "seats_projected": 1, "change": 1},
    ]
    moved = result.seat_changes
    assert moved[["constituency_code", "from_party", "to_party"]].to_dict("records") == [
        {"constituency_code": "X1", "from_party": "A", "to_party": "B"}
    ]
    assert moved.loc[0, "new_margin_pct"] == pytest.approx(48 - 47)
    assert result.seats_by_party() == {"A": 1, "B": 1, "C": 1}


def test_count_seats_lists_parties_that_lose_everything():
    candidates = make_candidates({"X1": [("a1", "A", 51), ("b1", "B", 49)]})
    totals = count_seats(project_seats(apply_swing(candidates, {"A": -3})))
    assert totals.set_index("party")["seats_projected"].to_dict() == {"B": 1, "A": 0}
    assert list_seat_changes(project_seats(apply_swing(candidates, {}))).empty


# ---------------------------------------------------------------- parsing


def test_parse_changes_reads_signs_decimals_and_spaces():
    assert parse_changes("Lab=-5,RUK=+5, Green = 1.5 ,Reform UK=−2,") == {
        "Lab": -5.0,
        "RUK": 5.0,
        "Green": 1.5,
        "Reform UK": -2.0,
    }
    assert parse_changes("") == {}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Lab", "write PARTY=\\+X"),
        ("=5", "the party is missing"),
        ("Lab=five", "'five' is not a number"),
        ("Lab=nan", "'nan' is not a number"),
        ("Lab=1e3", "'1e3' is not a number"),
        ("Lab=5%", "'5%' is not a number"),
        ("Lab=-101", "out of range"),
        ("Lab=+100.01", "out of range"),
        ("Lab=1,lab=2", "more than one change"),
    ],
)
def test_parse_changes_errors_say_what_is_wrong(text, message):
    with pytest.raises(ScenarioError, match=message):
        parse_changes(text)


def test_nation_changes_parse_and_format():
    text = "Scotland:SNP=+5,Lab=-2;Wales:PC=+3"
    parsed = parse_nation_changes(text)
    assert parsed == {"Scotland": {"SNP": 5.0, "Lab": -2.0}, "Wales": {"PC": 3.0}}
    assert format_nation_changes(parsed) == text
    with pytest.raises(ScenarioError, match="NATION:PARTY"):
        parse_nation_changes("SNP=+5")
    with pytest.raises(ScenarioError, match="more than once"):
        parse_nation_changes("Wales:PC=1;wales:PC=2")


def test_resolve_changes_by_name_with_clear_errors():
    registry = build_party_registry()
    assert resolve_changes({"labour": -5, "Reform UK": 5}, registry, ["Lab", "RUK"]) == {
        "Lab": -5.0,
        "RUK": 5.0,
    }
    with pytest.raises(UnknownChoiceError, match="unknown party 'Whigs'; choose from: Lab"):
        resolve_changes({"Whigs": 1}, registry, ["Lab", "Ind"])
    with pytest.raises(ScenarioError, match="independents are people"):
        resolve_changes({"Independent": 1}, registry, ["Lab", "Ind"])
    with pytest.raises(ScenarioError, match="more than one change"):
        resolve_changes({"Lab": 1, "Labour": 2}, registry, ["Lab"])


points = st.floats(min_value=-100, max_value=100, allow_nan=False, allow_infinity=False)


@given(st.dictionaries(st.sampled_from(["Lab", "Con", "Reform UK", "SNP"]), points, max_size=4))
def test_changes_round_trip_exactly(changes):
    assert parse_changes(format_changes(changes)) == changes


# ---------------------------------------------------------------- properties


@st.composite
def elections(draw):
    """A few made-up seats, each with 2-6 candidates: parties A-D once each, any independents."""
    seats = {}
    nations = {}
    for number in range(draw(st.integers(1, 5))):
        code = f"X{number}"
        parties = draw(st.lists(st.sampled_from(PARTIES), unique=True, min_size=0, max_size=4))
        independents = draw(st.integers(0 if len(parties) >= 2 else 2 - len(parties), 2))
        names = [*parties, *(["Ind"] * independents)]
        votes = draw(st.lists(st.integers(1, 50_000), min_size=len(names), max_size=len(names)))
        seats[code] = [
            (f"{code}-{i}", party, vote)
            for i, (party, vote) in enumerate(zip(names, votes, strict=True))
        ]
        nations[code] = draw(st.sampled_from(["England", "Scotland"]))
    return make_candidates(seats, nations)


change_sets = st.dictionaries(st.sampled_from(PARTIES), points, max_size=4)


def _stood(candidates: pd.DataFrame, changes: dict) -> dict:
    return {p: v for p, v in changes.items() if p in set(candidates["party"])}


@settings(max_examples=150, deadline=None)
@given(elections(), change_sets, st.sampled_from(["uniform", "proportional"]))
def test_projected_shares_stay_in_range_and_sum_to_100(candidates, changes, model):
    changes = _stood(candidates, changes)
    try:
        projected = apply_swing(candidates, changes, model=model)
    except ScenarioError as error:
        assert "falls to zero" in str(error)
        raw = candidates["share"] + candidates["party"].map(changes).fillna(0)
        if model == "proportional":
            national = national_shares(candidates)
            ratio = candidates["party"].map(
                {p: max(national[p] + v, 0) / national[p] for p, v in changes.items()}
            )
            raw = candidates["share"] * ratio.fillna(1)
        seat_best = raw.groupby(candidates["constituency_code"]).max()
        assert (seat_best <= 0).any()
        return
    assert projected["projected_share"].between(0, 100).all()
    totals = projected.groupby("constituency_code")["projected_share"].sum()
    assert totals.sub(100).abs().max() < 1e-9
    winners = projected[projected["projected_position"] == 1].groupby("constituency_code").size()
    assert (winners == 1).all() and len(winners) == candidates["constituency_code"].nunique()
    independents = projected[projected["party"] == "Ind"]
    assert len(independents) == (candidates["party"] == "Ind").sum()


@settings(max_examples=150, deadline=None)
@given(
    elections(),
    change_sets,
    st.sampled_from(PARTIES),
    st.floats(min_value=0, max_value=200, allow_nan=False),
)
def test_raising_a_party_uniform_change_never_loses_it_a_seat(candidates, changes, party, more):
    changes = _stood(candidates, changes)
    assume(party in set(candidates["party"]))
    try:
        before = project_seats(apply_swing(candidates, changes))
    except ScenarioError:
        assume(False)
    raised = {**changes, party: min(changes.get(party, 0.0) + more, 100.0)}
    after = project_seats(apply_swing(candidates, raised))
    held = set(before.loc[before["projected_party"] == party, "constituency_code"])
    still = set(after.loc[after["projected_party"] == party, "constituency_code"])
    assert held <= still


@settings(max_examples=100, deadline=None)
@given(elections(), st.sampled_from(["uniform", "proportional"]))
def test_no_change_reproduces_the_result(candidates, model):
    zero = {party: 0.0 for party in set(candidates["party"]) - {"Ind"}}
    projected = apply_swing(candidates, zero, model=model)
    assert projected["projected_position"].tolist() == candidates["position"].tolist()
    assert not project_seats(projected)["changes_hands"].any()


# ---------------------------------------------------------------- helpers for the page


def test_main_parties_by_share_without_independents():
    candidates = make_candidates(
        {
            "X1": [("a1", "A", 600), ("i1", "Ind", 300), ("b1", "B", 95), ("c1", "C", 5)],
        }
    )
    assert main_parties(candidates, min_share=1.0) == ["A", "B"]
    assert main_parties(candidates, min_share=0.1) == ["A", "B", "C"]


def test_split_changes_by_shown_parties():
    shown, rest = split_changes({"lab": -5, "WPB": 2, "Con": 1}, ["Lab", "Con"])
    assert shown == {"Lab": -5.0, "Con": 1.0}
    assert rest == {"WPB": 2.0}


def test_scenario_slug_is_file_name_safe():
    assert scenario_slug({}) == "uniform_no-change"
    assert (
        scenario_slug({"Lab": -5, "RUK": 2.5}, "proportional", {"Northern Ireland": {"SF": 1}})
        == "proportional_lab-5_ruk+2.5_northern-ireland-sf+1"
    )


def test_for_seats_limits_totals_and_changes():
    candidates = make_candidates(
        {
            "X1": [("a1", "A", 500), ("b1", "B", 450)],
            "X2": [("a2", "A", 500), ("b2", "B", 460)],
            "X3": [("a3", "A", 900), ("b3", "B", 100)],
        }
    )
    result = run_scenario(candidates, {"A": -5})
    assert result.seats_by_party() == {"A": 2, "B": 1}  # only X2 (gap 4.17 points) flips
    part = result.for_seats(["X2", "X3"])
    assert part.seats["constituency_code"].tolist() == ["X2", "X3"]
    assert part.seats_by_party() == {"A": 1, "B": 1}
    assert part.seat_changes["constituency_code"].tolist() == ["X2"]
    assert set(part.candidates["constituency_code"]) == {"X2", "X3"}


def test_as_seat_table_puts_the_projection_in_the_winner_columns():
    candidates = make_candidates({"X1": [("a1", "A", 500), ("b1", "B", 450), ("c1", "C", 50)]})
    seats = pd.DataFrame(
        {
            "constituency_code": ["X1"],
            "constituency_name": ["Seat X1"],
            "winner_party": ["A"],
            "winner_candidate": ["a1"],
            "winner_votes": [500],
            "winner_share": [50.0],
            "second_party": ["B"],
            "second_candidate": ["b1"],
            "second_votes": [450],
            "second_share": [45.0],
            "majority": [50],
            "majority_pct": [5.0],
            "valid_votes": [1000],
        }
    )
    table = as_seat_table(seats, run_scenario(candidates, {"A": -5, "B": 5}).seats)
    row = table.iloc[0]
    assert (row["winner_party"], row["winner_candidate"], row["winner_share"]) == ("B", "b1", 50.0)
    assert (row["second_party"], row["second_candidate"], row["second_share"]) == ("A", "a1", 45.0)
    assert row["majority_pct"] == 5.0
    assert row["majority"] == 50  # estimated on 2024's 1,000 valid votes
    assert row["party_2024"] == "A" and bool(row["changes_hands"])
    assert pd.isna(row["winner_votes"])
