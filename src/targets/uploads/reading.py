"""Step 1 of an upload: the file's bytes read into our endorsement columns, as text.

CSV in UTF-8, UTF-8 with BOM or cp1252, comma, semicolon or tab separated, or XLSX; the
result says which encoding and delimiter were used. A Democracy Club candidates export is
recognised by its header and mapped by ``targets.uploads.democracy_club``. Files that
cannot be read at all (empty, too big, binary, duplicate or missing columns) raise
``UploadError`` with a clear message. Step 2, ``assign_group_stance``, lets the
campaigner set a group and stance for chosen rows.

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

Every cell is cleaned by ``targets.data.candidates_file.clean_text``, the same function
that cleans ``data/candidates.csv`` when it is read and written.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from typing import IO
from xml.parsers import expat

import pandas as pd

from targets.data.candidates_file import clean_text, decode_text
from targets.endorsements import ENDORSEMENT_COLUMNS, STANCES, Problem
from targets.errors import DataError
from targets.uploads import democracy_club

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
_MB = 1024 * 1024
_RATIO_CHECKED_FROM = _MB  # smaller parts may compress as well as they like

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
_LINE = re.compile(r"[^\r\n]*")
_UNSAFE = "not a workbook we can read safely"
_XML_PARTS = (".xml", ".rels", ".vml")
_SAVE_AS = "save it again as .xlsx or CSV"


class UploadError(DataError):
    """An uploaded file cannot be read at all; the message says why and what to do."""


@dataclass(frozen=True)
class ParsedUpload:
    """An uploaded file read into our columns, before matching and validation.

    Attributes:
        frame: our endorsement columns as text (missing cells NA), indexed by the row's
            number in the spreadsheet (the header is row 1).
        original: the cells as uploaded (cleaned), headers as given, same index.
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


# ---------------------------------------------------------------- bounded rows


def _too_many_rows(header_number: int, number: int, known: bool = True) -> UploadError:
    where = f"data in row {number:,}" if known else f"data past row {number - 1:,}"
    return UploadError(
        f"too many rows: at most {MAX_ROWS:,} under the header (row {header_number:,}), "
        f"but this file has {where}: split it into smaller files"
    )


def _too_many_columns(number: int, column: int) -> UploadError:
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


def _bounded_rows(
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
            raise _too_many_columns(number, width)
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


# ---------------------------------------------------------------- CSV


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
        return _bounded_rows(enumerate(reader, start=1), rest_is_blank)
    except csv.Error as error:
        raise UploadError(f"the file is not readable as CSV: {error}") from None


# ---------------------------------------------------------------- XLSX


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    text = getattr(value, "text", None)  # an array formula
    return text if isinstance(text, str) else str(value)


def _unsafe(reason: str) -> UploadError:
    return UploadError(f"{_UNSAFE}: {reason}: {_SAVE_AS}, or split it into smaller files")


def check_archive(raw: bytes) -> None:
    """Refuse an XLSX whose zip archive is too big once unpacked, before parsing any of it.

    Counts the parts (``MAX_XLSX_PARTS``), adds up their declared unpacked sizes
    (``MAX_XLSX_UNPACKED_MB``; ``MAX_XLSX_PART_MB`` for a part other than a worksheet)
    and checks each compression ratio (``MAX_XLSX_RATIO``). The declared sizes are the
    ones the zip reader holds every part to. Then refuses any XML part declaring a DTD,
    reading each only as far as its root element.

    Raises:
        UploadError: not a readable zip archive, or over a limit.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            parts = archive.infolist()
            _check_sizes(raw, parts)
            for part in parts:
                if part.filename.endswith(_XML_PARTS):
                    with archive.open(part) as stream:
                        if _declares_dtd(stream):
                            raise _unsafe(f"{part.filename} declares a DTD")
    except UploadError:
        raise
    except Exception as error:  # zipfile and zlib raise many types for damaged archives
        raise UploadError(
            f"the file is not a readable Excel workbook ({type(error).__name__}): "
            f"open it in a spreadsheet and {_SAVE_AS}"
        ) from None


def _check_sizes(raw: bytes, parts: list[zipfile.ZipInfo]) -> None:
    if len(parts) > MAX_XLSX_PARTS:
        raise _unsafe(f"it holds {len(parts):,} files (at most {MAX_XLSX_PARTS:,})")
    unpacked = sum(part.file_size for part in parts)
    if unpacked > MAX_XLSX_UNPACKED_MB * _MB:
        raise _unsafe(f"it unzips to {unpacked / _MB:,.0f} MB (at most {MAX_XLSX_UNPACKED_MB} MB)")
    for part in parts:
        if part.file_size > MAX_XLSX_PART_MB * _MB and not part.filename.startswith(
            "xl/worksheets/"
        ):
            raise _unsafe(
                f"{part.filename} unzips to {part.file_size / _MB:,.0f} MB "
                f"(at most {MAX_XLSX_PART_MB} MB)"
            )
        if part.file_size > _RATIO_CHECKED_FROM and part.file_size > MAX_XLSX_RATIO * max(
            part.compress_size, 1
        ):
            ratio = part.file_size / max(part.compress_size, 1)
            raise _unsafe(
                f"{part.filename} unzips to {ratio:,.0f} times its size (at most {MAX_XLSX_RATIO})"
            )
    if unpacked > _RATIO_CHECKED_FROM and unpacked > MAX_XLSX_RATIO * len(raw):
        raise _unsafe(
            f"it unzips to {unpacked / len(raw):,.0f} times its size (at most {MAX_XLSX_RATIO})"
        )


class _Prolog(Exception):
    """The prolog of an XML part has been read: its root element has started."""


def _declares_dtd(stream: IO[bytes]) -> bool:
    """Whether an XML part declares a DTD (where entities live), reading only its prolog."""
    parser = expat.ParserCreate()
    found = []

    def doctype(*_args) -> None:
        found.append(True)
        raise _Prolog

    def root(*_args) -> None:
        raise _Prolog

    parser.StartDoctypeDeclHandler = doctype
    parser.StartElementHandler = root
    try:
        while chunk := stream.read(64 * 1024):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except _Prolog:
        pass
    except expat.ExpatError:
        pass  # not well-formed: the workbook reader will say so
    return bool(found)


def _row_number(attribute: str | None, previous: int) -> int:
    if attribute is None:
        return previous + 1
    number = float(attribute)
    if not number.is_integer() or number < 1:
        raise ValueError(f"{attribute!r} is not a row number")
    return int(number)


class _SheetStream:
    """The first sheet's rows as text, streamed cell by cell; blank cells are not stored.

    The sheet's declared dimensions are ignored, missing rows are not filled in and no
    row is padded: a cell with a value past ``MAX_COLUMNS`` stops reading at once, and so
    does the row or cell element after ``MAX_XLSX_CELLS``. Values are read by openpyxl's own
    cell parser (shared strings, numbers, dates, booleans, formulas as their text).
    """

    def __init__(self, book, sheet):
        from openpyxl.worksheet._reader import WorkSheetParser

        self.sheet = sheet
        self.parser = WorkSheetParser(
            None,
            sheet._shared_strings,
            data_only=False,
            epoch=book.epoch,
            date_formats=book._date_formats,
            timedelta_formats=book._timedelta_formats,
        )
        self.cells_read = self.number = 0
        self.values: dict[int, str] = {}

    def _start_row(self, element) -> None:
        self._count_cell(element)
        self.number = _row_number(element.get("r"), self.number)
        self.parser.row_counter, self.parser.col_counter = self.number, 0
        self.values = {}

    def _count_cell(self, _element) -> None:
        self.cells_read += 1
        if self.cells_read > MAX_XLSX_CELLS:
            raise _unsafe(f"its first sheet has over {MAX_XLSX_CELLS:,} cells and rows")

    def _read_cell(self, element) -> None:
        cell = self.parser.parse_cell(element)
        element.clear()
        text = _cell_text(cell["value"])
        if text.strip():
            if cell["column"] > MAX_COLUMNS:
                raise _too_many_columns(self.number, cell["column"])
            self.values[cell["column"]] = text

    def _row(self) -> list[str]:
        last = max(self.values, default=0)
        return [self.values.get(column, "") for column in range(1, last + 1)]

    def __iter__(self) -> Iterator[tuple[int, list[str]]]:
        from openpyxl.worksheet._reader import CELL_TAG, DATA_TAG, ROW_TAG
        from openpyxl.xml.functions import iterparse

        depth, data = 0, None
        on_start = {CELL_TAG: self._count_cell, ROW_TAG: self._start_row}
        with self.sheet._get_source() as source:
            for event, element in iterparse(source, events=("start", "end")):
                tag = element.tag
                if event == "start":
                    depth += 1
                    if tag in on_start:
                        on_start[tag](element)
                    elif tag == DATA_TAG:
                        data = element
                    continue
                depth -= 1
                if tag == CELL_TAG:
                    self._read_cell(element)
                elif tag == ROW_TAG:
                    (data if data is not None else element).clear()  # keep no finished row
                    if self.values:
                        yield self.number, self._row()
                elif tag == DATA_TAG:
                    return  # nothing after the cells is needed
                elif depth == 1:
                    element.clear()  # a part of the sheet before its cells


def _read_xlsx_rows(raw: bytes) -> tuple[list[tuple[int, list[str]]], list[tuple[int, int]]]:
    """The first sheet's non-blank rows as cleaned text, and every formula cell's place."""
    from openpyxl import load_workbook

    check_archive(raw)
    try:
        book = load_workbook(io.BytesIO(raw), read_only=True, data_only=False)
        try:
            rows = _bounded_rows(_SheetStream(book, book.worksheets[0]))
        finally:
            book.close()
    except UploadError:
        raise
    except Exception as error:  # openpyxl raises many types for damaged workbooks
        raise UploadError(
            f"the file is not a readable Excel workbook ({type(error).__name__}): "
            f"open it in a spreadsheet and {_SAVE_AS}"
        ) from None
    formulas = [
        (number, column)
        for number, cells in rows
        for column, cell in enumerate(cells)
        if cell.startswith("=")
    ]
    return rows, formulas


# ---------------------------------------------------------------- header and table


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
        UploadError: the file is empty, over ``MAX_UPLOAD_MB``, binary or unreadable, over
            another of the limits (see the module), has duplicate or blank headers, no
            data rows, or lacks a required column.
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
