"""Our own endorsement file, ``data/candidates.csv``: its columns, where it is, read and write.

The checks on what the rows mean live in ``targets.endorsements``; this module only moves
the file's text in and out, keeping the columns in their published order.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from targets.data import sources
from targets.data.csv_files import read_csv_bytes

ENDORSEMENT_COLUMNS: tuple[str, ...] = (
    "constituency_code",
    "constituency_name",
    "candidate_name",
    "party",
    "group",
    "stance",
    "source_url",
    "notes",
)


def default_path() -> Path:
    """Where the project's own endorsement data lives (``data/candidates.csv``)."""
    return sources.data_dir() / "candidates.csv"


def read_endorsement_file(path: Path) -> pd.DataFrame:
    """Read an endorsement CSV as text columns, however it was saved."""
    return read_csv_bytes(Path(path).read_bytes(), "constituency_code")


def endorsements_csv(frame: pd.DataFrame) -> bytes:
    """Our endorsement columns as UTF-8 CSV bytes, blanks empty, text exactly as given.

    This is our own data file, read back by :func:`read_endorsement_file`; downloads go
    through ``targets.views.export``, which neutralises formula-like text.
    """
    table = frame.reindex(columns=list(ENDORSEMENT_COLUMNS))
    return table.to_csv(index=False, lineterminator="\n").encode("utf-8")
