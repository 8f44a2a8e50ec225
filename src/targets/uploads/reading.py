"""Step 1 of an upload: the file's bytes read into our endorsement columns, as text.

The file is read by ``targets.uploads.sheets.read_table`` (CSV in UTF-8, UTF-8 with BOM or
cp1252, comma, semicolon or tab separated, or XLSX), within the bounds of
``targets.uploads.limits`` (``UPLOAD_LIMITS``: size, rows, columns, cell length; an
XLSX's zip archive is checked before it is parsed); the result says which encoding and
delimiter were used. A Democracy Club candidates export is recognised by its header and
mapped by ``targets.uploads.democracy_club``. Files that cannot be read at all (empty, too
big, binary, duplicate or missing columns) raise ``UploadError`` with a clear message.
Step 2, ``assign_group_stance``, lets the campaigner set a group and stance for chosen rows.

Every cell is cleaned by ``targets.data.candidates_file.clean_text``, the same function
that cleans ``data/candidates.csv`` when it is read and written.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

import pandas as pd

from targets.endorsements import ENDORSEMENT_COLUMNS, STANCES, Problem
from targets.uploads import democracy_club
from targets.uploads.limits import UPLOAD_LIMITS as UPLOAD_LIMITS  # what the pages quote
from targets.uploads.limits import UploadError
from targets.uploads.sheets import DELIMITERS, ENCODING_LABELS, read_table

OUR_SCHEMA, DEMOCRACY_CLUB = "endorsements", "democracy_club"

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
            another of the limits (``targets.uploads.limits``), has duplicate or blank
            headers, no data rows, or lacks a required column.
    """
    table = read_table(raw, filename)
    original, folded, header = table.frame, table.folded, table.header
    row_problems = list(table.row_problems)
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
        for row, col in table.formulas
        if row in original.index and col < len(header)
    ]
    return ParsedUpload(
        frame=frame,
        original=original,
        file_format=table.file_format,
        encoding=table.encoding,
        delimiter=table.delimiter,
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
