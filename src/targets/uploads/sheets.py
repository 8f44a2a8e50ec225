"""Any uploaded table (CSV or XLSX) read as text cells by row number, within the bounds.

CSV in UTF-8, UTF-8 with BOM or cp1252, comma, semicolon or tab separated (the header row
decides), or XLSX (``targets.uploads.workbook``). Candidate lists (``reading``) and
volunteer lists (``volunteers``) both come through ``read_table``.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

import pandas as pd

from targets.data.candidates_file import decode_text
from targets.endorsements import Problem
from targets.uploads.limits import UploadError, bounded_rows, check_size
from targets.uploads.workbook import OLE_MAGIC, SAVE_AS, ZIP_MAGIC, read_xlsx_rows

ENCODING_LABELS: dict[str, str] = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8 with BOM",
    "cp1252": "Windows-1252 (cp1252, Excel)",
}
DELIMITERS: dict[str, str] = {",": "comma", ";": "semicolon", "\t": "tab"}
_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_LINE = re.compile(r"[^\r\n]*")


@dataclass(frozen=True)
class TableRead:
    """Any uploaded table read as text: its cells by row number, and how it was read."""

    frame: pd.DataFrame  # headers as given, cells as cleaned text, indexed by row number
    folded: list[str]  # the headers folded for matching (lower case, underscores)
    header: list[str]  # the headers as given
    file_format: str
    encoding: str | None
    delimiter: str | None
    row_problems: tuple[Problem, ...]  # rows refused while reading (e.g. ragged rows)
    formulas: tuple[tuple[int, int], ...] = ()  # (row, column) of every formula cell (XLSX)


def read_table(raw: bytes, filename: str = "") -> TableRead:
    """Read an uploaded CSV or XLSX into text cells, within the upload bounds.

    Args:
        raw: the file's bytes, as uploaded.
        filename: its name, used only to prefer XLSX for ``.xlsx`` files.

    Raises:
        UploadError: empty, too big, binary, unreadable, over a limit, blank or duplicate
            headers, or no rows under the header.
    """
    check_size(raw)
    encoding = delimiter = None
    formulas: list[tuple[int, int]] = []
    if raw.startswith(ZIP_MAGIC) or filename.lower().endswith((".xlsx", ".xlsm")):
        file_format = "xlsx"
        rows, formulas = read_xlsx_rows(raw)
    elif raw.startswith(OLE_MAGIC):
        raise UploadError(f"old Excel .xls files are not supported: {SAVE_AS}")
    else:
        file_format = "csv"
        text, encoding = _decode_text(raw)
        delimiter = _sniff_delimiter(text)
        rows = _read_csv_rows(text, delimiter)
    header_number, header, body = _header_and_body(rows)
    folded = _check_header(header)
    frame, problems = _table_from_rows(header_number, header, body)
    return TableRead(
        frame, folded, header, file_format, encoding, delimiter, tuple(problems), tuple(formulas)
    )


def fold_header(name: object) -> str:
    """A column header reduced for comparison: case, spaces, hyphens, BOM, dots."""
    text = str(name).replace("\ufeff", "").strip().casefold()
    return re.sub(r"[\s\-.]+", "_", text).strip("_")


def _decode_text(raw: bytes) -> tuple[str, str]:
    head = raw[:8192]
    controls = len(_CONTROL.findall(head))
    if b"\x00" in head or controls > max(3, len(head) // 100):
        raise UploadError(
            "the file is binary, not text: upload a CSV (comma, semicolon or tab) or XLSX"
        )
    try:
        return decode_text(raw)
    except UnicodeDecodeError:
        raise UploadError(
            "the file is neither UTF-8 nor Windows-1252 text: save it as CSV UTF-8"
        ) from None


def _sniff_delimiter(text: str) -> str:
    """The delimiter that splits the header row into the most cells (comma on a tie)."""
    first = re.search(r"\S", text)  # the header is the first line with something on it
    if first is None:
        return ","
    start = max(text.rfind("\n", 0, first.start()), text.rfind("\r", 0, first.start())) + 1
    header = _LINE.match(text, start).group()
    best, best_cells = ",", 1
    for delimiter in DELIMITERS:
        try:
            cells = next(csv.reader([header], delimiter=delimiter), [])
        except csv.Error:
            continue
        if len(cells) > best_cells:
            best, best_cells = delimiter, len(cells)
    return best


def _read_csv_rows(text: str, delimiter: str) -> list[tuple[int, list[str]]]:
    """The non-blank records with their numbers, read within the limits."""
    source = io.StringIO(text, newline="")
    reader = csv.reader(source, delimiter=delimiter)
    blank = re.compile(rf"[\s{re.escape(delimiter)}]*")

    def rest_is_blank() -> bool:  # only spaces, line breaks and delimiters to the end
        return blank.fullmatch(text, source.tell()) is not None

    try:
        return bounded_rows(enumerate(reader, start=1), rest_is_blank)
    except csv.Error as error:
        raise UploadError(f"the file is not readable as CSV: {error}") from None


def _header_and_body(
    rows: list[tuple[int, list[str]]],
) -> tuple[int, list[str], list[tuple[int, list[str]]]]:
    """The header row number, its cells, and every later row with its number.

    ``rows`` are the non-blank rows with their numbers, trailing blank cells dropped.
    """
    if not rows:
        raise UploadError("the file is empty: choose a CSV or XLSX file with a header row")
    (header_number, header), body = rows[0], rows[1:]
    if not body:
        raise UploadError("the file has a header row but no rows of data under it")
    return header_number, header, body


def _check_header(header: list[str]) -> list[str]:
    """Folded header names; raises on blank or duplicate headers."""
    folded = [fold_header(name) for name in header]
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
