"""Swing scenarios: change parties' vote shares and project every seat.

A change ``P=±X`` moves party P's share of the valid votes, across the seats where it stood
in its area (Great Britain, its own nation, or one nation given per nation: see
``targets.scenario_changes``), by exactly X points. Shares across seats are weighted by each
seat's 2024 valid votes (turnout held fixed). Two models:

- **uniform**: X is added to the party's share in every seat where it stood. Where that
  would take it below 0 in a seat, it is 0 there and the shortfall is taken evenly from its
  other seats (a slightly larger uniform cut, reported), so the change is still exactly X;
- **proportional**: its share in every seat is multiplied by (S+X)/S, where S is its 2024
  share across those seats.

What the named changes add up to in a seat is taken from (or given to) the candidates not
named there, in proportion to their shares: every seat still sums to 100 and no named change
is shrunk by rescaling. Independents are people, not a party: never named, they are among
those who take up the difference.

**The fit.** Where the candidates not named in a seat cannot make up the difference (they
would go below 0, or every candidate is named and the changes there do not add up to 0),
they are at 0 there and the named parties' new shares in that seat are scaled to make 100.
That leaves a named party short of (or over) its change across its area, so its change is
refitted, as in iterative proportional fitting: uniform adds the gap left to its points,
proportional multiplies its factor by asked / achieved, and every seat is projected again,
until every named change is achieved within 1e-9 points. So that it does not crawl (as it
can where every candidate in a seat is named), each round first tries a Newton step on the
gaps (each party's effect on every share measured), taken where it narrows the largest
gap. At most 200 rounds: ``Scenario.fit`` says how many seats needed the fit, the rounds,
and the largest gap left if it did not get there (changes that the model cannot meet
together, though no seat rules them out).

Refused, with a message: a share below 0 or above 100 across an area; a party that did not
stand where its change applies; named changes whose shares cannot fit in the seats where
those parties stood (more than 100% between them), or cannot fill the seats where every
candidate is named.

The projected winner is the candidate with the largest projected share; an exact tie goes to
the better-placed candidate in 2024, so no change at all reproduces the 2024 result exactly.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from targets.scenario_changes import (
    GB_NATIONS,
    GREAT_BRITAIN,
    MAX_CHANGE,
    MIN_CHANGE,
    NORTHERN_IRELAND,
    Changes,
    NationChanges,
    ScenarioError,
    Target,
    format_points,
    home_area,
    home_nations,
    plan_targets,
    read_changes,
)
from targets.scenario_tables import count_seats, list_seat_changes, project_seats

MODELS: tuple[str, ...] = ("uniform", "proportional")
RULE = (
    "The named changes are achieved exactly; what they add up to is taken from (or given to) "
    "the parties not named, in proportion to their shares in each seat."
)
FIT_RULE = (
    "Where the parties not named in a seat cannot make up the difference, they are at 0 there "
    "and the named parties' shares are scaled to make 100; the named changes are then refitted "
    "so that each is still exact."
)
AREA_ORDER: tuple[str, ...] = (GREAT_BRITAIN, *GB_NATIONS, NORTHERN_IRELAND)
_TOLERANCE = 1e-9


def national_shares(candidates: pd.DataFrame, nation: str | None = None) -> pd.Series:
    """Each party's share (0-100) of all valid votes in the UK, or in one nation."""
    scope = candidates if nation is None else candidates[candidates["nation"] == nation]
    total = scope["votes"].sum()
    if total == 0:
        return pd.Series(dtype="float64")
    return scope.groupby("party")["votes"].sum().astype("float64") / total * 100


# ---------------------------------------------------------------- the arithmetic


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
    fits = (rest_w > 0) & (low + shift >= -_TOLERANCE) & (below + shift <= _TOLERANCE)
    amount = float(shift[int(np.argmax(fits))])
    return np.maximum(share + amount, 0.0), amount


def _mean(values: np.ndarray, weight: np.ndarray) -> float:
    total = weight.sum()
    return float((weight * values).sum() / total) if total > 0 else 0.0


def _goal(target: Target, share: np.ndarray, weight: np.ndarray, model: str) -> tuple:
    """The share the target asks for across its seats, and its 2024 share there."""
    before = _mean(share, weight)
    after = before + target.points
    if after < -_TOLERANCE or after > 100 + _TOLERANCE:
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
    fitted = (gain > room + _TOLERANCE) | ((room <= _TOLERANCE) & (gain < -_TOLERANCE))
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


def _project(
    candidates: pd.DataFrame, changes: Changes, model: str, nation_changes: NationChanges
) -> tuple[pd.DataFrame, np.ndarray, pd.DataFrame, Fit]:
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
    fit = Fit(int(fitted.sum()), iterations, largest <= _TOLERANCE, largest)
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


def apply_swing(
    candidates: pd.DataFrame,
    changes: Changes,
    model: str = "uniform",
    nation_changes: NationChanges | None = None,
) -> pd.DataFrame:
    """Project every candidate's share under the changes, seat by seat.

    Args:
        candidates: the candidate table (``constituency_code``, ``constituency_name``,
            ``nation``, ``party``, ``votes``, ``share`` 0-100, ``position`` 1 = 2024 winner).
        changes: party abbreviation -> change in its share across its area, in points.
        model: ``"uniform"`` or ``"proportional"`` (see the module docstring).
        nation_changes: nation -> (party -> points across that nation).

    Returns:
        A copy of ``candidates`` with ``projected_share`` (0-100, summing to 100 in each
        seat) and ``projected_position`` (1 = projected winner).

    Raises:
        ScenarioError: the scenario cannot be run or cannot happen (module docstring).
    """
    return _project(candidates, changes, model, dict(nation_changes or {}))[0]


def _vote_shares(
    projected: pd.DataFrame, weight: np.ndarray, changes: Changes, nation_changes: NationChanges
) -> pd.DataFrame:
    """Each party's share before and after: in its home area and in each nation it stood.

    ``share_*`` are shares of the valid votes in the seats where the party stood there (what
    a change moves); ``area_share_2024`` is its share of every valid vote in the area.
    """
    frame = pd.DataFrame(
        {
            "party": projected["party"].astype(str).to_numpy(),
            "area": projected["nation"].astype(str).to_numpy(),
            "candidates": 1,
            "valid": weight,
            "before": projected["votes"].to_numpy(dtype="float64"),
            "after": projected["projected_share"].to_numpy() * weight / 100,
        }
    )
    by_nation = frame.groupby(["party", "area"], sort=False).sum().reset_index()
    homes = home_nations(projected)
    in_gb = by_nation["area"].isin(GB_NATIONS) & by_nation["party"].map(
        lambda party: len(homes.get(party, ())) >= 2
    )
    gb = by_nation[in_gb].groupby("party", sort=False).sum(numeric_only=True).reset_index()
    table = pd.concat([gb.assign(area=GREAT_BRITAIN), by_nation], ignore_index=True)
    homes_named = {party: home_area(nations) for party, nations in homes.items()}
    table["home"] = table["area"] == table["party"].map(homes_named)
    seat_valid = pd.Series(weight).groupby(projected["constituency_code"].to_numpy()).first()
    nation_of = projected.groupby("constituency_code")["nation"].first()
    area_valid = seat_valid.groupby(nation_of.reindex(seat_valid.index).to_numpy()).sum()
    area_valid[GREAT_BRITAIN] = area_valid.reindex(GB_NATIONS).sum()
    table["share_2024"] = table["before"] / table["valid"] * 100
    table["share_projected"] = table["after"] / table["valid"] * 100
    table["change"] = table["share_projected"] - table["share_2024"]
    table["area_share_2024"] = table["before"] / table["area"].map(area_valid) * 100
    requested = {(party, homes_named.get(party)): x for party, x in changes.items()}
    for nation, scoped in nation_changes.items():
        requested |= {(party, nation): x for party, x in scoped.items()}
    table["requested"] = [
        requested.get(key, np.nan) for key in zip(table["party"], table["area"], strict=True)
    ]
    table["area_order"] = table["area"].map({area: i for i, area in enumerate(AREA_ORDER)})
    table = table.sort_values(["area_order", "share_2024"], ascending=[True, False], kind="stable")
    columns = ["party", "area", "home", "candidates", "share_2024", "share_projected", "change"]
    return table[[*columns, "requested", "area_share_2024"]].reset_index(drop=True)


NEAR_MISS_COLUMNS = [
    "constituency_code",
    "constituency_name",
    "nation",
    "projected_party",
    "projected_second_party",
    "projected_margin_pct",
    "changes_hands",
]


@dataclass(frozen=True)
class Scenario:
    """A projected election: the inputs and every table the page and CLI show.

    ``vote_shares``: every party's share before and after, in its home area (``home``) and
    in each nation where it stood; ``requested`` holds the named change there, if any.
    ``targets``: each change as applied (its area, points, share before and after, the
    proportional ``factor`` or the ``uniform_points`` added, the ``seats_at_zero`` and the
    ``seats_fitted``). ``fit``: the seats where the named parties' shares were scaled to make
    100, and the rounds of refitting (see the module docstring).
    """

    model: str
    changes: dict[str, float]
    nation_changes: dict[str, dict[str, float]] = field(default_factory=dict)
    candidates: pd.DataFrame = field(default_factory=pd.DataFrame)
    seats: pd.DataFrame = field(default_factory=pd.DataFrame)
    totals: pd.DataFrame = field(default_factory=pd.DataFrame)
    seat_changes: pd.DataFrame = field(default_factory=pd.DataFrame)
    vote_shares: pd.DataFrame = field(default_factory=pd.DataFrame)
    targets: pd.DataFrame = field(default_factory=pd.DataFrame)
    fit: Fit = field(default_factory=Fit)

    def seats_by_party(self) -> dict[str, int]:
        """Projected seats per party, parties with none left out."""
        won = self.totals[self.totals["seats_projected"] > 0]
        return dict(zip(won["party"], won["seats_projected"].astype(int), strict=True))

    def near_misses(self, within: float = 2.0) -> pd.DataFrame:
        """Seats decided by less than ``within`` points in the projection, closest first."""
        close = self.seats[self.seats["projected_margin_pct"] < within]
        ordered = close.sort_values(["projected_margin_pct", "constituency_name"], kind="stable")
        return ordered[NEAR_MISS_COLUMNS].reset_index(drop=True)

    def main_vote_shares(self, min_share: float = 1.0) -> pd.DataFrame:
        """Shares in each party's home area (``min_share`` % of its votes), and named changes."""
        shares = self.vote_shares
        large = shares["area_share_2024"] >= min_share
        return shares[(shares["home"] & large) | shares["requested"].notna()].reset_index(drop=True)

    def large_multipliers(self, limit: float = 3.0) -> pd.DataFrame:
        """Proportional changes that multiply a party's share more than ``limit`` times."""
        return self.targets[self.targets["factor"] > limit].reset_index(drop=True)

    def for_seats(self, codes: Iterable[str]) -> Scenario:
        """The same scenario with its seat tables, totals and changes limited to ``codes``.

        The projection and the vote shares are national (or per nation): only the seats
        shown are limited.
        """
        wanted = set(codes)
        seats = self.seats[self.seats["constituency_code"].isin(wanted)].reset_index(drop=True)
        return replace(
            self,
            candidates=self.candidates[self.candidates["constituency_code"].isin(wanted)],
            seats=seats,
            totals=count_seats(seats),
            seat_changes=list_seat_changes(seats),
        )


def run_scenario(
    candidates: pd.DataFrame,
    changes: Changes,
    model: str = "uniform",
    nation_changes: NationChanges | None = None,
) -> Scenario:
    """Apply the changes and build the projection, totals, seats changing hands and shares.

    Raises:
        ScenarioError: as ``apply_swing``.
    """
    nation_changes = {nation: dict(scoped) for nation, scoped in (nation_changes or {}).items()}
    projected, weight, targets, fit = _project(candidates, changes, model, nation_changes)
    seats = project_seats(projected)
    return Scenario(
        model=model,
        changes={party: float(value) for party, value in changes.items()},
        nation_changes=nation_changes,
        candidates=projected,
        seats=seats,
        totals=count_seats(seats),
        seat_changes=list_seat_changes(seats),
        vote_shares=_vote_shares(projected, weight, changes, nation_changes),
        targets=targets,
        fit=fit,
    )


def vote_shares_2024(candidates: pd.DataFrame) -> pd.DataFrame:
    """Every party's 2024 shares, as in ``Scenario.vote_shares`` with no change."""
    return run_scenario(candidates, {}).vote_shares


def scenario_from_text(
    changes_text: str,
    nation_changes_text: str,
    model: str,
    candidates: pd.DataFrame,
    registry: pd.DataFrame,
) -> Scenario:
    """Read, resolve and run a scenario as typed: ``"Lab=-5,RUK=+5"``, ``"Scotland:SNP=+3"``.

    The one path from text to projection, for the command line and the page's link alike.

    Raises:
        ScenarioError: the text does not read, or the scenario cannot be run or happen.
        UnknownChoiceError: an unknown party or nation.
    """
    if model not in MODELS:
        raise ScenarioError(f"unknown model {model!r}; choose from: {', '.join(MODELS)}")
    changes, nations = read_changes(changes_text, nation_changes_text, candidates, registry)
    return run_scenario(candidates, changes, model, nations)
