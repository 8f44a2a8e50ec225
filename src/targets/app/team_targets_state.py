"""The Our targets page's session state on a plain mapping (``st.session_state`` in the app).

The row being edited remembers the revision it was opened at. A save carries that
revision (``expected_revision``); when someone else saved the row in between, the store
refuses and this module keeps both: theirs (as it is now) to show, yours left in the form
so nothing typed is lost. Then *Save mine over theirs* saves yours on top of their
revision, or *Take theirs* puts theirs in the form.

Every key starts with ``ws_`` (``signin.WORKSPACE_KEY_PREFIX``): signing out forgets them.
The saving itself is a callable with ``targets.store.target_lists.save_target_seat``'s
signature (bound to the engine and workspace by the page), so this is tested with dicts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, MutableMapping

import pandas as pd

from targets import groups
from targets.errors import BadInputError, UnknownChoiceError
from targets.store.target_lists import STATUSES, TargetChangedError

FIELDS: tuple[str, ...] = ("priority", "status", "owner", "notes")
FORM_KEYS: dict[str, str] = {field: f"ws_tt_{field}" for field in FIELDS}
EDIT_SEAT = "ws_tt_edit_seat"  # the seat picked for editing (a selectbox's key)
ADD_SEAT, ADD_PRIORITY = "ws_tt_add_seat", "ws_tt_add_priority"
EDITING = "ws_tt_editing"  # {"group", "code", "revision"}: what the form opened
CONFLICT = "ws_tt_conflict"  # {"group", "code", "theirs": dict | None, "yours": dict}
MESSAGE = "ws_tt_message"  # ("success" | "warning" | "error", text), shown once
DEFAULT_STATUS = "considering"

Save = Callable[..., int]


def group_choices(endorsement_groups: Iterable[str], saved_groups: Iterable[str]) -> list[str]:
    """The groups to choose from: those in the endorsement data, then any other with a list."""
    return list(dict.fromkeys([*map(str, endorsement_groups), *map(str, saved_groups)]))


def row_values(row: Mapping | None) -> dict:
    """A saved row's editable values (defaults for a seat not on the list)."""
    row = row or {}

    def text(field: str) -> str:
        value = row.get(field)
        return "" if value is None or pd.isna(value) else str(value)

    priority = row.get("priority")
    return {
        "priority": 1 if priority is None or pd.isna(priority) else int(priority),
        "status": text("status") if text("status") in STATUSES else DEFAULT_STATUS,
        "owner": text("owner"),
        "notes": text("notes"),
    }


def _revision(row: Mapping | None) -> int | None:
    value = (row or {}).get("revision")
    return None if value is None or pd.isna(value) else int(value)


def _fill_form(state: MutableMapping, values: Mapping) -> None:
    for field, key in FORM_KEYS.items():
        state[key] = values[field]


def open_row(state: MutableMapping, group: str, code: str, row: Mapping | None) -> None:
    """Put a row in the form, unless it is already open (so typing is never overwritten)."""
    editing = state.get(EDITING)
    if editing and editing["group"] == group and editing["code"] == code:
        return
    state[EDITING] = {"group": group, "code": code, "revision": _revision(row)}
    _fill_form(state, row_values(row))
    state.pop(CONFLICT, None)


def form_values(state: Mapping) -> dict:
    """What the form holds now."""
    values = {field: state.get(key) for field, key in FORM_KEYS.items()}
    return {**values, "owner": values["owner"] or "", "notes": values["notes"] or ""}


def conflict(state: Mapping, group: str, code: str) -> dict | None:
    """The conflict on this row, if the last save of it was refused."""
    found = state.get(CONFLICT)
    return found if found and found["group"] == group and found["code"] == code else None


def _save(state, save: Save, author: str, group, code, values, expected) -> int | None:
    try:
        revision = save(
            group,
            code,
            priority=int(values["priority"]),
            status=values["status"],
            owner=values["owner"],
            notes=values["notes"],
            author=author,
            expected_revision=expected,
        )
    except TargetChangedError as error:
        state[CONFLICT] = {"group": group, "code": code, "theirs": error.current, "yours": values}
        return None
    except BadInputError as error:
        state[MESSAGE] = ("error", f"Not saved: {error}")
        return None
    state.pop(CONFLICT, None)
    state[EDITING] = {"group": group, "code": code, "revision": revision}
    return revision


def save_edit(state: MutableMapping, save: Save, author: str) -> None:
    """Save the form over the revision it was opened at (a button's ``on_click``)."""
    editing = state[EDITING]
    group, code = editing["group"], editing["code"]
    if _save(state, save, author, group, code, form_values(state), editing["revision"]):
        state[MESSAGE] = ("success", "Saved.")


def save_mine_over_theirs(state: MutableMapping, save: Save, author: str) -> None:
    """After a conflict: save what is in the form on top of their revision."""
    found = state[CONFLICT]
    group, code = found["group"], found["code"]
    expected = _revision(found["theirs"])
    if _save(state, save, author, group, code, form_values(state), expected):
        state[MESSAGE] = ("success", "Saved yours over theirs.")


def take_theirs(state: MutableMapping) -> None:
    """After a conflict: put their row in the form, to edit from there."""
    found = state.pop(CONFLICT)
    theirs = found["theirs"]
    state[EDITING] = {"group": found["group"], "code": found["code"], "revision": _revision(theirs)}
    _fill_form(state, row_values(theirs))


def add_seat(state: MutableMapping, save: Save, author: str, group: str) -> None:
    """Add the picked seat to the list (a button's ``on_click``), then open it for editing.

    When someone else added it first, say so and open their row instead.
    """
    code = state.get(ADD_SEAT)
    if not code:
        state[MESSAGE] = ("warning", "Pick a seat to add.")
        return
    values = {**row_values(None), "priority": int(state.get(ADD_PRIORITY) or 1)}
    revision = _save(state, save, author, group, code, values, None)
    found = state.pop(CONFLICT, None)
    if found is not None:
        theirs = found["theirs"] or {}
        who = theirs.get("updated_by") or "someone else"
        state[MESSAGE] = ("warning", f"That seat is already on the list (saved by {who}).")
        state[EDITING] = None
    elif revision is not None:
        state[MESSAGE] = ("success", "Added to the list.")
        state[EDITING] = None  # so the row opens fresh from the database
    else:
        return
    state[EDIT_SEAT] = code
    state.pop(ADD_SEAT, None)


def pop_message(state: MutableMapping) -> tuple[str, str] | None:
    """The message from the last save, once."""
    return state.pop(MESSAGE, None)


def conflict_table(found: Mapping) -> pd.DataFrame:
    """Theirs and yours side by side, one line per field, to show after a refused save."""
    theirs = row_values(found["theirs"]) if found["theirs"] else dict.fromkeys(FIELDS, "")
    yours = found["yours"]
    return pd.DataFrame(
        {
            "field": list(FIELDS),
            "theirs (saved now)": [str(theirs[field]) for field in FIELDS],
            "yours (not saved)": [str(yours[field]) for field in FIELDS],
        }
    )


def describe_theirs(found: Mapping) -> str:
    """Who changed the row and when, for the conflict message."""
    theirs = found["theirs"] or {}
    who = theirs.get("updated_by") or "someone else"
    when = theirs.get("updated_at")
    at = f" at {pd.Timestamp(when):%Y-%m-%d %H:%M} UTC" if when is not None else ""
    return (
        f"{who} changed this seat{at} since you opened it. Yours is still in the form: "
        "save it over theirs, or take theirs."
    )


def backed_in(endorsements: pd.DataFrame, seats: pd.DataFrame, group: str) -> pd.DataFrame | None:
    """The group's table from the endorsement data, or None where it takes no stance."""
    try:
        return groups.build_group_table(endorsements, seats, group)
    except UnknownChoiceError:
        return None


def saved_row(target_list: pd.DataFrame, code: str | None) -> dict | None:
    """One seat's saved row as a dict, or None when it is not on the list."""
    rows = target_list[target_list["constituency_code"] == code]
    return None if rows.empty else rows.iloc[0].to_dict()


def pick_seat(state: MutableMapping, key: str, codes: list[str]) -> None:
    """Keep a seat picker's choice among ``codes`` (before the picker is drawn)."""
    if codes and state.get(key) not in codes:
        state[key] = codes[0]


def with_seat_links(table: pd.DataFrame) -> pd.DataFrame:
    """The table with ``seat_link`` (the Seat page's link; the seat's name after ``#``)."""
    links = "/seat?seat=" + table["constituency_code"] + "#" + table["constituency_name"]
    return table.assign(seat_link=links)


def downloadable(table: pd.DataFrame) -> pd.DataFrame:
    """The list for download: ``updated_at`` as ``updated_at_utc`` without a zone (for Excel)."""
    updated = pd.to_datetime(table["updated_at"], utc=True).dt.tz_localize(None)
    frame = table.drop(columns=["updated_at"]).assign(updated_at_utc=updated)
    return frame.drop(columns=["seat_link"], errors="ignore")
