"""The target seats nearest a place: straight-line distance to each seat, 0 inside it.

Distances are measured in British National Grid metres (EPSG:27700) from the postcode's
point to the seat's generalised (20 m) polygon, and reported in km. The seat a postcode
is placed in is at 0 km, whatever the generalised outline says.

Targets come from one of: a party's target list (seats it did not win, by swing needed,
optionally at most ``max_swing``), a group's seats (those it backs or opposes a candidate
in, with the backed candidate's swing needed), or a chosen list of seats.
"""

from __future__ import annotations

from collections.abc import Sequence

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from targets import groups, targeting
from targets.errors import BadInputError, UnknownChoiceError
from targets.parties import INDEPENDENT, resolve_party
from targets.seat_names import build_seat_index, find_seat

BNG = "EPSG:27700"
TARGET_COLUMNS: tuple[str, ...] = (
    "constituency_code",
    "constituency_name",
    "region",
    "nation",
    "swing_needed",
    "holder_party",
    "holder_candidate",
    "holder_majority_pct",
    "current_mp",
    "current_party",
)
NEAREST_COLUMNS: tuple[str, ...] = (
    "rank",
    "constituency_code",
    "constituency_name",
    "distance_km",
    "swing_needed",
    "holder_party",
    "holder_candidate",
    "holder_majority_pct",
    "current_mp",
    "current_party",
    "region",
    "nation",
)


def seat_shapes(boundaries: gpd.GeoDataFrame) -> gpd.GeoSeries:
    """Seat polygons in British National Grid metres, indexed by ``constituency_code``."""
    return boundaries.to_crs(BNG).set_index("constituency_code").geometry


def distances_km(
    easting: float, northing: float, shapes: gpd.GeoSeries, own_seat: str | None = None
) -> pd.Series:
    """Straight-line distance from a point to each seat polygon in km (0 inside).

    Args:
        easting: the point's easting in EPSG:27700 metres.
        northing: its northing.
        shapes: seat polygons in EPSG:27700 (see :func:`seat_shapes`).
        own_seat: the seat the point is placed in, set to 0 whatever its outline says.
    """
    point = shapely.Point(float(easting), float(northing))
    metres = shapely.distance(point, shapes.to_numpy())
    result = pd.Series(np.asarray(metres, dtype="float64") / 1000.0, index=shapes.index)
    if own_seat is not None and own_seat in result.index:
        result[own_seat] = 0.0
    return result


def resolve_target_party(text: str, candidates: pd.DataFrame, registry: pd.DataFrame) -> str:
    """The party abbreviation for a typed name; raises BadInputError with the choices."""
    standing = targeting.parties_standing(candidates)
    party = resolve_party(text, registry)
    if party == INDEPENDENT:
        raise BadInputError("independents are people, not a party: choose a registered party")
    if party is None or party not in standing:
        raise UnknownChoiceError("party", text, standing)
    return party


def party_targets(data, party: str, max_swing: float | None = None) -> pd.DataFrame:
    """A party's target seats (``TARGET_COLUMNS``), at most ``max_swing`` points away."""
    party = resolve_target_party(party, data.candidates, data.registry)
    table = targeting.rank_targets(data.seats, data.candidates, party)
    if max_swing is not None:
        table = table[table["swing_needed"] <= max_swing]
    return table[list(TARGET_COLUMNS)].reset_index(drop=True)


def group_targets(data, group: str, max_swing: float | None = None) -> pd.DataFrame:
    """A group's seats (``TARGET_COLUMNS``): swing needed is its backed candidate's."""
    name = groups.resolve_group(data.endorsements, group)
    table = groups.build_group_table(data.endorsements, data.seats, name)
    if max_swing is not None:
        table = table[table["swing_needed"].fillna(np.inf) <= max_swing]
    return _with_seat_facts(table[["constituency_code", "swing_needed"]], data.seats)


def chosen_targets(data, seats: Sequence[str]) -> pd.DataFrame:
    """Seats named by code or name (``TARGET_COLUMNS``; no swing needed)."""
    index = build_seat_index(data.seat_names)
    codes, unknown = [], []
    for text in seats:
        code = find_seat(index, text)
        (codes if code else unknown).append(code or text)
    if unknown:
        raise BadInputError(f"unknown seat(s): {', '.join(map(repr, unknown))}")
    frame = pd.DataFrame({"constituency_code": list(dict.fromkeys(codes))})
    frame["swing_needed"] = np.nan
    return _with_seat_facts(frame, data.seats)


def all_seats(data) -> pd.DataFrame:
    """Every seat as a 'target' (``TARGET_COLUMNS``; no swing needed)."""
    frame = pd.DataFrame({"constituency_code": data.seats["constituency_code"]})
    frame["swing_needed"] = np.nan
    return _with_seat_facts(frame, data.seats)


def _with_seat_facts(frame: pd.DataFrame, seats: pd.DataFrame) -> pd.DataFrame:
    facts = seats.set_index("constituency_code").rename(
        columns={
            "winner_party": "holder_party",
            "winner_candidate": "holder_candidate",
            "majority_pct": "holder_majority_pct",
        }
    )
    columns = [c for c in TARGET_COLUMNS if c not in ("constituency_code", "swing_needed")]
    joined = frame.join(facts[columns], on="constituency_code")
    joined["swing_needed"] = pd.to_numeric(joined["swing_needed"]).astype("float64")
    return joined[list(TARGET_COLUMNS)].reset_index(drop=True)


def select_targets(
    data,
    *,
    party: str | None = None,
    group: str | None = None,
    seats: Sequence[str] = (),
    max_swing: float | None = None,
) -> pd.DataFrame:
    """The target seats asked for: a party's, a group's, chosen seats, or every seat.

    Raises:
        BadInputError: more than one source of targets, an unknown party, group or seat,
            or ``max_swing`` without a party or group.
    """
    given = [name for name, value in (("party", party), ("group", group)) if value]
    if seats:
        given.append("seats")
    if len(given) > 1:
        raise BadInputError(f"choose targets from one of party, group or seats, not {given}")
    if max_swing is not None and not (party or group):
        raise BadInputError("a swing cut-off needs a party or a group")
    if party:
        return party_targets(data, party, max_swing)
    if group:
        return group_targets(data, group, max_swing)
    if seats:
        return chosen_targets(data, seats)
    return all_seats(data)


def nearest_targets(
    targets: pd.DataFrame,
    easting: float,
    northing: float,
    shapes: gpd.GeoSeries,
    *,
    own_seat: str | None = None,
    top: int | None = 10,
    max_km: float | None = None,
) -> pd.DataFrame:
    """The targets nearest a point, closest first (ties: smaller swing needed first).

    Returns:
        The ``NEAREST_COLUMNS``: ``rank`` (1 = nearest), ``distance_km`` (0 inside the
        seat), and the target's facts.
    """
    codes = targets["constituency_code"]
    distance = distances_km(easting, northing, shapes.loc[codes.unique()], own_seat)
    table = targets.assign(distance_km=codes.map(distance).round(2).to_numpy())
    if max_km is not None:
        table = table[table["distance_km"] <= max_km]
    table = table.sort_values(
        ["distance_km", "swing_needed", "constituency_name"], na_position="last", kind="stable"
    )
    if top is not None:
        table = table.head(top)
    table = table.reset_index(drop=True)
    table.insert(0, "rank", np.arange(1, len(table) + 1))
    return table[list(NEAREST_COLUMNS)]
