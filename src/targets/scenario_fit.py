"""The scenario arithmetic: each named change applied exactly, seat by seat, and fitted.

The rule and the fit are described in ``targets.scenario``; ``project_candidates`` is the
one entry point. Shares are weighted by each seat's 2024 valid votes.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from targets.scenario_changes import (
    MAX_CHANGE,
    MIN_CHANGE,
    Changes,
    NationChanges,
    ScenarioError,
    Target,
    format_points,
    plan_targets,
)

MODELS: tuple[str, ...] = ("uniform", "proportional")
TOLERANCE = 1e-9  # points: a named change is achieved when within this


def _seat_shares(candidates: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Each candidate's share of their seat's valid votes (0-100), and those valid votes."""
    votes = candidates["votes"].to_numpy(dtype="float64")
    seat_votes = (
        candidates.groupby("constituency_code")["votes"].transform("sum").to_numpy("float64")
    )
    fallback = candidates["share"].to_numpy(dtype="float64").copy()
    share = np.divide(votes * 100, seat_votes, out=fallback, where=seat_votes > 0)
    return share, seat_votes


def _fill_uniform(share: np.ndarray, weight: np.ndarray, target: float) -> tuple[np.ndarray, float]:
    """Every share moved by one amount (none below 0) so that their weighted mean is target."""
    if target <= 0:
        return np.zeros_like(share), -float(share.max())
    order = np.argsort(share, kind="stable")
    low, w = share[order], weight[order]
    # With the k lowest shares at 0, the shift that reaches the target is
    # (target * total - sum of w*share over the rest) / (sum of w over the rest).
    rest_w = np.cumsum(w[::-1])[::-1]
    rest_ws = np.cumsum((w * low)[::-1])[::-1]
    with np.errstate(divide="ignore", invalid="ignore"):
        shift = (target * w.sum() - rest_ws) / rest_w
    below = np.concatenate(([-np.inf], low[:-1]))
    fits = (rest_w > 0) & (low + shift >= -TOLERANCE) & (below + shift <= TOLERANCE)
    amount = float(shift[int(np.argmax(fits))])
    return np.maximum(share + amount, 0.0), amount


def _mean(values: np.ndarray, weight: np.ndarray) -> float:
    total = weight.sum()
    return float((weight * values).sum() / total) if total > 0 else 0.0


def _goal(target: Target, share: np.ndarray, weight: np.ndarray, model: str) -> tuple:
    """The share the target asks for across its seats, and its 2024 share there."""
    before = _mean(share, weight)
    after = before + target.points
    if after < -TOLERANCE or after > 100 + TOLERANCE:
        rest = " (what its Great Britain change leaves there)" if target.derived else ""
        direction = "fall below 0" if after < 0 else "rise above 100"
        raise ScenarioError(
            f"{target.party}'s share across {target.area} would {direction}{rest}: it had "
            f"{before:.2f}% in 2024 and the change is {format_points(round(target.points, 4))}"
        )
    if model == "proportional" and before <= 0 < after:
        raise ScenarioError(
            f"{target.party} had no votes across {target.area} in 2024: a proportional "
            "change cannot grow it from nothing"
        )
    return min(max(after, 0.0), 100.0), before


def _spread(share: np.ndarray, weight: np.ndarray, before: float, aim: float, model: str):
    """A party's shares in its seats moved so that their weighted mean is ``aim``.

    Returns the shares, the proportional factor (or nan) and the uniform points (or nan).
    """
    if model == "proportional":
        factor = aim / before if before > 0 else 1.0
        return share * factor, factor, np.nan
    points = aim - before
    if share.min() + points >= 0:
        return share + points, np.nan, points
    moved, points = _fill_uniform(share, weight, aim)
    return moved, np.nan, points


def _seat_list(candidates: pd.DataFrame, rows: np.ndarray) -> str:
    names = list(dict.fromkeys(candidates.loc[rows, "constituency_name"].astype(str)))
    return f"{len(names)} seat(s): " + ", ".join(names[:3]) + (" …" if len(names) > 3 else "")


def _join_parties(parties: list[str]) -> str:
    return parties[0] if len(parties) == 1 else ", ".join(parties[:-1]) + " and " + parties[-1]


def _labels(targets: list[Target], chosen: np.ndarray) -> list[str]:
    """The parties of the chosen changes, with their areas where a party has two."""
    picked = [target for target, bit in zip(targets, chosen, strict=True) if bit]
    twice = len({t.party for t in picked}) < len(picked)
    return [f"{t.party} ({t.area})" if twice else t.party for t in picked]


_MAX_SUBSETS_OF = 16  # every subset of up to this many changes is checked for room


def _check_room(
    candidates: pd.DataFrame,
    seat: np.ndarray,
    seat_valid: np.ndarray,
    members: list[np.ndarray],
    goals: list[float],
    targets: list[Target],
) -> None:
    """Refuse changes whose shares cannot fit in the seats, whatever the model.

    Any set of named changes must fit in the seats where those parties stood (their votes
    add up to no more than those seats' valid votes), and must fill the seats where every
    candidate is named (nobody else is there to take the rest). Every set of up to 16
    changes is checked; with more, each change, each area's changes and all together.
    """
    count = len(members)
    if count < 1:
        return
    seats = len(seat_valid)
    cover = np.zeros(seats, dtype=np.int64)
    named = np.zeros(len(seat), dtype=bool)
    for index, rows in enumerate(members):
        cover[seat[rows]] |= 1 << index
        named |= rows
    # a seat where someone not named stood can always take the rest: it never has to fill
    open_seat = np.bincount(seat, weights=(~named).astype(float), minlength=seats) > 0
    mass = np.array(
        [
            goal * seat_valid[seat[rows]].sum() / 100
            for goal, rows in zip(goals, members, strict=True)
        ]
    )
    if count <= _MAX_SUBSETS_OF:
        subsets = np.arange(1, 1 << count, dtype=np.int64)
    else:
        by_area: dict[tuple[str, ...], int] = {}
        for index, target in enumerate(targets):
            by_area[target.nations] = by_area.get(target.nations, 0) | (1 << index)
        singles = {1 << index for index in range(count)}
        subsets = np.array(sorted({*singles, *by_area.values(), (1 << count) - 1}))
    bits = (subsets[:, None] >> np.arange(count)) & 1
    wanted = bits @ mass
    masks, where = np.unique(cover, return_inverse=True)
    room = ((subsets[:, None] & masks[None, :]) != 0) @ np.bincount(where, weights=seat_valid)
    over = wanted - room > 1e-9 * np.maximum(room, 1.0)
    if over.any():
        worst = int(np.argmax(np.where(over, wanted / np.maximum(room, 1e-300), -np.inf)))
        parties = _labels(targets, bits[worst])
        stood = int(((cover & subsets[worst]) != 0).sum())
        raise ScenarioError(
            f"{_join_parties(parties)} would need {wanted[worst] / room[worst] * 100:.1f}% of "
            f"the valid votes between them across the {stood} seat(s) where they stood: shares "
            "cannot add up to more than 100%, so the scenario cannot happen"
        )
    closed = ~open_seat & (cover != 0)
    if not closed.any():
        return
    masks, where = np.unique(cover[closed], return_inverse=True)
    inside = (masks[None, :] & ~subsets[:, None]) == 0
    needed = inside @ np.bincount(where, weights=seat_valid[closed])
    short = needed - wanted > 1e-9 * np.maximum(needed, 1.0)
    if short.any():
        worst = int(np.argmax(np.where(short, needed - wanted, -np.inf)))
        parties = _labels(targets, bits[worst])
        filled = np.zeros(seats, dtype=bool)
        filled[closed] = inside[worst][where]
        raise ScenarioError(
            f"every candidate has a change in {_seat_list(candidates, filled[seat])}, and the "
            f"changes there cannot add up to 100%: {_join_parties(parties)} would have "
            f"{wanted[worst] / needed[worst] * 100:.1f}% of the votes there at most; leave a "
            "party out to take up the difference"
        )


def _share_out(
    seat: np.ndarray, seats: int, share: np.ndarray, new: np.ndarray, named: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Each seat made to add up to 100 again, and the seats that needed the named scaled.

    The candidates not named give up (or gain) what the named changes add up to, pro rata.
    Where they cannot (they would go below 0, or nobody is left to take a loss), they give
    all they have and the named parties' new shares there are scaled to make 100.
    """
    gain = np.bincount(seat, weights=np.where(named, new - share, 0.0), minlength=seats)
    room = np.bincount(seat, weights=np.where(named, 0.0, share), minlength=seats)
    total = np.bincount(seat, weights=np.where(named, new, 0.0), minlength=seats)
    fitted = (gain > room + TOLERANCE) | ((room <= TOLERANCE) & (gain < -TOLERANCE))
    scale = np.divide(room - gain, room, out=np.ones_like(room), where=room > 0).clip(min=0.0)
    fit = np.divide(100.0, total, out=np.zeros_like(total), where=total > 0)
    final = np.where(named, new, share * scale[seat])
    scaled = np.where(named, new * fit[seat], 0.0)
    # named at 0 everywhere in a seat with nobody else (a passing state of the fit): 2024
    empty = fitted & (total <= 0)
    scaled = np.where(empty[seat], np.where(named, share, 0.0), scaled)
    final = np.where(fitted[seat], scaled, final)
    return final.clip(0.0, 100.0), fitted


def _validate(changes: Changes, nation_changes: NationChanges, model: str) -> None:
    if model not in MODELS:
        raise ScenarioError(f"unknown model {model!r}; choose from: {', '.join(MODELS)}")
    for scoped in [changes, *nation_changes.values()]:
        for party, value in scoped.items():
            if not MIN_CHANGE <= float(value) <= MAX_CHANGE:
                raise ScenarioError(f"{party} change {value} is outside -100..+100 points")


MAX_FIT_ITERATIONS = 200
_FIT_TOLERANCE = 1e-10
_MIN_AIM, _MAX_AIM = 1e-12, 1e12


@dataclass(frozen=True)
class Fit:
    """How the projection was fitted in the seats where the parties not named ran out.

    ``seats``: seats where the parties not named could not make up the difference, so they
    are at 0 and the named parties' shares were scaled to make 100. ``iterations``: the
    re-projections until every named change was achieved (0: none was needed).
    ``largest_gap``: the largest difference, in points, between a change asked for and the
    change achieved (within 1e-9 when ``converged``).
    """

    seats: int = 0
    iterations: int = 0
    converged: bool = True
    largest_gap: float = 0.0

    def as_dict(self) -> dict:
        """JSON-ready."""
        return {
            "seats_fitted": self.seats,
            "iterations": self.iterations,
            "converged": self.converged,
            "largest_gap_points": self.largest_gap,
        }


@dataclass
class _Fitting:
    """The projection of every seat at given aims, and the refits until each change holds."""

    seat: np.ndarray
    seat_count: int
    share: np.ndarray
    weight: np.ndarray
    members: list[np.ndarray]
    befores: list[float]
    goals: np.ndarray
    free: np.ndarray | None = None  # the aims the fit moves (proportional: those above 0)

    def project(self, aims: np.ndarray, model: str) -> tuple:
        """Every seat with each named party moved to its aim, then made to add up to 100."""
        new, spread = self.share.copy(), []
        named = np.zeros(len(self.share), dtype=bool)
        for rows, before, aim in zip(self.members, self.befores, aims, strict=True):
            moved, factor, points = _spread(
                self.share[rows], self.weight[rows], before, float(aim), model
            )
            new[rows] = moved
            named |= rows
            spread.append((factor, points, int((self.share[rows] + points < 0).sum())))
        final, fitted = _share_out(self.seat, self.seat_count, self.share, new, named)
        achieved = np.array([_mean(final[rows], self.weight[rows]) for rows in self.members])
        return final, fitted, achieved, spread

    def _coordinates(self, aims: np.ndarray, achieved: np.ndarray, model: str) -> tuple:
        """Where the fit is and the plain refit from there: points, or log shares."""
        if model == "proportional":
            ratio = self.goals[self.free] / np.maximum(achieved[self.free], _MIN_AIM)
            return np.log(aims[self.free]), np.log(ratio)
        return aims, self.goals - achieved

    def _aims(self, aims: np.ndarray, at: np.ndarray, model: str) -> np.ndarray:
        """Aims from coordinates, each a share across its area before the seats are scaled."""
        if model != "proportional":
            return at.clip(0.0, _MAX_AIM)
        moved = aims.copy()
        moved[self.free] = np.exp(at.clip(np.log(_MIN_AIM), np.log(_MAX_AIM)))
        return moved

    def _gap(self, achieved: np.ndarray) -> float:
        return float(np.abs(self.goals - achieved).max()) if len(achieved) else 0.0

    def _newton(self, aims: np.ndarray, state: tuple, model: str) -> np.ndarray | None:
        """The Newton step on the gaps, each party's effect on every share measured."""
        at, _ = self._coordinates(aims, state[2], model)
        got = state[2][self.free]
        slopes = np.zeros((len(at), len(at)))
        for index in range(len(at)):
            nudge = 1e-7 * max(1.0, abs(float(at[index])))
            moved = at.copy()
            moved[index] += nudge
            shifted = self.project(self._aims(aims, moved, model), model)[2][self.free]
            slopes[:, index] = (shifted - got) / nudge
        try:
            step = np.linalg.lstsq(slopes, self.goals[self.free] - got, rcond=None)[0]
        except np.linalg.LinAlgError:
            return None
        return step if np.isfinite(step).all() else None

    def run(self, model: str) -> tuple:
        """Project, refit and project again until every change holds (or the rounds run out).

        Each round takes the Newton step on the gaps where it (or a half, a quarter … of it)
        leaves a smaller largest gap, and the plain refit otherwise.
        """
        self.free = self.goals > 0 if model == "proportional" else np.ones(len(self.goals), bool)
        aims = self.goals.copy()
        state = self.project(aims, model)
        if not state[1].any():
            return (*state, 0)
        iterations = 0
        while self._gap(state[2]) > _FIT_TOLERANCE and iterations < MAX_FIT_ITERATIONS:
            iterations += 1
            at, move = self._coordinates(aims, state[2], model)
            step = self._newton(aims, state, model)
            for halving in range(12 if step is not None else 0):
                tried = self._aims(aims, at + step / 2**halving, model)
                trial = self.project(tried, model)
                if self._gap(trial[2]) < self._gap(state[2]):
                    aims, state = tried, trial
                    break
            else:
                aims = self._aims(aims, at + move, model)
                state = self.project(aims, model)
        return (*state, iterations)


def project_candidates(
    candidates: pd.DataFrame, changes: Changes, model: str, nation_changes: NationChanges
) -> tuple[pd.DataFrame, np.ndarray, pd.DataFrame, Fit]:
    """Every candidate's projected share and position under the changes, and how it fitted.

    Returns:
        The candidates with ``projected_share`` and ``projected_position``; each candidate's
        2024 valid votes in its seat (the weights); one row per named change (its area, share
        before and after, factor or points, seats at 0 and fitted); the ``Fit``.

    Raises:
        ScenarioError: the scenario cannot be run or cannot happen (``targets.scenario``).
    """
    _validate(changes, nation_changes, model)
    share, weight = _seat_shares(candidates)
    targets = plan_targets(candidates, changes, nation_changes, pd.Series(weight))
    seat, seat_codes = pd.factorize(candidates["constituency_code"], sort=False)
    seat_count = len(seat_codes)
    seat_valid = np.zeros(seat_count)
    seat_valid[seat] = weight
    party, nation = candidates["party"].to_numpy(), candidates["nation"].to_numpy()
    members = [(party == t.party) & np.isin(nation, t.nations) for t in targets]
    goals, befores = [], []
    for target, rows in zip(targets, members, strict=True):
        goal, before = _goal(target, share[rows], weight[rows], model)
        goals.append(goal)
        befores.append(before)
    _check_room(candidates, seat, seat_valid, members, goals, targets)
    fitting = _Fitting(seat, seat_count, share, weight, members, befores, np.array(goals))
    final, fitted, achieved, spread, iterations = fitting.run(model)
    largest = float(np.abs(np.array(goals) - achieved).max()) if len(goals) else 0.0
    fit = Fit(int(fitted.sum()), iterations, largest <= TOLERANCE, largest)
    reports = [
        {
            "party": target.party,
            "area": target.area,
            "nations": ", ".join(target.nations),
            "derived": target.derived,
            "points": target.points,
            "share_2024": before,
            "share_projected": got,
            "factor": factor,
            "uniform_points": points,
            "seats": int(rows.sum()),
            "seats_at_zero": at_zero if model == "uniform" else 0,
            "seats_fitted": int(fitted[seat[rows]].sum()),
        }
        for target, rows, before, got, (factor, points, at_zero) in zip(
            targets, members, befores, achieved, spread, strict=True
        )
    ]
    projected = candidates.copy()
    projected["projected_share"] = final
    order = pd.DataFrame(
        {"code": candidates["constituency_code"], "new": final, "was": candidates["position"]}
    ).sort_values(["code", "new", "was"], ascending=[True, False, True], kind="stable")
    projected["projected_position"] = (
        order.groupby("code").cumcount().add(1).reindex(candidates.index).astype("int64")
    )
    return projected, weight, pd.DataFrame(reports, columns=_TARGET_COLUMNS), fit


_TARGET_COLUMNS = [
    "party",
    "area",
    "nations",
    "derived",
    "points",
    "share_2024",
    "share_projected",
    "factor",
    "uniform_points",
    "seats",
    "seats_at_zero",
    "seats_fitted",
]
