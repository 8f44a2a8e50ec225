"""Scenarios on the real 2024 results, checked against a computation of their own.

The check reads the Commons Library's candidate file with the csv module (not the library's
loaders) and works each scenario out seat by seat in plain Python, straight from the rule:
a named party's share moves by X in every seat where it stood (uniform; at 0 where that
would go below, the rest found by bisection) or is multiplied by (S+X)/S (proportional), and
the candidates not named share out the difference in proportion to their shares.
"""

from __future__ import annotations

import csv
import io
from collections import Counter, defaultdict

import pytest

from targets.data import sources
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


def _cut_with_floor(rows: list[dict], target_total: float) -> None:
    """Uniform fall with shares held at 0: find the shift by bisection, then apply it."""
    low, high = -100.0, 0.0
    for _ in range(200):
        middle = (low + high) / 2
        total = sum(row["valid"] * max(row["share"] + middle, 0.0) for row in rows)
        low, high = (middle, high) if total < target_total else (low, middle)
    for row in rows:
        row["new"] = max(row["share"] + (low + high) / 2, 0.0)


def _table(seats) -> list[dict]:
    table = []
    for code, people in seats.items():
        valid = sum(person["votes"] for person in people)
        for order, person in enumerate(sorted(people, key=lambda p: -p["votes"])):
            share = person["votes"] / valid * 100
            table.append({**person, "code": code, "order": order, "valid": valid})
            table[-1] |= {"share": share, "new": share, "named": False}
    return table


def _move(rows: list[dict], points: float, model: str) -> None:
    valid = sum(row["valid"] for row in rows)
    before = sum(row["votes"] for row in rows) / valid * 100
    for row in rows:
        row["named"] = True
        if model == "proportional":
            row["new"] = row["share"] * (before + points) / before
        else:
            row["new"] = row["share"] + points
    if model == "uniform" and any(row["new"] < 0 for row in rows):
        _cut_with_floor(rows, (before + points) * valid)


def project(seats, changes=None, model="uniform", nation_changes=None) -> Counter:
    """Seats won per party under the scenario, worked out from the rule."""
    table = _table(seats)
    areas = []
    for party, points in (changes or {}).items():
        stood = {row["nation"] for row in table if row["party"] == party} & set(GB)
        areas.append((party, stood, points))
    for nation, scoped in (nation_changes or {}).items():
        areas += [(party, {nation}, points) for party, points in scoped.items()]
    for party, nations, points in areas:
        rows = [row for row in table if row["party"] == party and row["nation"] in nations]
        _move(rows, points, model)
    by_seat = defaultdict(list)
    for row in table:
        by_seat[row["code"]].append(row)
    won = Counter()
    for people in by_seat.values():
        gained = sum(row["new"] - row["share"] for row in people if row["named"])
        others = sum(row["share"] for row in people if not row["named"])
        for row in people:
            if not row["named"]:
                row["new"] = row["share"] * (others - gained) / others
        winner = max(people, key=lambda row: (row["new"], -row["order"]))
        won[winner["party"]] += 1
    return won


SCENARIOS = [
    ({"Lab": -5, "RUK": 5}, "uniform", {}),
    ({"Lab": -5, "RUK": 5}, "proportional", {}),
    ({"Green": 5}, "proportional", {}),
    ({"Con": 3, "LD": -2}, "uniform", {}),
    ({}, "uniform", {"Scotland": {"SNP": 5}}),
    ({"RUK": 10}, "proportional", {"Northern Ireland": {"SF": 3, "DUP": -3}}),
]


@pytest.mark.parametrize(("changes", "model", "nation_changes"), SCENARIOS)
def test_seat_totals_equal_an_independent_computation(
    seat_data, seats, changes, model, nation_changes
):
    result = run_scenario(seat_data.candidates, changes, model, nation_changes)
    expected = project(seats, changes, model, nation_changes)
    assert result.seats_by_party() == dict(expected)
    assert sum(expected.values()) == 650


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
