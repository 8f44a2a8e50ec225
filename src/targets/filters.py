"""Seat filters shared by every page and the CLI: what a campaigner narrows the map to."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields

import pandas as pd

from targets.conditions import Condition, meets_all, numeric_columns, parse_condition
from targets.errors import UnknownChoiceError
from targets.parties import resolve_party
from targets.text import fold_text

STANCE_CHOICES: tuple[str, ...] = ("support", "oppose")
SEARCHED_COLUMNS: tuple[str, ...] = (
    "constituency_name",
    "winner_candidate",
    "second_candidate",
    "backed_candidate",
    "opposed_candidate",
    "current_mp",
)
_SLUG_OPS = {"<": "lt", "<=": "le", ">": "gt", ">=": "ge", "=": "eq", "!=": "ne"}
_SPLIT = re.compile(r"\s*;\s*")


@dataclass(frozen=True)
class SwingLimit:
    """Seats a party could gain with a swing of at most ``max_swing`` points.

    ``seats`` holds the codes that pass (seats the party did not win, where its swing
    needed is at most ``max_swing``), worked out once from the candidates by
    :func:`swing_limit`, so the filter needs only the seat table.
    """

    party: str
    max_swing: float
    seats: frozenset[str] = frozenset()

    def __str__(self) -> str:
        return f"{self.party} needs a swing ≤ {self.max_swing:g} pts"


def swing_limit(party: str, max_swing: float, swing_needed: pd.Series) -> SwingLimit:
    """The seats where ``party`` needs a swing of at most ``max_swing`` points to win.

    Args:
        party: the party's abbreviation.
        max_swing: the most points the party can be asked to gain.
        swing_needed: the party's swing needed by seat code (e.g.
            ``targeting.swing_needed_by_seat(candidates, party)["swing_needed"]``); 0 where
            it won (those seats are not targets and do not pass), missing where it did not
            stand.
    """
    needed = pd.to_numeric(swing_needed, errors="coerce")
    passing = needed[(needed > 0) & (needed <= max_swing)]
    return SwingLimit(party, float(max_swing), frozenset(str(code) for code in passing.index))


@dataclass(frozen=True)
class SeatFilters:
    """The active filters; empty tuples and None mean "no limit"."""

    nations: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    winners: tuple[str, ...] = ()
    seconds: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()
    stance: str | None = None
    min_majority_pct: float | None = None
    max_majority_pct: float | None = None
    search: str = ""
    current_parties: tuple[str, ...] = ()  # the party holding the seat now (sitting MP)
    conditions: tuple[Condition, ...] = ()  # numeric conditions, e.g. leave_pct >= 55
    swing: SwingLimit | None = None  # a party's targets within a swing of N points

    def is_empty(self) -> bool:
        """True when no filter is set."""
        return self == SeatFilters()


def _split_cell(cell: object) -> list[str]:
    return [part for part in _SPLIT.split(str(cell)) if part] if pd.notna(cell) else []


def seat_groups(seats: pd.DataFrame) -> list[str]:
    """Every group with a stance somewhere, in order of first appearance."""
    return list(dict.fromkeys(g for cell in seats["groups"] for g in _split_cell(cell)))


def _has_any(column: pd.Series, wanted: Iterable[str]) -> pd.Series:
    wanted_folded = {fold_text(value) for value in wanted}
    return column.map(lambda cell: any(fold_text(g) in wanted_folded for g in _split_cell(cell)))


def _stance_mask(seats: pd.DataFrame, filters: SeatFilters) -> pd.Series:
    groups = filters.groups or tuple(seat_groups(seats))
    if filters.stance == "support":
        return _has_any(seats["backing_groups"], groups)
    if filters.stance == "oppose":
        return _has_any(seats["opposing_groups"], groups)
    return _has_any(seats["groups"], groups)


def filter_mask(seats: pd.DataFrame, filters: SeatFilters) -> pd.Series:
    """Boolean Series, True for the seats that pass every filter."""
    mask = pd.Series(True, index=seats.index)
    if filters.nations:
        mask &= seats["nation"].isin(filters.nations)
    if filters.regions:
        mask &= seats["region"].isin(filters.regions)
    if filters.winners:
        mask &= seats["winner_party"].isin(filters.winners)
    if filters.seconds:
        mask &= seats["second_party"].isin(filters.seconds)
    if filters.current_parties:
        mask &= seats["current_party"].isin(filters.current_parties)
    if filters.groups or filters.stance:
        mask &= _stance_mask(seats, filters)
    if filters.min_majority_pct is not None:
        mask &= seats["majority_pct"] >= filters.min_majority_pct
    if filters.max_majority_pct is not None:
        mask &= seats["majority_pct"] <= filters.max_majority_pct
    if filters.conditions:
        mask &= meets_all(seats, filters.conditions)
    if filters.swing is not None:
        mask &= seats["constituency_code"].isin(filters.swing.seats)
    if filters.search.strip():
        needle = fold_text(filters.search)
        searchable = seats[[c for c in SEARCHED_COLUMNS if c in seats]].fillna("")
        haystack = searchable.agg(" | ".join, axis=1).map(fold_text)
        mask &= haystack.str.contains(needle, regex=False)
    return mask.fillna(False).astype(bool)


def filter_seats(seats: pd.DataFrame, filters: SeatFilters) -> pd.DataFrame:
    """The seats that pass every filter, in the table's order."""
    return seats[filter_mask(seats, filters)]


def _pick(option: str, value: str, choices: Iterable[str]) -> str:
    choices = list(choices)
    for choice in choices:
        if fold_text(choice) == fold_text(value):
            return choice
    raise UnknownChoiceError(option, value, choices)


def _party(option: str, value: str, registry: pd.DataFrame, standing: Iterable[str]) -> str:
    standing = set(standing)
    party = resolve_party(value, registry)
    if party is None:
        raise UnknownChoiceError(option, value, standing)
    return party


def resolve_filters(
    seats: pd.DataFrame,
    registry: pd.DataFrame,
    *,
    nations: Iterable[str] = (),
    regions: Iterable[str] = (),
    winners: Iterable[str] = (),
    seconds: Iterable[str] = (),
    groups: Iterable[str] = (),
    stance: str | None = None,
    min_majority_pct: float | None = None,
    max_majority_pct: float | None = None,
    search: str = "",
    current_parties: Iterable[str] = (),
    where: Iterable[str] = (),
) -> SeatFilters:
    """Turn what a person typed into canonical filters (case-insensitive; parties by name).

    Raises:
        UnknownChoiceError: a value names no nation, region, party, group, stance or
            numeric column (in ``where``).
        BadInputError: a ``where`` condition that cannot be read.
    """
    parties = set(seats["winner_party"]) | set(seats["second_party"])
    holding = set(seats.get("current_party", pd.Series(dtype="string"))) - {""}
    return SeatFilters(
        nations=tuple(_pick("nation", v, seats["nation"].unique()) for v in nations),
        regions=tuple(_pick("region", v, seats["region"].unique()) for v in regions),
        winners=tuple(_party("party", v, registry, parties) for v in winners),
        seconds=tuple(_party("party", v, registry, parties) for v in seconds),
        groups=tuple(_pick("group", v, seat_groups(seats)) for v in groups),
        stance=_pick("stance", stance, STANCE_CHOICES) if stance else None,
        min_majority_pct=min_majority_pct,
        max_majority_pct=max_majority_pct,
        search=search or "",
        current_parties=tuple(_party("party", v, registry, holding) for v in current_parties),
        conditions=tuple(parse_condition(text, numeric_columns(seats)) for text in where),
    )


def describe_filters(filters: SeatFilters) -> str:
    """One line saying which filters are on, for people (e.g. "winner Lab · majority ≤ 5%")."""
    labels = {
        "nations": "nation",
        "regions": "region",
        "winners": "winner",
        "seconds": "runner-up",
        "groups": "group",
        "stance": "stance",
        "current_parties": "held now by",
    }
    parts = []
    for field in fields(SeatFilters):
        value = getattr(filters, field.name)
        if field.name in labels and value:
            shown = ", ".join(value) if isinstance(value, tuple) else value
            parts.append(f"{labels[field.name]} {shown}")
    if filters.min_majority_pct is not None:
        parts.append(f"majority ≥ {filters.min_majority_pct:g}%")
    if filters.max_majority_pct is not None:
        parts.append(f"majority ≤ {filters.max_majority_pct:g}%")
    parts.extend(str(condition) for condition in filters.conditions)
    if filters.swing is not None:
        parts.append(str(filters.swing))
    if filters.search.strip():
        parts.append(f"search “{filters.search.strip()}”")
    return " · ".join(parts) if parts else "all seats"


def filters_slug(filters: SeatFilters) -> str:
    """A short file-name-safe form of the filters, e.g. "winner-lab_maj-le-5"."""
    parts = []
    for name, prefix in (
        ("nations", ""),
        ("regions", ""),
        ("winners", "winner-"),
        ("seconds", "second-"),
        ("current_parties", "now-"),
        ("groups", ""),
    ):
        values = getattr(filters, name)
        if values:
            parts.append(prefix + "-".join(values))
    if filters.stance:
        parts.append(filters.stance)
    if filters.max_majority_pct is not None:
        parts.append(f"maj-le-{filters.max_majority_pct:g}")
    if filters.min_majority_pct is not None:
        parts.append(f"maj-ge-{filters.min_majority_pct:g}")
    parts.extend(f"{c.column}-{_SLUG_OPS[c.op]}-{c.value:g}" for c in filters.conditions)
    if filters.swing is not None:
        parts.append(f"{filters.swing.party}-swing-le-{filters.swing.max_swing:g}")
    if filters.search.strip():
        parts.append("search-" + filters.search.strip())
    slugs = [re.sub(r"[^a-z0-9.]+", "-", fold_text(part)).strip("-") for part in parts]
    slug = "_".join(part for part in slugs if part)
    return slug[:60] or "all-seats"


def measure_bounds(seats: pd.DataFrame, columns: Iterable[str]) -> dict[str, tuple[float, float]]:
    """The whole range of each numeric column, widened to whole numbers: (low, high)."""
    bounds = {}
    for column in columns:
        values = pd.to_numeric(seats[column], errors="coerce").dropna()
        if not values.empty:
            bounds[column] = (float(math.floor(values.min())), float(math.ceil(values.max())))
    return bounds


def range_conditions(
    ranges: Mapping[str, tuple[float, float]], bounds: Mapping[str, tuple[float, float]]
) -> tuple[Condition, ...]:
    """Conditions for the ranges narrower than the column's whole range (low <= x <= high).

    A range left at its whole extent adds nothing, so seats with no value (no Leave
    estimate in Northern Ireland) are only left out once someone narrows that range.
    """
    conditions = []
    for column, (low, high) in ranges.items():
        whole_low, whole_high = bounds.get(column, (low, high))
        if low > whole_low:
            conditions.append(Condition(column, ">=", float(low)))
        if high < whole_high:
            conditions.append(Condition(column, "<=", float(high)))
    return tuple(conditions)
