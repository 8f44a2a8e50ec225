"""Import candidates: upload a list, see what was understood, confirm, apply, save."""

import streamlit as st

from targets.app import cache, columns, downloads, import_layout
from targets.app import import_state as state_of
from targets.endorsements import ENDORSEMENT_COLUMNS
from targets.uploads import reading
from targets.uploads import report as imports
from targets.views.labels import escape_markdown

UPLOAD_TYPES = ["csv", "tsv", "txt", "xlsx"]
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
    import_layout.stance_controls(upload)

unconfirmed = state_of.checked_report(state, upload, data, {})
confirmed = state_of.confirmed_seats(state, unconfirmed.suggestions)
report = state_of.checked_report(state, upload, data, confirmed) if confirmed else unconfirmed

counts = report.counts
metrics = st.columns(3)
metrics[0].metric("Imported", counts[imports.IMPORTED])
metrics[1].metric("Need confirmation", counts[imports.NEEDS_CONFIRMATION])
metrics[2].metric("Rejected", counts[imports.REJECTED])

if unconfirmed.suggestions:
    import_layout.confirm_seats(unconfirmed, upload)

for warning in report.warnings:
    st.warning(escape_markdown(warning), icon=":material/warning:")

if counts[imports.REJECTED]:
    import_layout.rejected_rows(report)

st.subheader("Imported rows")
clean = report.imported[list(ENDORSEMENT_COLUMNS)]
if clean.empty:
    st.info("No row can be imported yet.")
else:
    columns.readable_table(clean, "imp_imported")

import_layout.apply_and_save(state, data, team, report, clean)

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
