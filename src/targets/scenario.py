"""Swing scenarios: change parties' national vote shares and project every seat.

Two models, both on the candidate table (one row per candidate, shares 0-100):

- **uniform**: the party's change (points) is added to its share in every seat where it
  stood, floored at zero;
- **proportional**: the party's share in every seat is scaled by its national new/old ratio,
  where "national" is its share of all valid votes in the UK (or in one nation, for a
  per-nation change) and the new national share is floored at zero.

Each seat's shares are then renormalised to sum to 100. A per-nation change replaces the
UK-wide change for that party in that nation.

Independents are people, not a party: a party change never applies to them, and "Ind" cannot
be given a change. They keep their 2024 share before renormalisation, so they lose or gain
ground only as the parties around them move.

The projected winner is the candidate with the largest projected share; an exact tie goes to
the better-placed candidate in 2024, so no change at all reproduces the 2024 result exactly.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from targets.errors import BadInputError, UnknownChoiceError
from targets.parties import INDEPENDENT, resolve_party

MODELS: tuple[str, ...] = ("uniform", "proportional")
MIN_CHANGE, MAX_CHANGE = -100.0, 100.0

_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_MINUS_SIGNS = str.maketrans({"\u2212": "-", "\u2013": "-", "\u2014": "-"})

Changes = Mapping[str, float]
NationChanges = Mapping[str, Changes]


class ScenarioError(BadInputError):
    """A scenario that cannot be run: a change that does not parse, is out of range, etc."""


# ---------------------------------------------------------------- reading changes


def _parse_change(entry: str) -> tuple[str, float]:
    if "=" not in entry:
        raise ScenarioError(f"cannot read change {entry!r}: write PARTY=+X or PARTY=-X")
    name, _, number = (part.strip() for part in entry.partition("="))
    if not name:
        raise ScenarioError(f"cannot read change {entry!r}: the party is missing")
    number = number.translate(_MINUS_SIGNS).replace(" ", "")
    if not _NUMBER.match(number):
        raise ScenarioError(
            f"cannot read change {entry!r}: {number!r} is not a number of points (e.g. -2.5)"
        )
    value = float(number)
    if not MIN_CHANGE <= value <= MAX_CHANGE:
        raise ScenarioError(
            f"change {entry!r} is out of range: a share can move between "
            f"{MIN_CHANGE:g} and +{MAX_CHANGE:g} points"
        )
    return name, value


def parse_changes(text: str) -> dict[str, float]:
    """Read ``"Lab=-5,RUK=+5"`` into ``{"Lab": -5.0, "RUK": 5.0}`` (party names as typed).

    Points may be signed or not, with decimals (``Green=1.5``); empty entries are ignored and
    an empty text means no change.

    Raises:
        ScenarioError: an entry is not ``PARTY=NUMBER``, the number is outside -100..+100,
            or a party is given twice.
    """
    changes: dict[str, float] = {}
    seen: dict[str, str] = {}
    for entry in (part.strip() for part in str(text).split(",")):
        if not entry:
            continue
        name, value = _parse_change(entry)
        key = name.casefold()
        if key in seen:
            raise ScenarioError(f"{name!r} is given more than one change")
        seen[key] = name
        changes[name] = value
    return changes


def format_points(value: float) -> str:
    """A change in points as text that reads back exactly: ``+5``, ``-2.5``, ``+0.125``."""
    text = np.format_float_positional(float(value), trim="-")
    return text if text.startswith("-") else "+" + text


def format_changes(changes: Changes) -> str:
    """The inverse of ``parse_changes``: ``{"Lab": -5, "RUK": 5}`` -> ``"Lab=-5,RUK=+5"``."""
    return ",".join(f"{party}={format_points(value)}" for party, value in changes.items())


def parse_nation_changes(text: str) -> dict[str, dict[str, float]]:
    """Read ``"Scotland:SNP=+5,Lab=-2;Wales:PC=+3"`` into a change list per nation.

    Raises:
        ScenarioError: a block is not ``NATION:changes``, a nation is given twice, or a
            change does not parse (see ``parse_changes``).
    """
    nations: dict[str, dict[str, float]] = {}
    for block in (part.strip() for part in str(text).split(";")):
        if not block:
            continue
        nation, colon, changes = block.partition(":")
        if not colon or not nation.strip():
            raise ScenarioError(
                f"cannot read nation change {block!r}: write NATION:PARTY=+X[,PARTY=-X]"
            )
        nation = nation.strip()
        if nation.casefold() in {known.casefold() for known in nations}:
            raise ScenarioError(f"nation {nation!r} is given more than once")
        nations[nation] = parse_changes(changes)
    return nations


def format_nation_changes(nation_changes: NationChanges) -> str:
    """The inverse of ``parse_nation_changes`` (nations with no change are left out)."""
    blocks = [
        f"{nation}:{format_changes(changes)}"
        for nation, changes in nation_changes.items()
        if changes
    ]
    return ";".join(blocks)


def resolve_changes(
    changes: Changes, registry: pd.DataFrame, standing: Iterable[str], where: str = "anywhere"
) -> dict[str, float]:
    """Party names as typed -> abbreviations, checked against the parties that stood.

    Args:
        changes: party name, abbreviation or alias -> points.
        registry: the party registry (``parties.build_party_registry``).
        standing: abbreviations of the parties that stood where the change applies.
        where: that place, for messages (e.g. "in Wales").

    Raises:
        UnknownChoiceError: a name matches no party (the message lists those that stood).
        ScenarioError: a change for independents, for a party that did not stand there, or
            two names for the same party.
    """
    standing = [party for party in dict.fromkeys(standing) if party != INDEPENDENT]
    resolved: dict[str, float] = {}
    for name, value in changes.items():
        party = resolve_party(name, registry)
        if party is None:
            raise UnknownChoiceError("party", name, standing)
        if party == INDEPENDENT:
            raise ScenarioError(
                "independents are people, not a party: a national change cannot apply to them"
            )
        if party not in standing:
            raise ScenarioError(f"{party} did not stand {where} in 2024, so it cannot swing")
        if party in resolved:
            raise ScenarioError(f"{party} is given more than one change")
        resolved[party] = float(value)
    return resolved


def resolve_nation_changes(
    nation_changes: NationChanges, registry: pd.DataFrame, candidates: pd.DataFrame
) -> dict[str, dict[str, float]]:
    """Nation and party names as typed -> canonical names and abbreviations.

    Raises:
        UnknownChoiceError: an unknown nation or party.
        ScenarioError: as ``resolve_changes``, for the parties standing in that nation.
    """
    nations = [str(nation) for nation in candidates["nation"].unique()]
    resolved: dict[str, dict[str, float]] = {}
    for typed, changes in nation_changes.items():
        nation = next((n for n in nations if n.casefold() == str(typed).strip().casefold()), None)
        if nation is None:
            raise UnknownChoiceError("nation", str(typed), nations)
        standing = candidates.loc[candidates["nation"] == nation, "party"]
        resolved[nation] = resolve_changes(changes, registry, standing, f"in {nation}")
    return resolved


# ---------------------------------------------------------------- the arithmetic


def national_shares(candidates: pd.DataFrame, nation: str | None = None) -> pd.Series:
    """Each party's share (0-100) of all valid votes in the UK, or in one nation."""
    scope = candidates if nation is None else candidates[candidates["nation"] == nation]
    total = scope["votes"].sum()
    if total == 0:
        return pd.Series(dtype="float64")
    return scope.groupby("party")["votes"].sum().astype("float64") / total * 100


def _validate(
    candidates: pd.DataFrame, changes: Changes, nation_changes: NationChanges, model: str
) -> None:
    if model not in MODELS:
        raise ScenarioError(f"unknown model {model!r}; choose from: {', '.join(MODELS)}")
    scopes = [(None, changes), *nation_changes.items()]
    for nation, scoped in scopes:
        if nation is not None and not (candidates["nation"] == nation).any():
            raise ScenarioError(f"no seats in nation {nation!r}")
        parties = (
            candidates["party"]
            if nation is None
            else candidates.loc[candidates["nation"] == nation, "party"]
        )
        stood = set(parties)
        where = "anywhere" if nation is None else f"in {nation}"
        for party, value in scoped.items():
            if party == INDEPENDENT:
                raise ScenarioError("independents are people, not a party: no change applies")
            if party not in stood:
                raise ScenarioError(f"{party} did not stand {where} in 2024")
            if not MIN_CHANGE <= float(value) <= MAX_CHANGE:
                raise ScenarioError(f"{party} change {value} is outside -100..+100 points")


def _row_changes(
    candidates: pd.DataFrame, changes: Changes, nation_changes: NationChanges
) -> pd.Series:
    """The change in points that applies to each candidate's party in their nation."""
    applied = candidates["party"].map(dict(changes)).astype("float64")
    for nation, scoped in nation_changes.items():
        in_nation = candidates["nation"] == nation
        override = candidates.loc[in_nation, "party"].map(dict(scoped)).astype("float64")
        applied.loc[override.dropna().index] = override.dropna()
    independent = candidates["party"] == INDEPENDENT
    return applied.where(~independent).fillna(0.0)


def _ratio(old: float, change: float) -> float:
    return max(old + change, 0.0) / old if old > 0 else 1.0


def _row_ratios(
    candidates: pd.DataFrame, changes: Changes, nation_changes: NationChanges
) -> pd.Series:
    """The proportional factor (national new/old share) for each candidate's party."""
    uk = national_shares(candidates)
    factors = {party: _ratio(float(uk.get(party, 0.0)), value) for party, value in changes.items()}
    ratios = candidates["party"].map(factors).astype("float64")
    for nation, scoped in nation_changes.items():
        shares = national_shares(candidates, nation)
        local = {p: _ratio(float(shares.get(p, 0.0)), value) for p, value in scoped.items()}
        in_nation = candidates["nation"] == nation
        override = candidates.loc[in_nation, "party"].map(local).astype("float64").dropna()
        ratios.loc[override.index] = override
    independent = candidates["party"] == INDEPENDENT
    return ratios.where(~independent).fillna(1.0)


def apply_swing(
    candidates: pd.DataFrame,
    changes: Changes,
    model: str = "uniform",
    nation_changes: NationChanges | None = None,
) -> pd.DataFrame:
    """Project every candidate's share under national changes, seat by seat.

    Args:
        candidates: the candidate table (``constituency_code``, ``nation``, ``party``,
            ``votes``, ``share`` 0-100, ``position`` 1 = 2024 winner).
        changes: party abbreviation -> change in its UK-wide share, in points.
        model: ``"uniform"`` or ``"proportional"`` (see the module docstring).
        nation_changes: nation -> (party -> points), replacing the UK-wide change for that
            party in that nation.

    Returns:
        A copy of ``candidates`` with ``projected_share`` (0-100, summing to 100 in each
        seat) and ``projected_position`` (1 = projected winner).

    Raises:
        ScenarioError: unknown model, a change for independents, for a party that did not
            stand, outside -100..+100, or a seat where every candidate falls to zero.
    """
    nation_changes = dict(nation_changes or {})
    _validate(candidates, changes, nation_changes, model)
    share = candidates["share"].astype("float64")
    if model == "uniform":
        raw = (share + _row_changes(candidates, changes, nation_changes)).clip(lower=0.0)
    else:
        raw = share * _row_ratios(candidates, changes, nation_changes)
    totals = raw.groupby(candidates["constituency_code"]).transform("sum")
    empty = candidates.loc[totals <= 0, "constituency_code"].unique()
    if len(empty):
        shown = ", ".join(map(str, empty[:5])) + (" ..." if len(empty) > 5 else "")
        raise ScenarioError(
            f"every candidate falls to zero in {len(empty)} seat(s) ({shown}): "
            "the scenario takes away more than the parties there had"
        )
    projected = candidates.copy()
    projected["projected_share"] = raw / totals * 100
    # The winner is decided on the raw shares (before renormalising, which cannot change the
    # order but could round two close shares to equal), ties to the 2024 order.
    order = pd.DataFrame(
        {"code": candidates["constituency_code"], "raw": raw, "was": candidates["position"]}
    ).sort_values(["code", "raw", "was"], ascending=[True, False, True], kind="stable")
    projected["projected_position"] = (
        order.groupby("code").cumcount().add(1).reindex(candidates.index).astype("int64")
    )
    return projected


# ---------------------------------------------------------------- summaries


def _placed(projected: pd.DataFrame, column: str, place: int, names: dict) -> pd.DataFrame:
    rows = projected[projected[column] == place].set_index("constituency_code")
    return rows[list(names)].rename(columns=names)


def project_seats(projected: pd.DataFrame) -> pd.DataFrame:
    """One row per seat: the 2024 winner, the projected winner and the new margin.

    Columns: constituency_code, constituency_name, nation, region, party_2024,
    candidate_2024, share_2024, projected_party, projected_candidate, projected_share,
    projected_second_party, projected_second_candidate, projected_second_share,
    projected_margin_pct (points between the projected winner and runner-up), changes_hands
    (the winner is another candidate).
    """
    before = _placed(
        projected,
        "position",
        1,
        {
            "constituency_name": "constituency_name",
            "nation": "nation",
            "region": "region",
            "party": "party_2024",
            "candidate_name": "candidate_2024",
            "share": "share_2024",
        },
    )
    after = _placed(
        projected,
        "projected_position",
        1,
        {
            "party": "projected_party",
            "candidate_name": "projected_candidate",
            "projected_share": "projected_share",
            "position": "position_2024",
        },
    )
    second = _placed(
        projected,
        "projected_position",
        2,
        {
            "party": "projected_second_party",
            "candidate_name": "projected_second_candidate",
            "projected_share": "projected_second_share",
        },
    )
    seats = before.join(after).join(second)
    seats["projected_second_share"] = seats["projected_second_share"].fillna(0.0)
    seats["projected_margin_pct"] = seats["projected_share"] - seats["projected_second_share"]
    seats["changes_hands"] = (seats.pop("position_2024") != 1).astype(bool)
    return (
        seats.reset_index().sort_values("constituency_name", kind="stable").reset_index(drop=True)
    )


def count_seats(projected_seats: pd.DataFrame) -> pd.DataFrame:
    """Seats per party: ``party``, ``seats_2024``, ``seats_projected``, ``change``.

    Every party that won a seat in either is listed, most projected seats first.
    """
    before = projected_seats["party_2024"].value_counts()
    after = projected_seats["projected_party"].value_counts()
    totals = pd.concat([before.rename("seats_2024"), after.rename("seats_projected")], axis=1)
    totals = totals.fillna(0).astype("int64")
    totals["change"] = totals["seats_projected"] - totals["seats_2024"]
    totals.index.name = "party"
    totals = totals.reset_index()
    totals["party"] = totals["party"].astype(str)
    return totals.sort_values(
        ["seats_projected", "seats_2024", "party"], ascending=[False, False, True], kind="stable"
    ).reset_index(drop=True)


def list_seat_changes(projected_seats: pd.DataFrame) -> pd.DataFrame:
    """The seats changing hands: who loses, who wins, and the new margin in points."""
    moved = projected_seats[projected_seats["changes_hands"]]
    return moved.rename(
        columns={
            "party_2024": "from_party",
            "candidate_2024": "from_candidate",
            "projected_party": "to_party",
            "projected_candidate": "to_candidate",
            "projected_margin_pct": "new_margin_pct",
        }
    )[
        [
            "constituency_code",
            "constituency_name",
            "nation",
            "from_party",
            "from_candidate",
            "to_party",
            "to_candidate",
            "new_margin_pct",
        ]
    ].reset_index(drop=True)


@dataclass(frozen=True)
class Scenario:
    """A projected election: the inputs and every table the page and CLI show."""

    model: str
    changes: dict[str, float]
    nation_changes: dict[str, dict[str, float]] = field(default_factory=dict)
    candidates: pd.DataFrame = field(default_factory=pd.DataFrame)
    seats: pd.DataFrame = field(default_factory=pd.DataFrame)
    totals: pd.DataFrame = field(default_factory=pd.DataFrame)
    seat_changes: pd.DataFrame = field(default_factory=pd.DataFrame)

    def seats_by_party(self) -> dict[str, int]:
        """Projected seats per party, parties with none left out."""
        won = self.totals[self.totals["seats_projected"] > 0]
        return dict(zip(won["party"], won["seats_projected"].astype(int), strict=True))

    def for_seats(self, codes: Iterable[str]) -> Scenario:
        """The same scenario with its seat tables, totals and changes limited to ``codes``.

        The projection itself is national (or per nation): only what is shown is limited.
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
    """Apply the swing and build the seat-by-seat projection, totals and seats changing hands.

    Raises:
        ScenarioError: as ``apply_swing``.
    """
    projected = apply_swing(candidates, changes, model, nation_changes)
    seats = project_seats(projected)
    return Scenario(
        model=model,
        changes=dict(changes),
        nation_changes={nation: dict(scoped) for nation, scoped in (nation_changes or {}).items()},
        candidates=projected,
        seats=seats,
        totals=count_seats(seats),
        seat_changes=list_seat_changes(seats),
    )


# ---------------------------------------------------------------- for the page and exports


def main_parties(
    candidates: pd.DataFrame, nation: str | None = None, min_share: float = 1.0
) -> list[str]:
    """Parties with at least ``min_share`` % of the vote (UK-wide or in a nation), largest first.

    Independents are left out: no change applies to them.
    """
    shares = national_shares(candidates, nation).sort_values(ascending=False)
    return [
        str(party) for party, share in shares.items() if share >= min_share and party != INDEPENDENT
    ]


def split_changes(
    changes: Changes, shown: Iterable[str]
) -> tuple[dict[str, float], dict[str, float]]:
    """Split changes into those for ``shown`` parties and the rest (matched by name, any case)."""
    shown_folded = {str(party).casefold(): str(party) for party in shown}
    picked: dict[str, float] = {}
    rest: dict[str, float] = {}
    for name, value in changes.items():
        party = shown_folded.get(str(name).casefold())
        if party is None:
            rest[name] = float(value)
        else:
            picked[party] = float(value)
    return picked, rest


def as_seat_table(seats: pd.DataFrame, projected_seats: pd.DataFrame) -> pd.DataFrame:
    """The seat table with its winner, runner-up and majority replaced by the projection.

    For views drawn from seat tables (the map). Shares and ``majority_pct`` are projected;
    ``majority`` in votes is an estimate assuming 2024's valid votes; ``winner_votes`` and
    ``second_votes`` are left empty. ``party_2024`` and ``changes_hands`` are added. Rows
    keep the seat table's order and index, so a filter mask on ``seats`` applies.
    """
    projection = projected_seats.set_index("constituency_code")
    table = seats.set_index("constituency_code").copy()
    projection = projection.reindex(table.index)
    table["party_2024"] = table["winner_party"]
    table["winner_party"] = projection["projected_party"]
    table["winner_candidate"] = projection["projected_candidate"]
    table["winner_share"] = projection["projected_share"].round(4)
    table["second_party"] = projection["projected_second_party"]
    table["second_candidate"] = projection["projected_second_candidate"]
    table["second_share"] = projection["projected_second_share"].round(4)
    table["majority_pct"] = projection["projected_margin_pct"].round(2)
    estimate = projection["projected_margin_pct"] * table["valid_votes"] / 100
    table["majority"] = estimate.round().astype("int64")
    table["winner_votes"] = pd.NA
    table["second_votes"] = pd.NA
    table["changes_hands"] = projection["changes_hands"].astype(bool)
    table = table.reset_index()
    table.index = seats.index
    return table


def scenario_slug(
    changes: Changes, model: str = "uniform", nation_changes: NationChanges | None = None
) -> str:
    """A short file-name-safe name for a scenario, e.g. "uniform_lab-5_ruk+5"."""
    parts = [model] + [f"{party}{format_points(value)}" for party, value in changes.items()]
    for nation, scoped in (nation_changes or {}).items():
        parts += [f"{nation}-{party}{format_points(value)}" for party, value in scoped.items()]
    slug = "_".join(re.sub(r"[^a-z0-9.+-]+", "-", part.casefold()).strip("-") for part in parts)
    return slug[:80] if len(parts) > 1 else f"{model}_no-change"
