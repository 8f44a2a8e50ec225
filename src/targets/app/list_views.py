"""Showing endorsement lists: what changed between two, and downloads of one.

Shared by the Workspace page (compare versions) and the Import page (a save refused
because the list changed since it was opened: theirs, yours and what differs).
"""

from __future__ import annotations

from collections.abc import MutableMapping

import pandas as pd
import streamlit as st

from targets.app import import_state
from targets.app.cache import TeamList
from targets.app.columns import readable_table
from targets.app.workspace_state import describe_changes
from targets.seats import SeatData
from targets.store.endorsement_lists import ListChanges
from targets.views import export


def show_changes(changes: ListChanges, key: str, before: str, after: str) -> None:
    """Rows added, removed and changed from ``before`` to ``after`` (changed: before/after)."""
    st.markdown(f"From {before} to {after}: {describe_changes(changes)}.")
    added, removed, changed = changes.counts()
    for title, frame, count, suffix in (
        ("Added", changes.added, added, "added"),
        ("Removed", changes.removed, removed, "removed"),
        ("Changed (before and after)", changes.changed, changed, "changed"),
    ):
        if count:
            st.markdown(f"**{title}** ({count})")
            readable_table(frame, f"{key}_{suffix}")


def download_list(rows: pd.DataFrame, stem: str, key: str, label: str = "Download") -> None:
    """CSV and Excel downloads of a list (text a spreadsheet would run is neutralised)."""
    csv_column, excel_column = st.columns(2)
    csv_column.download_button(
        f"{label} (CSV)",
        data=export.export_table(rows, "csv"),
        file_name=export.export_filename(stem, "workspace", "csv"),
        mime=export.MEDIA_TYPES["csv"],
        key=f"{key}_csv",
        icon=":material/download:",
    )
    excel_column.download_button(
        f"{label} (Excel)",
        data=lambda: export.export_table(
            rows, "xlsx", title="Endorsement list", filters=f"every row of {stem}"
        ),
        file_name=export.export_filename(stem, "workspace", "xlsx"),
        mime=export.MEDIA_TYPES["xlsx"],
        key=f"{key}_xlsx",
        icon=":material/download:",
    )


def save_controls(
    where,
    state: MutableMapping,
    team: TeamList | None,
    rows: pd.DataFrame,
    data: SeatData,
    nothing_to_save: bool,
) -> None:
    """The list name and Save: editors save a new version; others see why they cannot."""
    where.text_input(
        "List name (blank: your team's list)", key="imp_dataset", placeholder="candidates"
    )
    refusal = import_state.save_refusal(team)
    if refusal is None:  # remember the version this session opened, to save on top of
        import_state.opened_version(state, team, import_state.chosen_list_name_or_default(state))
    where.button(
        "Save",
        key="imp_save",
        disabled=nothing_to_save or refusal is not None,
        on_click=import_state.save_list,
        args=(state, team, rows, data),
        help=refusal or "Saves a new version for your team; every earlier version is kept.",
    )
    if refusal is not None:
        where.caption(refusal)


def show_conflict(state: MutableMapping, team: TeamList | None, data: SeatData) -> None:
    """A save refused because the list changed: theirs, yours, what differs, and the ways on.

    Nothing either person wrote is lost: yours can be saved as the new version, added to
    theirs and saved, or downloaded.
    """
    found = import_state.conflict(state)
    if found is None or team is None:
        return
    current = found["current"]
    number = f"v{current.number}" if current is not None else "the current version"
    st.subheader("The list changed since you opened it")
    st.warning(import_state.changed_text(current) + ".", icon=":material/group:")
    theirs_column, mine_column = st.columns(2)
    theirs_column.markdown(f"**Theirs** ({number}, {len(found['theirs'])} rows)")
    theirs_column.dataframe(
        found["theirs"], hide_index=True, key="imp_conflict_theirs", placeholder=""
    )
    mine_column.markdown(f"**Yours** (what you tried to save, {len(found['mine'])} rows)")
    mine_column.dataframe(found["mine"], hide_index=True, key="imp_conflict_mine", placeholder="")
    show_changes(
        import_state.conflict_changes(found), "imp_conflict", f"theirs ({number})", "yours"
    )
    mine_button, both_button = st.columns(2)
    mine_button.button(
        "Save mine as the new version",
        key="imp_conflict_save_mine",
        on_click=import_state.save_mine,
        args=(state, team, data),
        help="Yours becomes the current list; theirs stays as the version before it.",
    )
    both_button.button(
        "Add my rows to theirs and save",
        key="imp_conflict_save_both",
        type="primary",
        on_click=import_state.save_both,
        args=(state, team, data),
        help="A row of yours for the same seat, candidate, party and group replaces theirs.",
    )
    download_list(found["mine"], "my-list", key="imp_conflict_mine_download", label="Download mine")
