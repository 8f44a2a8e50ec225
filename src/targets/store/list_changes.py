"""What changed between two endorsement lists, and the versions that record it.

Rows are the same stance when their ``stance_key`` is (seat, candidate, party, group);
a stance in both lists whose other cells differ is changed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from targets.data.candidates_file import ENDORSEMENT_COLUMNS, STANCE_KEY_COLUMNS, stance_key
from targets.errors import BadInputError


@dataclass(frozen=True)
class VersionInfo:
    """One version of a list: its number, when and by whom, and what changed."""

    number: int
    created_at: dt.datetime
    author: str
    note: str
    source: str
    restored_from: int | None
    row_count: int
    rows_added: int
    rows_removed: int
    rows_changed: int

    def describe(self) -> str:
        """One line: ``v3 · 2026-12-01 14:02 UTC · alice · +2 −0 ~1``."""
        when = self.created_at.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
        return (
            f"v{self.number} · {when} · {self.author} · "
            f"+{self.rows_added} −{self.rows_removed} ~{self.rows_changed}"
        )


@dataclass(frozen=True)
class ListChanges:
    """Rows added, removed and changed between two lists.

    ``added`` and ``removed`` are rows of the lists; ``changed`` has one row per stance
    in both whose other cells differ: the stance's columns, then ``<col>_before`` and
    ``<col>_after`` for each column that differs in any changed row.
    """

    added: pd.DataFrame
    removed: pd.DataFrame
    changed: pd.DataFrame

    def counts(self) -> tuple[int, int, int]:
        """How many rows were added, removed and changed."""
        return len(self.added), len(self.removed), len(self.changed)


class ListChangedError(BadInputError):
    """The list changed since it was opened: nothing was saved; both versions are at hand.

    Attributes:
        based_on: the version the save was based on (None: "there was no list").
        current: the version that is current now (None if there is none).
        theirs: the rows the save tried to write, as they would have been stored.
    """

    def __init__(self, based_on: int | None, current: VersionInfo | None, theirs: pd.DataFrame):
        self.based_on = based_on
        self.current = current
        self.theirs = theirs
        opened = f"version {based_on}" if based_on is not None else "no list"
        now = current.describe() if current is not None else "no version"
        super().__init__(
            f"not saved: the list changed since you opened it (you opened {opened}; now "
            f"{now}). Nothing was written: compare your rows with the current version "
            "and save again"
        )


# ---------------------------------------------------------------- comparing


def _text(frame: pd.DataFrame) -> pd.DataFrame:
    """The endorsement columns as text, blanks as ''."""
    table = frame.reindex(columns=list(ENDORSEMENT_COLUMNS)).reset_index(drop=True)
    return table.astype(object).where(table.notna(), "").astype(str)


def _first_of_each(keys: list) -> dict:
    """Each key's first position."""
    first: dict = {}
    for position, key in enumerate(keys):
        first.setdefault(key, position)
    return first


def compare_lists(before: pd.DataFrame, after: pd.DataFrame) -> ListChanges:
    """What changed from ``before`` to ``after``, row by stance (pure; frames unchanged).

    A stance repeated within one list counts once (its first row). Cells are compared as
    text, a blank the same as an empty cell.
    """
    old, new = _text(before), _text(after)
    old_first = _first_of_each(stance_key(old).tolist() if len(old) else [])
    new_first = _first_of_each(stance_key(new).tolist() if len(new) else [])
    added = [position for key, position in new_first.items() if key not in old_first]
    removed = [position for key, position in old_first.items() if key not in new_first]
    both = [(old_first[key], position) for key, position in new_first.items() if key in old_first]
    pairs: list[tuple[int, int]] = []
    if both:
        left = old.to_numpy()[[a for a, _ in both]]
        right = new.to_numpy()[[b for _, b in both]]
        differs = (left != right).any(axis=1)
        pairs = [pair for pair, differ in zip(both, differs, strict=True) if differ]
    return ListChanges(
        added=_rows_at(after, added),
        removed=_rows_at(before, removed),
        changed=_changed_table(old, new, pairs),
    )


def _rows_at(frame: pd.DataFrame, positions: list[int]) -> pd.DataFrame:
    table = frame.reindex(columns=list(ENDORSEMENT_COLUMNS))
    return table.iloc[positions].reset_index(drop=True)


def _changed_table(old: pd.DataFrame, new: pd.DataFrame, pairs: list[tuple]) -> pd.DataFrame:
    identity = ["constituency_code", "constituency_name", *STANCE_KEY_COLUMNS[1:]]
    if not pairs:
        return pd.DataFrame(columns=identity)
    before = old.iloc[[a for a, _ in pairs]].reset_index(drop=True)
    after = new.iloc[[b for _, b in pairs]].reset_index(drop=True)
    table = after[identity].copy()
    for column in ENDORSEMENT_COLUMNS:
        if (before[column] != after[column]).any():
            table[f"{column}_before"] = before[column]
            table[f"{column}_after"] = after[column]
    return table
