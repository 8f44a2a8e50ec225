"""Bringing in a campaigner's own candidates and endorsements: read, match, validate, report.

An upload goes through three steps, each a plain function:

1. ``read_upload`` turns the file's bytes into a table of text (CSV in UTF-8, UTF-8 with
   BOM or cp1252, comma, semicolon or tab separated; or XLSX), saying which encoding and
   delimiter it used. A Democracy Club candidates export is recognised by its header and
   mapped to our columns without a stance. Files that cannot be read at all (empty, too
   big, binary, duplicate or missing columns) raise ``UploadError`` with a clear message.
2. ``assign_group_stance`` lets the campaigner set a group and stance for chosen rows.
3. ``build_import_report`` matches every row to a July 2024 seat (code first, then the
   name after normalisation, else fuzzy suggestions that must be confirmed), maps parties
   to the registry and checks the endorsement schema in one pass. Every row ends in
   exactly one of: imported, needs confirmation, rejected (with the reason).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

import pandas as pd
from rapidfuzz import fuzz, process

from targets import export, sources
from targets.candidates import (
    ENDORSEMENT_COLUMNS,
    FIRST_DATA_ROW,
    SEAT_CODE_PATTERN,
    STANCES,
    Problem,
    normalise_seat_name,
    validate_endorsements,
)
from targets.parties import resolve_party
from targets.tables import decode_bytes

MAX_UPLOAD_MB = 5  # keep equal to server.maxUploadSize in .streamlit/config.toml
MAX_UPLOAD_BYTES = MAX_UPLOAD_MB * 1024 * 1024
FUZZY_SCORE_CUTOFF = 80.0
FUZZY_SUGGESTIONS = 3

IMPORTED, NEEDS_CONFIRMATION, REJECTED = "imported", "needs confirmation", "rejected"
ROW_STATUSES: tuple[str, ...] = (IMPORTED, NEEDS_CONFIRMATION, REJECTED)
OUR_SCHEMA, DEMOCRACY_CLUB = "endorsements", "democracy_club"

ENCODING_LABELS: dict[str, str] = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8 with BOM",
    "cp1252": "Windows-1252 (cp1252, Excel)",
}
DELIMITERS: dict[str, str] = {",": "comma", ";": "semicolon", "\t": "tab"}
SEAT_COLUMNS: tuple[str, ...] = ("constituency_code", "constituency_name")
IMPORT_REQUIRED_COLUMNS: tuple[str, ...] = ("candidate_name", "party", "group", "stance")
DEMOCRACY_CLUB_MARKERS: frozenset[str] = frozenset({"person_id", "person_name"})
DEMOCRACY_CLUB_SEAT_MARKERS: frozenset[str] = frozenset({"post_label", "ballot_paper_id"})
DEMOCRACY_CLUB_PERSON_URL = "https://candidates.democracyclub.org.uk/person/{person_id}"

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


class UploadError(sources.DataError):
    """An uploaded file cannot be read at all; the message says why and what to do."""


# ---------------------------------------------------------------- reading


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


def fold_header(name: object) -> str:
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


def _is_democracy_club(folded: list[str]) -> bool:
    names = set(folded)
    return names >= DEMOCRACY_CLUB_MARKERS and bool(DEMOCRACY_CLUB_SEAT_MARKERS & names)


def _democracy_club_columns(
    original: pd.DataFrame, folded: list[str]
) -> tuple[pd.DataFrame, list[Problem]]:
    """Map a Democracy Club export to our columns, without group or stance."""
    source = original.copy()
    source.columns = folded
    text = _text_columns(
        source,
        [
            "person_id",
            "person_name",
            "election_id",
            "ballot_paper_id",
            "party_name",
            "post_label",
            "gss",
        ],
    )
    code = text["gss"].str.replace(r"^[A-Za-z]+:", "", regex=True)
    person = text["person_id"]
    numeric_person = person.str.fullmatch(r"\d+").fillna(False).astype(bool)
    url = ("https://candidates.democracyclub.org.uk/person/" + person).where(numeric_person)
    notes = (
        "Democracy Club person "
        + person.fillna("?")
        + ", ballot "
        + text["ballot_paper_id"].fillna("?")
    )
    frame = pd.DataFrame(
        {
            "constituency_code": code,
            "constituency_name": text["post_label"],
            "candidate_name": text["person_name"],
            "party": text["party_name"],
            "group": pd.Series(pd.NA, index=source.index, dtype="string"),
            "stance": pd.Series(pd.NA, index=source.index, dtype="string"),
            "source_url": url.astype("string"),
            "notes": notes.astype("string"),
        },
        index=source.index,
    )
    problems = []
    ballot = text["election_id"].fillna(text["ballot_paper_id"])
    for number, value in ballot.items():
        if pd.notna(value) and not str(value).startswith("parl."):
            problems.append(
                Problem(
                    int(number),
                    "election_id",
                    str(value),
                    "is not a UK Parliament (Westminster) ballot: only parl.* rows import",
                )
            )
    return frame, problems


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
    if _is_democracy_club(folded):
        kind = DEMOCRACY_CLUB
        frame, election_problems = _democracy_club_columns(original, folded)
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


# ---------------------------------------------------------------- seats


@dataclass(frozen=True)
class Suggestion:
    """A seat a name might mean, for the campaigner to confirm."""

    constituency_code: str
    constituency_name: str
    score: float

    def __str__(self) -> str:
        return f"{self.constituency_name} ({self.constituency_code}, score {self.score:.0f})"


@dataclass(frozen=True)
class SeatMatch:
    """How one row's seat was found: ``method`` is code, name, confirmed or "" (not found)."""

    constituency_code: str | None
    method: str
    suggestions: tuple[Suggestion, ...] = ()
    reason: str = ""
    column: str = ""  # the cell a "not found" reason is about


@dataclass(frozen=True)
class SeatIndex:
    """The July 2024 seats prepared for matching by code, name and fuzzy name."""

    names: Mapping[str, str]
    by_normalised_name: Mapping[str, str]
    normalised_names: tuple[str, ...] = field(repr=False)
    codes_by_position: tuple[str, ...] = field(repr=False)


def build_seat_index(seat_names: pd.Series) -> SeatIndex:
    """Prepare seat names (official names indexed by code) for matching."""
    names = {str(code): str(name) for code, name in seat_names.items()}
    normalised = {code: normalise_seat_name(name) for code, name in names.items()}
    return SeatIndex(
        names=names,
        by_normalised_name={value: code for code, value in normalised.items()},
        normalised_names=tuple(normalised.values()),
        codes_by_position=tuple(normalised.keys()),
    )


def suggest_seats(
    name: str,
    seats: SeatIndex,
    limit: int = FUZZY_SUGGESTIONS,
    score_cutoff: float = FUZZY_SCORE_CUTOFF,
) -> tuple[Suggestion, ...]:
    """Seats whose normalised name is close to ``name``, best first.

    Scored with rapidfuzz's token set ratio (so "Hackney South" finds "Hackney South and
    Shoreditch"), ties broken by plain similarity.
    """
    wanted = normalise_seat_name(name)
    if not wanted:
        return ()
    found = process.extract(
        wanted,
        seats.normalised_names,
        scorer=fuzz.token_set_ratio,
        limit=None,
        score_cutoff=score_cutoff,
    )
    found.sort(key=lambda hit: (-hit[1], -fuzz.ratio(wanted, hit[0]), hit[2]))
    suggestions = []
    for _, score, position in found[:limit]:
        code = seats.codes_by_position[position]
        suggestions.append(Suggestion(code, seats.names[code], round(float(score), 1)))
    return tuple(suggestions)


def _present(value: object) -> bool:
    return value is not None and not pd.isna(value) and str(value).strip() != ""


def _match_by_code(code: str, name: object, seats: SeatIndex) -> SeatMatch:
    official = seats.names[code]
    if not _present(name) or normalise_seat_name(name) == normalise_seat_name(official):
        return SeatMatch(code, "code")
    other = seats.by_normalised_name.get(normalise_seat_name(name))
    if other:
        return SeatMatch(
            None,
            "",
            reason=f"is {other}, but the code {code} is {official!r}: fix the name or the code",
            column="constituency_name",
        )
    close = fuzz.token_set_ratio(normalise_seat_name(name), normalise_seat_name(official))
    if close >= FUZZY_SCORE_CUTOFF:
        return SeatMatch(
            None,
            "",
            (Suggestion(code, official, round(float(close), 1)),),
            f"the name {name!r} is close to, but not the same as, the name of {code}",
        )
    return SeatMatch(
        None,
        "",
        reason=f"does not match {code}, which is {official!r}: fix the name or the code",
        column="constituency_name",
    )


def match_seat(code: object, name: object, seats: SeatIndex) -> SeatMatch:
    """Find a row's seat: the PCON24CD code first, else the normalised name, else suggest.

    Nothing is matched by fuzzy similarity alone: suggestions come back with no code and
    must be confirmed.
    """
    code_text = str(code).strip().upper() if _present(code) else ""
    if code_text in seats.names:
        return _match_by_code(code_text, name, seats)
    if _present(name):
        by_name = seats.by_normalised_name.get(normalise_seat_name(name))
        if by_name and not code_text:
            return SeatMatch(by_name, "name")
        if by_name:
            return SeatMatch(
                None,
                "",
                (Suggestion(by_name, seats.names[by_name], 100.0),),
                f"the code {code_text!r} is not a July 2024 constituency, but the name is",
            )
        suggestions = suggest_seats(str(name), seats)
        if suggestions:
            return SeatMatch(None, "", suggestions, f"no July 2024 seat is named {name!r}")
    return _no_seat(code_text, name)


def _no_seat(code_text: str, name: object) -> SeatMatch:
    """Why a row has no seat, told against the cell that is wrong."""
    named = _present(name)
    if not code_text and not named:
        return SeatMatch(
            None,
            "",
            reason="is required: give a constituency code or name",
            column="constituency_name",
        )
    if not code_text:
        return SeatMatch(
            None,
            "",
            reason="is not the name of a July 2024 seat, and no code is given",
            column="constituency_name",
        )
    if re.match(SEAT_CODE_PATTERN, code_text):
        problem = "is not a July 2024 constituency code"
    else:
        problem = "is not an ONS constituency code like E14001131"
    rest = f"no seat has a name like {name!r}" if named else "no constituency name is given"
    return SeatMatch(None, "", reason=f"{problem}, and {rest}", column="constituency_code")


# ---------------------------------------------------------------- parties and stances


def normalise_stance(value: object) -> object:
    """'support' or 'oppose' for the words campaigners use (backed, against, ...)."""
    if not _present(value):
        return pd.NA
    text = str(value).strip().casefold()
    return _STANCE_WORDS.get(text, text)


def resolve_party_name(text: object, registry: pd.DataFrame) -> str | None:
    """The registry abbreviation for a party as written in the wild, or None if unknown.

    Tries the text as given, then without a parenthesis, a " - " suffix, a leading "The"
    and a trailing "Party" ("Labour and Co-operative Party" -> Lab, "Plaid Cymru - The
    Party of Wales" -> PC, "Scottish Green Party" -> Green).
    """
    if not _present(text):
        return None
    text = str(text)
    found = resolve_party(text, registry)
    if found:
        return found
    trimmed = re.sub(r"\(.*?\)", " ", text).split(" - ")[0]
    trimmed = re.sub(r"^\s*the\s+", "", trimmed, flags=re.IGNORECASE)
    candidates = [trimmed, re.sub(r"\s+party\s*$", "", trimmed, flags=re.IGNORECASE)]
    for candidate in candidates:
        found = resolve_party(candidate, registry)
        if found:
            return found
    inside = re.findall(r"\((.*?)\)", text)
    for candidate in inside:
        found = resolve_party(candidate, registry)
        if found:
            return found
    return None


# ---------------------------------------------------------------- report


@dataclass(frozen=True)
class ImportReport:
    """What became of every uploaded row, and why.

    Attributes:
        upload: the parsed upload the report is about.
        rows: one row per uploaded row, indexed by spreadsheet row number, with
            ``status`` (one of ``ROW_STATUSES``), ``reason``, ``match`` (code, name,
            confirmed or blank), ``party_given`` and our endorsement columns, cleaned.
        problems: every problem found, in one pass, each with row, column, value, message.
        warnings: what was accepted but worth knowing (unknown party, formula cells).
        suggestions: for rows that need confirmation, the seats they might mean.
    """

    upload: ParsedUpload
    rows: pd.DataFrame
    problems: tuple[Problem, ...]
    warnings: tuple[Problem, ...]
    suggestions: Mapping[int, tuple[Suggestion, ...]]

    def rows_with_status(self, status: str) -> pd.DataFrame:
        """The report rows with one status."""
        return self.rows[self.rows["status"] == status]

    @property
    def imported(self) -> pd.DataFrame:
        """The cleaned endorsements ready to use or save (our columns, party abbreviated)."""
        chosen = self.rows_with_status(IMPORTED)
        return chosen[[*ENDORSEMENT_COLUMNS, "party_given"]].reset_index(drop=True)

    @property
    def needs_confirmation(self) -> pd.DataFrame:
        """Rows waiting for the campaigner to confirm a suggested seat."""
        return self.rows_with_status(NEEDS_CONFIRMATION)

    @property
    def rejected(self) -> pd.DataFrame:
        """Rejected rows as uploaded, with their spreadsheet row number and the reason."""
        chosen = self.rows_with_status(REJECTED)
        return _with_outcome(self.upload.original, chosen, ["reason"])

    @property
    def not_imported(self) -> pd.DataFrame:
        """Every row not imported, as uploaded, with row number, status and reason."""
        chosen = self.rows[self.rows["status"] != IMPORTED]
        return _with_outcome(self.upload.original, chosen, ["status", "reason"])

    @property
    def counts(self) -> dict[str, int]:
        """How many rows ended in each status."""
        counted = self.rows["status"].value_counts()
        return {status: int(counted.get(status, 0)) for status in ROW_STATUSES}

    @property
    def is_clean(self) -> bool:
        """True when every row was imported."""
        return self.counts[IMPORTED] == len(self.rows)

    def to_dict(self) -> dict:
        """The whole report as plain JSON-ready data."""
        rows = []
        for number, row in self.rows.iterrows():
            rows.append(
                {
                    "row": int(number),
                    "status": row["status"],
                    "reason": row["reason"],
                    "match": row["match"],
                    **{column: _plain(row[column]) for column in ENDORSEMENT_COLUMNS},
                    "party_given": _plain(row["party_given"]),
                    "suggestions": [
                        {
                            "constituency_code": s.constituency_code,
                            "constituency_name": s.constituency_name,
                            "score": s.score,
                        }
                        for s in self.suggestions.get(int(number), ())
                    ],
                }
            )
        return {
            "source": {
                "format": self.upload.file_format,
                "encoding": self.upload.encoding,
                "delimiter": DELIMITERS.get(self.upload.delimiter or ""),
                "kind": self.upload.kind,
                "description": self.upload.describe_source(),
            },
            "counts": self.counts,
            "clean": self.is_clean,
            "rows": rows,
            "problems": [_problem_dict(problem) for problem in self.problems],
            "warnings": [_problem_dict(problem) for problem in self.warnings],
        }


def _with_outcome(original: pd.DataFrame, chosen: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """Uploaded cells of the chosen rows, then ``row`` first and the outcome columns last.

    An uploaded column whose name clashes with ``row`` or an outcome column is kept as
    "NAME (uploaded)".
    """
    table = original.loc[chosen.index].copy()
    clashes = {"row", *columns}
    table.columns = [f"{name} (uploaded)" if name in clashes else name for name in table.columns]
    for column in columns:
        table[column] = chosen[column]
    return table.reset_index()


def _plain(value: object) -> object:
    return None if value is None or pd.isna(value) else str(value)


def _problem_dict(problem: Problem) -> dict:
    return {
        "row": problem.row,
        "column": problem.column,
        "value": problem.value,
        "message": problem.message,
    }


def _resolve_seats(
    frame: pd.DataFrame, seats: SeatIndex, confirmed: Mapping[int, str]
) -> dict[int, SeatMatch]:
    matches = {}
    rows = zip(frame.index, frame["constituency_code"], frame["constituency_name"], strict=True)
    for number, code, name in rows:
        wanted = confirmed.get(int(number))
        if wanted is not None and str(wanted).strip().upper() in seats.names:
            matches[int(number)] = SeatMatch(str(wanted).strip().upper(), "confirmed")
        elif wanted is not None:
            matches[int(number)] = SeatMatch(
                None,
                "",
                reason=f"was confirmed as {wanted!r}, which is not a July 2024 constituency",
                column="constituency_name",
            )
        else:
            matches[int(number)] = match_seat(code, name, seats)
    return matches


def _resolve_parties(given: pd.Series, registry: pd.DataFrame) -> pd.Series:
    """Abbreviations where the registry knows the party, else the text as given."""
    found = {text: resolve_party_name(text, registry) for text in given.dropna().unique()}
    return given.map(lambda text: found.get(text) or text, na_action="ignore")


def _frame_to_validate(
    frame: pd.DataFrame, matches: Mapping[int, SeatMatch], seats: SeatIndex, registry
) -> pd.DataFrame:
    checked = frame.copy()
    codes = pd.Series(
        {number: match.constituency_code for number, match in matches.items()}, dtype="string"
    ).reindex(frame.index)
    resolved = codes.notna()
    checked.loc[resolved, "constituency_code"] = codes[resolved]
    checked.loc[resolved, "constituency_name"] = codes[resolved].map(seats.names)
    checked["stance"] = checked["stance"].map(normalise_stance).astype("string")
    checked["party"] = _resolve_parties(checked["party"], registry).astype("string")
    return checked


def _schema_problems(
    checked: pd.DataFrame, seat_names: pd.Series, registry, unresolved: set[int]
) -> list[Problem]:
    """Problems from the endorsement schema, renumbered to spreadsheet rows.

    Seat problems on rows whose seat was not found are left out: the seat matcher
    already says what is wrong there, in campaigners' words.
    """
    numbers = list(checked.index)
    _, found = validate_endorsements(checked.reset_index(drop=True), seat_names, registry)
    problems = []
    for problem in found:
        number = numbers[problem.row - FIRST_DATA_ROW]
        if number in unresolved and problem.column in SEAT_COLUMNS:
            continue
        if problem.column in ("group", "stance") and problem.message == "is required":
            problem = replace(problem, message="is not set: choose a group and stance")
        problems.append(replace(problem, row=int(number)))
    return problems


def _party_warnings(frame: pd.DataFrame, checked: pd.DataFrame, registry) -> list[Problem]:
    unknown = frame["party"].notna() & ~checked["party"].isin(registry.index)
    return [
        Problem(
            int(number),
            "party",
            str(given),
            "is not a party in the registry: kept under its own name",
        )
        for number, given in frame.loc[unknown, "party"].items()
    ]


def _seat_problems(
    frame: pd.DataFrame, matches: Mapping[int, SeatMatch], unresolved: set[int]
) -> list[Problem]:
    """A problem for each row whose seat was not found and has nothing to suggest."""
    problems = []
    for number in sorted(unresolved):
        match = matches[number]
        if match.suggestions:
            continue
        column = match.column or "constituency_code"
        value = frame.at[number, column] if column in frame.columns else pd.NA
        problems.append(Problem(number, column, "" if pd.isna(value) else str(value), match.reason))
    return problems


def _row_outcome(match: SeatMatch, problems: list[Problem]) -> tuple[str, str]:
    """The status and reason for one row."""
    if problems:
        reason = "; ".join(_reason(problem) for problem in problems)
        if match.suggestions:
            reason += "; seat: did you mean " + " or ".join(map(str, match.suggestions)) + "?"
        return REJECTED, reason
    if not match.constituency_code:
        options = " or ".join(map(str, match.suggestions))
        return NEEDS_CONFIRMATION, f"{match.reason}: did you mean {options}? Confirm one"
    return IMPORTED, ""


def build_import_report(
    upload: ParsedUpload,
    seat_names: pd.Series,
    registry: pd.DataFrame,
    confirmed: Mapping[int, str] | None = None,
) -> ImportReport:
    """Match, map and validate every uploaded row; say what became of each.

    Args:
        upload: from ``read_upload`` (and ``assign_group_stance``).
        seat_names: official seat names indexed by constituency code.
        registry: the party registry.
        confirmed: spreadsheet row number -> constituency code the campaigner confirmed
            for a row that needed confirmation.

    Returns:
        The report; each row is imported, needs confirmation, or rejected with a reason.
    """
    seats = build_seat_index(seat_names)
    frame = upload.frame
    matches = _resolve_seats(frame, seats, confirmed or {})
    checked = _frame_to_validate(frame, matches, seats, registry)
    unresolved = {number for number, match in matches.items() if not match.constituency_code}
    problems = [
        *upload.row_problems,
        *_schema_problems(checked, seat_names, registry, unresolved),
        *_seat_problems(frame, matches, unresolved),
    ]
    problems.sort(key=lambda problem: (problem.row, problem.column))
    by_row: dict[int, list[Problem]] = {}
    for problem in problems:
        by_row.setdefault(problem.row, []).append(problem)
    outcomes = [
        _row_outcome(matches[int(number)], by_row.get(int(number), [])) for number in frame.index
    ]
    rows = checked.assign(
        party_given=frame["party"],
        match=[matches[int(number)].method for number in frame.index],
        status=[status for status, _ in outcomes],
        reason=[reason for _, reason in outcomes],
    )
    warnings = [
        warning
        for warning in _party_warnings(frame, checked, registry)
        if rows.at[warning.row, "status"] != REJECTED
    ]
    suggestions = {
        number: match.suggestions
        for number, match in matches.items()
        if not match.constituency_code and match.suggestions
    }
    return ImportReport(
        upload=upload,
        rows=rows[["status", "reason", "match", *ENDORSEMENT_COLUMNS, "party_given"]],
        problems=tuple(problems),
        warnings=tuple(sorted([*upload.warnings, *warnings], key=lambda p: (p.row, p.column))),
        suggestions=suggestions,
    )


def _reason(problem: Problem) -> str:
    value = f" {problem.value!r}" if problem.value else ""
    return f"{problem.column}{value}: {problem.message}"


def import_endorsements(
    raw: bytes,
    seat_names: pd.Series,
    registry: pd.DataFrame,
    filename: str = "",
    confirmed: Mapping[int, str] | None = None,
) -> ImportReport:
    """Read, match and validate an upload in one call (see ``read_upload``)."""
    return build_import_report(read_upload(raw, filename), seat_names, registry, confirmed)


# ---------------------------------------------------------------- downloads and merging


def export_rejected(report: ImportReport, include_unconfirmed: bool = False) -> bytes:
    """The rejected rows as uploaded, with row numbers and a reason column, as CSV bytes.

    With ``include_unconfirmed``, rows still waiting for a seat to be confirmed are added
    (with a ``status`` column), so every row not imported is in the file.
    """
    if not include_unconfirmed:
        return export.export_table(report.rejected, "csv")
    return export.export_table(report.not_imported, "csv")


def endorsement_key(frame: pd.DataFrame) -> pd.Series:
    """One key per row (seat, candidate, group) that says which rows are the same stance."""
    from targets.candidates import normalise_person_name

    return (
        frame["constituency_code"].astype("string")
        + "|"
        + frame["candidate_name"].map(normalise_person_name)
        + "|"
        + frame["group"].astype("string").str.strip().str.casefold()
    )


def merge_endorsements(current: pd.DataFrame, new: pd.DataFrame) -> pd.DataFrame:
    """The current endorsements with the new ones added; a new row replaces the same stance.

    Rows are the same when they name the same seat, candidate (normalised) and group.
    """
    columns = [column for column in ENDORSEMENT_COLUMNS if column in new.columns]
    if current is None or current.empty:
        return new[columns].reset_index(drop=True)
    kept = current[~endorsement_key(current).isin(set(endorsement_key(new)))]
    return pd.concat([kept[columns], new[columns]], ignore_index=True)


def format_report(report: ImportReport, name: str = "upload") -> str:
    """The report as plain text for a terminal: how the file was read, then every row."""
    counts = report.counts
    lines = [
        f"{name}: {report.upload.describe_source()}",
        f"{len(report.rows)} row(s): {counts[IMPORTED]} imported, "
        f"{counts[NEEDS_CONFIRMATION]} need confirmation, {counts[REJECTED]} rejected",
    ]
    for status in (NEEDS_CONFIRMATION, REJECTED):
        chosen = report.rows_with_status(status)
        if chosen.empty:
            continue
        lines.append(f"{status}:")
        for number, row in chosen.iterrows():
            lines.append(f"  row {number} ({_describe_row(row)}): {row['reason']}")
            if status == NEEDS_CONFIRMATION:
                best = report.suggestions[int(number)][0]
                lines.append(f"    confirm with --confirm {number}={best.constituency_code}")
    if report.warnings:
        lines.append("warnings:")
        lines += [f"  {warning}" for warning in report.warnings]
    return "\n".join(lines) + "\n"


def _describe_row(row: pd.Series, separator: str = ", ") -> str:
    name = row["candidate_name"] if _present(row["candidate_name"]) else "no name"
    if _present(row["constituency_name"]):
        seat = row["constituency_name"]
    elif _present(row["constituency_code"]):
        seat = row["constituency_code"]
    else:
        seat = "no seat"
    return f"{name}{separator}{seat}"


def describe_rows(upload: ParsedUpload) -> dict[int, str]:
    """A label per uploaded row for choosing rows: "row 3 · Wes Streeting · Ilford North …"."""
    labels = {}
    for number, row in upload.frame.iterrows():
        parts = [f"row {number}", _describe_row(row, " · ")]
        if _present(row["party"]):
            parts.append(str(row["party"]))
        if _present(row["group"]) or _present(row["stance"]):
            group = row["group"] if _present(row["group"]) else "no group"
            stance = row["stance"] if _present(row["stance"]) else "no stance"
            parts.append(f"{group}: {stance}")
        labels[int(number)] = " · ".join(parts)
    return labels


def rows_without_stance(upload: ParsedUpload) -> list[int]:
    """Row numbers whose group or stance is blank (every row of a Democracy Club export)."""
    blank = upload.frame["group"].isna() | upload.frame["stance"].isna()
    return [int(number) for number in upload.frame.index[blank]]
