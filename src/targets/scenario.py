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
    NORTHERN_IRELAND,
    Changes,
    NationChanges,
    ScenarioError,
    home_area,
    home_nations,
    read_changes,
)
from targets.scenario_fit import MODELS, Fit, project_candidates
from targets.scenario_tables import count_seats, list_seat_changes, project_seats

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


def national_shares(candidates: pd.DataFrame, nation: str | None = None) -> pd.Series:
    """Each party's share (0-100) of all valid votes in the UK, or in one nation."""
    scope = candidates if nation is None else candidates[candidates["nation"] == nation]
    total = scope["votes"].sum()
    if total == 0:
        return pd.Series(dtype="float64")
    return scope.groupby("party")["votes"].sum().astype("float64") / total * 100


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
    return project_candidates(candidates, changes, model, dict(nation_changes or {}))[0]


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
    projected, weight, targets, fit = project_candidates(candidates, changes, model, nation_changes)
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
