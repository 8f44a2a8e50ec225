"""The import page's state: which file, the choices made for it, the reports, save and open.

Saving writes a new version of the team's list (editors and admins), based on the version
the session opened; if someone saved since, nothing is written and both are kept
(:func:`conflict`) until the person saves theirs, adds theirs to the current one, or
downloads it.

Every function works on a plain mutable mapping (``st.session_state`` in the app, a dict in
the tests), so the page only lays out widgets and wires these in as callbacks.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, MutableMapping

import pandas as pd

from targets.app.cache import SESSION_ENDORSEMENTS, TeamList, set_session_endorsements
from targets.app.workspace_state import changed_since
from targets.endorsements import ENDORSEMENT_COLUMNS, check_endorsements, stance_key
from targets.errors import BadInputError, DataError
from targets.parties import resolve_party
from targets.seats import SeatData
from targets.store import endorsement_lists
from targets.store.endorsement_lists import (
    DEFAULT_LIST,
    ListChangedError,
    ListChanges,
    VersionInfo,
    compare_lists,
)
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
# workspace-derived: "ws_" keys are forgotten on sign-out
OPENED, CONFLICT = "ws_imp_opened", "ws_imp_conflict"
SIGN_IN_TO_SAVE = "Sign in as an editor to save for your team"
_LIST_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")


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
    state.pop(OPENED, None)  # a new file starts from the lists as they are now
    state.pop(CONFLICT, None)


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


def _as_written(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows with each party as the person wrote it (``party_given``), when that is known."""
    rows = frame.reset_index(drop=True)
    if "party_given" in rows.columns:
        rows = rows.assign(
            party=rows["party_given"].where(rows["party_given"].notna(), rows["party"])
        )
    return rows.reindex(columns=list(ENDORSEMENT_COLUMNS))


def _stance_keys(rows: pd.DataFrame, registry: pd.DataFrame) -> list:
    """Each row's stance with its party resolved, so "Labour" and "Lab" are one party."""
    resolved = {given: resolve_party(given, registry) or given for given in rows["party"].dropna()}
    return stance_key(rows.assign(party=rows["party"].map(resolved))).tolist()


def merge_as_written(
    current: pd.DataFrame, new: pd.DataFrame, registry: pd.DataFrame
) -> pd.DataFrame:
    """``new`` added to ``current`` (a row for the same stance replaces the old one).

    Parties stay as written, so a saved version reads like the file it came from and its
    rows compare with the version before.
    """
    current, new = _as_written(current), _as_written(new)
    if current.empty:
        return new
    replaced = set(_stance_keys(new, registry))
    kept = current[[key not in replaced for key in _stance_keys(current, registry)]]
    return pd.concat([kept, new], ignore_index=True)


def rows_to_save(
    state: Mapping, current: pd.DataFrame, imported: pd.DataFrame, registry: pd.DataFrame
) -> pd.DataFrame:
    """What Save writes: like :func:`combined_endorsements`, with parties as written."""
    if state.get("imp_mode", ADD) == ADD:
        return merge_as_written(current, imported, registry)
    return _as_written(imported)


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


def save_refusal(team: TeamList | None) -> str | None:
    """Why this session may not save for its team (None: it may, as an editor or admin)."""
    if team is None or not team.member.can_edit():
        return SIGN_IN_TO_SAVE
    return None


def chosen_list_name(state: Mapping) -> str:
    """The list to save to: ``imp_dataset`` as a name, blank for the team's list.

    Raises:
        BadInputError: the name is not letters, digits, '-' or '_' (64 at most).
    """
    name = str(state.get("imp_dataset", "")).strip()
    slug = name.lower().replace(" ", "-")
    if not slug or slug == DEFAULT_LIST:
        return DEFAULT_LIST
    if not _LIST_NAME.match(slug):
        raise BadInputError(
            f"list name {name!r} may use only letters, digits, '-' and '_' (64 at most)"
        )
    return slug


def chosen_list_name_or_default(state: Mapping) -> str:
    """The list to save to, or the team's list while the name typed is not a valid one."""
    try:
        return chosen_list_name(state)
    except BadInputError:
        return DEFAULT_LIST


def opened_version(state: MutableMapping, team: TeamList, list_name: str) -> int | None:
    """The version of ``list_name`` this session opened (its first look since this file).

    A save is based on it: if someone else saved since, the save is told so.
    """
    opened = state.setdefault(OPENED, {})
    if list_name not in opened:
        if list_name == team.list_name:
            opened[list_name] = team.number
        else:
            info = endorsement_lists.current_version(team.engine(), team.workspace, list_name)
            opened[list_name] = info.number if info else None
    return opened[list_name]


def list_title(team: TeamList, list_name: str) -> str:
    """How a list is named in messages: your team's list, or the list NAME."""
    return "your team's list" if list_name == team.list_name else f"the list {list_name}"


def save_list(
    state: MutableMapping, team: TeamList | None, rows: pd.DataFrame, data: SeatData
) -> VersionInfo | None:
    """Save ``rows`` as a new version of the chosen list, based on the version opened."""
    refusal = save_refusal(team)
    if refusal is not None:
        say(state, "error", refusal)
        return None
    try:
        list_name = chosen_list_name(state)
    except BadInputError as error:
        say(state, "error", f"Not saved: {escape_markdown(error)}")
        return None
    return _save(state, team, rows, list_name, opened_version(state, team, list_name), data)


def _save(
    state: MutableMapping,
    team: TeamList,
    rows: pd.DataFrame,
    list_name: str,
    based_on: int | None,
    data: SeatData,
) -> VersionInfo | None:
    try:
        info = endorsement_lists.save_version(
            team.engine(),
            rows,
            author=team.member.name,
            based_on=based_on,
            workspace=team.workspace,
            list_name=list_name,
        )
    except ListChangedError as error:
        _keep_conflict(state, team, error, rows, list_name, data)
        return None
    except (BadInputError, DataError) as error:  # NotSavedError: the rows would not load
        say(state, "error", f"Not saved: {escape_markdown(error)}")
        return None
    state.setdefault(OPENED, {})[list_name] = info.number
    state.pop(CONFLICT, None)
    # the team's list is what this session now sees; a named list stays this session's
    set_session_endorsements(None if list_name == team.list_name else rows, state)
    counts = f"+{info.rows_added} −{info.rows_removed} ~{info.rows_changed}"
    say(
        state,
        "success",
        f"Saved v{info.number} of {list_title(team, list_name)}: {info.row_count} row(s) "
        f"({counts}). Every earlier version is kept (Workspace page).",
    )
    return info


def changed_text(current: VersionInfo | None) -> str:
    """What a refused save is told: "The list changed since you opened it (now v3 by …)"."""
    if current is None:
        return "The list changed since you opened it"
    return changed_since(current)


def _keep_conflict(
    state: MutableMapping,
    team: TeamList,
    error: ListChangedError,
    rows: pd.DataFrame,
    list_name: str,
    data: SeatData,
) -> None:
    number = error.current.number if error.current is not None else None
    theirs = endorsement_lists.read_version(team.engine(), number, team.workspace, list_name)
    state[CONFLICT] = {
        "list": list_name,
        "current": error.current,
        "theirs": _as_written(theirs),
        "mine": _as_written(rows),
    }
    say(
        state,
        "warning",
        f"Not saved: {changed_text(error.current)}. Theirs and yours are below: choose what "
        "to save; nothing either of you wrote is lost.",
    )


def conflict(state: Mapping) -> dict | None:
    """The save refused because the list changed: list, current, theirs and mine."""
    return state.get(CONFLICT)


def conflict_changes(found: Mapping) -> ListChanges:
    """What differs from theirs (the current version) to yours."""
    return compare_lists(found["theirs"], found["mine"])


def save_mine(state: MutableMapping, team: TeamList | None, data: SeatData) -> None:
    """Save the rows this session tried to save, over the version now current."""
    found = conflict(state)
    if found is None or save_refusal(team) is not None:
        return
    based_on = found["current"].number if found["current"] is not None else None
    _save(state, team, found["mine"], found["list"], based_on, data)


def save_both(state: MutableMapping, team: TeamList | None, data: SeatData) -> None:
    """Add this session's rows to the version now current and save (theirs and mine kept)."""
    found = conflict(state)
    if found is None or save_refusal(team) is not None:
        return
    merged = merge_as_written(found["theirs"], found["mine"], data.registry)
    based_on = found["current"].number if found["current"] is not None else None
    _save(state, team, merged, found["list"], based_on, data)


def version_choices(team: TeamList | None) -> dict[str, tuple[str, int]]:
    """Every saved version of the team's lists by the label shown (newest first).

    None for an unsigned session: workspace data needs a member.
    """
    if team is None:
        return {}
    engine = team.engine()
    choices: dict[str, tuple[str, int]] = {}
    names = endorsement_lists.list_names(engine, team.workspace)
    for name in sorted(names, key=lambda name: name != team.list_name):
        for info in reversed(endorsement_lists.list_versions(engine, team.workspace, name)):
            label = info.describe() if name == team.list_name else f"{name}: {info.describe()}"
            choices[label] = (name, info.number)
    return choices


def open_version(
    state: MutableMapping,
    team: TeamList | None,
    choices: Mapping[str, tuple[str, int]],
    data: SeatData,
) -> None:
    """Use the version chosen in ``imp_open`` in this session (checked against the seats)."""
    label = state.get("imp_open")
    if team is None or label not in choices:
        return
    name, number = choices[label]
    rows = endorsement_lists.read_version(team.engine(), number, team.workspace, name)
    clean, problems = check_endorsements(rows, data.seat_names, data.registry)
    if problems:
        named = "; ".join(str(problem) for problem in problems[:5])
        say(state, "error", escape_markdown(f"v{number} cannot be used: {named}"))
        return
    set_session_endorsements(clean, state)
    say(
        state,
        "success",
        f"Using {escape_markdown(label)} in this session: {len(clean)} endorsements.",
    )
