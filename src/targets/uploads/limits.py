"""How much of an upload is read: the bounds every uploaded file is held to, and the error.

Uploads are bounded before they are parsed, and while they are read (``UPLOAD_LIMITS``):

- at most ``MAX_UPLOAD_MB`` MB, ``MAX_ROWS`` rows under the header (which must itself be
  within the first ``MAX_ROWS`` rows), ``MAX_COLUMNS`` columns and ``MAX_CELL_CHARS``
  characters in a cell. Rows are counted as they are read and reading stops at the first
  one too many; blank rows and blank cells are never stored, so a sheet that declares
  (or pads itself to) Excel's full 1,048,576 rows by 16,384 columns costs nothing;
- an XLSX is a zip archive: before any part of it is parsed, its parts are counted
  (``MAX_XLSX_PARTS``), their unpacked sizes added up (``MAX_XLSX_UNPACKED_MB``, and
  ``MAX_XLSX_PART_MB`` for any part but a worksheet, e.g. the shared strings), their
  compression ratios checked (``MAX_XLSX_RATIO``) and any XML part declaring a DTD (the
  way to an entity bomb) refused. The first sheet is then read as a stream, cell by
  cell, ignoring its declared dimensions, with at most ``MAX_XLSX_CELLS`` row and cell
  elements, blank or not.

Every kept cell is cleaned by ``targets.data.candidates_file.clean_text``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from targets.data.candidates_file import clean_text
from targets.errors import DataError

MAX_UPLOAD_MB = 5  # keep equal to server.maxUploadSize in .streamlit/config.toml
MAX_UPLOAD_BYTES = MAX_UPLOAD_MB * 1024 * 1024
MAX_ROWS = 20_000  # rows under the header; a whole-election Democracy Club export has 4,515
MAX_COLUMNS = 100  # a Democracy Club export has about 40
MAX_CELL_CHARS = 32_767  # Excel's own limit for one cell
MAX_XLSX_PARTS = 1_000  # files inside the zip; a workbook usually has 10 to 20
MAX_XLSX_UNPACKED_MB = 50  # all parts together, unpacked
MAX_XLSX_PART_MB = 20  # any one part but a worksheet (shared strings, styles, ...)
MAX_XLSX_RATIO = 100  # unpacked / packed, for a part or the whole; real sheets are 5 to 20
MAX_XLSX_CELLS = 1_000_000  # cell and row elements in the sheet, blank or not
UPLOAD_LIMITS = (
    f"at most {MAX_UPLOAD_MB} MB, {MAX_ROWS:,} rows and {MAX_COLUMNS} columns "
    f"(an Excel file at most {MAX_XLSX_UNPACKED_MB} MB once unzipped)"
)


class UploadError(DataError):
    """An uploaded file cannot be read at all; the message says why and what to do."""


def check_size(raw: bytes) -> None:
    """Refuse a file over ``MAX_UPLOAD_MB`` or with nothing in it."""
    if len(raw) > MAX_UPLOAD_BYTES:
        raise UploadError(
            f"the file is {len(raw) / 1024 / 1024:.1f} MB; the limit is {MAX_UPLOAD_MB} MB: "
            "split it into smaller files"
        )
    if not raw.strip():
        raise UploadError("the file is empty: choose a CSV or XLSX file with a header row")


def _too_many_rows(header_number: int, number: int, known: bool = True) -> UploadError:
    where = f"data in row {number:,}" if known else f"data past row {number - 1:,}"
    return UploadError(
        f"too many rows: at most {MAX_ROWS:,} under the header (row {header_number:,}), "
        f"but this file has {where}: split it into smaller files"
    )


def too_many_columns(number: int, column: int) -> UploadError:
    """The error for a row with data past ``MAX_COLUMNS``."""
    return UploadError(
        f"too many columns: at most {MAX_COLUMNS}, but row {number:,} has data in column "
        f"{column:,}: keep only the columns you need"
    )


def _width(cells: list[str]) -> int:
    """How many cells up to the last one that is not blank."""
    width = len(cells)
    while width and not cells[width - 1].strip():
        width -= 1
    return width


def bounded_rows(
    rows: Iterable[tuple[int, list[str]]], rest_is_blank: Callable[[], bool] | None = None
) -> list[tuple[int, list[str]]]:
    """The non-blank rows, each cell cleaned and trailing blank cells dropped, within limits.

    The header is the first non-blank row and must be within the first ``MAX_ROWS`` rows;
    data may go on to ``MAX_ROWS`` rows under it (blank rows count, as row numbers do).
    Reading stops at the first row past that: if it is blank and ``rest_is_blank`` says
    nothing follows, the file simply ends there.

    Raises:
        UploadError: a row with data past ``MAX_COLUMNS``, a header or data past those
            rows, or a cell over ``MAX_CELL_CHARS``; raised as soon as the row is read.
    """
    kept: list[tuple[int, list[str]]] = []
    cleaned: dict[str, str] = {}
    header_number = None

    def clean(cell: str) -> str:
        found = cleaned.get(cell)
        if found is None:
            found = cleaned[cell] = clean_text(cell)
        return found

    for number, cells in rows:
        width = _width(cells)
        if width > MAX_COLUMNS:
            raise too_many_columns(number, width)
        if number > (header_number or 0) + MAX_ROWS:
            if header_number is None:
                raise UploadError(
                    f"no header row in the first {MAX_ROWS:,} rows: put the column names "
                    "in the first row"
                )
            if width or rest_is_blank is None or not rest_is_blank():
                raise _too_many_rows(header_number, number, known=bool(width))
            break
        if not width:
            continue
        for column, cell in enumerate(cells[:width], start=1):
            if len(cell) > MAX_CELL_CHARS:
                raise UploadError(
                    f"row {number:,}, column {column} holds {len(cell):,} characters: "
                    f"at most {MAX_CELL_CHARS:,} (Excel's own limit for a cell)"
                )
        row = [clean(cell) for cell in cells[:width]]
        row = row[: _width(row)]
        if row:
            header_number = number if header_number is None else header_number
            kept.append((number, row))
    return kept
