"""Democracy Club candidates exports: recognised by their header, mapped to our columns.

An export lists people standing, not stances, so the mapped rows have no group or stance
until the campaigner sets them (``targets.uploads.reading.assign_group_stance``). Each row
keeps a link to the person's Democracy Club page and a note naming the ballot; rows for
anything but a UK Parliament (Westminster) ballot are refused.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from targets.endorsements import Problem

PERSON_MARKERS: frozenset[str] = frozenset({"person_id", "person_name"})
SEAT_MARKERS: frozenset[str] = frozenset({"post_label", "ballot_paper_id"})
COLUMNS_READ: tuple[str, ...] = (
    "person_id",
    "person_name",
    "election_id",
    "ballot_paper_id",
    "party_name",
    "post_label",
    "gss",
)


def is_export(folded_header: Iterable[str]) -> bool:
    """True when a header (folded: lower case, underscores) is a Democracy Club export's."""
    names = set(folded_header)
    return names >= PERSON_MARKERS and bool(SEAT_MARKERS & names)


def endorsement_columns(cells: pd.DataFrame) -> tuple[pd.DataFrame, list[Problem]]:
    """Map an export to our columns, without group or stance.

    Args:
        cells: the ``COLUMNS_READ`` as stripped text (blank cells and absent columns NA),
            indexed by spreadsheet row number.

    Returns:
        Our endorsement columns, and a problem for each row of another election.
    """
    code = cells["gss"].str.replace(r"^[A-Za-z]+:", "", regex=True)
    person = cells["person_id"]
    numeric_person = person.str.fullmatch(r"\d+").fillna(False).astype(bool)
    url = ("https://candidates.democracyclub.org.uk/person/" + person).where(numeric_person)
    notes = (
        "Democracy Club person "
        + person.fillna("?")
        + ", ballot "
        + cells["ballot_paper_id"].fillna("?")
    )
    frame = pd.DataFrame(
        {
            "constituency_code": code,
            "constituency_name": cells["post_label"],
            "candidate_name": cells["person_name"],
            "party": cells["party_name"],
            "group": pd.Series(pd.NA, index=cells.index, dtype="string"),
            "stance": pd.Series(pd.NA, index=cells.index, dtype="string"),
            "source_url": url.astype("string"),
            "notes": notes.astype("string"),
        },
        index=cells.index,
    )
    problems = []
    ballot = cells["election_id"].fillna(cells["ballot_paper_id"])
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
