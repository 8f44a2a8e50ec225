"""Reading an uploaded Excel workbook (.xlsx) safely: the archive checked, the sheet streamed.

An XLSX is a zip archive: before any part of it is parsed its parts are counted, their
unpacked sizes and compression ratios checked and any XML part declaring a DTD refused
(``check_archive``). The first sheet is then read as a stream, cell by cell, within the
bounds of ``targets.uploads.limits``.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Iterator
from typing import IO
from xml.parsers import expat

from targets.uploads import limits
from targets.uploads.limits import UploadError, bounded_rows, too_many_columns

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # an old Excel .xls
_MB = 1024 * 1024
_RATIO_CHECKED_FROM = _MB  # smaller parts may compress as well as they like
_UNSAFE = "not a workbook we can read safely"
_XML_PARTS = (".xml", ".rels", ".vml")
SAVE_AS = "save it again as .xlsx or CSV"


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
    return UploadError(f"{_UNSAFE}: {reason}: {SAVE_AS}, or split it into smaller files")


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
            f"open it in a spreadsheet and {SAVE_AS}"
        ) from None


def _check_sizes(raw: bytes, parts: list[zipfile.ZipInfo]) -> None:
    if len(parts) > limits.MAX_XLSX_PARTS:
        raise _unsafe(f"it holds {len(parts):,} files (at most {limits.MAX_XLSX_PARTS:,})")
    unpacked = sum(part.file_size for part in parts)
    if unpacked > limits.MAX_XLSX_UNPACKED_MB * _MB:
        most = limits.MAX_XLSX_UNPACKED_MB
        raise _unsafe(f"it unzips to {unpacked / _MB:,.0f} MB (at most {most} MB)")
    for part in parts:
        if part.file_size > limits.MAX_XLSX_PART_MB * _MB and not part.filename.startswith(
            "xl/worksheets/"
        ):
            raise _unsafe(
                f"{part.filename} unzips to {part.file_size / _MB:,.0f} MB "
                f"(at most {limits.MAX_XLSX_PART_MB} MB)"
            )
        if part.file_size > _RATIO_CHECKED_FROM and part.file_size > limits.MAX_XLSX_RATIO * max(
            part.compress_size, 1
        ):
            ratio = part.file_size / max(part.compress_size, 1)
            raise _unsafe(
                f"{part.filename} unzips to {ratio:,.0f} times its size "
                f"(at most {limits.MAX_XLSX_RATIO})"
            )
    if unpacked > _RATIO_CHECKED_FROM and unpacked > limits.MAX_XLSX_RATIO * len(raw):
        raise _unsafe(
            f"it unzips to {unpacked / len(raw):,.0f} times its size "
            f"(at most {limits.MAX_XLSX_RATIO})"
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
        if self.cells_read > limits.MAX_XLSX_CELLS:
            raise _unsafe(f"its first sheet has over {limits.MAX_XLSX_CELLS:,} cells and rows")

    def _read_cell(self, element) -> None:
        cell = self.parser.parse_cell(element)
        element.clear()
        text = _cell_text(cell["value"])
        if text.strip():
            if cell["column"] > limits.MAX_COLUMNS:
                raise too_many_columns(self.number, cell["column"])
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


def read_xlsx_rows(raw: bytes) -> tuple[list[tuple[int, list[str]]], list[tuple[int, int]]]:
    """The first sheet's non-blank rows as cleaned text, and every formula cell's place."""
    from openpyxl import load_workbook

    check_archive(raw)
    try:
        book = load_workbook(io.BytesIO(raw), read_only=True, data_only=False)
        try:
            rows = bounded_rows(_SheetStream(book, book.worksheets[0]))
        finally:
            book.close()
    except UploadError:
        raise
    except Exception as error:  # openpyxl raises many types for damaged workbooks
        raise UploadError(
            f"the file is not a readable Excel workbook ({type(error).__name__}): "
            f"open it in a spreadsheet and {SAVE_AS}"
        ) from None
    formulas = [
        (number, column)
        for number, cells in rows
        for column, cell in enumerate(cells)
        if cell.startswith("=")
    ]
    return rows, formulas
