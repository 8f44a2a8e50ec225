"""A volunteers file (CSV or Excel: name, postcode, hours, optional maximum travel in km).

Read through the same path as candidate lists (``targets.uploads.sheets.read_table``: the same size
and row limits, encodings, delimiter sniffing, safe XLSX reading and clear errors), then
each row is checked: a row whose postcode is not a postcode, is not in Code-Point Open or
is in Northern Ireland, or whose hours or travel limit are not numbers, is reported with
its row number and the reason, never dropped silently.

The rows are personal data: they are held in memory only; nothing here writes a file.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from targets import postcodes
from targets.data.postcodes import PostcodeIndex
from targets.uploads.limits import UploadError
from targets.uploads.sheets import DELIMITERS, ENCODING_LABELS, TableRead, read_table

VOLUNTEER_COLUMNS: tuple[str, ...] = ("name", "postcode", "hours", "max_km")
REQUIRED: tuple[str, ...] = ("name", "postcode", "hours")
MAX_HOURS = 168.0  # a week
_ALIASES: dict[str, str] = {
    "volunteer": "name",
    "full_name": "name",
    "volunteer_name": "name",
    "post_code": "postcode",
    "postal_code": "postcode",
    "home_postcode": "postcode",
    "hours_available": "hours",
    "hours_per_week": "hours",
    "available_hours": "hours",
    "max_travel_km": "max_km",
    "maximum_travel_km": "max_km",
    "maximum_travel": "max_km",
    "max_travel": "max_km",
    "travel_km": "max_km",
    "km": "max_km",
}
PLAN_INPUT_COLUMNS: tuple[str, ...] = (
    "row",
    "name",
    "postcode",
    "hours",
    "max_km",
    "easting",
    "northing",
    "latitude",
    "longitude",
    "constituency_code",
    "problem",
)


@dataclass(frozen=True)
class VolunteerList:
    """The volunteers as read and checked: every row, with a problem where it has one."""

    frame: pd.DataFrame  # PLAN_INPUT_COLUMNS, one row per data row of the file
    file_format: str
    encoding: str | None
    delimiter: str | None

    @property
    def problems(self) -> pd.DataFrame:
        """The rows that cannot be planned: row, name, postcode and the reason."""
        bad = self.frame[self.frame["problem"] != ""]
        return bad[["row", "name", "postcode", "problem"]].reset_index(drop=True)

    def describe_source(self) -> str:
        """How the file was read, e.g. "CSV, UTF-8, comma-separated: 12 volunteers"."""
        parts = [self.file_format.upper()]
        if self.encoding:
            parts.append(ENCODING_LABELS.get(self.encoding, self.encoding))
        if self.delimiter:
            parts.append(f"{DELIMITERS.get(self.delimiter, self.delimiter)}-separated")
        return ", ".join(parts) + f": {len(self.frame)} volunteers"


def _columns(table: TableRead) -> pd.DataFrame:
    names = [_ALIASES.get(name, name) for name in table.folded]
    renamed = table.frame.set_axis(names, axis=1)
    if renamed.columns.duplicated().any():
        seen = sorted(set(renamed.columns[renamed.columns.duplicated()]))
        raise UploadError(f"two columns both mean {', '.join(seen)}: keep one of them")
    missing = [name for name in REQUIRED if name not in renamed.columns]
    if missing:
        raise UploadError(
            f"required column(s) missing: {', '.join(missing)} (and optionally max_km). "
            f"The header has: {', '.join(map(str, table.frame.columns))}"
        )
    if "max_km" not in renamed.columns:
        renamed["max_km"] = ""
    return renamed[list(VOLUNTEER_COLUMNS)].astype(str).apply(lambda column: column.str.strip())


def _number(text: str, low: float, high: float) -> float | None:
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        return None
    return value if low <= value <= high and np.isfinite(value) else None


def _row_problem(cells: pd.Series, hours: float | None, max_km: float | None) -> str:
    if not cells["name"]:
        return "name: blank"
    if hours is None:
        return f"hours: “{cells['hours']}” is not a number of hours from 0 to {MAX_HOURS:g}"
    if cells["max_km"] and max_km is None:
        return f"max_km: “{cells['max_km']}” is not a distance in km (0 to 1000)"
    return ""


def read_volunteers(raw: bytes, filename: str, index: PostcodeIndex) -> VolunteerList:
    """Read and check a volunteers file: each postcode looked up, each number checked.

    Raises:
        UploadError: the file cannot be read at all, or lacks a required column.
    """
    table = read_table(raw, filename)
    cells = _columns(table)
    answers = postcodes.lookup_postcodes(index, cells["postcode"].tolist())
    hours = [_number(text, 0.0, MAX_HOURS) for text in cells["hours"]]
    max_km = [_number(text, 0.0, 1000.0) if text else None for text in cells["max_km"]]
    problems = []
    for (_, row), spent, travel, answer in zip(
        cells.iterrows(), hours, max_km, answers.itertuples(), strict=True
    ):
        problem = _row_problem(row, spent, travel)
        if not problem and answer.status != postcodes.FOUND:
            problem = f"postcode: {answer.message}"
        problems.append(problem)
    ragged = {problem.row: f"row: {problem.message}" for problem in table.row_problems}
    frame = pd.DataFrame(
        {
            "row": cells.index.to_numpy(),
            "name": cells["name"].to_numpy(),
            "postcode": np.where(
                answers["status"] == postcodes.FOUND, answers["postcode"], cells["postcode"]
            ),
            "hours": pd.array(hours, dtype="Float64"),
            "max_km": pd.array(max_km, dtype="Float64"),
            "easting": answers["easting"].astype("Float64").to_numpy(),
            "northing": answers["northing"].astype("Float64").to_numpy(),
            "latitude": answers["latitude"].to_numpy(),
            "longitude": answers["longitude"].to_numpy(),
            "constituency_code": answers["constituency_code"].to_numpy(),
            "problem": [
                ragged.get(number, p) for number, p in zip(cells.index, problems, strict=True)
            ],
        }
    )
    return VolunteerList(
        frame[list(PLAN_INPUT_COLUMNS)], table.file_format, table.encoding, table.delimiter
    )
