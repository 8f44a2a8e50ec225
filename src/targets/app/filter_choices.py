"""What the sidebar's filters offer for a seat table: each list's choices, each measure's range.

Worked out once per endorsement list (``map_cache.data_version``) and shared by every session
and page: the sidebar's widgets, and the pages that offer a party to target.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

import streamlit as st

from targets import filters, targeting
from targets.app.map_cache import data_version
from targets.data.context import CONTEXT_COLUMNS
from targets.seats import SeatData

ANY_STANCE = "any"
NO_SWING = ""  # no party chosen: no swing limit


@dataclass(frozen=True)
class FilterChoices:
    """What the filters offer for one seat table: each list's choices, each measure's range."""

    options: Mapping[str, tuple[str, ...]]
    bounds: Mapping[str, tuple[float, float]]


@st.cache_resource(show_spinner=False, max_entries=16)
def _choices_for(version: str, _data: SeatData) -> FilterChoices:
    seats = _data.seats
    options = {
        "f_nation": sorted(seats["nation"].unique()),
        "f_region": sorted(seats["region"].unique()),
        "f_winner": seats["winner_party"].value_counts().index.tolist(),
        "f_second": seats["second_party"].value_counts().index.tolist(),
        "f_current": seats["current_party"].value_counts().index.tolist(),
        "f_group": filters.seat_groups(seats),
        "f_stance": [ANY_STANCE, *filters.STANCE_CHOICES],
        "f_swing_party": [NO_SWING, *targeting.parties_standing(_data.candidates)],
    }
    return FilterChoices(
        MappingProxyType({key: tuple(values) for key, values in options.items()}),
        MappingProxyType(filters.measure_bounds(seats, CONTEXT_COLUMNS)),
    )


def filter_choices(data: SeatData) -> FilterChoices:
    """The filters' choices for this seat table, worked out once per endorsement list."""
    return _choices_for(data_version(data), data)


def parties_standing(data: SeatData) -> list[str]:
    """The parties that stood anywhere, most votes first (independents left out)."""
    return list(filter_choices(data).options["f_swing_party"][1:])
