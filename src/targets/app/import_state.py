"""The import page's state: which file, the choices made for it, the reports, save and open.

Every function works on a plain mutable mapping (``st.session_state`` in the app, a dict in
the tests), so the page only lays out widgets and wires these in as callbacks.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, MutableMapping
from pathlib import Path

import pandas as pd

from targets.app.cache import SESSION_ENDORSEMENTS, set_session_endorsements
from targets.data import saved_lists
from targets.data.files import shown_path
from targets.endorsements import EndorsementError, load_endorsements
from targets.seats import SeatData
from targets.uploads import reading
from targets.uploads import report as imports
from targets.views.labels import escape_markdown

ADD, REPLACE = "add", "replace"
NOT_CONFIRMED = ""
REPORTS_KEPT = 4
FINGERPRINT, ASSIGNMENTS, REPORTS, MESSAGE = (
    "imp_fingerprint",
    "imp_assignments",
    "imp_reports",
    "imp_message",
)
CONFIRM_PREFIX = "imp_confirm_"


def start_file(state: MutableMapping, raw: bytes) -> None:
    """Forget the choices made for another file when a new one is uploaded."""
    fingerprint = hashlib.sha256(raw).hexdigest()
    if state.get(FINGERPRINT) == fingerprint:
        return
    for key in [k for k in state if str(k).startswith(CONFIRM_PREFIX)]:
        del state[key]
    state[FINGERPRINT] = fingerprint
    state[ASSIGNMENTS] = []
    state[REPORTS] = {}
    state.pop(MESSAGE, None)


def say(state: MutableMapping, kind: str, text: str) -> None:
    """Keep a message ("success", "error", …) to show on the next run."""
    state[MESSAGE] = (kind, text)


def message(state: Mapping) -> tuple[str, str] | None:
    """The message to show, if any: (kind, text)."""
    return state.get(MESSAGE)


def add_assignment(state: MutableMapping, all_blank: bool) -> None:
    """Remember a group and stance for the chosen rows (or every row without one)."""
    group, stance = str(state.get("imp_group", "")).strip(), state.get("imp_stance")
    rows = None if all_blank else list(state.get("imp_rows", []))
    if not group:
        say(state, "error", "Type the group's name first.")
        return
    if rows == []:
        say(state, "error", "Choose at least one row first.")
        return
    state[ASSIGNMENTS] = [*state.get(ASSIGNMENTS, []), (rows, group, stance)]
    state["imp_rows"] = []
    state.pop(MESSAGE, None)


def with_assignments(state: Mapping, upload: reading.ParsedUpload) -> reading.ParsedUpload:
    """The upload with every group and stance chosen so far applied, in order."""
    for rows, group, stance in state.get(ASSIGNMENTS, []):
        upload = reading.assign_group_stance(
            upload, group, stance, rows=rows, only_blank=rows is None
        )
    return upload


def confirmed_seats(state: Mapping, suggestions: Mapping[int, object]) -> dict[int, str]:
    """The seat chosen for each row that needed confirming (rows left unconfirmed omitted)."""
    chosen = {row: state.get(f"{CONFIRM_PREFIX}{row}", NOT_CONFIRMED) for row in suggestions}
    return {row: code for row, code in chosen.items() if code != NOT_CONFIRMED}


def checked_report(
    state: MutableMapping,
    upload: reading.ParsedUpload,
    data: SeatData,
    confirmed: Mapping[int, str],
) -> imports.ImportReport:
    """The import report, kept for this session until the file or a choice changes."""
    key = (
        state.get(FINGERPRINT),
        repr(state.get(ASSIGNMENTS, [])),
        tuple(sorted(confirmed.items())),
    )
    reports = state.setdefault(REPORTS, {})
    if key not in reports:
        if len(reports) >= REPORTS_KEPT:
            reports.clear()
        reports[key] = imports.build_import_report(
            upload, data.seat_names, data.registry, dict(confirmed)
        )
    return reports[key]


def combined_endorsements(
    state: Mapping, current: pd.DataFrame, clean: pd.DataFrame
) -> pd.DataFrame:
    """What applying or saving would use: the new rows added to ``current``, or alone."""
    if state.get("imp_mode", ADD) == ADD:
        return imports.merge_endorsements(current, clean)
    return clean


def apply_to_session(state: MutableMapping, endorsements: pd.DataFrame, count: int) -> None:
    """Use these endorsements on every page of this session."""
    set_session_endorsements(endorsements, state)
    say(
        state,
        "success",
        f"Applied: {count} imported row(s); {len(endorsements)} endorsements now colour the "
        "map and drive the filters, seat and group pages in this session.",
    )


def using_session_endorsements(state: Mapping) -> bool:
    """Whether this session uses endorsements of its own rather than the saved file."""
    return state.get(SESSION_ENDORSEMENTS) is not None


def save_dataset(
    state: MutableMapping,
    endorsements: pd.DataFrame,
    raw: bytes,
    filename: str,
    data_dir: Path,
    shared_data_changed: Callable[[], None],
) -> None:
    """Save as ``candidates.csv`` (or the named dataset in ``imp_dataset``), keep the upload.

    Saving ``candidates.csv`` changes the data every session shares: ``shared_data_changed``
    is called so it is read again.
    """
    name = str(state.get("imp_dataset", "")).strip() or None

    def shown(path: Path) -> str:
        return shown_path(path, data_dir)

    def problem(error: Exception) -> str:
        if isinstance(error, OSError) and error.strerror:
            where = f" ({shown(Path(error.filename))})" if error.filename else ""
            return escape_markdown(f"{error.strerror}{where}")
        return escape_markdown(error)

    try:
        path = saved_lists.dataset_path(data_dir, name)
        saved = saved_lists.save_endorsements(endorsements, path)
    except (OSError, ValueError) as error:
        say(state, "error", f"Not saved: {problem(error)}")
        return
    if name is None:
        shared_data_changed()
        set_session_endorsements(None, state)
    else:
        set_session_endorsements(endorsements, state)
    backup = f" The previous file is kept as `{shown(saved.backup)}`." if saved.backup else ""
    done = f"Saved {saved.rows} endorsements to `{shown(saved.path)}` in the data folder.{backup}"
    try:
        kept = saved_lists.keep_upload(raw, filename, data_dir)
    except OSError as error:  # the list is saved: say so, and what did not happen
        say(state, "warning", f"{done} The upload itself could not be kept: {problem(error)}.")
        return
    say(state, "success", f"{done} The upload is kept as `{shown(kept)}`.")


def saved_choices(data_dir: Path) -> dict[str, Path]:
    """Saved datasets and their backups (newest first) by the name shown in the list."""
    by_name: dict[str, Path] = {}
    for dataset in saved_lists.list_datasets(data_dir):
        by_name[dataset.name] = dataset
    for dataset in saved_lists.list_datasets(data_dir):
        for backup in reversed(saved_lists.list_backups(dataset)):
            by_name[f"backup: {backup.name}"] = backup
    return by_name


def open_dataset(state: MutableMapping, by_name: Mapping[str, Path], data: SeatData) -> None:
    """Use the dataset chosen in ``imp_open`` in this session (validated on load)."""
    path = by_name[state["imp_open"]]
    try:
        endorsements = load_endorsements(data.seat_names, data.registry, path)
    except EndorsementError as error:
        say(state, "error", escape_markdown(error))
        return
    set_session_endorsements(endorsements, state)
    say(state, "success", f"Using `{path.name}`: {len(endorsements)} endorsements in this session.")
