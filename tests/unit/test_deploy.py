"""The deployment solver against brute force on small instances, and the limits it keeps."""

from __future__ import annotations

import itertools

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st

from targets import deploy, deploy_solver


def brute_force(hours, need, weight, pairs):
    """The best (weighted hours, travel) by trying every assignment."""
    options = [[None] + [(s, km) for (v2, s, km) in pairs if v2 == v] for v in range(len(hours))]
    best = (-1.0, 0.0)
    for choice in itertools.product(*options):
        given_hours = np.zeros(len(need))
        travel = 0.0
        for v, option in enumerate(choice):
            if option is not None:
                given_hours[option[0]] += hours[v]
                travel += option[1]
        value = float(np.dot(weight, np.minimum(given_hours, need)))
        if value > best[0] + 1e-9 or (abs(value - best[0]) <= 1e-9 and travel < best[1]):
            best = (value, travel)
    return best


@st.composite
def instances(draw):
    n_volunteers = draw(st.integers(1, 5))
    n_seats = draw(st.integers(1, 3))
    hours = draw(st.lists(st.integers(0, 12), min_size=n_volunteers, max_size=n_volunteers))
    need = draw(st.lists(st.integers(0, 20), min_size=n_seats, max_size=n_seats))
    weight = draw(st.lists(st.integers(0, 10), min_size=n_seats, max_size=n_seats))
    pairs = []
    for v in range(n_volunteers):
        for s in range(n_seats):
            if draw(st.booleans()):
                pairs.append((v, s, float(draw(st.integers(0, 30)))))
    return hours, need, weight, pairs


def solve(hours, need, weight, pairs):
    pv = np.array([p[0] for p in pairs], dtype=int)
    ps = np.array([p[1] for p in pairs], dtype=int)
    km = np.array([p[2] for p in pairs], dtype=float)
    return deploy_solver.solve_assignment(
        np.array(hours), np.array(need), np.array(weight), pv, ps, km, time_limit=10, travel_gap=0
    )


def check_limits(solution, hours, need, pairs):
    allowed = {(v, s): km for v, s, km in pairs}
    delivered = np.zeros(len(need))
    for v, seat in enumerate(solution.seat_of):
        if seat < 0:
            assert solution.hours[v] == 0
            continue
        assert (v, seat) in allowed  # within their travel limit
        assert solution.distance_km[v] == allowed[(v, seat)]
        assert 0 < solution.hours[v] <= hours[v] + 1e-9  # never over their hours
        delivered[seat] += solution.hours[v]
    assert np.all(delivered <= np.asarray(need) + 1e-9)  # no seat over its need
    assert np.allclose(delivered, solution.delivered)


@settings(max_examples=60)
@given(instances())
def test_the_plan_equals_the_brute_force_optimum(instance):
    hours, need, weight, pairs = instance
    solution = solve(hours, need, weight, pairs)
    best_value, best_travel = brute_force(hours, need, weight, pairs)
    assert solution.weighted_hours == pytest.approx(best_value, abs=1e-6)
    assert solution.travel_km == pytest.approx(best_travel, abs=1e-6)
    assert solution.status == "optimal" and solution.gap <= 1e-6
    check_limits(solution, hours, need, pairs)


def test_hand_made_case():
    # two seats; seat 0 (weight 10) needs 10 hours, seat 1 (weight 1) needs 8
    hours = [6, 6, 8]
    pairs = [(0, 0, 5.0), (1, 0, 2.0), (1, 1, 1.0), (2, 0, 9.0), (2, 1, 3.0)]
    solution = solve(hours, [10, 8], [10, 1], pairs)
    # best: 0 and 1 -> seat 0 (10 of their 12 h), 2 -> seat 1 (8 h): 10 * 10 + 1 * 8 = 108
    assert solution.weighted_hours == pytest.approx(108)
    assert solution.seat_of.tolist() == [0, 0, 1]
    assert solution.hours.tolist() == [4, 6, 8]  # seat 0 shared out nearest first (1 is at 2 km)
    assert solution.travel_km == pytest.approx(5 + 2 + 3)


def test_nobody_in_reach_and_seats_full():
    solution = solve([5, 5], [5], [1], [(0, 0, 1.0)])
    assert solution.seat_of.tolist() == [0, -1]
    full = solve([5, 5], [5], [1], [(0, 0, 1.0), (1, 0, 2.0)])
    assert full.seat_of.tolist() == [0, -1] and full.travel_km == 1.0


def test_default_priority_favours_the_smallest_swing():
    priority = deploy.default_priority(pd.Series([1.0, 5.5, 10.0, np.nan]))
    assert priority.tolist() == [10.0, 5.5, 1.0, 1.0]
    assert deploy.default_priority(pd.Series([np.nan, np.nan])).tolist() == [1.0, 1.0]


def test_feasible_pairs_respect_each_travel_limit():
    shapes = [shapely.box(0, 0, 1000, 1000), shapely.box(5000, 0, 6000, 1000)]
    pv, ps, km = deploy.feasible_pairs(
        np.array([500.0, 2000.0, 3000.0]),
        np.array([500.0, 500.0, 500.0]),
        np.array([10.0, 1.0, 2.5]),
        shapes,
    )
    found = {(int(v), int(s)): float(k) for v, s, k in zip(pv, ps, km, strict=True)}
    assert found == {(0, 0): 0.0, (0, 1): 4.5, (1, 0): 1.0, (2, 0): 2.0, (2, 1): 2.0}


def volunteers_frame(rows):
    frame = pd.DataFrame(
        rows, columns=["name", "postcode", "hours", "max_km", "easting", "northing", "problem"]
    )
    frame.insert(0, "row", range(2, len(frame) + 2))
    frame["constituency_code"] = None
    frame["latitude"] = 51.0
    frame["longitude"] = -1.0
    return frame


def test_plan_tables_list_everyone_with_a_reason():
    shapes = gpd.GeoSeries(
        [shapely.box(0, 0, 1000, 1000), shapely.box(5000, 0, 6000, 1000)],
        index=pd.Index(["A", "B"], name="constituency_code"),
    )
    needs = pd.DataFrame(
        {
            "constituency_code": ["A", "B"],
            "constituency_name": ["Aton", "Bton"],
            "swing_needed": [1.0, 3.0],
            "priority": [10.0, 1.0],
            "hours_needed": [10.0, 10.0],
        }
    )
    volunteers = volunteers_frame(
        [
            ("Ann", "AA1 1AA", 8, 5, 500, 500, ""),
            ("Bob", "AA1 1AB", 8, 5, 900, 500, ""),
            ("Cat", "AA1 1AD", 8, 1, 50_000, 500, ""),
            ("Dan", "nonsense", 8, 5, None, None, "postcode: not a postcode"),
            ("Eve", "AA1 1AE", 8, None, 5500, 500, ""),
            ("Fay", "AA1 1AF", 8, 20, 5500, 500, ""),
        ]
    )
    plan = deploy.plan_deployment(volunteers, needs, shapes, default_max_km=20)
    by_name = plan.volunteers.set_index("name")
    assert list(plan.volunteers.columns) == list(deploy.VOLUNTEER_PLAN_COLUMNS)
    assert len(plan.volunteers) == 6  # nobody dropped
    assert by_name.loc["Dan", "status"] == deploy.NOT_PLANNED
    assert by_name.loc["Dan", "reason"] == "postcode: not a postcode"
    assert by_name.loc["Cat", "reason"] == deploy.TOO_FAR
    assert by_name.loc["Ann", "constituency_code"] == "A"
    assert by_name.loc["Bob", "constituency_code"] == "A"
    assert by_name.loc["Ann", "hours_assigned"] + by_name.loc["Bob", "hours_assigned"] == 10
    # Eve and Fay both live in B: one gives 8 hours, the other the last 2
    assert sorted(by_name.loc[["Eve", "Fay"], "hours_assigned"]) == [2, 8]
    seats = plan.seats.set_index("constituency_code")
    assert seats.loc["A", "hours_delivered"] == 10 and seats.loc["B", "hours_delivered"] == 10
    assert seats.loc["A", "volunteer_count"] == 2
    assert set(seats.loc["A", "volunteers"].split("; ")) == {"Ann", "Bob"}
    summary = plan.summary()
    assert summary["assigned"] == 4 and summary["not_planned"] == 1
    assert summary["solver_status"] == "optimal"
    assert "4 of 6 volunteers sent to 2 target seats" in deploy.describe_plan(summary)
