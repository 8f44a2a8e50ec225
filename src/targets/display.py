"""Seat tables laid out for people: labels, number formats and party colours."""

from __future__ import annotations

import pandas as pd
from pandas.io.formats.style import Styler

from targets.parties import colour_map

PARTY_COLUMNS: tuple[str, ...] = (
    "winner_party",
    "second_party",
    "notional_2019_winner",
    "backed_party",
    "opposed_party",
)
COLUMN_LABELS: dict[str, str] = {
    "constituency_code": "Code",
    "constituency_name": "Seat",
    "nation": "Nation",
    "region": "Region",
    "winner_party": "Winner",
    "winner_candidate": "Winning candidate",
    "winner_votes": "Winner votes",
    "winner_share": "Winner share %",
    "second_party": "Runner-up",
    "second_candidate": "Runner-up candidate",
    "second_votes": "Runner-up votes",
    "second_share": "Runner-up share %",
    "majority": "Majority",
    "majority_pct": "Majority %",
    "turnout_pct": "Turnout %",
    "electorate": "Electorate",
    "valid_votes": "Valid votes",
    "result": "Result",
    "gain": "Gain",
    "notional_2019_winner": "2019 notional winner",
    "notional_2019_majority": "2019 notional majority",
    "groups": "Groups",
    "backed_candidate": "Backed",
    "backed_party": "Backed party",
    "opposed_candidate": "Opposed",
    "opposed_party": "Opposed party",
    "backing_groups": "Backing groups",
    "opposing_groups": "Opposing groups",
}


def _text_colour(background: str) -> str:
    red, green, blue = (int(background[i : i + 2], 16) for i in (1, 3, 5))
    return "#000000" if (0.299 * red + 0.587 * green + 0.114 * blue) > 150 else "#FFFFFF"


def party_cell_style(registry: pd.DataFrame):
    """A Styler cell function painting a party abbreviation in its colour."""
    colours = colour_map(registry)

    def style(value: object) -> str:
        colour = colours.get(str(value)) if isinstance(value, str) and value else None
        if not colour:
            return ""
        return f"background-color: {colour}; color: {_text_colour(colour)}"

    return style


def style_seat_table(seats: pd.DataFrame, registry: pd.DataFrame) -> Styler:
    """The seat table with thousands separators, one-decimal percentages, party colours."""
    integers = [
        c
        for c in seats.columns
        if c
        in (
            "winner_votes",
            "second_votes",
            "majority",
            "electorate",
            "valid_votes",
            "notional_2019_majority",
        )
    ]
    percentages = [
        c
        for c in seats.columns
        if c.endswith(("_share", "_pct")) or c.startswith("derived_2019_share_")
    ]
    styler = seats.style.format("{:,.0f}", subset=integers, na_rep="")
    styler = styler.format("{:.1f}", subset=percentages, na_rep="")
    party_columns = [c for c in PARTY_COLUMNS if c in seats.columns]
    return styler.map(party_cell_style(registry), subset=party_columns)


SEAT_COLUMN_CONFIG: dict[str, str] = dict(COLUMN_LABELS)
