"""Step 3 of an upload: every row matched, mapped and checked, and what became of it.

``build_import_report`` matches each row to a July 2024 seat (code first, then the name
after normalisation, else suggestions that must be confirmed: see ``targets.seat_names``),
maps parties to the registry and checks the endorsement schema in one pass. Every row ends
in exactly one of: imported, needs confirmation, rejected (with the reason).
``merge_endorsements`` adds the imported rows to the data in use.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace

import pandas as pd

from targets.endorsements import (
    ENDORSEMENT_COLUMNS,
    FIRST_DATA_ROW,
    Problem,
    stance_key,
    validate_endorsements,
)
from targets.parties import resolve_party
from targets.seat_names import SeatIndex, Suggestion, build_seat_index
from targets.uploads.reading import (
    SEAT_COLUMNS,
    ParsedUpload,
    describe_row,
    has_text,
    normalise_stance,
    read_upload,
)
from targets.uploads.seat_matching import SeatMatch, resolve_seats
from targets.uploads.sheets import DELIMITERS

IMPORTED, NEEDS_CONFIRMATION, REJECTED = "imported", "needs confirmation", "rejected"
ROW_STATUSES: tuple[str, ...] = (IMPORTED, NEEDS_CONFIRMATION, REJECTED)


# ---------------------------------------------------------------- parties


def resolve_party_name(text: object, registry: pd.DataFrame) -> str | None:
    """The registry abbreviation for a party as written in the wild, or None if unknown.

    Tries the text as given, then without a parenthesis, a " - " suffix, a leading "The"
    and a trailing "Party" ("Labour and Co-operative Party" -> Lab, "Plaid Cymru - The
    Party of Wales" -> PC, "Scottish Green Party" -> Green).
    """
    if not has_text(text):
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
    matches = resolve_seats(frame, seats, confirmed or {})
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


# ---------------------------------------------------------------- merging and the text report


def merge_endorsements(current: pd.DataFrame, new: pd.DataFrame) -> pd.DataFrame:
    """The current endorsements with the new ones added; a new row replaces the same stance.

    Rows are the same stance when ``targets.endorsements.stance_key`` says so: the same
    seat, candidate (normalised), party and group. Both tables should hold parties
    resolved to the registry, as loaded and imported endorsements do.
    """
    columns = [column for column in ENDORSEMENT_COLUMNS if column in new.columns]
    if current is None or current.empty:
        return new[columns].reset_index(drop=True)
    replaced = set(stance_key(new))
    kept = current[[key not in replaced for key in stance_key(current)]]
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
            lines.append(f"  row {number} ({describe_row(row)}): {row['reason']}")
            if status == NEEDS_CONFIRMATION:
                best = report.suggestions[int(number)][0]
                lines.append(f"    confirm with --confirm {number}={best.constituency_code}")
    if report.warnings:
        lines.append("warnings:")
        lines += [f"  {warning}" for warning in report.warnings]
    return "\n".join(lines) + "\n"
