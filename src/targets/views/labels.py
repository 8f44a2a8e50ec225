"""Seat tables laid out for people: labels, number formats and party colours."""

from __future__ import annotations

import html
import re

import pandas as pd

from targets.data.context import CONTEXT_LABELS
from targets.parties import colour_map

# CommonMark lets any ASCII punctuation be escaped; these are the ones that can build a
# link, an image, HTML, emphasis or a Streamlit directive (":red[...]", ":material/...:").
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


# The browser's Markdown still turns bare addresses into links, escaped or not ("https\://",
# "www\.", "name@host"): a zero-width space inside each keeps them text, looking the same.
_BARE_ADDRESS = re.compile(r"(?i)(https?|ftp|www|mailto)(?=\\?[:.])|(?<=\w)(?=@\w)")
ZERO_WIDTH_SPACE = "\u200b"


def escape_markdown(text: object) -> str:
    """Text from a link, an upload or the data, safe to put inside Markdown: shown as typed.

    Markdown punctuation is escaped and bare web and mail addresses are kept from becoming
    links (a zero-width space after ``https``, ``www`` and before ``@``).
    """
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", str(text))
    return _BARE_ADDRESS.sub(lambda m: (m.group(1) or "") + ZERO_WIDTH_SPACE, escaped)


def html_text(values: pd.Series) -> pd.Series:
    """Text from the data made safe for Plotly's hover and legend HTML: shown as written."""
    return values.astype(object).fillna("").astype(str).map(html.escape)


PARTY_COLUMNS: tuple[str, ...] = (
    "winner_party",
    "second_party",
    "notional_2019_winner",
    "backed_party",
    "opposed_party",
    "current_party",
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
    "current_mp": "MP now",
    "current_party": "Held now by",
    "change_since_2024": "Change since 2024",
    "change_description": "What changed",
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


COLUMN_LABELS.update(CONTEXT_LABELS)


INTEGER_COLUMNS: tuple[str, ...] = (
    "winner_votes",
    "second_votes",
    "majority",
    "electorate",
    "valid_votes",
    "notional_2019_majority",
    "population",
    "deprivation_decile",
)


_DERIVED_SHARE = "derived_2019_share_"
_PARTY_WORDS = {
    "con": "Conservative",
    "lab": "Labour",
    "ld": "Liberal Democrat",
    "ruk": "Reform UK",
    "green": "Green",
    "snp": "SNP",
    "pc": "Plaid Cymru",
}


def column_label(column: str) -> str:
    """A column's header in words: "majority_pct" -> "Majority %", and so on.

    ``derived_2019_share_ruk`` -> "2019 share, Reform UK (derived)"; a column with no
    label of its own is written out ("swing_needed" -> "Swing needed").
    """
    if column in COLUMN_LABELS:
        return COLUMN_LABELS[column]
    if column.startswith(_DERIVED_SHARE):
        party = column.removeprefix(_DERIVED_SHARE)
        return f"2019 share, {_PARTY_WORDS.get(party, party.upper())} (derived)"
    words = column.replace("_pct", " %").replace("_", " ").strip()
    return words[:1].upper() + words[1:]


def number_format(column: str, dtype: object) -> str | None:
    """The spreadsheet number format for a column: thousands, one decimal for %, or None."""
    if not pd.api.types.is_numeric_dtype(dtype) or pd.api.types.is_bool_dtype(dtype):
        return None
    if is_percentage(column):
        return "0.0"
    if column.startswith("swing") or column.endswith("_km"):
        return "0.00"
    if pd.api.types.is_integer_dtype(dtype) or column in INTEGER_COLUMNS:
        return "#,##0"
    return None


def is_percentage(column: str) -> bool:
    """Whether a column holds a percentage or a share (0-100)."""
    return column.endswith(("_share", "_pct")) or column.startswith("derived_2019_share_")


def seat_table_for_display(seats: pd.DataFrame) -> pd.DataFrame:
    """The seat table for people: party cells as coloured chips, missing text blank.

    Party cells become one-item lists (shown as chips); a text cell with nothing in it
    (no candidate backed, no change since 2024) is blank rather than "None".
    """
    shown = blank_text(seats)
    for column in PARTY_COLUMNS:
        if column in shown.columns:
            shown[column] = [
                [str(value)] if isinstance(value, str) and value else [] for value in shown[column]
            ]
    return shown


def blank_text(table: pd.DataFrame) -> pd.DataFrame:
    """A copy with every missing value in a text column as "" (a table shows it blank)."""
    shown = table.copy()
    for column in shown.columns:
        values = shown[column]
        textual = pd.api.types.is_string_dtype(values) or values.dtype == object
        if textual and values.isna().any():
            shown[column] = values.fillna("")
    return shown


def _text_colour(background: str) -> str:
    red, green, blue = (int(background[i : i + 2], 16) for i in (1, 3, 5))
    return "#000000" if (0.299 * red + 0.587 * green + 0.114 * blue) > 150 else "#FFFFFF"


def party_cell_style(registry: pd.DataFrame):
    """A pandas Styler cell function painting a party abbreviation in its colour.

    For small tables; large ones use ``targets.app.columns.seat_column_config`` (faster).
    """
    colours = colour_map(registry)

    def style(value: object) -> str:
        colour = colours.get(str(value)) if isinstance(value, str) and value else None
        if not colour:
            return ""
        return f"background-color: {colour}; color: {_text_colour(colour)}"

    return style


SEAT_LINK = "seat_link"
SEAT_LINK_TEXT = r"seat=[^#]*#(.*)$"  # the seat's name, shown for its link


def with_seat_links(table: pd.DataFrame) -> pd.DataFrame:
    """The table with ``seat_link``: the seat page's link, the seat's name after ``#``.

    Shown with ``SEAT_LINK_TEXT`` as the link's text, so a row's seat name opens its profile.
    """
    codes = table["constituency_code"].astype("string")
    names = table["constituency_name"].astype("string")
    return table.assign(**{SEAT_LINK: ("/seat?seat=" + codes + "#" + names).astype("string")})


# what people decide on first, in every seat table; the other columns follow in order
LEAD_COLUMNS: tuple[str, ...] = (
    SEAT_LINK,
    "constituency_name",
    "winner_party",
    "majority",
    "majority_pct",
    "second_party",
    "current_party",
    "swing_needed",
)
ROW_HEIGHT_PX, MAX_TABLE_HEIGHT_PX = 35, 640


def lead_columns(columns: list[str]) -> list[str]:
    """The columns in reading order: seat, winner, majority, runner-up … then the rest.

    Where the table has ``seat_link`` it stands for the seat's name (the link shows it).
    """
    first = [column for column in LEAD_COLUMNS if column in columns]
    order = first + [column for column in columns if column not in first]
    if SEAT_LINK in columns:
        return [column for column in order if column != "constituency_name"]
    return order


def table_height(rows: int) -> int:
    """A table's height in pixels that fits its rows (and the header), up to a screenful."""
    return min(MAX_TABLE_HEIGHT_PX, ROW_HEIGHT_PX * (max(rows, 1) + 1) + 3)
