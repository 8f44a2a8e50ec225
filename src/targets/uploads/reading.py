"""Step 1 of an upload: the file's bytes read into our endorsement columns, as text.

CSV in UTF-8, UTF-8 with BOM or cp1252, comma, semicolon or tab separated, or XLSX; the
result says which encoding and delimiter were used. A Democracy Club candidates export is
recognised by its header and mapped by ``targets.uploads.democracy_club``. Files that
cannot be read at all (empty, too big, binary, duplicate or missing columns) raise
``UploadError`` with a clear message. Step 2, ``assign_group_stance``, lets the
campaigner set a group and stance for chosen rows.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

import pandas as pd

from targets.data.csv_files import decode_bytes
from targets.endorsements import ENDORSEMENT_COLUMNS, STANCES, Problem
from targets.errors import DataError
from targets.uploads import democracy_club

MAX_UPLOAD_MB = 5  # keep equal to server.maxUploadSize in .streamlit/config.toml
MAX_UPLOAD_BYTES = MAX_UPLOAD_MB * 1024 * 1024

OUR_SCHEMA, DEMOCRACY_CLUB = "endorsements", "democracy_club"

ENCODING_LABELS: dict[str, str] = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8 with BOM",
    "cp1252": "Windows-1252 (cp1252, Excel)",
}
DELIMITERS: dict[str, str] = {",": "comma", ";": "semicolon", "\t": "tab"}
SEAT_COLUMNS: tuple[str, ...] = ("constituency_code", "constituency_name")
IMPORT_REQUIRED_COLUMNS: tuple[str, ...] = ("candidate_name", "party", "group", "stance")

# Other headers people use for our columns (after folding: lower case, underscores).
_HEADER_ALIASES: dict[str, str] = {
    "pcon24cd": "constituency_code",
    "ons_id": "constituency_code",
    "ons_code": "constituency_code",
    "gss": "constituency_code",
    "gss_code": "constituency_code",
    "code": "constituency_code",
    "pcon24nm": "constituency_name",
    "constituency": "constituency_name",
    "seat": "constituency_name",
    "seat_name": "constituency_name",
    "candidate": "candidate_name",
    "name": "candidate_name",
    "party_name": "party",
    "campaign_group": "group",
    "url": "source_url",
    "source": "source_url",
    "note": "notes",
}
_STANCE_WORDS: dict[str, str] = {
    "support": "support",
    "supports": "support",
    "supported": "support",
    "back": "support",
    "backs": "support",
    "backed": "support",
    "for": "support",
    "endorse": "support",
    "endorsed": "support",
    "oppose": "oppose",
    "opposes": "oppose",
    "opposed": "oppose",
    "against": "oppose",
}
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"
_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class UploadError(DataError):
    """An uploaded file cannot be read at all; the message says why and what to do."""


@dataclass(frozen=True)
class ParsedUpload:
    """An uploaded file read into our columns, before matching and validation.

    Attributes:
        frame: our endorsement columns as text (missing cells NA), indexed by the row's
            number in the spreadsheet (the header is row 1).
        original: the cells as uploaded, headers as given, same index.
        file_format: "csv" or "xlsx".
        encoding: the text encoding used (CSV only).
        delimiter: the delimiter used (CSV only).
        kind: ``OUR_SCHEMA`` or ``DEMOCRACY_CLUB``.
        row_problems: rows refused while reading (a ragged row, another election).
        warnings: things worth knowing that did not stop a row (a formula cell).
    """

    frame: pd.DataFrame
    original: pd.DataFrame
    file_format: str
    encoding: str | None
    delimiter: str | None
    kind: str
    row_problems: tuple[Problem, ...] = ()
    warnings: tuple[Problem, ...] = ()

    def describe_source(self) -> str:
        """One line saying how the file was read, e.g. "CSV, UTF-8 with BOM, semicolon"."""
        parts = [self.file_format.upper()]
        if self.encoding:
            parts.append(ENCODING_LABELS.get(self.encoding, self.encoding))
        if self.delimiter:
            parts.append(f"{DELIMITERS.get(self.delimiter, repr(self.delimiter))}-separated")
        parts.append(
            "Democracy Club candidates export"
            if self.kind == DEMOCRACY_CLUB
            else "endorsement columns"
        )
        return ", ".join(parts)


def _fold_header(name: object) -> str:
    """A column header reduced for comparison: case, spaces, hyphens, BOM, dots."""
    text = str(name).replace("\ufeff", "").strip().casefold()
    return re.sub(r"[\s\-.]+", "_", text).strip("_")


def _check_size(raw: bytes) -> None:
    if len(raw) > MAX_UPLOAD_BYTES:
        raise UploadError(
            f"the file is {len(raw) / 1024 / 1024:.1f} MB; the limit is {MAX_UPLOAD_MB} MB: "
            "split it into smaller files"
        )
    if not raw.strip():
        raise UploadError("the file is empty: choose a CSV or XLSX file with a header row")


def _decode_text(raw: bytes) -> tuple[str, str]:
    head = raw[:8192]
    controls = len(_CONTROL.findall(head))
    if b"\x00" in head or controls > max(3, len(head) // 100):
        raise UploadError(
            "the file is binary, not text: upload a CSV (comma, semicolon or tab) or XLSX"
        )
    try:
        return decode_bytes(raw)
    except UnicodeDecodeError:
        raise UploadError(
            "the file is neither UTF-8 nor Windows-1252 text: save it as CSV UTF-8"
        ) from None


def _sniff_delimiter(text: str) -> str:
    """The delimiter that splits the header row into the most cells (comma on a tie)."""
    header = next((line for line in text.splitlines() if line.strip()), "")
    best, best_cells = ",", 1
    for delimiter in DELIMITERS:
        try:
            cells = next(csv.reader([header], delimiter=delimiter), [])
        except csv.Error:
            continue
        if len(cells) > best_cells:
            best, best_cells = delimiter, len(cells)
    return best


def _read_csv_rows(text: str, delimiter: str) -> list[list[str]]:
    try:
        return [list(row) for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    except csv.Error as error:
        raise UploadError(f"the file is not readable as CSV: {error}") from None


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return str(value)


def _read_xlsx_rows(raw: bytes) -> tuple[list[list[str]], list[tuple[int, int]]]:
    """Cells of the first sheet as text, and the (row, column) of every formula cell."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(raw), read_only=True, data_only=False)
        sheet = book.worksheets[0]
        rows, formulas = [], []
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = [_cell_text(value) for value in values]
            formulas += [(number, col) for col, cell in enumerate(cells) if cell.startswith("=")]
            rows.append(cells)
        book.close()
    except Exception as error:  # openpyxl raises many types for damaged workbooks
        raise UploadError(
            f"the file is not a readable Excel workbook ({type(error).__name__}): "
            "open it in a spreadsheet and save it again as .xlsx or CSV"
        ) from None
    return rows, formulas


def _header_and_body(rows: list[list[str]]) -> tuple[int, list[str], list[tuple[int, list[str]]]]:
    """The header row number, its cells, and every later non-blank row with its number."""
    numbered = [(number, row) for number, row in enumerate(rows, start=1)]
    non_blank = [(number, row) for number, row in numbered if any(cell.strip() for cell in row)]
    if not non_blank:
        raise UploadError("the file is empty: choose a CSV or XLSX file with a header row")
    header_number, header = non_blank[0]
    while header and not header[-1].strip():
        header = header[:-1]
    body = [(number, row) for number, row in non_blank[1:]]
    if not body:
        raise UploadError("the file has a header row but no rows of data under it")
    return header_number, header, body


def _check_header(header: list[str]) -> list[str]:
    """Folded header names; raises on blank or duplicate headers."""
    folded = [_fold_header(name) for name in header]
    positions: dict[str, list[int]] = {}
    for position, name in enumerate(folded, start=1):
        positions.setdefault(name, []).append(position)
    blank = positions.pop("", None)
    if blank:
        listed = ", ".join(str(position) for position in blank)
        raise UploadError(f"column(s) {listed} have no header: name every column")
    duplicates = {name: where for name, where in positions.items() if len(where) > 1}
    if duplicates:
        listed = "; ".join(
            f"{header[where[0] - 1].strip()!r} in columns {', '.join(map(str, where))}"
            for name, where in duplicates.items()
        )
        raise UploadError(f"duplicate column headers: {listed}: keep one of each")
    return folded


def _table_from_rows(
    header_number: int, header: list[str], body: list[tuple[int, list[str]]]
) -> tuple[pd.DataFrame, list[Problem]]:
    """The body as a text table indexed by row number; ragged rows become problems."""
    width = len(header)
    records, index, problems = [], [], []
    for number, row in body:
        cells = list(row)
        while len(cells) > width and not cells[-1].strip():
            cells.pop()
        if len(cells) > width:
            problems.append(
                Problem(
                    number,
                    "row",
                    "",
                    f"has {len(cells)} cells but the header (row {header_number}) has "
                    f"{width}: a delimiter inside a cell needs quotes",
                )
            )
            cells = cells[:width]
        records.append(cells + [""] * (width - len(cells)))
        index.append(number)
    frame = pd.DataFrame(records, columns=[name.strip() for name in header], index=index)
    frame.index.name = "row"
    return frame, problems


def _text_columns(frame: pd.DataFrame, names: Iterable[str]) -> pd.DataFrame:
    """Stripped text with blanks as NA for each wanted column (NA where absent)."""
    columns = {}
    for name in names:
        if name in frame.columns:
            stripped = frame[name].astype("string").str.strip()
            columns[name] = stripped.mask(stripped == "")
        else:
            columns[name] = pd.Series(pd.NA, index=frame.index, dtype="string")
    return pd.DataFrame(columns, index=frame.index)


def _our_columns(original: pd.DataFrame, folded: list[str]) -> pd.DataFrame:
    renamed = original.copy()
    renamed.columns = [_HEADER_ALIASES.get(name, name) for name in folded]
    if renamed.columns.duplicated().any():
        seen = renamed.columns[renamed.columns.duplicated()].tolist()
        raise UploadError(f"two columns both mean {', '.join(map(repr, seen))}: keep one of them")
    missing = [name for name in IMPORT_REQUIRED_COLUMNS if name not in renamed.columns]
    if not any(name in renamed.columns for name in SEAT_COLUMNS):
        missing.insert(0, "constituency_code or constituency_name")
    if missing:
        raise UploadError(
            f"required column(s) missing: {', '.join(missing)}. The header has: "
            f"{', '.join(map(str, original.columns))}"
        )
    return _text_columns(renamed, ENDORSEMENT_COLUMNS)


def read_upload(raw: bytes, filename: str = "") -> ParsedUpload:
    """Read an uploaded CSV or XLSX file into our endorsement columns.

    Args:
        raw: the file's bytes, as uploaded.
        filename: its name, used only to prefer XLSX for ``.xlsx`` files.

    Returns:
        The parsed upload, saying which format, encoding and delimiter were used.

    Raises:
        UploadError: the file is empty, over ``MAX_UPLOAD_MB``, binary or unreadable, has
            duplicate or blank headers, no data rows, or lacks a required column.
    """
    _check_size(raw)
    encoding = delimiter = None
    formulas: list[tuple[int, int]] = []
    if raw.startswith(_ZIP_MAGIC) or filename.lower().endswith((".xlsx", ".xlsm")):
        file_format = "xlsx"
        rows, formulas = _read_xlsx_rows(raw)
    elif raw.startswith(_OLE_MAGIC):
        raise UploadError("old Excel .xls files are not supported: save it as .xlsx or CSV")
    else:
        file_format = "csv"
        text, encoding = _decode_text(raw)
        delimiter = _sniff_delimiter(text)
        rows = _read_csv_rows(text, delimiter)
    header_number, header, body = _header_and_body(rows)
    folded = _check_header(header)
    original, row_problems = _table_from_rows(header_number, header, body)
    if democracy_club.is_export(folded):
        kind = DEMOCRACY_CLUB
        cells = _text_columns(original.set_axis(folded, axis=1), democracy_club.COLUMNS_READ)
        frame, election_problems = democracy_club.endorsement_columns(cells)
        row_problems += election_problems
    else:
        kind = OUR_SCHEMA
        frame = _our_columns(original, folded)
    warnings = [
        Problem(
            row,
            header[col].strip(),
            original.at[row, header[col].strip()],
            "is a spreadsheet formula: imported as its text, not its value",
        )
        for row, col in formulas
        if row in original.index and col < len(header)
    ]
    return ParsedUpload(
        frame=frame,
        original=original,
        file_format=file_format,
        encoding=encoding,
        delimiter=delimiter,
        kind=kind,
        row_problems=tuple(sorted(row_problems, key=lambda p: (p.row, p.column))),
        warnings=tuple(warnings),
    )


def assign_group_stance(
    upload: ParsedUpload,
    group: str,
    stance: str,
    rows: Iterable[int] | None = None,
    only_blank: bool = False,
) -> ParsedUpload:
    """The upload with ``group`` and ``stance`` set on chosen rows (all rows when None).

    Args:
        upload: a parsed upload (e.g. a Democracy Club export, which has no stances).
        group: the campaign group, e.g. "We Deserve Better".
        stance: "support" or "oppose" (or a word such as "backed" or "opposed").
        rows: spreadsheet row numbers to set; None for every row.
        only_blank: set only rows whose group and stance are both blank.

    Raises:
        ValueError: an empty group, an unknown stance or a row number not in the upload.
    """
    group = str(group).strip()
    chosen_stance = normalise_stance(stance)
    if not group:
        raise ValueError("a group name is needed")
    if chosen_stance not in STANCES:
        raise ValueError(f"stance must be one of {', '.join(STANCES)}, not {stance!r}")
    frame = upload.frame.copy()
    chosen = frame.index if rows is None else pd.Index(list(rows))
    unknown = chosen.difference(frame.index)
    if len(unknown):
        raise ValueError(f"no such row(s) in the upload: {', '.join(map(str, unknown))}")
    if only_blank:
        blank = frame.loc[chosen, "group"].isna() & frame.loc[chosen, "stance"].isna()
        chosen = chosen[blank.to_numpy()]
    frame.loc[chosen, "group"] = group
    frame.loc[chosen, "stance"] = chosen_stance
    return replace(upload, frame=frame)


def normalise_stance(value: object) -> object:
    """'support' or 'oppose' for the words campaigners use (backed, against, ...)."""
    if not has_text(value):
        return pd.NA
    text = str(value).strip().casefold()
    return _STANCE_WORDS.get(text, text)


def has_text(value: object) -> bool:
    """True for a cell with something other than spaces in it (not None, NA or blank)."""
    return value is not None and not pd.isna(value) and str(value).strip() != ""


def describe_row(row: pd.Series, separator: str = ", ") -> str:
    """Who and where a row is about: "Wes Streeting, Ilford North" (or "no name", "no seat")."""
    name = row["candidate_name"] if has_text(row["candidate_name"]) else "no name"
    if has_text(row["constituency_name"]):
        seat = row["constituency_name"]
    elif has_text(row["constituency_code"]):
        seat = row["constituency_code"]
    else:
        seat = "no seat"
    return f"{name}{separator}{seat}"


def describe_rows(upload: ParsedUpload) -> dict[int, str]:
    """A label per uploaded row for choosing rows: "row 3 · Wes Streeting · Ilford North …"."""
    labels = {}
    for number, row in upload.frame.iterrows():
        parts = [f"row {number}", describe_row(row, " · ")]
        if has_text(row["party"]):
            parts.append(str(row["party"]))
        if has_text(row["group"]) or has_text(row["stance"]):
            group = row["group"] if has_text(row["group"]) else "no group"
            stance = row["stance"] if has_text(row["stance"]) else "no stance"
            parts.append(f"{group}: {stance}")
        labels[int(number)] = " · ".join(parts)
    return labels


def rows_without_stance(upload: ParsedUpload) -> list[int]:
    """Row numbers whose group or stance is blank (every row of a Democracy Club export)."""
    blank = upload.frame["group"].isna() | upload.frame["stance"].isna()
    return [int(number) for number in upload.frame.index[blank]]
