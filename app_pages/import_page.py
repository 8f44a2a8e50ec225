"""Import candidates: upload a list, see what was understood, confirm, apply, save."""

import streamlit as st

from targets.app import cache, columns, downloads, list_views
from targets.app import import_state as state_of
from targets.app.import_state import ADD, NOT_CONFIRMED, REPLACE
from targets.endorsements import ENDORSEMENT_COLUMNS, STANCES
from targets.uploads import reading
from targets.uploads import report as imports
from targets.views import export
from targets.views.labels import escape_markdown

UPLOAD_TYPES = ["csv", "tsv", "txt", "xlsx"]
MAX_CONFIRM_WIDGETS = 200
state = st.session_state


def show_message() -> None:
    if said := state_of.message(state):
        getattr(st, said[0])(said[1])


data = cache.current_data()
team = cache.team_list()
st.title("Import candidates")
st.caption(
    "Bring your own candidates and endorsements, from a spreadsheet or a Democracy Club "
    "candidates export. Every row is either imported, waiting for you to confirm its seat, "
    "or rejected with the reason. Nothing is matched by a guess."
)

versions = state_of.version_choices(team)
if versions:
    with st.expander("Open a saved version of your team's lists"):
        st.selectbox("Version", list(versions), key="imp_open")
        st.button(
            "Use this version in this session",
            key="imp_open_apply",
            on_click=state_of.open_version,
            args=(state, team, versions, data),
        )

uploaded = st.file_uploader(
    "Your candidates (CSV or Excel)",
    type=UPLOAD_TYPES,
    key="imp_file",
    help=f"Files of {reading.UPLOAD_LIMITS}. UTF-8 or Excel's Windows-1252; comma, "
    "semicolon or tab separated; or .xlsx.",
)
if uploaded is None:
    st.info(
        "Columns: `constituency_code` and/or `constituency_name`, `candidate_name`, `party`, "
        "`group`, `stance` (support or oppose), and optionally `source_url` and `notes`. "
        "A Democracy Club export (person_id, person_name, post_label, …) brings candidates "
        "without a stance: you then set a group and stance for the rows you choose."
    )
    show_message()
    st.stop()

raw = uploaded.getvalue()
state_of.start_file(state, raw)
try:
    upload = reading.read_upload(raw, uploaded.name)
except reading.UploadError as error:
    st.error(
        f"**{escape_markdown(uploaded.name)}** could not be read: {escape_markdown(error)}",
        icon=":material/error:",
    )
    st.stop()

st.markdown(
    f"Read **{escape_markdown(uploaded.name)}** as {upload.describe_source()}: "
    f"{len(upload.frame)} rows."
)

upload = state_of.with_assignments(state, upload)
show_message()

if reading.rows_without_stance(upload) or upload.kind == reading.DEMOCRACY_CLUB:
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
        args=(state, False),
    )
    blank_column.button(
        "Set for every row without one",
        key="imp_set_blank",
        on_click=state_of.add_assignment,
        args=(state, True),
    )

unconfirmed = state_of.checked_report(state, upload, data, {})
confirmed = state_of.confirmed_seats(state, unconfirmed.suggestions)
report = state_of.checked_report(state, upload, data, confirmed) if confirmed else unconfirmed

counts = report.counts
metrics = st.columns(3)
metrics[0].metric("Imported", counts[imports.IMPORTED])
metrics[1].metric("Need confirmation", counts[imports.NEEDS_CONFIRMATION])
metrics[2].metric("Rejected", counts[imports.REJECTED])

if unconfirmed.suggestions:
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

for warning in report.warnings:
    st.warning(escape_markdown(warning), icon=":material/warning:")

if counts[imports.REJECTED]:
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

st.subheader("Imported rows")
clean = report.imported[list(ENDORSEMENT_COLUMNS)]
if clean.empty:
    st.info("No row can be imported yet.")
else:
    columns.readable_table(clean, "imp_imported")

st.radio(
    "With the data already in use",
    [ADD, REPLACE],
    key="imp_mode",
    horizontal=True,
    format_func={
        ADD: "Add to it (a row for the same seat, candidate, party and group replaces the old one)",
        REPLACE: "Replace it",
    }.get,
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

st.subheader("Downloads")
st.caption("The cleaned rows (text a spreadsheet would run as a formula is neutralised).")
downloads.download_buttons(clean, "candidates", "import", key="imp_clean")
st.download_button(
    "Download the original upload",
    data=raw,
    file_name=uploaded.name,
    mime="application/octet-stream",
    key="imp_original",
    icon=":material/download:",
)
