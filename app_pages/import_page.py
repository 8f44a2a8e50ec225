"""Import candidates: upload a list, see what was understood, confirm, apply, save."""

import hashlib

import streamlit as st

from targets.app import cache, downloads
from targets.data import saved_lists as storage
from targets.data import sources
from targets.endorsements import (
    ENDORSEMENT_COLUMNS,
    STANCES,
    EndorsementError,
    load_endorsements,
)
from targets.uploads import reading
from targets.uploads import report as imports
from targets.views import export
from targets.views.labels import escape_markdown

UPLOAD_TYPES = ["csv", "tsv", "txt", "xlsx"]
ADD, REPLACE = "add", "replace"
NOT_CONFIRMED = ""
MAX_CONFIRM_WIDGETS = 200
REPORTS_KEPT = 4
STATE_PREFIX = "imp_"


def start_file(raw: bytes) -> None:
    """Forget the choices made for another file when a new one is uploaded."""
    fingerprint = hashlib.sha256(raw).hexdigest()
    if st.session_state.get("imp_fingerprint") == fingerprint:
        return
    for key in [k for k in st.session_state if str(k).startswith("imp_confirm_")]:
        del st.session_state[key]
    st.session_state["imp_fingerprint"] = fingerprint
    st.session_state["imp_assignments"] = []
    st.session_state["imp_reports"] = {}
    st.session_state.pop("imp_message", None)


def checked_report(upload, confirmed: dict[int, str]):
    """The import report, kept for this session until the file or a choice changes."""
    key = (
        st.session_state.get("imp_fingerprint"),
        repr(st.session_state.get("imp_assignments", [])),
        tuple(sorted(confirmed.items())),
    )
    reports = st.session_state.setdefault("imp_reports", {})
    if key not in reports:
        if len(reports) >= REPORTS_KEPT:
            reports.clear()
        reports[key] = imports.build_import_report(
            upload, data.seat_names, data.registry, confirmed
        )
    return reports[key]


def add_assignment(all_blank: bool) -> None:
    """Button callback: remember a group and stance for the chosen rows."""
    state = st.session_state
    group, stance = state.get("imp_group", "").strip(), state.get("imp_stance")
    rows = None if all_blank else list(state.get("imp_rows", []))
    if not group:
        state["imp_message"] = ("error", "Type the group's name first.")
        return
    if rows == []:
        state["imp_message"] = ("error", "Choose at least one row first.")
        return
    state["imp_assignments"] = [*state.get("imp_assignments", []), (rows, group, stance)]
    state["imp_rows"] = []
    state.pop("imp_message", None)


def apply_to_session(endorsements, count: int) -> None:
    """Button callback: use these endorsements on every page of this session."""
    cache.set_session_endorsements(endorsements)
    st.session_state["imp_message"] = (
        "success",
        f"Applied: {count} imported row(s); {len(endorsements)} endorsements now colour the "
        "map and drive the filters, seat and group pages in this session.",
    )


def save_dataset(endorsements, raw: bytes, filename: str) -> None:
    """Button callback: save as data/candidates.csv (or a named dataset), keep the upload."""
    name = st.session_state.get("imp_dataset", "").strip() or None
    folder = sources.data_dir()
    try:
        path = storage.dataset_path(folder, name)
        saved = storage.save_endorsements(endorsements, path)
        kept = storage.keep_upload(raw, filename, folder)
    except (OSError, ValueError) as error:
        st.session_state["imp_message"] = ("error", f"Not saved: {escape_markdown(error)}")
        return
    if name is None:
        cache.reload_shared_data()
        cache.set_session_endorsements(None)
    else:
        cache.set_session_endorsements(endorsements)
    backup = f" The previous file is kept as `{saved.backup}`." if saved.backup else ""
    st.session_state["imp_message"] = (
        "success",
        f"Saved {saved.rows} endorsements to `{saved.path}`.{backup} "
        f"The upload is kept as `{kept}`.",
    )


def open_dataset(by_name: dict) -> None:
    """Button callback: use the chosen saved dataset in this session (validated on load)."""
    path = by_name[st.session_state["imp_open"]]
    try:
        endorsements = load_endorsements(data.seat_names, data.registry, path)
    except EndorsementError as error:
        st.session_state["imp_message"] = ("error", escape_markdown(error))
        return
    cache.set_session_endorsements(endorsements)
    st.session_state["imp_message"] = (
        "success",
        f"Using `{path.name}`: {len(endorsements)} endorsements in this session.",
    )


data = cache.current_data()
st.title("Import candidates")
st.caption(
    "Bring your own candidates and endorsements, from a spreadsheet or a Democracy Club "
    "candidates export. Every row is either imported, waiting for you to confirm its seat, "
    "or rejected with the reason. Nothing is matched by a guess."
)

saved_datasets = storage.list_datasets(sources.data_dir())
if saved_datasets:
    with st.expander("Open a saved dataset or a backup"):
        by_name = {path.name: path for path in saved_datasets}
        for dataset in saved_datasets:  # newest backups first
            for backup in reversed(storage.list_backups(dataset)):
                by_name[f"backup: {backup.name}"] = backup
        st.selectbox("Dataset", list(by_name), key="imp_open")
        st.button(
            "Use this dataset in this session",
            key="imp_open_apply",
            on_click=open_dataset,
            args=(by_name,),
        )

uploaded = st.file_uploader(
    "Your candidates (CSV or Excel)",
    type=UPLOAD_TYPES,
    key="imp_file",
    help=f"Up to {reading.MAX_UPLOAD_MB} MB. UTF-8 or Excel's Windows-1252; comma, "
    "semicolon or tab separated; or .xlsx.",
)
if uploaded is None:
    st.info(
        "Columns: `constituency_code` and/or `constituency_name`, `candidate_name`, `party`, "
        "`group`, `stance` (support or oppose), and optionally `source_url` and `notes`. "
        "A Democracy Club export (person_id, person_name, post_label, …) brings candidates "
        "without a stance: you then set a group and stance for the rows you choose."
    )
    if st.session_state.get("imp_message"):
        kind, text = st.session_state["imp_message"]
        getattr(st, kind)(text)
    st.stop()

raw = uploaded.getvalue()
start_file(raw)
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

for rows, group, stance in st.session_state.get("imp_assignments", []):
    upload = reading.assign_group_stance(upload, group, stance, rows=rows, only_blank=rows is None)

message = st.session_state.get("imp_message")
if message:
    getattr(st, message[0])(message[1])

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
        "Set for the chosen rows", key="imp_set_rows", on_click=add_assignment, args=(False,)
    )
    blank_column.button(
        "Set for every row without one", key="imp_set_blank", on_click=add_assignment, args=(True,)
    )

unconfirmed = checked_report(upload, {})
confirmed = {
    row: st.session_state[f"imp_confirm_{row}"]
    for row in unconfirmed.suggestions
    if st.session_state.get(f"imp_confirm_{row}", NOT_CONFIRMED) != NOT_CONFIRMED
}
report = checked_report(upload, confirmed) if confirmed else unconfirmed

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
            key=f"imp_confirm_{row}",
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
    st.dataframe(report.rejected, hide_index=True, key="imp_rejected")
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
    st.dataframe(clean, hide_index=True, key="imp_imported")

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
combined = (
    imports.merge_endorsements(data.endorsements, clean)
    if st.session_state["imp_mode"] == ADD
    else clean
)
apply_column, save_column = st.columns(2)
apply_column.button(
    "Apply to this session",
    key="imp_apply",
    type="primary",
    disabled=clean.empty,
    on_click=apply_to_session,
    args=(combined, len(clean)),
    help="The map, filters, seat and group pages use it at once; nothing is written.",
)
if st.session_state.get(cache.SESSION_ENDORSEMENTS) is not None:
    apply_column.button(
        "Back to the saved data",
        key="imp_undo",
        on_click=cache.set_session_endorsements,
        args=(None,),
    )
save_column.text_input(
    "Dataset name (blank: data/candidates.csv)", key="imp_dataset", placeholder="candidates"
)
save_column.button(
    "Save",
    key="imp_save",
    disabled=clean.empty,
    on_click=save_dataset,
    args=(combined, raw, uploaded.name),
    help="Keeps the previous file as a time-stamped backup.",
)

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
