"""Swing arithmetic on small made-up seats (parties A, B, C; seats X1, X2...), and parsing.

These frames test the arithmetic only; facts about the 2024 election are tested on the real
data in tests/data.
"""

from __future__ import annotations

import math
import re

import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from targets import scenario_fit
from targets.errors import UnknownChoiceError
from targets.parties import build_party_registry
from targets.scenario import (
    Fit,
    ScenarioError,
    apply_swing,
    national_shares,
    run_scenario,
    scenario_from_text,
    vote_shares_2024,
)
from targets.scenario_changes import (
    describe_changes,
    describe_points,
    format_changes,
    format_nation_changes,
    parse_changes,
    parse_nation_changes,
    resolve_changes,
)
from targets.scenario_tables import (
    as_seat_table,
    count_seats,
    fit_notes,
    list_seat_changes,
    multiplier_warnings,
    project_seats,
    scenario_slug,
    target_notes,
)

PARTIES = ("A", "B", "C", "D")
# Every way a scenario can be refused once it has been read (see the scenario module).
REFUSALS = re.compile(
    "below 0|above 100|cannot add up to more than 100%|cannot add up to 100%|two changes|"
    "a change in every nation|did not stand|cannot grow it from nothing"
)


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


@pytest.fixture
def britain():
    """One seat in each of England, Scotland and Wales (1,000 votes each), one in NI."""
    return make_candidates(
        {
            "E1": [("a1", "A", 500), ("b1", "B", 300), ("c1", "C", 200)],
            "S1": [("a2", "A", 400), ("s2", "S", 400), ("b2", "B", 200)],
            "W1": [("a3", "A", 600), ("b3", "B", 400)],
            "N1": [("n4", "N", 600), ("m4", "M", 300), ("b4", "B", 100)],
        },
        nations={"E1": "England", "S1": "Scotland", "W1": "Wales", "N1": "Northern Ireland"},
    )


def shares(projected: pd.DataFrame, seat: str = "X1") -> dict[str, float]:
    rows = projected[projected["constituency_code"] == seat]
    return dict(zip(rows["candidate_name"], rows["projected_share"].round(9), strict=True))


def share_row(result, party: str, area: str) -> pd.Series:
    table = result.vote_shares
    return table[(table["party"] == party) & (table["area"] == area)].iloc[0]


# ---------------------------------------------------------------- uniform swing


def test_uniform_adds_points_and_flips(three_way):
    projected = apply_swing(three_way, {"A": -12, "B": 12})
    assert shares(projected) == {"a1": 38.0, "b1": 42.0, "c1": 20.0}
    winner = projected.loc[projected["projected_position"] == 1, "candidate_name"]
    assert winner.tolist() == ["b1"]


def test_what_the_named_changes_add_up_to_comes_from_the_others_pro_rata(three_way):
    # A +10 is achieved in full; B (30) and C (20) give up 10 points between them, 6 and 4.
    projected = apply_swing(three_way, {"A": 10})
    assert shares(projected) == {"a1": 60.0, "b1": 24.0, "c1": 16.0}
    projected = apply_swing(three_way, {"A": -10})
    assert shares(projected) == {"a1": 40.0, "b1": 36.0, "c1": 24.0}


def test_a_uniform_fall_below_0_in_one_seat_is_made_up_in_the_others():
    # A has 2% in X1 and 40% in X2 (1,000 votes each): 21% across both. A -5 would take X1
    # to -3, so A is 0 there and X2 falls by 8 instead: (0 + 32) / 2 = 16 = 21 - 5.
    candidates = make_candidates(
        {"X1": [("b1", "B", 980), ("a1", "A", 20)], "X2": [("b2", "B", 600), ("a2", "A", 400)]}
    )
    result = run_scenario(candidates, {"A": -5})
    assert shares(result.candidates, "X1") == {"b1": 100.0, "a1": 0.0}
    assert shares(result.candidates, "X2") == {"b2": 68.0, "a2": 32.0}
    applied = result.targets.iloc[0]
    assert (applied["uniform_points"], applied["seats_at_zero"]) == (pytest.approx(-8.0), 1)
    assert share_row(result, "A", "England")["change"] == pytest.approx(-5.0, abs=1e-12)
    assert target_notes(result.targets, {"A": "Party A"}) == [
        "Party A would fall below 0 in 1 seat(s) across England: it is 0 there, and its "
        "other seats move −8 so that the change across England is exactly −5."
    ]


def test_exact_tie_goes_to_the_2024_winner(three_way):
    projected = apply_swing(three_way, {"A": -10, "B": 10})
    assert shares(projected) == {"a1": 40.0, "b1": 40.0, "c1": 20.0}
    seats = project_seats(projected)
    assert seats.loc[0, "projected_candidate"] == "a1"
    assert not seats.loc[0, "changes_hands"]


def test_independents_take_their_part_of_the_difference_as_people():
    candidates = make_candidates({"X1": [("i1", "Ind", 400), ("a1", "A", 350), ("i2", "Ind", 250)]})
    projected = apply_swing(candidates, {"A": 10})
    # A 35 -> 45; the two independents (65 between them) give up 10, each pro rata.
    assert shares(projected) == pytest.approx({"i1": 40 * 55 / 65, "a1": 45.0, "i2": 25 * 55 / 65})
    assert projected["projected_position"].tolist() == [2, 1, 3]


def test_a_change_for_independents_is_refused():
    candidates = make_candidates({"X1": [("i1", "Ind", 400), ("a1", "A", 600)]})
    with pytest.raises(ScenarioError, match="independents are people"):
        apply_swing(candidates, {"Ind": 5})
    with pytest.raises(ScenarioError, match="independents are people"):
        apply_swing(candidates, {}, nation_changes={"England": {"Ind": 5}})


# ---------------------------------------------------------------- areas


def test_a_change_covers_great_britain_a_nation_party_its_nation(britain):
    result = run_scenario(britain, {"A": -3, "S": 2})
    # A stood in England, Scotland and Wales: -3 in each (3,000 votes, so -3 across GB).
    assert shares(result.candidates, "E1") == pytest.approx({"a1": 47, "b1": 31.8, "c1": 21.2})
    assert shares(result.candidates, "W1")["a3"] == pytest.approx(57)
    # S stood only in Scotland: +2 there. A -3 and S +2 free 1 point in S1, and B, the only
    # candidate not named there, takes it.
    assert shares(result.candidates, "S1") == pytest.approx({"a2": 37, "s2": 42, "b2": 21})
    assert shares(result.candidates, "N1") == pytest.approx({"n4": 60, "m4": 30, "b4": 10})
    assert share_row(result, "A", "Great Britain")["change"] == pytest.approx(-3)
    assert share_row(result, "S", "Scotland")["change"] == pytest.approx(2)
    assert share_row(result, "A", "Great Britain")["requested"] == -3
    assert math.isnan(share_row(result, "B", "Great Britain")["requested"])


def test_northern_ireland_parties_change_only_through_their_nation(britain):
    hint = re.escape('stood only in Northern Ireland: give its change for that nation, e.g. "')
    with pytest.raises(ScenarioError, match=hint + re.escape('Northern Ireland:N=+1"')):
        apply_swing(britain, {"N": 1})
    result = run_scenario(britain, {}, nation_changes={"Northern Ireland": {"N": 4}})
    assert shares(result.candidates, "N1") == pytest.approx({"n4": 64, "m4": 27, "b4": 9})
    assert shares(result.candidates, "E1") == pytest.approx({"a1": 50, "b1": 30, "c1": 20})


def test_a_great_britain_party_in_northern_ireland_is_left_alone_by_its_gb_change(britain):
    result = run_scenario(britain, {"B": 5})
    assert shares(result.candidates, "N1") == pytest.approx({"n4": 60, "m4": 30, "b4": 10})
    assert share_row(result, "B", "Great Britain")["change"] == pytest.approx(5)
    assert share_row(result, "B", "Northern Ireland")["change"] == pytest.approx(0)


def test_a_nation_change_holds_there_and_the_rest_of_gb_makes_up_the_difference(britain):
    # A -3 across GB (3,000 votes) with +3 in Scotland (1,000): England and Wales (2,000)
    # fall by (-3 * 3000 - 3 * 1000) / 2000 = -6.
    result = run_scenario(britain, {"A": -3}, nation_changes={"Scotland": {"A": 3}})
    assert shares(result.candidates, "E1")["a1"] == pytest.approx(44)
    assert shares(result.candidates, "W1")["a3"] == pytest.approx(54)
    assert shares(result.candidates, "S1")["a2"] == pytest.approx(43)
    assert share_row(result, "A", "Great Britain")["change"] == pytest.approx(-3)
    assert share_row(result, "A", "Scotland")["change"] == pytest.approx(3)
    derived = result.targets[result.targets["derived"]].iloc[0]
    assert (derived["area"], derived["points"]) == ("England and Wales", pytest.approx(-6))
    assert "A moves −6 across England and Wales" in target_notes(result.targets)[0]


def test_a_nation_change_alone_stays_in_that_nation():
    candidates = make_candidates(
        {
            "E1": [("a1", "A", 500), ("b1", "B", 500 - 1)],
            "S1": [("a2", "A", 500), ("b2", "B", 500 - 1)],
        },
        nations={"E1": "England", "S1": "Scotland"},
    )
    result = run_scenario(candidates, {"A": -1}, nation_changes={"Scotland": {"A": 3}})
    assert result.seat_changes["constituency_code"].tolist() == ["E1"]
    result = run_scenario(candidates, {}, nation_changes={"Scotland": {"A": -1}})
    assert result.seat_changes["constituency_code"].tolist() == ["S1"]


@pytest.mark.parametrize(
    ("changes", "nation_changes", "message"),
    [
        ({"S": 1}, {"Scotland": {"S": 2}}, "S is given two changes for Scotland"),
        (
            {"A": 1},
            {"England": {"A": 1}, "Scotland": {"A": 1}, "Wales": {"A": 1}},
            "A has a Great Britain change and a change in every nation",
        ),
        ({}, {"Scotland": {"C": 3}}, "C did not stand in Scotland"),
        ({"D": 3}, {}, "D did not stand anywhere"),
        ({}, {"Mercia": {"A": 3}}, "no seats in nation 'Mercia'"),
    ],
)
def test_changes_that_do_not_fit_the_seats_are_refused(britain, changes, nation_changes, message):
    with pytest.raises(ScenarioError, match=message):
        apply_swing(britain, changes, nation_changes=nation_changes)


# ---------------------------------------------------------------- what cannot happen


@pytest.mark.parametrize("model", ["uniform", "proportional"])
def test_a_share_below_0_across_the_area_is_refused(three_way, model):
    with pytest.raises(ScenarioError, match="A's share across England would fall below 0"):
        apply_swing(three_way, {"A": -50.5}, model=model)
    assert shares(apply_swing(three_way, {"A": -50}, model=model))["a1"] == 0.0


@pytest.mark.parametrize("model", ["uniform", "proportional"])
def test_a_share_above_100_across_the_area_is_refused(three_way, model):
    with pytest.raises(ScenarioError, match="A's share across England would rise above 100"):
        apply_swing(three_way, {"A": 50.5}, model=model)
    assert shares(apply_swing(three_way, {"A": 50}, model=model)) == {
        "a1": 100.0,
        "b1": 0.0,
        "c1": 0.0,
    }


def test_named_shares_adding_up_to_more_than_100_are_refused(three_way):
    # one seat: A 80 and B 60 cannot both be had, whatever the model
    for model in ("uniform", "proportional"):
        with pytest.raises(
            ScenarioError,
            match=re.escape(
                "A and B would need 140.0% of the valid votes between them across "
                "the 1 seat(s) where they stood: shares cannot add up to more than 100%"
            ),
        ):
            apply_swing(three_way, {"A": 30, "B": 30}, model=model)
    assert shares(apply_swing(three_way, {"A": 30, "B": -10})) == {"a1": 80, "b1": 20, "c1": 0}


def test_losses_with_nobody_to_take_them_are_refused(three_way):
    with pytest.raises(ScenarioError, match="every candidate has a change in 1 seat"):
        apply_swing(three_way, {"A": -5, "B": 2, "C": 2})
    assert shares(apply_swing(three_way, {"A": -5, "B": 3, "C": 2})) == {
        "a1": 45,
        "b1": 33,
        "c1": 22,
    }


# ---------------------------------------------------------------- the fit


def fitted_pair():
    """X1: A 40, B 40, C 20; X2: A 20, B 20, C 60 (1,000 votes each)."""
    return make_candidates(
        {
            "X1": [("a1", "A", 400), ("b1", "B", 400), ("c1", "C", 200)],
            "X2": [("a2", "A", 200), ("b2", "B", 200), ("c2", "C", 600)],
        }
    )


def test_where_the_others_run_out_the_named_are_scaled_and_refitted():
    # A +15 and B +15 (30 -> 45 each). Uniform +15 would give A 55 and B 55 in X1, where C
    # has only 20 to give (refused before the fit). With the fit C is 0 in X1 and A and B
    # are scaled to 50 each; their uniform change is refitted until each is 45 across both
    # seats: +20, so X2 is A 40, B 40, C 20 and (50 + 40) / 2 = 45.
    result = run_scenario(fitted_pair(), {"A": 15, "B": 15})
    assert shares(result.candidates, "X1") == pytest.approx({"a1": 50, "b1": 50, "c1": 0})
    assert shares(result.candidates, "X2") == pytest.approx({"a2": 40, "b2": 40, "c2": 20})
    assert result.fit.seats == 1 and result.fit.converged
    assert 0 < result.fit.iterations < 200 and result.fit.largest_gap <= 1e-9
    applied = result.targets.set_index("party")
    assert applied.loc["A", "uniform_points"] == pytest.approx(20)
    assert applied.loc["A", "seats_fitted"] == 1
    assert share_row(result, "A", "England")["change"] == pytest.approx(15, abs=1e-9)
    assert fit_notes(result.fit, result.targets, {"A": "Party A"}) == [
        "In 1 seat(s) the parties not named could not make up what the named changes add up "
        "to: they are at 0 there, and the named parties' shares are scaled to make 100. The "
        "changes were then refitted so that each is still exact across its area "
        f"({result.fit.iterations} iteration(s)): before that scaling, each party's share "
        "moves by: Party A +20, B +20."
    ]


def test_proportional_gains_beyond_a_seat_are_fitted():
    candidates = make_candidates(
        {"X1": [("a1", "A", 600), ("b1", "B", 400)], "X2": [("a2", "A", 200), ("b2", "B", 800)]}
    )
    # A +40 (40 -> 80) doubles A: 120% in X1 (refused before the fit). With it A is 100 in
    # X1 and its factor is refitted to 3: X2 is A 60, B 40, and (100 + 60) / 2 = 80.
    result = run_scenario(candidates, {"A": 40}, model="proportional")
    assert shares(result.candidates, "X1") == pytest.approx({"a1": 100, "b1": 0})
    assert shares(result.candidates, "X2") == pytest.approx({"a2": 60, "b2": 40})
    assert result.targets.iloc[0]["factor"] == pytest.approx(3)
    assert (result.fit.seats, result.fit.converged) == (1, True)
    assert (
        "each party's share is multiplied by: A ×3.000" in fit_notes(result.fit, result.targets)[0]
    )


def test_a_seat_where_every_candidate_is_named_is_fitted_when_others_can_give():
    # X1 has only A and B: A -5 and B +2 leave it at 97, so they are scaled up to 100 there,
    # and refitted so that A is exactly 45 and B exactly 42 across both seats.
    candidates = make_candidates(
        {
            "X1": [("a1", "A", 500), ("b1", "B", 500)],
            "X2": [("a2", "A", 500), ("b2", "B", 300), ("c2", "C", 200)],
        }
    )
    result = run_scenario(candidates, {"A": -5, "B": 2})
    assert result.fit.seats == 1 and result.fit.converged
    assert share_row(result, "A", "England")["share_projected"] == pytest.approx(45, abs=1e-9)
    assert share_row(result, "B", "England")["share_projected"] == pytest.approx(42, abs=1e-9)
    x1 = shares(result.candidates, "X1")
    assert x1["a1"] + x1["b1"] == pytest.approx(100)
    # what is left in X2 is C's: 100 - A - B there
    x2 = shares(result.candidates, "X2")
    assert x2["c2"] == pytest.approx(100 - x2["a2"] - x2["b2"])


def test_the_fit_gets_there_where_the_plain_refit_crawls(monkeypatch):
    # X0 (4 votes) has only A, B, C and D, each 25; X1 (2 votes) has D and an independent.
    # A, B and C are held at 25, so D must be 25 in X0, and its +1 across both seats
    # (33.33 -> 34.33) puts it at (6 * 34.33 - 4 * 25) / 2 = 53 in X1.
    candidates = make_candidates(
        {
            "X0": [("a", "A", 1), ("b", "B", 1), ("c", "C", 1), ("d", "D", 1)],
            "X1": [("d1", "D", 1), ("i1", "Ind", 1)],
        }
    )
    changes = {"A": 0.0, "B": 0.0, "C": 0.0, "D": 1.0}
    result = run_scenario(candidates, changes)
    assert result.fit.converged and result.fit.iterations < 20
    assert shares(result.candidates, "X0") == pytest.approx({"a": 25, "b": 25, "c": 25, "d": 25})
    assert shares(result.candidates, "X1") == pytest.approx({"d1": 53, "i1": 47})
    # the plain refit alone is still short after 200 rounds
    monkeypatch.setattr(scenario_fit._Fitting, "_newton", lambda *args: None)
    assert not run_scenario(candidates, changes).fit.converged


def test_no_fit_when_the_others_can_give_what_is_asked(three_way):
    result = run_scenario(three_way, {"A": 10})
    assert result.fit == Fit()  # 0 seats, 0 iterations, converged
    assert fit_notes(result.fit, result.targets) == []
    assert result.targets.iloc[0]["seats_fitted"] == 0


def test_a_fit_cut_short_is_reported_as_it_is(monkeypatch):
    # the plain refit alone (no Newton step), cut short after 2 rounds
    monkeypatch.setattr(scenario_fit._Fitting, "_newton", lambda *args: None)
    monkeypatch.setattr(scenario_fit, "MAX_FIT_ITERATIONS", 2)
    result = run_scenario(fitted_pair(), {"A": 15, "B": 15})
    assert (result.fit.iterations, result.fit.converged) == (2, False)
    achieved = share_row(result, "A", "England")["share_projected"]
    assert result.fit.largest_gap == pytest.approx(abs(45 - achieved), abs=1e-12)
    assert result.fit.largest_gap > 1e-3
    notes = fit_notes(result.fit, result.targets)
    assert notes[-1].startswith("The fit did not converge in 2 iteration(s): a change achieved")
    totals = result.candidates.groupby("constituency_code")["projected_share"].sum()
    assert totals.sub(100).abs().max() < 1e-9  # every seat still adds up


@pytest.mark.parametrize("value", [-100.5, 100.5, math.inf])
def test_out_of_range_change_is_refused(three_way, value):
    with pytest.raises(ScenarioError, match="outside"):
        apply_swing(three_way, {"A": value})


def test_unknown_model_is_refused(three_way):
    with pytest.raises(ScenarioError, match="unknown model 'cube'"):
        apply_swing(three_way, {}, model="cube")


# ---------------------------------------------------------------- proportional swing


def test_proportional_multiplies_by_new_over_old_across_the_area():
    candidates = make_candidates(
        {"X1": [("a1", "A", 600), ("b1", "B", 400)], "X2": [("a2", "A", 200), ("b2", "B", 800)]}
    )
    # A's share is 800 / 2000 = 40%; +10 points multiplies it by 50 / 40 = 1.25.
    assert national_shares(candidates)["A"] == pytest.approx(40.0)
    result = run_scenario(candidates, {"A": 10}, model="proportional")
    assert shares(result.candidates, "X1") == pytest.approx({"a1": 75, "b1": 25})
    assert shares(result.candidates, "X2") == pytest.approx({"a2": 25, "b2": 75})
    assert result.targets.iloc[0]["factor"] == pytest.approx(1.25)
    assert share_row(result, "A", "England")["share_projected"] == pytest.approx(50)


def test_a_large_proportional_multiplier_is_warned_about():
    candidates = make_candidates(
        {"X1": [("a1", "A", 900), ("c1", "C", 100)], "X2": [("a2", "A", 950), ("c2", "C", 50)]}
    )
    result = run_scenario(candidates, {"C": 25}, model="proportional")  # 7.5% -> 32.5%
    assert result.large_multipliers()["party"].tolist() == ["C"]
    assert multiplier_warnings(result.targets, {"C": "Party C"}) == [
        "Proportional swing multiplies Party C's share 4.3-fold in every seat where it stood "
        "across England (7.5% → 32.5%): it grows most where it was already strongest. Uniform "
        "swing may suit a small party better."
    ]
    assert run_scenario(candidates, {"C": 25}).large_multipliers().empty
    assert run_scenario(candidates, {"C": 10}, model="proportional").large_multipliers().empty


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
    # A did not stand in X3: B's 3 points there come from C, the one not named.
    assert shares(result.candidates, "X3") == pytest.approx({"c3": 57, "b3": 43})


def test_near_misses_are_the_seats_decided_by_under_the_margin():
    candidates = make_candidates(
        {
            "X1": [("a1", "A", 500), ("b1", "B", 490), ("c1", "C", 10)],
            "X2": [("a2", "A", 700), ("b2", "B", 300)],
            "X3": [("a3", "A", 520), ("b3", "B", 480)],
        }
    )
    result = run_scenario(candidates, {"A": -1, "B": 1})
    near = result.near_misses(2.0)
    assert near["constituency_code"].tolist() == ["X1"]  # B by 1 point; X3 is A's by 2
    assert near.loc[0, "projected_party"] == "B" and bool(near.loc[0, "changes_hands"])
    assert result.near_misses(3.0)["constituency_code"].tolist() == ["X1", "X3"]


def test_count_seats_lists_parties_that_lose_everything():
    candidates = make_candidates({"X1": [("a1", "A", 51), ("b1", "B", 49)]})
    totals = count_seats(project_seats(apply_swing(candidates, {"A": -3})))
    assert totals.set_index("party")["seats_projected"].to_dict() == {"B": 1, "A": 0}
    assert list_seat_changes(project_seats(apply_swing(candidates, {}))).empty


def test_vote_shares_cover_every_party_in_its_area_and_nations(britain):
    table = vote_shares_2024(britain)
    home = table[table["home"]].set_index("party")["area"].to_dict()
    assert home == {
        "A": "Great Britain",
        "B": "Great Britain",
        "C": "England",
        "S": "Scotland",
        "N": "Northern Ireland",
        "M": "Northern Ireland",
    }
    b = table[table["party"] == "B"].set_index("area")
    assert b["share_2024"].to_dict() == pytest.approx(
        {"Great Britain": 30, "England": 30, "Scotland": 20, "Wales": 40, "Northern Ireland": 10}
    )
    c = table[table["party"] == "C"].iloc[0]
    assert (c["share_2024"], c["area_share_2024"]) == (pytest.approx(20), pytest.approx(20))
    # A's share where it stood in GB is 50%; of every GB vote it is 50% too (it stood in all).
    assert (table["change"] == 0).all()


# ---------------------------------------------------------------- reading text


def test_scenario_from_text_reads_resolves_and_runs(britain):
    registry = build_party_registry(britain)
    result = scenario_from_text("a=-3", "scotland:A=+3", "uniform", britain, registry)
    assert result.changes == {"A": -3.0}
    assert result.nation_changes == {"Scotland": {"A": 3.0}}
    assert shares(result.candidates, "E1")["a1"] == pytest.approx(44)
    with pytest.raises(UnknownChoiceError, match="unknown party 'Whigs'"):
        scenario_from_text("Whigs=+1", "", "uniform", britain, registry)
    with pytest.raises(ScenarioError, match="unknown model"):
        scenario_from_text("", "", "cube", britain, registry)


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
    assert format_nation_changes({"Wales": {}, "Scotland": {"SNP": 1}}) == "Scotland:SNP=+1"
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


def test_changes_in_words():
    names = {"Lab": "Labour", "RUK": "Reform UK"}
    assert describe_changes({"Lab": -5, "RUK": 5, "SNP": 2.25}, names) == (
        "Labour −5, Reform UK +5, SNP +2.25"
    )
    assert [describe_points(v) for v in (0, 0.001, -1.5, 10)] == ["0", "0", "−1.5", "+10"]


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


moderate = st.floats(min_value=-30, max_value=30, allow_nan=False, allow_infinity=False)
change_sets = st.dictionaries(st.sampled_from(PARTIES), moderate, max_size=4)
some_changes = st.dictionaries(st.sampled_from(PARTIES), moderate, min_size=1, max_size=4)
models = st.sampled_from(["uniform", "proportional"])


def _stood(candidates: pd.DataFrame, changes: dict, nation: str | None = None) -> dict:
    scope = candidates if nation is None else candidates[candidates["nation"] == nation]
    return {p: v for p, v in changes.items() if p in set(scope["party"])}


def _share_across(candidates: pd.DataFrame, party: str, nations, column: str) -> float:
    """The party's share of the valid votes in the seats where it stood in ``nations``."""
    valid = candidates.groupby("constituency_code")["votes"].transform("sum")
    rows = (candidates["party"] == party) & candidates["nation"].isin(nations)
    shares = candidates["votes"] / valid * 100 if column == "votes" else candidates[column]
    return float((shares[rows] * valid[rows]).sum() / valid[rows].sum())


@settings(max_examples=200)
@given(elections(), some_changes, change_sets, models)
def test_named_changes_are_achieved_exactly(candidates, changes, scottish, model):
    changes = _stood(candidates, changes)
    scottish = _stood(candidates, scottish, "Scotland")
    nation_changes = {"Scotland": scottish} if scottish else {}
    try:
        result = run_scenario(candidates, changes, model, nation_changes)
    except ScenarioError as error:
        assert REFUSALS.search(str(error)), error
        return
    projected = result.candidates
    achieved = []
    for party, points in changes.items():
        area = set(candidates.loc[candidates["party"] == party, "nation"])
        before = _share_across(candidates, party, area, "votes")
        after = _share_across(projected, party, area, "projected_share")
        achieved.append((after - before, points))
    for party, points in scottish.items():
        before = _share_across(candidates, party, ["Scotland"], "votes")
        after = _share_across(projected, party, ["Scotland"], "projected_share")
        achieved.append((after - before, points))
    # what the scenario reports as achieved is what its seats add up to
    for row in result.targets.itertuples(index=False):
        nations = row.nations.split(", ")
        shown = _share_across(projected, row.party, nations, "projected_share")
        assert row.share_projected == pytest.approx(shown, abs=1e-9)
    if not result.fit.converged:
        # changes the model cannot meet together (no seat rules them out): said, not hidden
        assert result.fit.iterations == scenario_fit.MAX_FIT_ITERATIONS
        assert result.fit.largest_gap > 1e-9
        assert "did not converge" in fit_notes(result.fit, result.targets)[-1]
        return
    for got, points in achieved:
        assert got == pytest.approx(points, abs=1e-9)


@settings(max_examples=150)
@given(elections(), change_sets, models)
def test_projected_shares_stay_in_range_and_sum_to_100(candidates, changes, model):
    changes = _stood(candidates, changes)
    try:
        projected = apply_swing(candidates, changes, model=model)
    except ScenarioError as error:
        assert REFUSALS.search(str(error)), error
        return
    assert projected["projected_share"].between(0, 100).all()
    totals = projected.groupby("constituency_code")["projected_share"].sum()
    assert totals.sub(100).abs().max() < 1e-9
    winners = projected[projected["projected_position"] == 1].groupby("constituency_code").size()
    assert (winners == 1).all() and len(winners) == candidates["constituency_code"].nunique()
    independents = projected[projected["party"] == "Ind"]
    assert len(independents) == (candidates["party"] == "Ind").sum()


@settings(max_examples=150)
@given(elections(), st.sampled_from(PARTIES), st.floats(0, 1), models)
def test_one_party_falling_no_lower_than_0_is_always_possible(candidates, party, part, model):
    assume(party in set(candidates["party"]))
    area = set(candidates.loc[candidates["party"] == party, "nation"])
    share = _share_across(candidates, party, area, "votes")
    projected = apply_swing(candidates, {party: -share * part}, model=model)
    assert projected["projected_share"].between(0, 100).all()


@settings(max_examples=150)
@given(
    elections(),
    change_sets,
    st.sampled_from(PARTIES),
    st.floats(min_value=0, max_value=200, allow_nan=False),
)
def test_raising_a_party_uniform_change_never_loses_it_a_seat(candidates, changes, party, more):
    changes = _stood(candidates, changes)
    assume(party in set(candidates["party"]))
    # named in both: a party named at 0 is held there, where unnamed it would take its part
    named = {**changes, party: changes.get(party, 0.0)}
    try:
        first = run_scenario(candidates, named)
    except ScenarioError:
        assume(False)
    raised = {**named, party: min(named[party] + more, 100.0)}
    try:
        second = run_scenario(candidates, raised)
    except ScenarioError as error:
        assert REFUSALS.search(str(error)), error
        return
    if first.fit.seats or second.fit.seats:
        return  # the fit refits the other named parties too: they may win a seat it held
    before, after = first.seats, second.seats
    held = set(before.loc[before["projected_party"] == party, "constituency_code"])
    still = set(after.loc[after["projected_party"] == party, "constituency_code"])
    assert held <= still


@settings(max_examples=100)
@given(elections(), models)
def test_no_change_reproduces_the_result(candidates, model):
    zero = {party: 0.0 for party in set(candidates["party"]) - {"Ind"}}
    for changes in (zero, {}):
        projected = apply_swing(candidates, changes, model=model)
        assert projected["projected_position"].tolist() == candidates["position"].tolist()
        assert not project_seats(projected)["changes_hands"].any()


# ---------------------------------------------------------------- helpers for exports


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
    result = run_scenario(candidates, {"A": -2.3})
    # B takes the 2.3 points: X2 (gap 4.17) flips, X1 (gap 5.26) holds.
    assert result.seats_by_party() == {"A": 2, "B": 1}
    part = result.for_seats(["X2", "X3"])
    assert part.seats["constituency_code"].tolist() == ["X2", "X3"]
    assert part.seats_by_party() == {"A": 1, "B": 1}
    assert part.seat_changes["constituency_code"].tolist() == ["X2"]
    assert set(part.candidates["constituency_code"]) == {"X2", "X3"}
    assert part.vote_shares.equals(result.vote_shares)


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
