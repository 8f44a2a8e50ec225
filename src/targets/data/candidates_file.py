"""Our own endorsement file, ``data/candidates.csv``: its columns, its text, its own rules.

Text is cleaned by one function, :func:`clean_text`, cell by cell, on every way in and
out: an uploaded CSV or XLSX (``targets.uploads.reading``), this file read
(:func:`read_endorsement_file`) and this file written (:func:`endorsements_csv`). So two
cells that differ only by a curly and a straight apostrophe, ``&amp;`` and ``&``, or
mojibake and the letter it stands for are the same text everywhere, and a cleaned cell
reads back exactly as it was written.

The rules a file is held to on its own (the schema and no duplicate stance) live here;
``targets.endorsements`` adds the checks against the real seats and parties. A save writes
only bytes that :func:`checked_endorsements_csv` has read back as the same rows and found
clean under those rules, so a file the app wrote always loads again.
"""

from __future__ import annotations

import functools
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import ftfy
import pandas as pd

from targets.data import sources
from targets.data.csv_files import ENCODINGS, PLAIN_ASCII, strip_preamble
from targets.errors import BadInputError
from targets.text import fold_text, normalise_person_name, without_formula_guard

if TYPE_CHECKING:
    import pandera.pandas as pa

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
REQUIRED_COLUMNS: tuple[str, ...] = ENDORSEMENT_COLUMNS[:6]
STANCES: tuple[str, ...] = ("support", "oppose")
SEAT_CODE_PATTERN = r"^[ENSW]\d{8}$"
STANCE_KEY_COLUMNS: tuple[str, ...] = ("constituency_code", "candidate_name", "party", "group")
FIRST_DATA_ROW = 2  # row numbers are spreadsheet rows: the header is row 1
PROBLEMS_NAMED = 5  # how many problems a refused save names

# ftfy as configured for every cell: mojibake, curly quotes, ligatures, full-width letters,
# line breaks, control characters, HTML entities (always, not only where no "<" is near)
# and NFC. One cell is one segment, so the same cell is always fixed the same way.
_FIXER = ftfy.TextFixerConfig(unescape_html=True, normalization="NFC", explain=False)
_MAX_PASSES = 4
_CLEANED: dict[str, str] = {}  # text ftfy has cleaned -> its clean form; bounded below
_CLEANED_CHARS = 0
_CLEANED_MAX_CHARS = 20_000_000


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one cell of an endorsement file."""

    row: int
    column: str
    value: str
    message: str

    def __str__(self) -> str:
        value = f" {self.value!r}" if self.value else ""
        return f"row {self.row}, {self.column}{value}: {self.message}"


class NotSavedError(BadInputError):
    """Endorsements were not saved: the file would not load again; the message says why."""


# ---------------------------------------------------------------- text


def clean_text(text: str) -> str:
    """A cell's text as we keep it: repaired by ftfy (see ``_FIXER``), NFC, stripped.

    The same on every path in and out, and idempotent: cleaning clean text changes
    nothing, so what is written reads back the same. Text that needs ftfy is remembered
    (with its clean form, which cleans to itself), so a save reading back what it is
    about to write, or a file read again, does not repair the same cells twice.

    An apostrophe that an export put before formula-like text (``'=SUM(A1)``) is taken
    off again, so a downloaded list imports as it was.

    >>> clean_text("  O’Brien &amp; SiÃ¢n ")
    "O'Brien & Siân"
    """
    return without_formula_guard(_repaired_text(text))


def _repaired_text(text: str) -> str:
    if PLAIN_ASCII.fullmatch(text):
        return text.strip()
    found = _CLEANED.get(text)
    if found is not None:
        return found
    cleaned, settled = _repair(text)
    global _CLEANED_CHARS
    if _CLEANED_CHARS > _CLEANED_MAX_CHARS:
        _CLEANED.clear()
        _CLEANED_CHARS = 0
    _CLEANED[text] = cleaned
    _CLEANED_CHARS += len(text) + len(cleaned)
    if settled:
        _CLEANED[cleaned] = cleaned
    return cleaned


def _repair(text: str) -> tuple[str, bool]:
    """Repair with ftfy and strip until neither changes the text, and say if that happened.

    ftfy returns text its own fixes leave alone, so unless stripping changes it that is
    the answer after one call.
    """
    for _ in range(_MAX_PASSES):
        fixed = ftfy.fix_and_explain(text, _FIXER).text
        stripped = fixed.strip()
        if stripped == fixed:
            return fixed, True
        text = stripped
    return text, False


def clean_cells(frame: pd.DataFrame) -> pd.DataFrame:
    """Every header and cell cleaned by :func:`clean_text` (as text); blanks become NA.

    Each distinct value is cleaned once.
    """
    columns = []
    for position in range(frame.shape[1]):
        values = frame.iloc[:, position]
        present = values.notna().to_numpy()
        text = values[present].astype(str)
        cleaned = {value: clean_text(value) for value in text.unique()}
        column = pd.Series(pd.NA, index=frame.index, dtype="string")
        column[present] = text.map(cleaned).to_numpy()
        columns.append(column.mask(column == ""))
    table = pd.concat(columns, axis=1) if columns else pd.DataFrame(index=frame.index)
    table.columns = [clean_text(str(name)) for name in frame.columns]
    return table


def decode_text(raw: bytes) -> tuple[str, str]:
    """File bytes as text, UTF-8 (with or without BOM) else cp1252, nothing repaired yet.

    Repairs are made cell by cell (:func:`clean_text`), never across a whole file, so a
    cell is fixed the same way whatever is beside it.

    Returns:
        The text and the encoding used ("utf-8", "utf-8-sig" or "cp1252").

    Raises:
        UnicodeDecodeError: the bytes are neither UTF-8 nor cp1252.
    """
    for encoding in ENCODINGS[:-1]:
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        if encoding == "utf-8-sig" and not raw.startswith(b"\xef\xbb\xbf"):
            encoding = "utf-8"
        return text, encoding
    return raw.decode(ENCODINGS[-1]), ENCODINGS[-1]


# ---------------------------------------------------------------- the file's own rules


@functools.cache
def endorsement_schema() -> pa.DataFrameSchema:
    """The file's own rules as a pandera schema (pandera is imported on first use: 0.4 s)."""
    import pandera.pandas as pa

    return pa.DataFrameSchema(
        {
            "constituency_code": pa.Column(
                str,
                pa.Check.str_matches(SEAT_CODE_PATTERN, error="must be an ONS code like E14001131"),
                nullable=False,
            ),
            "constituency_name": pa.Column(str, nullable=False),
            "candidate_name": pa.Column(
                str, pa.Check.str_length(min_value=1, error="must not be empty"), nullable=False
            ),
            "party": pa.Column(str, nullable=False),
            "group": pa.Column(
                str, pa.Check.str_length(min_value=1, error="must not be empty"), nullable=False
            ),
            "stance": pa.Column(
                str,
                pa.Check.isin(STANCES, error="must be 'support' or 'oppose'"),
                nullable=False,
            ),
            "source_url": pa.Column(
                str,
                pa.Check.str_matches(r"^https?://", error="must start with http:// or https://"),
                nullable=True,
            ),
            "notes": pa.Column(str, nullable=True),
        },
        coerce=True,
        strict=False,
    )


def schema_problems(frame: pd.DataFrame) -> list[Problem]:
    """Cells breaking :func:`endorsement_schema`; ``frame`` is indexed 0, 1, ... (row 2 on)."""
    from pandera.errors import SchemaErrors

    try:
        endorsement_schema().validate(frame, lazy=True)
    except SchemaErrors as errors:
        problems = []
        for case in errors.failure_cases.itertuples(index=False):
            if case.index is None or pd.isna(case.index):
                continue
            row = int(case.index) + FIRST_DATA_ROW
            value = "" if pd.isna(case.failure_case) else str(case.failure_case)
            message = str(case.check)
            if message.startswith("not_nullable"):
                message = "is required"
            problems.append(Problem(row, str(case.column), value, message))
        return problems
    return []


def stance_key(frame: pd.DataFrame) -> pd.Series:
    """Which rows are the same stance: one key per row, equal for the same stance.

    The key is ``STANCE_KEY_COLUMNS``: the seat code, the candidate (name normalised),
    the party and the group (both folded). Party is part of it because Mid
    Buckinghamshire had two candidates called Greg Smith. Compare parties written the
    same way (both as given, or both resolved to the registry).
    """
    keys = zip(
        frame["constituency_code"].tolist(),
        _map_distinct(frame["candidate_name"], normalise_person_name),
        _map_distinct(frame["party"], fold_text),
        _map_distinct(frame["group"], fold_text),
        strict=True,
    )
    return pd.Series(list(keys), index=frame.index, dtype=object)


def _map_distinct(values: pd.Series, function) -> list:
    """``function`` of each value, computed once for each distinct value."""
    values = values.astype(object).tolist()
    found = {value: function(value) for value in set(values)}
    return [found[value] for value in values]


def duplicate_problems(frame: pd.DataFrame) -> list[Problem]:
    """Rows repeating an earlier row's stance (rows without a well-formed code are skipped).

    ``frame`` is indexed 0, 1, ... (spreadsheet row 2 on).
    """
    problems = []
    seen: dict[tuple, int] = {}
    rows = zip(frame.index, frame["constituency_code"], stance_key(frame), strict=True)
    for index, code, key in rows:
        if pd.isna(code) or not re.match(SEAT_CODE_PATTERN, str(code)):
            continue
        number = int(index) + FIRST_DATA_ROW
        if key in seen:
            problems.append(
                Problem(
                    number,
                    "candidate_name",
                    str(frame.at[index, "candidate_name"]),
                    f"duplicates row {seen[key]} (same seat, candidate, party and group): "
                    "delete one of the two rows",
                )
            )
        else:
            seen[key] = number
    return problems


def file_problems(frame: pd.DataFrame) -> tuple[pd.DataFrame, list[Problem]]:
    """The table as checked, and what breaks the file's own rules (no seats needed).

    Missing required columns, the schema (``stance`` compared stripped and in lower
    case) and duplicate stances. ``targets.endorsements.validate_endorsements`` adds
    the checks against the real seats.
    """
    missing = [column for column in REQUIRED_COLUMNS if column not in frame.columns]
    if missing:
        return frame, [Problem(1, column, "", "required column is missing") for column in missing]
    frame = frame.reset_index(drop=True).copy()
    for optional in ("source_url", "notes"):
        if optional not in frame.columns:
            frame[optional] = pd.NA
    frame["stance"] = frame["stance"].astype("string").str.strip().str.lower()
    problems = schema_problems(frame[list(ENDORSEMENT_COLUMNS)]) + duplicate_problems(frame)
    return frame, problems


# ---------------------------------------------------------------- read and write


def default_path() -> Path:
    """Where the project's own endorsement data lives (``data/candidates.csv``)."""
    return sources.data_dir() / "candidates.csv"


def parse_endorsement_csv(raw: bytes) -> pd.DataFrame:
    """An endorsement CSV's bytes as text columns, every cell cleaned (blanks NA).

    UTF-8 with or without BOM, or cp1252; title lines before the header are skipped.

    Raises:
        ValueError: no header row, or the bytes are not CSV in those encodings.
    """
    text, _ = decode_text(raw)
    text = strip_preamble(text, ENDORSEMENT_COLUMNS[0])
    frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    return clean_cells(frame)


def read_endorsement_file(path: Path) -> pd.DataFrame:
    """Read an endorsement CSV as text columns, however it was saved (see above)."""
    return parse_endorsement_csv(Path(path).read_bytes())


def endorsements_csv(frame: pd.DataFrame) -> bytes:
    """Our endorsement columns as UTF-8 CSV bytes: cells cleaned, blanks empty.

    This is our own data file, read back by :func:`read_endorsement_file`; a formula-like
    cell is kept as its text (downloads go through ``targets.views.export``, which
    neutralises it).
    """
    return _as_csv(_written_table(frame))


def _written_table(frame: pd.DataFrame) -> pd.DataFrame:
    table = clean_cells(frame.reindex(columns=list(ENDORSEMENT_COLUMNS)))
    return table.reset_index(drop=True)


def _as_csv(table: pd.DataFrame) -> bytes:
    return table.to_csv(index=False, lineterminator="\n").encode("utf-8")


def _first_difference(written: pd.DataFrame, back: pd.DataFrame) -> str | None:
    """Where the rows read back differ from those written, if anywhere."""
    if list(back.columns) != list(written.columns) or len(back) != len(written):
        return f"{len(back)} row(s) of {list(back.columns)} instead of {len(written)}"
    blank = "\x00"
    for column in written.columns:
        left = written[column].astype("string").fillna(blank).to_numpy()
        right = back[column].astype("string").fillna(blank).to_numpy()
        for position in (left != right).nonzero()[0]:
            return (
                f"row {int(position) + FIRST_DATA_ROW}, {column} would read back as "
                f"{right[position]!r}, not {left[position]!r}"
            )
    return None


def checked_endorsements_csv(frame: pd.DataFrame) -> bytes:
    """The bytes to write for ``frame``, read back and checked before anything is written.

    The bytes are parsed by the same reader that loads the file and must give the same
    rows, with no problem under the file's own rules (:func:`file_problems`): a required
    cell blank, a bad code, stance or link, or two rows that are one stance once their
    text is cleaned.

    Raises:
        NotSavedError: naming the first problems; nothing should be written.
    """
    written = _written_table(frame)
    payload = _as_csv(written)
    back = parse_endorsement_csv(payload)
    difference = _first_difference(written, back)
    if difference:
        raise NotSavedError(f"not saved: the file would not read back as written: {difference}")
    _, problems = file_problems(back)
    if problems:
        problems.sort(key=lambda problem: (problem.row, problem.column))
        named = "; ".join(str(problem) for problem in problems[:PROBLEMS_NAMED])
        extra = len(problems) - PROBLEMS_NAMED
        more = f" (and {extra} more)" if extra > 0 else ""
        raise NotSavedError(
            f"not saved: the file would not load again: {named}{more}. "
            "Fix these rows and save again; the file on disk is unchanged"
        )
    return payload
