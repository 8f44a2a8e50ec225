"""Scenarios on the real 2024 results, checked against a computation of their own.

The check reads the Commons Library's candidate file with the csv module (not the library's
loaders) and works each scenario out seat by seat in plain Python, straight from the rule:
a named party's share moves by X in every seat where it stood (uniform; at 0 where that
would go below, the rest found by narrowing the set of seats above 0 until it holds) or is
multiplied by (S+X)/S (proportional), and the candidates not named share out the
difference in proportion to their shares. Where they cannot (they would go below 0), they
are at 0 and the named parties are scaled to make 100 in that seat; then each named party's
points (uniform) or factor (proportional) is refitted by the gap left, and the seats are
worked out again, until every named party is on its share to 1e-10.
"""

from __future__ import annotations

import csv
import io
from collections import Counter, defaultdict
from dataclasses import dataclass

import pytest

from targets import polls
from targets.data import sources
from targets.data.polls import load_polls
from targets.scenario import run_scenario

GB = ("England", "Scotland", "Wales")
NATION_OF_CODE = {"E": "England", "S": "Scotland", "W": "Wales", "N": "Northern Ireland"}


@pytest.fixture(scope="module")
def seats(data_paths) -> dict[str, list[dict]]:
    """Seat code -> its candidates as read from the published file: party, votes, nation."""
    raw = sources.data_path("results_candidates").read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252")
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("ONS ID"))
    found: dict[str, list[dict]] = defaultdict(list)
    for row in csv.DictReader(io.StringIO("\n".join(lines[start:]))):
        code = row["ONS ID"].strip()
        found[code].append(
            {
                "party": row["Party abbreviation"].strip(),
                "votes": int(row["Votes"].replace(",", "")),
                "nation": NATION_OF_CODE[code[0]],
            }
        )
    assert len(found) == 650
    return found


def _shift_with_floor(rows: list[dict], aim: float) -> float:
    """The uniform shift that puts the rows' weighted mean at ``aim``, none below 0."""
    total = sum(row["valid"] for row in rows)
    above = rows
    while True:
        weight = sum(row["valid"] for row in above)
        votes = sum(row["valid"] * row["share"] for row in above)
        shift = (aim * total - votes) / weight
        still = [row for row in above if row["share"] + shift > 0]
        if len(still) == len(above):
            return shift
        above = still


def _table(seats) -> list[dict]:
    table = []
    for code, people in seats.items():
        valid = sum(person["votes"] for person in people)
        for order, person in enumerate(sorted(people, key=lambda p: -p["votes"])):
            share = person["votes"] / valid * 100
            table.append({**person, "code": code, "order": order, "valid": valid})
            table[-1] |= {"share": share, "new": share, "named": False}
    return table


def _spread(rows: list[dict], before: float, aim: float, model: str) -> None:
    if model == "proportional":
        for row in rows:
            row["new"] = row["share"] * aim / before
        return
    shift = aim - before
    if any(row["share"] + shift < 0 for row in rows):
        shift = _shift_with_floor(rows, aim)
    for row in rows:
        row["new"] = max(row["share"] + shift, 0.0)


def _share_out(by_seat: dict[str, list[dict]]) -> int:
    """Every seat back to 100: the others pro rata, or at 0 with the named scaled."""
    fitted = 0
    for people in by_seat.values():
        named = [row for row in people if row["named"]]
        others = [row for row in people if not row["named"]]
        gained = sum(row["new"] - row["share"] for row in named)
        room = sum(row["share"] for row in others)
        if gained <= room + 1e-9 and not (room <= 1e-9 and gained < -1e-9):
            for row in named:
                row["final"] = row["new"]
            for row in others:
                row["final"] = row["share"] * (room - gained) / room if room > 0 else 0.0
        else:
            fitted += 1
            total = sum(row["new"] for row in named)
            for row in named:
                row["final"] = row["new"] * 100 / total
            for row in others:
                row["final"] = 0.0
    return fitted


@dataclass
class Worked:
    """The independent projection: seats won, each seat's total, each party's share."""

    won: Counter
    seat_totals: dict[str, float]
    before: dict[tuple[str, str], float]
    achieved: dict[tuple[str, str], float]
    fitted: int
    rounds: int


def _plans(table: list[dict], changes, nation_changes) -> list[dict]:
    """Each named change: its rows, its 2024 share there and the share it asks for."""
    areas = []
    for party, points in (changes or {}).items():
        stood = {row["nation"] for row in table if row["party"] == party} & set(GB)
        areas.append((party, stood, points))
    for nation, scoped in (nation_changes or {}).items():
        areas += [(party, {nation}, points) for party, points in scoped.items()]
    plans = []
    for party, nations, points in areas:
        rows = [row for row in table if row["party"] == party and row["nation"] in nations]
        valid = sum(row["valid"] for row in rows)
        before = sum(row["votes"] for row in rows) / valid * 100
        for row in rows:
            row["named"] = True
        plans.append({"key": (party, "/".join(sorted(nations))), "rows": rows, "valid": valid})
        plans[-1] |= {"before": before, "goal": before + points, "aim": before + points}
    return plans


def _fit(plans: list[dict], by_seat: dict[str, list[dict]], model: str) -> tuple[int, int]:
    """Work the seats out, refitting each change by the gap it leaves; (fitted, rounds)."""
    rounds = 0
    while True:
        for plan in plans:
            _spread(plan["rows"], plan["before"], plan["aim"], model)
        fitted = _share_out(by_seat)
        for plan in plans:
            plan["got"] = sum(r["valid"] * r["final"] for r in plan["rows"]) / plan["valid"]
        gap = max((abs(plan["goal"] - plan["got"]) for plan in plans), default=0.0)
        if not fitted or gap <= 1e-10 or rounds >= 500:
            return fitted, rounds
        rounds += 1
        for plan in plans:
            if model == "proportional":
                plan["aim"] *= plan["goal"] / plan["got"]
            else:
                plan["aim"] += plan["goal"] - plan["got"]


def project(seats, changes=None, model="uniform", nation_changes=None) -> Worked:
    """The scenario worked out from the rule, with the fit."""
    table = _table(seats)
    plans = _plans(table, changes, nation_changes)
    by_seat = defaultdict(list)
    for row in table:
        by_seat[row["code"]].append(row)
    fitted, rounds = _fit(plans, by_seat, model)
    won = Counter()
    for people in by_seat.values():
        winner = max(people, key=lambda row: (row["final"], -row["order"]))
        won[winner["party"]] += 1
    return Worked(
        won=won,
        seat_totals={code: sum(r["final"] for r in people) for code, people in by_seat.items()},
        before={plan["key"]: plan["before"] for plan in plans},
        achieved={plan["key"]: plan["got"] for plan in plans},
        fitted=fitted,
        rounds=rounds,
    )


POLL_LIKE = {"Lab": -15.4, "Con": -5.3, "RUK": 11.7, "LD": -0.5, "Green": 8.8}
SCENARIOS = [
    ({"Lab": -5, "RUK": 5}, "uniform", {}),
    ({"Lab": -5, "RUK": 5}, "proportional", {}),
    ({"Green": 5}, "proportional", {}),
    ({"Con": 3, "LD": -2}, "uniform", {}),
    ({}, "uniform", {"Scotland": {"SNP": 5}}),
    ({"RUK": 10}, "proportional", {"Northern Ireland": {"SF": 3, "DUP": -3}}),
    # refused before the fit: in 55 (uniform) and 171 (proportional) seats the parties not
    # named had less than the named ones would gain
    (POLL_LIKE, "uniform", {}),
    (POLL_LIKE, "proportional", {}),
]


@pytest.mark.parametrize(("changes", "model", "nation_changes"), SCENARIOS)
def test_seat_totals_equal_an_independent_computation(
    seat_data, seats, changes, model, nation_changes
):
    result = run_scenario(seat_data.candidates, changes, model, nation_changes)
    expected = project(seats, changes, model, nation_changes)
    assert result.seats_by_party() == dict(expected.won)
    assert sum(expected.won.values()) == 650
    assert result.fit.seats == expected.fitted
    assert result.fit.converged
    asked = [*(changes or {}).values(), *(x for n in nation_changes.values() for x in n.values())]
    for key, points in zip(expected.before, asked, strict=True):
        assert expected.achieved[key] - expected.before[key] == pytest.approx(points, abs=1e-9)


def test_labour_minus_5_reform_plus_5_seat_totals(seat_data):
    # Recorded when the rule changed (the old model gave 355/159/16 and 342/157/31).
    uniform = run_scenario(seat_data.candidates, {"Lab": -5, "RUK": 5}).seats_by_party()
    assert (uniform["Lab"], uniform["Con"], uniform["RUK"]) == (354, 160, 16)
    proportional = run_scenario(
        seat_data.candidates, {"Lab": -5, "RUK": 5}, "proportional"
    ).seats_by_party()
    assert (proportional["Lab"], proportional["Con"], proportional["RUK"]) == (341, 154, 34)


@pytest.mark.parametrize("model", ["uniform", "proportional"])
def test_reform_plus_10_is_achieved_in_full(seat_data, model):
    result = run_scenario(seat_data.candidates, {"RUK": 10, "Lab": -10}, model)
    shares = result.vote_shares.set_index(["party", "area"])
    assert shares.loc[("RUK", "Great Britain"), "change"] == pytest.approx(10, abs=1e-9)
    assert shares.loc[("Lab", "Great Britain"), "change"] == pytest.approx(-10, abs=1e-9)
    # 609 seats: every GB seat where Reform stood; Northern Ireland is left as it was.
    assert shares.loc[("RUK", "Great Britain"), "candidates"] == 609
    assert shares.loc[("SF", "Northern Ireland"), "change"] == pytest.approx(0, abs=1e-12)


def test_snp_change_is_across_scotland(seat_data):
    as_party = run_scenario(seat_data.candidates, {"SNP": 5})
    as_nation = run_scenario(seat_data.candidates, {}, nation_changes={"Scotland": {"SNP": 5}})
    assert as_party.seats.equals(as_nation.seats)
    snp = as_party.vote_shares.set_index(["party", "area"]).loc[("SNP", "Scotland")]
    assert snp["share_2024"] == pytest.approx(30.013, abs=1e-3)
    assert snp["change"] == pytest.approx(5, abs=1e-9)
    assert set(as_party.seat_changes["nation"]) == {"Scotland"}


@pytest.mark.parametrize("model", ["uniform", "proportional"])
def test_a_poll_like_scenario_is_fitted_exactly(seat_data, seats, model):
    # Refused before the fit; now every named change holds exactly across Great Britain,
    # every seat adds up to 100 and no share is below 0, in the library and in the check.
    result = run_scenario(seat_data.candidates, POLL_LIKE, model)
    expected = project(seats, POLL_LIKE, model)
    shares = result.vote_shares.set_index(["party", "area"])
    for party, points in POLL_LIKE.items():
        assert shares.loc[(party, "Great Britain"), "change"] == pytest.approx(points, abs=1e-9)
        key = (party, "/".join(GB))
        assert expected.achieved[key] - expected.before[key] == pytest.approx(points, abs=1e-9)
    totals = result.candidates.groupby("constituency_code")["projected_share"].sum()
    assert totals.sub(100).abs().max() < 1e-9
    assert max(abs(total - 100) for total in expected.seat_totals.values()) < 1e-9
    assert result.candidates["projected_share"].min() >= 0
    assert result.fit.seats > 0 and 0 < result.fit.iterations < 200
    # Northern Ireland: no named party's change applies there
    ni = result.seats[result.seats["nation"] == "Northern Ireland"]
    assert len(ni) == 18 and not ni["changes_hands"].any()


@pytest.mark.parametrize("model", ["uniform", "proportional"])
def test_projecting_the_polls_lands_each_polled_party_on_its_average(seat_data, seats, model):
    average = polls.average_polls(load_polls(), 30)
    projection = polls.project_polls(seat_data.candidates, average, model)
    gb = projection.scenario.vote_shares
    gb = gb[gb["area"] == "Great Britain"].set_index("party")
    assert set(projection.changes) == {"Lab", "Con", "RUK", "LD", "Green"}
    for party, share in average.shares.items():
        assert gb.loc[party, "share_projected"] == pytest.approx(share, abs=1e-9)
        assert projection.shares_2024[party] + projection.changes[party] == pytest.approx(
            share, abs=1e-12
        )
    expected = project(seats, projection.changes, model)
    assert projection.scenario.seats_by_party() == dict(expected.won)
    assert projection.northern_ireland_seats == 18
