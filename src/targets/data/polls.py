"""GB voting-intention polls: one row per poll, shares in points, each with its source."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from targets.data import sources
from targets.data.csv_files import read_csv_bytes

# the file's columns -> registry abbreviations; other parties are not given (the remainder)
POLLED_PARTIES: dict[str, str] = {
    "labour": "Lab",
    "conservative": "Con",
    "reform": "RUK",
    "libdem": "LD",
    "green": "Green",
}


def read_polls(raw: bytes) -> pd.DataFrame:
    """Parse the polls file's bytes: pollster, fieldwork_end (date), one column per party.

    Rows that report no party's share (leader ratings only) are left out; a blank share
    stays blank (not reported), never 0. A source that is not an http(s) address is blank.
    """
    table = read_csv_bytes(raw, "pollster")
    polls = pd.DataFrame(
        {
            "pollster": table["pollster"].astype("string"),
            "fieldwork_end": pd.to_datetime(table["fieldwork_end"], errors="coerce"),
            "source_url": table["source_url"].astype("string"),
        }
    )
    # a source is a web page: anything else (javascript:, data:) is dropped, never linked
    web = polls["source_url"].str.match(r"https?://", na=False)
    polls["source_url"] = polls["source_url"].where(web)
    for column, party in POLLED_PARTIES.items():
        polls[party] = pd.to_numeric(table[column], errors="coerce").astype("float64")
    reported = polls[list(POLLED_PARTIES.values())].notna().any(axis=1)
    polls = polls[reported & polls["fieldwork_end"].notna() & polls["pollster"].notna()]
    return polls.sort_values(["fieldwork_end", "pollster"]).reset_index(drop=True)


def load_polls(path: Path | None = None) -> pd.DataFrame:
    """The polls from the data cache (see :func:`read_polls`)."""
    path = path or sources.data_path("polls")
    return read_polls(Path(path).read_bytes())
