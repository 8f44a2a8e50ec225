"""Our candidate and endorsement data: which group backs or opposes whom, and where.

``data/candidates.csv`` holds one row per candidate a group takes a stance on. Loading
checks every row (all problems at once, each with its row number and the fix), resolves
parties to the registry, and joins each named candidate to their real 2024 result.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from targets.data.candidates_file import (
    ENDORSEMENT_COLUMNS,
    FIRST_DATA_ROW,
    REQUIRED_COLUMNS,
    SEAT_CODE_PATTERN,
    STANCE_KEY_COLUMNS,
    STANCES,
    Problem,
    default_path,
    endorsement_schema,
    file_problems,
    read_endorsement_file,
    stance_key,
)
from targets.data.files import shown_path
from targets.data.sources import data_dir
from targets.errors import DataError
from targets.parties import INDEPENDENT, resolve_party
from targets.text import normalise_person_name, normalise_seat_name

__all__ = [
    "ENDORSEMENT_COLUMNS",
    "endorsement_schema",
    "FIRST_DATA_ROW",
    "REQUIRED_COLUMNS",
    "SEAT_CODE_PATTERN",
    "STANCE_KEY_COLUMNS",
    "STANCES",
    "STANCE_SUMMARY_COLUMNS",
    "EndorsementError",
    "Problem",
    "check_endorsements",
    "empty_endorsements",
    "join_candidate_results",
    "load_endorsements",
    "read_endorsements",
    "stance_key",
    "summarise_stances_by_seat",
    "validate_endorsements",
]

STANCE_SUMMARY_COLUMNS: tuple[str, ...] = (
    "groups",
    "backed_candidate",
    "backed_party",
    "opposed_candidate",
    "opposed_party",
    "backing_groups",
    "opposing_groups",
)


class EndorsementError(DataError):
    """An endorsement file has problems; ``problems`` lists every one."""

    def __init__(self, path: str, problems: list[Problem]):
        self.problems = problems
        lines = "\n".join(f"  - {problem}" for problem in problems)
        super().__init__(f"{path}: {len(problems)} problem(s)\n{lines}")


def _seat_problems(frame: pd.DataFrame, seat_names: pd.Series) -> list[Problem]:
    """Well-formed codes that are not July 2024 seats, and names not matching their code."""
    problems: list[Problem] = []
    known_names = {code: normalise_seat_name(name) for code, name in seat_names.items()}
    given_names = frame["constituency_name"].map(normalise_seat_name)
    for index, code, given_name in zip(
        frame.index, frame["constituency_code"], given_names, strict=True
    ):
        number = int(index) + FIRST_DATA_ROW
        if pd.isna(code) or not re.match(SEAT_CODE_PATTERN, str(code)):
            continue
        if code not in known_names:
            problems.append(
                Problem(number, "constituency_code", code, "is not a July 2024 constituency code")
            )
        elif given_name != known_names[code]:
            problems.append(
                Problem(
                    number,
                    "constituency_name",
                    str(frame.at[index, "constituency_name"]),
                    f"does not match {code}, which is {seat_names[code]!r}: "
                    "fix the name or the code",
                )
            )
    return problems


def validate_endorsements(
    frame: pd.DataFrame, seat_names: pd.Series, registry: pd.DataFrame
) -> tuple[pd.DataFrame, list[Problem]]:
    """Check an endorsement table against the schema and the real seats.

    Args:
        frame: rows with the ``ENDORSEMENT_COLUMNS`` (text).
        seat_names: official seat names indexed by constituency code.
        registry: the party registry, to resolve party names to abbreviations.

    Returns:
        The cleaned table (with ``party`` as an abbreviation where known and the text as
        given in ``party_given``) and the list of problems; clean when that list is empty.
    """
    frame, problems = file_problems(frame)
    if not set(REQUIRED_COLUMNS) <= set(frame.columns):
        return frame, problems
    problems += _seat_problems(frame, seat_names)
    problems.sort(key=lambda problem: (problem.row, problem.column))
    frame["party_given"] = frame["party"]
    resolved = {
        given: resolve_party(given, registry) or given for given in frame["party"].dropna().unique()
    }
    frame["party"] = frame["party"].map(resolved)
    return frame, problems


LOADED_COLUMNS: tuple[str, ...] = (*ENDORSEMENT_COLUMNS, "party_given")


def empty_endorsements() -> pd.DataFrame:
    """An endorsement table with no rows (what the app uses while a list cannot be read)."""
    return pd.DataFrame({column: pd.Series(dtype="object") for column in LOADED_COLUMNS})


def check_endorsements(
    frame: pd.DataFrame, seat_names: pd.Series, registry: pd.DataFrame
) -> tuple[pd.DataFrame, list[Problem]]:
    """The loaded table for text rows (e.g. a saved version), or no rows and every problem.

    Never raises for bad rows: a list with any problem gives :func:`empty_endorsements`
    and the problems, so a caller can show the results without it and say what is wrong.
    """
    clean, problems = validate_endorsements(frame.copy(), seat_names, registry)
    if problems:
        return empty_endorsements(), problems
    return clean[list(LOADED_COLUMNS)].reset_index(drop=True), []


def read_endorsements(
    seat_names: pd.Series, registry: pd.DataFrame, path: Path | None = None
) -> tuple[pd.DataFrame, list[Problem]]:
    """Read and check ``data/candidates.csv`` (or ``path``): the rows, or none and the problems.

    A file that cannot be read at all is one problem on row 1 (column ``file``).
    """
    path = Path(path or default_path())
    try:
        frame = read_endorsement_file(path)
    except (OSError, ValueError) as error:
        message = (error.strerror or str(error)) if isinstance(error, OSError) else str(error)
        return empty_endorsements(), [Problem(1, "file", "", message)]
    return check_endorsements(frame, seat_names, registry)


def load_endorsements(
    seat_names: pd.Series, registry: pd.DataFrame, path: Path | None = None
) -> pd.DataFrame:
    """Load and validate ``data/candidates.csv`` (or ``path``), strictly.

    Raises:
        EndorsementError: listing every problem with its row number and the fix.
    """
    path = Path(path or default_path())
    clean, problems = read_endorsements(seat_names, registry, path)
    if problems:
        raise EndorsementError(shown_path(path, data_dir()), problems)
    return clean


def _match_candidate(row: pd.Series, seat_candidates: pd.DataFrame) -> pd.Series | None:
    """The 2024 candidate an endorsement row names: by full name, else surname and party."""
    wanted = normalise_person_name(row["candidate_name"])
    names = seat_candidates["candidate_name"].map(normalise_person_name)
    exact = seat_candidates[names == wanted]
    if len(exact) == 1:
        return exact.iloc[0]
    surname = wanted.split(" ")[-1] if wanted else ""
    same_surname = seat_candidates[names.str.split(" ").str[-1] == surname]
    if row["party"] != INDEPENDENT:
        same_surname = same_surname[same_surname["party"] == row["party"]]
    if len(same_surname) == 1:
        return same_surname.iloc[0]
    return None


def join_candidate_results(endorsements: pd.DataFrame, candidates: pd.DataFrame) -> pd.DataFrame:
    """Add each named candidate's real 2024 result where they stood.

    New columns: stood_2024, result_candidate_name, votes, share, position,
    votes_behind_winner (0 for the winner), winner_candidate, winner_party.
    """
    by_seat = {code: group for code, group in candidates.groupby("constituency_code")}
    rows = []
    for _, row in endorsements.iterrows():
        seat = by_seat.get(row["constituency_code"])
        match = _match_candidate(row, seat) if seat is not None else None
        winner = seat.iloc[0] if seat is not None else None
        rows.append(
            {
                "stood_2024": match is not None,
                "result_candidate_name": match["candidate_name"] if match is not None else pd.NA,
                "votes": match["votes"] if match is not None else pd.NA,
                "share": match["share"] if match is not None else pd.NA,
                "position": match["position"] if match is not None else pd.NA,
                "votes_behind_winner": (
                    winner["votes"] - match["votes"] if match is not None else pd.NA
                ),
                "winner_candidate": winner["candidate_name"] if winner is not None else pd.NA,
                "winner_party": winner["party"] if winner is not None else pd.NA,
            }
        )
    result_columns = [
        "stood_2024",
        "result_candidate_name",
        "votes",
        "share",
        "position",
        "votes_behind_winner",
        "winner_candidate",
        "winner_party",
    ]
    joined = pd.DataFrame(rows, index=endorsements.index, columns=result_columns)
    joined["votes"] = joined["votes"].astype("Int64")
    joined["position"] = joined["position"].astype("Int64")
    joined["votes_behind_winner"] = joined["votes_behind_winner"].astype("Int64")
    joined["share"] = joined["share"].astype("Float64")
    return pd.concat([endorsements, joined], axis=1)


def _join_unique(values: pd.Series) -> str:
    unique = [str(value) for value in dict.fromkeys(values.dropna())]
    return "; ".join(unique)


def summarise_stances_by_seat(endorsements: pd.DataFrame) -> pd.DataFrame:
    """Per seat: groups with a stance, backed and opposed candidates and parties.

    ``backing_groups`` and ``opposing_groups`` say which group takes which stance.

    Several groups or candidates in one seat are joined with "; ".
    """
    columns = list(STANCE_SUMMARY_COLUMNS)
    if endorsements.empty:
        return pd.DataFrame(columns=columns, index=pd.Index([], name="constituency_code"))
    backed = endorsements[endorsements["stance"] == "support"]
    opposed = endorsements[endorsements["stance"] == "oppose"]
    summary = pd.DataFrame(
        {
            "groups": endorsements.groupby("constituency_code")["group"].agg(_join_unique),
            "backed_candidate": backed.groupby("constituency_code")["candidate_name"].agg(
                _join_unique
            ),
            "backed_party": backed.groupby("constituency_code")["party"].agg(_join_unique),
            "opposed_candidate": opposed.groupby("constituency_code")["candidate_name"].agg(
                _join_unique
            ),
            "opposed_party": opposed.groupby("constituency_code")["party"].agg(_join_unique),
            "backing_groups": backed.groupby("constituency_code")["group"].agg(_join_unique),
            "opposing_groups": opposed.groupby("constituency_code")["group"].agg(_join_unique),
        }
    )
    summary.index.name = "constituency_code"
    return summary[columns]
