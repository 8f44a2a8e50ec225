"""The volunteer deployment plan: who goes where, to deliver the most priority-weighted hours.

Each volunteer goes to at most one target seat within their travel limit; each seat takes
at most the hours it needs. The plan maximises the priority-weighted hours delivered and,
among the plans that do, has the least total travel (straight-line km from the
volunteer's postcode to the seat, 0 inside it). It is solved exactly as a mixed-integer
programme by SciPy's HiGHS (``scipy.optimize.milp``) in two stages: the best weighted
hours, then the least travel keeping them. Each stage stops at its time limit with the
best plan found, and the plan reports the optimality gap HiGHS proved.

Model: a binary ``x[v, s]`` for every volunteer and seat within the volunteer's limit, and
``delivered[s]`` in ``[0, need[s]]`` with ``delivered[s] <= sum_v hours[v] * x[v, s]`` and
``sum_s x[v, s] <= 1``. A seat given more hours than it needs takes only its need: the
hours are shared out among its volunteers nearest first, so nobody is down for more than
they offered, and a volunteer left with none of the need is not sent.

Volunteers' names and postcodes are personal data: nothing here writes a file.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from targets.deploy_solver import DEFAULT_TIME_LIMIT_S, Solution, solve_assignment

PERSONAL_DATA_NOTE = (
    "Personal data: this file holds volunteers' names and postcodes. Keep it safe, share "
    "it only with the people who need it, and delete it when the campaign is over."
)
DEFAULT_HOURS_PER_SEAT = 100.0
DEFAULT_MAX_KM = 20.0
TOO_FAR = "no target seat within their travel limit"
TARGETS_FULL = "the target seats within reach are full"
NO_HOURS = "no hours available"
ASSIGNED, UNASSIGNED, NOT_PLANNED = "assigned", "unassigned", "not planned"
NEED_COLUMNS: tuple[str, ...] = (
    "constituency_code",
    "constituency_name",
    "swing_needed",
    "priority",
    "hours_needed",
)
VOLUNTEER_PLAN_COLUMNS: tuple[str, ...] = (
    "row",
    "name",
    "postcode",
    "hours_available",
    "max_km",
    "status",
    "constituency_code",
    "constituency_name",
    "distance_km",
    "hours_assigned",
    "reason",
)
SEAT_PLAN_COLUMNS: tuple[str, ...] = (
    "constituency_code",
    "constituency_name",
    "priority",
    "hours_needed",
    "hours_delivered",
    "shortfall_hours",
    "volunteer_count",
    "volunteers",
    "swing_needed",
)


def default_priority(swing_needed: pd.Series) -> pd.Series:
    """A seat's default priority from winnability (higher for a smaller swing needed).

    10 for the smallest swing needed in the list, falling linearly to 1 for the largest;
    1 where there is no swing figure.
    """
    swing = pd.to_numeric(swing_needed, errors="coerce").astype("float64")
    low, high = swing.min(), swing.max()
    if swing.notna().sum() == 0:
        return pd.Series(1.0, index=swing.index)
    if high == low:
        scaled = pd.Series(10.0, index=swing.index)
    else:
        scaled = 1 + 9 * (high - swing) / (high - low)
    return scaled.fillna(1.0).round(1)


def build_seat_needs(
    targets: pd.DataFrame,
    hours_per_seat: float = DEFAULT_HOURS_PER_SEAT,
    priority: pd.Series | None = None,
) -> pd.DataFrame:
    """The target seats with a priority weight and the hours each needs (``NEED_COLUMNS``).

    Args:
        targets: target seats with ``constituency_code``, ``constituency_name`` and
            ``swing_needed`` (e.g. from ``targets.nearest.select_targets``).
        hours_per_seat: the hours each seat needs, to edit per seat afterwards.
        priority: weights to use instead of :func:`default_priority`.
    """
    needs = targets[["constituency_code", "constituency_name", "swing_needed"]].copy()
    needs["priority"] = default_priority(needs["swing_needed"]) if priority is None else priority
    needs["hours_needed"] = float(hours_per_seat)
    return needs.drop_duplicates("constituency_code").reset_index(drop=True)[list(NEED_COLUMNS)]


# ---------------------------------------------------------------- distances


def feasible_pairs(
    easting: np.ndarray,
    northing: np.ndarray,
    max_km: np.ndarray,
    shapes,
    own_seat: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every (volunteer, seat) within the volunteer's travel limit, with the distance in km.

    Args:
        easting: the volunteers' points in EPSG:27700 metres.
        northing: their northings.
        max_km: each volunteer's travel limit in km.
        shapes: the target seats' polygons in EPSG:27700 (a sequence, by seat position).
        own_seat: per volunteer, the position of the target seat they live in (-1 none):
            0 km whatever the generalised outline says.
    """
    import shapely

    polygons = np.asarray(list(shapes), dtype=object)
    points = shapely.points(np.asarray(easting, dtype="float64"), np.asarray(northing, "float64"))
    limit = np.asarray(max_km, dtype="float64") * 1000.0
    tree = shapely.STRtree(polygons)
    pv, ps = tree.query(points, predicate="dwithin", distance=limit)
    km = shapely.distance(points[pv], polygons[ps]) / 1000.0
    if own_seat is not None:
        own = np.asarray(own_seat)
        km = np.where(own[pv] == ps, 0.0, km)
        inside_own = own >= 0
        missing = inside_own & ~np.isin(np.arange(len(points)), pv[own[pv] == ps])
        pv = np.concatenate([pv, np.flatnonzero(missing)])
        ps = np.concatenate([ps, own[missing]])
        km = np.concatenate([km, np.zeros(int(missing.sum()))])
    order = np.lexsort((ps, pv))
    return pv[order], ps[order], np.round(km[order], 3)


# ---------------------------------------------------------------- the plan


@dataclass(frozen=True)
class DeploymentPlan:
    """The plan: per volunteer, per seat, and how it was solved."""

    volunteers: pd.DataFrame  # VOLUNTEER_PLAN_COLUMNS (personal data)
    seats: pd.DataFrame  # SEAT_PLAN_COLUMNS (names volunteers: personal data)
    solution: Solution
    lines: pd.DataFrame  # for the map: each sent volunteer's point and their seat's code

    def summary(self) -> dict:
        """The plan's figures in one dict (no personal data)."""
        sent = self.volunteers["status"] == ASSIGNED
        return {
            "volunteers": int(len(self.volunteers)),
            "assigned": int(sent.sum()),
            "unassigned": int((self.volunteers["status"] == UNASSIGNED).sum()),
            "not_planned": int((self.volunteers["status"] == NOT_PLANNED).sum()),
            "seats": int(len(self.seats)),
            "hours_needed": float(self.seats["hours_needed"].sum()),
            "hours_delivered": float(self.seats["hours_delivered"].sum()),
            "weighted_hours": round(self.solution.weighted_hours, 3),
            "travel_km": round(self.solution.travel_km, 1),
            "solver_status": self.solution.status,
            "optimality_gap": self.solution.gap,
            "solve_seconds": round(self.solution.seconds, 2),
        }


def describe_plan(summary: dict) -> str:
    """The plan in one sentence, e.g. for a caption or the CLI."""
    gap = summary["optimality_gap"]
    proven = "proven optimal" if summary["solver_status"] == "optimal" else summary["solver_status"]
    return (
        f"{summary['assigned']} of {summary['volunteers']} volunteers sent to "
        f"{summary['seats']} target seats: {summary['hours_delivered']:,.0f} of "
        f"{summary['hours_needed']:,.0f} hours needed, {summary['travel_km']:,.1f} km of "
        f"travel in all; {proven} (optimality gap {gap:.2%}, {summary['solve_seconds']} s)."
    )


def plan_deployment(
    volunteers: pd.DataFrame,
    needs: pd.DataFrame,
    shapes,
    *,
    default_max_km: float = DEFAULT_MAX_KM,
    time_limit: float = DEFAULT_TIME_LIMIT_S,
) -> DeploymentPlan:
    """Plan who goes where.

    Args:
        volunteers: one row per volunteer: ``row``, ``name``, ``postcode``, ``hours``,
            ``max_km`` (NaN: ``default_max_km``), ``easting``, ``northing``,
            ``constituency_code`` (the seat they live in), and ``problem``: a reason the
            row cannot be planned (a bad or unknown postcode, bad hours), blank otherwise.
            Such rows are listed as not planned, with the reason, never dropped.
        needs: the target seats (``NEED_COLUMNS``), e.g. from :func:`build_seat_needs`.
        shapes: seat polygons in EPSG:27700 indexed by ``constituency_code``.
        default_max_km: the travel limit of a volunteer who gave none.
        time_limit: seconds for the solver.
    """
    needs = needs.reset_index(drop=True)
    problem = volunteers["problem"].fillna("").astype(str)
    usable = volunteers[problem == ""].reset_index(drop=True)
    codes = needs["constituency_code"].tolist()
    position = {code: i for i, code in enumerate(codes)}
    max_km = pd.to_numeric(usable["max_km"], errors="coerce").fillna(default_max_km)
    own = usable["constituency_code"].map(position).fillna(-1).astype(int).to_numpy()
    pv, ps, km = feasible_pairs(
        usable["easting"].to_numpy("float64"),
        usable["northing"].to_numpy("float64"),
        max_km.to_numpy(),
        shapes.loc[codes].to_numpy(),
        own,
    )
    hours = pd.to_numeric(usable["hours"], errors="coerce").fillna(0).to_numpy("float64")
    solution = solve_assignment(
        hours,
        needs["hours_needed"].to_numpy("float64"),
        needs["priority"].to_numpy("float64"),
        pv,
        ps,
        km,
        time_limit=time_limit,
    )
    reachable = np.zeros(len(usable), dtype=bool)
    reachable[pv] = True
    return _plan_tables(volunteers, usable, needs, solution, hours, max_km, reachable)


def _plan_tables(volunteers, usable, needs, solution, hours, max_km, reachable) -> DeploymentPlan:
    sent = solution.seat_of >= 0
    seat_at = np.where(sent, solution.seat_of, 0)
    reason = np.where(hours <= 0, NO_HOURS, np.where(reachable, TARGETS_FULL, TOO_FAR))
    planned = pd.DataFrame(
        {
            "row": usable["row"].to_numpy(),
            "name": usable["name"].to_numpy(),
            "postcode": usable["postcode"].to_numpy(),
            "hours_available": hours,
            "max_km": max_km.to_numpy(),
            "status": np.where(sent, ASSIGNED, UNASSIGNED),
            "constituency_code": np.where(sent, needs["constituency_code"].to_numpy()[seat_at], ""),
            "constituency_name": np.where(sent, needs["constituency_name"].to_numpy()[seat_at], ""),
            "distance_km": np.where(sent, solution.distance_km, np.nan),
            "hours_assigned": solution.hours,
            "reason": np.where(sent, "", reason),
        }
    )
    skipped = volunteers[volunteers["problem"].fillna("").astype(str) != ""]
    not_planned = pd.DataFrame(
        {
            "row": skipped["row"].to_numpy(),
            "name": skipped["name"].to_numpy(),
            "postcode": skipped["postcode"].to_numpy(),
            "hours_available": pd.to_numeric(skipped["hours"], errors="coerce").to_numpy(),
            "max_km": pd.to_numeric(skipped["max_km"], errors="coerce").to_numpy(),
            "status": NOT_PLANNED,
            "constituency_code": "",
            "constituency_name": "",
            "distance_km": np.nan,
            "hours_assigned": 0.0,
            "reason": skipped["problem"].to_numpy(),
        }
    )
    table = pd.concat([planned, not_planned], ignore_index=True) if len(skipped) else planned
    table = table.sort_values("row", kind="stable").reset_index(drop=True)
    by_seat = planned[planned["status"] == ASSIGNED].groupby("constituency_code")
    seats = needs.copy()
    seats["hours_delivered"] = solution.delivered.round(2)
    seats["shortfall_hours"] = (seats["hours_needed"] - seats["hours_delivered"]).round(2)
    seats["volunteer_count"] = seats["constituency_code"].map(by_seat.size()).fillna(0).astype(int)
    names = by_seat["name"].agg(lambda people: "; ".join(map(str, people)))
    seats["volunteers"] = seats["constituency_code"].map(names).fillna("")
    lines = usable.loc[sent, ["row", "name", "postcode", "latitude", "longitude"]].assign(
        constituency_code=needs["constituency_code"].to_numpy()[solution.seat_of[sent]],
        distance_km=solution.distance_km[sent],
    )
    return DeploymentPlan(
        table[list(VOLUNTEER_PLAN_COLUMNS)],
        seats[list(SEAT_PLAN_COLUMNS)],
        solution,
        lines.reset_index(drop=True),
    )
