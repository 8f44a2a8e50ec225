"""The Our targets page's state on plain dicts: opening a row, saving, conflicts, adding.

The saving is a small in-memory stand-in with the store's revision rule (the real store
runs in tests/app/test_team_targets_page.py and the storage tests).
"""

from __future__ import annotations

import pandas as pd
import pytest

from targets.app import team_targets_state as state
from targets.errors import BadInputError
from targets.store.target_lists import STATUSES, TargetChangedError


class Rows:
    """Saved rows keyed by (group, code), refusing a save over a revision it does not hold."""

    def __init__(self):
        self.rows: dict[tuple[str, str], dict] = {}

    def save(self, group, code, *, priority, status, owner, notes, author, expected_revision):
        if status not in STATUSES:
            raise BadInputError(f"unknown status {status!r}")
        current = self.rows.get((group, code))
        if (current["revision"] if current else None) != expected_revision:
            raise TargetChangedError("changed", current=dict(current) if current else None)
        revision = (current["revision"] if current else 0) + 1
        self.rows[(group, code)] = {
            "constituency_code": code,
            "priority": priority,
            "status": status,
            "owner": owner,
            "notes": notes,
            "updated_at": pd.Timestamp("2026-12-01 14:02", tz="UTC"),
            "updated_by": author,
            "revision": revision,
        }
        return revision


def open_and_type(session, rows, group, code, **typed):
    state.open_row(session, group, code, rows.rows.get((group, code)))
    for field, value in typed.items():
        session[state.FORM_KEYS[field]] = value


def test_group_choices_keep_endorsement_groups_first_without_repeats():
    assert state.group_choices(["WDB", "Other"], ["Ours", "WDB"]) == ["WDB", "Other", "Ours"]


def test_row_values_default_for_a_new_seat_and_read_a_saved_row():
    assert state.row_values(None) == {
        "priority": 1,
        "status": "considering",
        "owner": "",
        "notes": "",
    }
    saved = {"priority": 3, "status": "target", "owner": None, "notes": float("nan")}
    assert state.row_values(saved) == {"priority": 3, "status": "target", "owner": "", "notes": ""}


def test_opening_a_row_fills_the_form_once_so_typing_is_kept():
    rows, session = Rows(), {}
    rows.save(
        "G",
        "E1",
        priority=2,
        status="target",
        owner="sam",
        notes="",
        author="a",
        expected_revision=None,
    )
    state.open_row(session, "G", "E1", rows.rows[("G", "E1")])
    assert session[state.FORM_KEYS["owner"]] == "sam"
    session[state.FORM_KEYS["owner"]] = "kim"
    state.open_row(session, "G", "E1", rows.rows[("G", "E1")])  # the next rerun
    assert session[state.FORM_KEYS["owner"]] == "kim"
    assert session[state.EDITING] == {"group": "G", "code": "E1", "revision": 1}


def test_a_save_moves_the_revision_on():
    rows, session = Rows(), {}
    rows.save(
        "G",
        "E1",
        priority=2,
        status="target",
        owner="",
        notes="",
        author="a",
        expected_revision=None,
    )
    open_and_type(session, rows, "G", "E1", notes="leaflets")
    state.save_edit(session, rows.save, "bob")
    assert rows.rows[("G", "E1")]["notes"] == "leaflets"
    assert rows.rows[("G", "E1")]["updated_by"] == "bob"
    assert session[state.EDITING]["revision"] == 2
    assert state.pop_message(session) == ("success", "Saved.")
    state.save_edit(session, rows.save, "bob")  # again, from the new revision: fine
    assert rows.rows[("G", "E1")]["revision"] == 3


def test_two_editors_on_one_row_the_second_is_told_and_shown_both():
    rows = Rows()
    rows.save(
        "G",
        "E1",
        priority=2,
        status="considering",
        owner="",
        notes="",
        author="a",
        expected_revision=None,
    )
    alice, bob = {}, {}
    open_and_type(alice, rows, "G", "E1")
    open_and_type(bob, rows, "G", "E1")
    alice[state.FORM_KEYS["status"]] = "target"
    state.save_edit(alice, rows.save, "alice")
    bob[state.FORM_KEYS["notes"]] = "Bob's notes"
    state.save_edit(bob, rows.save, "bob")
    assert rows.rows[("G", "E1")]["status"] == "target"  # alice's stands
    assert rows.rows[("G", "E1")]["notes"] == ""  # bob's is not written
    found = state.conflict(bob, "G", "E1")
    assert found["theirs"]["updated_by"] == "alice"
    assert bob[state.FORM_KEYS["notes"]] == "Bob's notes"  # kept in his form
    table = state.conflict_table(found).set_index("field")
    assert table.loc["status", "theirs (saved now)"] == "target"
    assert table.loc["status", "yours (not saved)"] == "considering"
    assert table.loc["notes", "yours (not saved)"] == "Bob's notes"
    assert "alice changed this seat at 2026-12-01 14:02 UTC" in state.describe_theirs(found)
    assert state.pop_message(bob) is None
    assert state.conflict(bob, "G", "E2") is None


def test_after_a_conflict_save_mine_over_theirs():
    rows = Rows()
    rows.save(
        "G",
        "E1",
        priority=2,
        status="considering",
        owner="",
        notes="",
        author="a",
        expected_revision=None,
    )
    bob: dict = {}
    open_and_type(bob, rows, "G", "E1", notes="Bob's")
    rows.save(
        "G",
        "E1",
        priority=1,
        status="target",
        owner="",
        notes="",
        author="alice",
        expected_revision=1,
    )
    state.save_edit(bob, rows.save, "bob")
    assert state.conflict(bob, "G", "E1") is not None
    state.save_mine_over_theirs(bob, rows.save, "bob")
    saved = rows.rows[("G", "E1")]
    assert saved["notes"] == "Bob's" and saved["status"] == "considering"
    assert saved["revision"] == 3 and state.conflict(bob, "G", "E1") is None


def test_after_a_conflict_take_theirs():
    rows = Rows()
    rows.save(
        "G",
        "E1",
        priority=2,
        status="considering",
        owner="",
        notes="",
        author="a",
        expected_revision=None,
    )
    bob: dict = {}
    open_and_type(bob, rows, "G", "E1", notes="Bob's")
    rows.save(
        "G",
        "E1",
        priority=1,
        status="target",
        owner="kim",
        notes="",
        author="alice",
        expected_revision=1,
    )
    state.save_edit(bob, rows.save, "bob")
    state.take_theirs(bob)
    assert bob[state.FORM_KEYS["owner"]] == "kim" and bob[state.FORM_KEYS["notes"]] == ""
    assert bob[state.EDITING]["revision"] == 2 and state.CONFLICT not in bob
    bob[state.FORM_KEYS["notes"]] = "now on top of theirs"
    state.save_edit(bob, rows.save, "bob")
    assert rows.rows[("G", "E1")]["notes"] == "now on top of theirs"


def test_adding_a_seat_opens_it_and_adding_it_twice_says_so():
    rows = Rows()
    alice = {state.ADD_SEAT: "E9", state.ADD_PRIORITY: 4}
    state.add_seat(alice, rows.save, "alice", "G")
    assert rows.rows[("G", "E9")]["priority"] == 4
    assert rows.rows[("G", "E9")]["status"] == "considering"
    assert alice[state.EDIT_SEAT] == "E9" and state.ADD_SEAT not in alice
    assert state.pop_message(alice) == ("success", "Added to the list.")
    bob = {state.ADD_SEAT: "E9"}
    state.add_seat(bob, rows.save, "bob", "G")
    assert rows.rows[("G", "E9")]["updated_by"] == "alice"
    kind, text = state.pop_message(bob)
    assert kind == "warning" and "already on the list (saved by alice)" in text
    assert bob[state.EDIT_SEAT] == "E9" and state.CONFLICT not in bob


def test_adding_nothing_and_a_refused_save_are_messages_not_errors():
    rows, session = Rows(), {}
    state.add_seat(session, rows.save, "a", "G")
    assert state.pop_message(session) == ("warning", "Pick a seat to add.")
    rows.save(
        "G",
        "E1",
        priority=1,
        status="target",
        owner="",
        notes="",
        author="a",
        expected_revision=None,
    )
    open_and_type(session, rows, "G", "E1", status="maybe")
    state.save_edit(session, rows.save, "a")
    kind, text = state.pop_message(session)
    assert kind == "error" and "unknown status" in text
    assert rows.rows[("G", "E1")]["status"] == "target"


@pytest.mark.parametrize("key", [*state.FORM_KEYS.values(), state.EDITING, state.CONFLICT])
def test_every_key_is_forgotten_at_sign_out(key):
    from targets.app.signin import WORKSPACE_KEY_PREFIX

    assert key.startswith(WORKSPACE_KEY_PREFIX)


def test_the_download_opens_in_excel_with_times_in_utc():
    from targets.views import export

    table = pd.DataFrame(
        {
            "constituency_code": ["E1"],
            "constituency_name": ["Ayton"],
            "notes": ["=HYPERLINK(1)"],
            "updated_at": pd.to_datetime(["2026-12-01 14:02"], utc=True),
        }
    )
    shown = state.downloadable(state.with_seat_links(table))
    assert "seat_link" not in shown.columns and "updated_at" not in shown.columns
    assert str(shown["updated_at_utc"].iloc[0]) == "2026-12-01 14:02:00"
    assert export.export_table(shown, "xlsx", title="Targets").startswith(b"PK")
    assert b"'=HYPERLINK" in export.export_table(shown, "csv")  # neutralised
