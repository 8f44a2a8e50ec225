"""The volunteer deployment solver: the assignment as a mixed-integer programme.

Given the feasible (volunteer, seat) pairs, the plan maximises the priority-weighted hours
delivered and, among the plans that do, has the least total travel. It is solved exactly
by SciPy's HiGHS (``scipy.optimize.milp``) in two stages: the best weighted hours, then the
least travel keeping them. Each stage stops at its time limit with the best plan found,
and the solution reports the optimality gap HiGHS proved.

Model: a binary ``x[v, s]`` for every feasible pair, and ``delivered[s]`` in
``[0, need[s]]`` with ``delivered[s] <= sum_v hours[v] * x[v, s]`` and
``sum_s x[v, s] <= 1``. A seat given more hours than it needs takes only its need: the
hours are shared out among its volunteers nearest first, so nobody is down for more than
they offered, and a volunteer left with none of the need is not sent.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np

DEFAULT_TIME_LIMIT_S = 20.0


@dataclass(frozen=True)
class Solution:
    """A solved assignment, as arrays over volunteers and seats."""

    seat_of: np.ndarray  # per volunteer: the seat's position, -1 for none
    hours: np.ndarray  # per volunteer: hours assigned (0 when not sent)
    distance_km: np.ndarray  # per volunteer: km to the seat (NaN when not sent)
    delivered: np.ndarray  # per seat: hours delivered (at most the need)
    weighted_hours: float
    travel_km: float
    status: str  # "optimal" or "time limit: best plan found"
    gap: float  # the larger relative optimality gap of the two stages (0 when proven)
    seconds: float
    stages: tuple[dict, ...] = field(default_factory=tuple)


def solve_assignment(
    hours: np.ndarray,
    need: np.ndarray,
    weight: np.ndarray,
    pair_volunteer: np.ndarray,
    pair_seat: np.ndarray,
    pair_km: np.ndarray,
    *,
    time_limit: float = DEFAULT_TIME_LIMIT_S,
    travel_gap: float = 1e-4,
) -> Solution:
    """The optimal plan for volunteers and seats given the feasible (volunteer, seat) pairs.

    Args:
        hours: hours each volunteer offers (>= 0).
        need: hours each seat needs (>= 0).
        weight: each seat's priority weight (>= 0).
        pair_volunteer: for each feasible pair, the volunteer's position.
        pair_seat: the seat's position.
        pair_km: the distance in km (within the volunteer's limit).
        time_limit: seconds for both stages together.
        travel_gap: the relative optimality gap at which the travel stage may stop (the
            hours stage is solved to optimality, gap 0, unless the time runs out).
    """
    from scipy.optimize import Bounds, LinearConstraint, milp
    from scipy.sparse import coo_array, vstack

    started = time.perf_counter()
    hours = np.asarray(hours, dtype="float64")
    need = np.asarray(need, dtype="float64")
    weight = np.asarray(weight, dtype="float64")
    pv, ps = np.asarray(pair_volunteer, dtype=np.int64), np.asarray(pair_seat, dtype=np.int64)
    km = np.asarray(pair_km, dtype="float64")
    useful = (hours[pv] > 0) & (need[ps] > 0) & (weight[ps] > 0)
    pv, ps, km = pv[useful], ps[useful], km[useful]
    n_pairs, n_seats, n_volunteers = len(pv), len(need), len(hours)
    empty = Solution(
        seat_of=np.full(n_volunteers, -1),
        hours=np.zeros(n_volunteers),
        distance_km=np.full(n_volunteers, np.nan),
        delivered=np.zeros(n_seats),
        weighted_hours=0.0,
        travel_km=0.0,
        status="optimal",
        gap=0.0,
        seconds=0.0,
    )
    if n_pairs == 0:
        return empty
    pairs = np.arange(n_pairs)
    seats = np.arange(n_seats)
    one_seat_each = coo_array(
        (np.ones(n_pairs), (pv, pairs)), shape=(n_volunteers, n_pairs + n_seats)
    )
    capacity = coo_array(
        (
            np.concatenate([-hours[pv], np.ones(n_seats)]),
            (np.concatenate([ps, seats]), np.concatenate([pairs, n_pairs + seats])),
        ),
        shape=(n_seats, n_pairs + n_seats),
    )
    base = LinearConstraint(
        vstack([one_seat_each, capacity]).tocsr(),
        -np.inf,
        np.concatenate([np.ones(n_volunteers), np.zeros(n_seats)]),
    )
    integrality = np.concatenate([np.ones(n_pairs), np.zeros(n_seats)])
    bounds = Bounds(np.zeros(n_pairs + n_seats), np.concatenate([np.ones(n_pairs), need]))
    value = np.concatenate([np.zeros(n_pairs), weight])

    def run(cost, constraints, seconds, gap, lower):
        options = {"time_limit": max(seconds, 0.5), "mip_rel_gap": gap, "presolve": True}
        result = milp(
            cost,
            constraints=constraints,
            integrality=integrality,
            bounds=Bounds(lower, bounds.ub),
            options=options,
        )
        found = float(getattr(result, "mip_gap", 0.0) or 0.0)
        return result, {"status": int(result.status), "message": result.message, "gap": found}

    first, stage1 = run(-value, [base], time_limit / 2, 0.0, bounds.lb)
    if first.x is None:  # no plan at all found in time: send nobody
        return Solution(
            **{
                **empty.__dict__,
                "status": "time limit: no plan found",
                "gap": 1.0,
                "seconds": time.perf_counter() - started,
            }
        )
    best = float(value @ first.x)
    keep_best = LinearConstraint(value.reshape(1, -1), best - 1e-7 * max(1.0, best), np.inf)
    # Each seat can take at most min(need, the hours of everyone in reach): when the best
    # plan reaches that for every seat, every optimal plan does, so say so to the solver.
    reach = np.minimum(need, np.bincount(ps, weights=hours[pv], minlength=n_seats))
    lower = bounds.lb.copy()
    if best >= float(weight @ reach) - 1e-7 * max(1.0, best):
        lower[n_pairs:] = reach
    remaining = time_limit - (time.perf_counter() - started)
    travel = np.concatenate([km, np.zeros(n_seats)])
    second, stage2 = run(travel, [base, keep_best], remaining, travel_gap, lower)
    chosen = second.x if second.x is not None else first.x
    x = chosen[:n_pairs] > 0.5
    return _shared_out(
        hours,
        need,
        weight,
        pv[x],
        ps[x],
        km[x],
        started,
        limited=(first.status == 1 or second.status != 0),
        gap=max(stage1["gap"], stage2["gap"] if second.x is not None else 1.0),
        stages=(stage1, stage2),
    )


def _shared_out(hours, need, weight, pv, ps, km, started, *, limited, gap, stages) -> Solution:
    """Hours for each sent volunteer: each seat's need shared out nearest first."""
    n_volunteers, n_seats = len(hours), len(need)
    seat_of = np.full(n_volunteers, -1)
    assigned = np.zeros(n_volunteers)
    distance = np.full(n_volunteers, np.nan)
    delivered = np.zeros(n_seats)
    for index in np.lexsort((pv, km, ps)):
        volunteer, seat = pv[index], ps[index]
        give = min(hours[volunteer], need[seat] - delivered[seat])
        if give <= 1e-9:
            continue  # the seat is full without them: not sent
        seat_of[volunteer], assigned[volunteer] = seat, give
        distance[volunteer] = km[index]
        delivered[seat] += give
    sent = seat_of >= 0
    return Solution(
        seat_of=seat_of,
        hours=assigned,
        distance_km=distance,
        delivered=delivered,
        weighted_hours=float(weight @ delivered),
        travel_km=float(np.nansum(distance[sent])),
        status="time limit: best plan found" if limited else "optimal",
        gap=float(gap),
        seconds=time.perf_counter() - started,
        stages=stages,
    )
