"""Streamlit column settings for seat tables: labels, number formats, party colour chips."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from targets.parties import colour_map
from targets.views.labels import (
    INTEGER_COLUMNS,
    PARTY_COLUMNS,
    SEAT_LINK,
    SEAT_LINK_TEXT,
    column_label,
    is_percentage,
    party_cell_style,
)


def seat_link_column(label: str = "Seat") -> st.column_config.LinkColumn:
    """The seat's name as a link to its profile (for ``labels.with_seat_links`` tables)."""
    return st.column_config.LinkColumn(
        label,
        display_text=SEAT_LINK_TEXT,
        width="medium",
        pinned=True,
        help="Open the seat's profile",
    )


def seat_column_config(registry: pd.DataFrame, columns: list[str]) -> dict:
    """Labels, thousands separators, one-decimal percentages and party colours."""
    colours = colour_map(registry)
    parties = list(colours)
    config: dict = {}
    for column in columns:
        label = column_label(column)
        if column == SEAT_LINK:
            config[column] = seat_link_column()
        elif column in PARTY_COLUMNS:
            config[column] = st.column_config.MultiselectColumn(
                label, options=parties, color=[colours[p] for p in parties]
            )
        elif column in INTEGER_COLUMNS:
            config[column] = st.column_config.NumberColumn(label, format="localized")
        elif is_percentage(column):
            config[column] = st.column_config.NumberColumn(label, format="%.1f")
        else:
            config[column] = label
    return config


def readable_column_config(table: pd.DataFrame) -> dict:
    """Headers in words and one number format per measure for any table (no party chips).

    For tables other than the seat table (plans, upload reports): "distance_km" ->
    "Distance km", percentages to one decimal, counts with thousands separators.
    """
    config: dict = {}
    for column in table.columns:
        label = column_label(str(column))
        dtype = table[column].dtype
        numeric = pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype)
        if column == SEAT_LINK:
            config[column] = seat_link_column()
        elif numeric and is_percentage(str(column)):
            config[column] = st.column_config.NumberColumn(label, format="%.1f")
        elif numeric and (pd.api.types.is_integer_dtype(dtype) or column in INTEGER_COLUMNS):
            config[column] = st.column_config.NumberColumn(label, format="localized")
        elif numeric:
            config[column] = st.column_config.NumberColumn(label, format="%.1f")
        else:
            config[column] = label
    return config


def readable_table(frame: pd.DataFrame, key: str) -> None:
    """A table of any frame with its headers in words (``readable_column_config``)."""
    st.dataframe(
        frame, hide_index=True, key=key, column_config=readable_column_config(frame), placeholder=""
    )


def party_table(frame: pd.DataFrame, registry: pd.DataFrame, parties: list[str], **shown) -> None:
    """A table whose ``parties`` columns are coloured by party; ``shown`` goes to st.dataframe."""
    st.dataframe(
        frame.style.map(party_cell_style(registry), subset=parties),
        hide_index=True,
        placeholder="",
        **shown,
    )
