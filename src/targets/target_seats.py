"""A group's own target list, joined with each seat's 2024 result and the group's candidate.

The target list is the group's own choice of seats (saved in the workspace): priority,
status (considering, target, dropped), owner and notes. Beside each seat: who won in
2024, the majority, and where the group backs a candidate, how they finished, how many
votes behind the winner they were and the swing they needed (``groups.build_group_table``).
"""

from __future__ import annotations

import pandas as pd

from targets.store.target_lists import TARGET_COLUMNS

TARGET_LIST_COLUMNS: tuple[str, ...] = TARGET_COLUMNS  # as the workspace keeps them
TARGET_SEAT_COLUMNS: tuple[str, ...] = (
    "constituency_code",
    "constituency_name",
    "priority",
    "status",
    "owner",
    "notes",
    "winner_party",
    "winner_candidate",
    "majority_pct",
    "current_party",
    "backed_candidate",
    "backed_party",
    "backed_position",
    "votes_behind",
    "swing_needed",
    "updated_at",
    "updated_by",
    "revision",
)
_SEAT_FACTS = ("constituency_name", "winner_party", "winner_candidate", "majority_pct")
_STATUS_ORDER = ("target", "considering", "dropped")
_BACKED_FACTS = ("backed_candidate", "backed_party", "backed_position", "swing_needed")


def build_target_seats(
    target_list: pd.DataFrame, seats: pd.DataFrame, group_table: pd.DataFrame | None = None
) -> pd.DataFrame:
    """The target list with each seat's result and the group's backed candidate.

    Args:
        target_list: the saved rows (``TARGET_LIST_COLUMNS``), e.g. from
            ``targets.store.target_lists.read_target_list``.
        seats: the seat table.
        group_table: the group's table (``groups.build_group_table``), or None when the
            group takes no stance in the endorsement data.

    Returns:
        The ``TARGET_SEAT_COLUMNS``, by priority then seat name. ``votes_behind`` is how
        many votes the backed candidate finished behind the winner (0 where they won); it,
        ``backed_position`` and ``swing_needed`` are NA where the group backs no one who
        stood in 2024.
    """
    rows = target_list.reindex(columns=list(TARGET_LIST_COLUMNS)).reset_index(drop=True)
    facts = seats.set_index("constituency_code")
    facts = facts.reindex(columns=[*_SEAT_FACTS, "current_party"])
    table = rows.join(facts, on="constituency_code")
    table["constituency_name"] = table["constituency_name"].fillna(table["constituency_code"])
    if group_table is not None and not group_table.empty:
        backed = group_table.set_index("constituency_code")
        margin = pd.to_numeric(backed["margin_votes"], errors="coerce")
        backed = backed[list(_BACKED_FACTS)].assign(votes_behind=(-margin).clip(lower=0))
        table = table.join(backed, on="constituency_code")
    table = table.reindex(columns=list(TARGET_SEAT_COLUMNS))
    table["priority"] = pd.to_numeric(table["priority"], errors="coerce").astype("Int64")
    table["revision"] = pd.to_numeric(table["revision"], errors="coerce").astype("Int64")
    for column in ("backed_position", "votes_behind"):
        table[column] = pd.to_numeric(table[column], errors="coerce").astype("Int64")
    for column in ("majority_pct", "swing_needed"):
        table[column] = pd.to_numeric(table[column], errors="coerce").astype("Float64")
    for column in ("owner", "notes", "backed_candidate", "backed_party", "updated_by"):
        table[column] = table[column].astype(object).fillna("").astype(str)
    table = table.sort_values(["priority", "constituency_name"], na_position="last")
    return table.reset_index(drop=True)


def describe_target_seats(table: pd.DataFrame) -> str:
    """The list in a line, e.g. "3 seats: 2 target, 1 considering"."""
    if table.empty:
        return "No seats yet"
    counts = table["status"].value_counts()
    order = [*_STATUS_ORDER, *(status for status in counts.index if status not in _STATUS_ORDER)]
    parts = [f"{int(counts[status])} {status}" for status in order if status in counts.index]
    noun = "seat" if len(table) == 1 else "seats"
    return f"{len(table)} {noun}: " + ", ".join(parts)
