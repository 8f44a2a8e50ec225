"""Who lives in a seat, against the country: each context measure with its national rank."""

from __future__ import annotations

import pandas as pd

from targets.data.context import CONTEXT_COLUMNS, CONTEXT_EXPLANATIONS, CONTEXT_LABELS
from targets.text import ordinal

PLACE_COLUMNS: tuple[str, ...] = (
    "measure",
    "label",
    "value",
    "percentile",
    "rank",
    "seats_ranked",
    "where",
    "explanation",
)


def rank_place(seats: pd.DataFrame, code: str) -> pd.DataFrame:
    """One row per context measure for the seat ``code``, ranked among every seat with a figure.

    ``percentile`` is the share of those seats with a lower value (0-100: 90 means higher
    than nine seats in ten); ``rank`` is 1 for the highest; ``where`` says it in words. A
    measure the seat has no figure for (Leave in Northern Ireland) has blank value,
    percentile and rank.
    """
    rows = []
    this_seat = seats["constituency_code"] == code
    for column in CONTEXT_COLUMNS:
        values = pd.to_numeric(seats[column], errors="coerce")
        value = values[this_seat].iloc[0]
        known = values.dropna()
        has_value = pd.notna(value)
        rows.append(
            {
                "measure": column,
                "label": CONTEXT_LABELS[column],
                "value": float(value) if has_value else None,
                "percentile": round(float((known < value).mean() * 100), 1) if has_value else None,
                "rank": int((known > value).sum() + 1) if has_value else None,
                "seats_ranked": int(len(known)),
                "explanation": CONTEXT_EXPLANATIONS[column],
            }
        )
    table = pd.DataFrame(rows)
    table["where"] = table.apply(describe_rank, axis=1)
    return table[list(PLACE_COLUMNS)]


def describe_rank(row: pd.Series) -> str:
    """A measure's place in words: "higher than 97% of seats (19th highest of 650)"."""
    if row["value"] is None or pd.isna(row["value"]):
        return "no figure for this seat"
    seats = int(row["seats_ranked"])
    higher_share = (int(row["rank"]) - 1) / seats * 100  # seats with a higher value
    where = (
        f"higher than {row['percentile']:.0f}% of seats"
        if row["percentile"] >= higher_share
        else f"lower than {higher_share:.0f}% of seats"
    )
    return f"{where} ({ordinal(int(row['rank']))} highest of {seats})"
