"""The Import candidates page's parts, from stances to the choice of what to do with them.

Stances for rows without one, seats to confirm, rejected rows, and adding to or replacing
the list in use. The page reads the upload and lays these out; what each control does is
``targets.app.import_state``, the checking ``targets.uploads``.
"""

from __future__ import annotations

from collections.abc import MutableMapping

import streamlit as st

from targets.app import cache, columns, list_views
from targets.app import import_state as state_of
from targets.app.import_state import ADD, NOT_CONFIRMED, REPLACE
from targets.endorsements import STANCES
from targets.uploads import reading
from targets.views import export
from targets.views.labels import escape_markdown

MAX_CONFIRM_WIDGETS = 200
MODES = {
    ADD: "Add to it (a row for the same seat, candidate, party and group replaces the old one)",
    REPLACE: "Replace it",
}


def stance_controls(upload) -> None:
    """Set a group and stance for chosen rows, or for every row without one."""
    st.subheader("Group and stance")
    labels = reading.describe_rows(upload)
    st.caption(f"{len(reading.rows_without_stance(upload))} row(s) have no group or stance yet.")
    st.multiselect(
        "Rows", list(labels), key="imp_rows", format_func=labels.get, placeholder="Choose rows"
    )
    group_column, stance_column = st.columns(2)
    group_column.text_input("Group", key="imp_group", placeholder="e.g. We Deserve Better")
    stance_column.radio("Stance", STANCES, key="imp_stance", horizontal=True)
    chosen_column, blank_column = st.columns(2)
    chosen_column.button(
        "Set for the chosen rows",
        key="imp_set_rows",
        on_click=state_of.add_assignment,
        args=(st.session_state, False),
    )
    blank_column.button(
        "Set for every row without one",
        key="imp_set_blank",
        on_click=state_of.add_assignment,
        args=(st.session_state, True),
    )


def confirm_seats(unconfirmed, upload) -> None:
    """One choice of seat per row whose seat name was not found exactly (the first 200)."""
    st.subheader("Confirm seats")
    st.caption("These seat names were not found exactly. Choose the seat each row means.")
    shown = list(unconfirmed.suggestions.items())[:MAX_CONFIRM_WIDGETS]
    for row, suggestions in shown:
        options = [NOT_CONFIRMED, *(s.constituency_code for s in suggestions)]
        names = {s.constituency_code: str(s) for s in suggestions}
        given = unconfirmed.rows.loc[row]
        st.selectbox(
            f"Row {row}: {escape_markdown(given['candidate_name'])} — "
            f"“{escape_markdown(upload.frame.at[row, 'constituency_name'])}”",
            options,
            key=f"{state_of.CONFIRM_PREFIX}{row}",
            format_func=lambda code, names=names: names.get(code, "Not confirmed"),
        )
    if len(unconfirmed.suggestions) > MAX_CONFIRM_WIDGETS:
        st.warning(
            f"Showing the first {MAX_CONFIRM_WIDGETS} rows to confirm; fix the seat names in "
            "the file for the rest."
        )


def rejected_rows(report) -> None:
    """The rejected rows with their reasons, and a download of them."""
    st.subheader("Rejected rows")
    columns.readable_table(report.rejected, "imp_rejected")
    st.download_button(
        "Download rejected rows (CSV, with reasons)",
        data=export.export_table(report.rejected, "csv"),
        file_name=export.export_filename("rejected", "import", "csv"),
        mime=export.MEDIA_TYPES["csv"],
        key="imp_rejected_csv",
        icon=":material/download:",
    )


def apply_and_save(state: MutableMapping, data, team, report, clean) -> None:
    """Add to or replace the list in use: for this session, or saved for the team."""
    st.radio(
        "With the data already in use",
        [ADD, REPLACE],
        key="imp_mode",
        horizontal=True,
        format_func=MODES.get,
    )
    combined = state_of.combined_endorsements(state, data.endorsements, clean)
    apply_column, save_column = st.columns(2)
    apply_column.button(
        "Apply to this session",
        key="imp_apply",
        type="primary",
        disabled=clean.empty,
        on_click=state_of.apply_to_session,
        args=(state, combined, len(clean)),
        help="The map, filters, seat and group pages use it at once; nothing is written.",
    )
    if state_of.using_session_endorsements(state):
        apply_column.button(
            "Back to the saved data",
            key="imp_undo",
            on_click=cache.set_session_endorsements,
            args=(None,),
        )
    list_views.save_controls(
        save_column,
        state,
        team,
        state_of.rows_to_save(state, data.endorsements, report.imported, data.registry),
        data,
        nothing_to_save=clean.empty,
    )
    list_views.show_conflict(state, team, data)
