"""The Workspace page's state on plain dicts, against a real SQLite workspace database."""

import datetime as dt

import pandas as pd
import pytest

from targets.app import workspace_state as ws
from targets.data.candidates_file import ENDORSEMENT_COLUMNS
from targets.store import endorsement_lists as lists
from targets.store.accounts import Member
from targets.store.database import open_database
from targets.store.endorsement_lists import VersionInfo

EDITOR = Member("alice", "main", "editor")
VIEWER = Member("victor", "main", "viewer")


def rows(*names: str) -> pd.DataFrame:
    return pd.DataFrame(
        [["E14001300", "Ilford North", name, "Ind", "G", "support", "", ""] for name in names],
        columns=list(ENDORSEMENT_COLUMNS),
    )


def info(number: int, **changes) -> VersionInfo:
    fields = {
        "number": number,
        "created_at": dt.datetime(2026, 12, 1, 14, number, tzinfo=dt.UTC),
        "author": "alice",
        "note": "",
        "source": "app",
        "restored_from": None,
        "row_count": 3,
        "rows_added": 2,
        "rows_removed": 0,
        "rows_changed": 1,
    }
    return VersionInfo(**{**fields, **changes})


@pytest.fixture()
def engine(tmp_path):
    return open_database(f"sqlite:///{tmp_path / 'workspace.sqlite3'}")


def test_the_versions_table_is_newest_first_in_words():
    table = ws.versions_table([info(1, source="seed"), info(2, restored_from=1, note="back")])
    assert table.columns.tolist() == list(ws.VERSION_COLUMNS)
    assert table["version"].tolist() == [2, 1]
    assert table.iloc[0].to_dict() == {
        "version": 2,
        "saved": "2026-12-01 14:02 UTC",
        "by": "alice",
        "changes": "+2 −0 ~1",
        "rows": 3,
        "source": "restore of v1",
        "note": "back",
    }
    assert table.iloc[1]["source"] == "seed"
    assert ws.versions_table([]).empty


def test_the_comparison_defaults_to_the_last_two_and_ignores_unknown_choices():
    assert ws.comparison({}, [1]) is None
    assert ws.comparison({}, [1, 2, 3]) == (2, 3)
    assert ws.comparison({ws.OLDER: 3, ws.NEWER: 1}, [1, 2, 3]) == (1, 3)
    assert ws.comparison({ws.OLDER: 9}, [1, 2, 3]) == (2, 3)
    assert ws.chosen_list({ws.LIST: "other"}, ["candidates"], "candidates") == "candidates"


def test_restore_asks_first_then_makes_a_new_version(engine):
    lists.save_version(engine, rows("A One"), author="alice", based_on=None)
    lists.save_version(engine, rows("A One", "B Two"), author="bob", based_on=1)
    state = {ws.RESTORE: 1}
    assert ws.confirm_restore(state, engine, EDITOR, 2, "main", "candidates") is None
    ws.ask_restore(state)
    assert state[ws.PENDING] == 1
    ws.cancel_restore(state)
    assert ws.PENDING not in state
    ws.ask_restore(state)
    made = ws.confirm_restore(state, engine, EDITOR, 2, "main", "candidates")
    assert made.number == 3 and made.restored_from == 1
    assert ws.take_message(state) == ("success", "Restored v1 as v3, now the current list.")
    assert lists.read_version(engine)["candidate_name"].tolist() == ["A One"]
    assert len(lists.list_versions(engine)) == 3  # nothing deleted


def test_a_restore_after_another_save_is_refused_and_says_who(engine):
    lists.save_version(engine, rows("A One"), author="alice", based_on=None)
    lists.save_version(engine, rows("B Two"), author="bob", based_on=1)
    state = {ws.PENDING: 1}
    assert ws.confirm_restore(state, engine, EDITOR, 1, "main", "candidates") is None
    kind, text = ws.take_message(state)
    assert kind == "warning"
    assert text.startswith("Not restored: The list changed since you opened it (now v2 by bob at ")
    assert len(lists.list_versions(engine)) == 2


def test_a_viewer_cannot_restore(engine):
    lists.save_version(engine, rows("A One"), author="alice", based_on=None)
    state = {ws.PENDING: 1}
    assert ws.confirm_restore(state, engine, VIEWER, 1, "main", "candidates") is None
    assert ws.take_message(state) == ("error", "Only an editor can restore a version.")
    assert len(lists.list_versions(engine)) == 1


def test_describe_changes(engine):
    lists.save_version(engine, rows("A One", "B Two"), author="alice", based_on=None)
    changed = rows("A One", "C Three")
    changed.loc[0, "notes"] = "now a note"
    lists.save_version(engine, changed, author="alice", based_on=1)
    changes = lists.compare_versions(engine, 1, 2)
    assert ws.describe_changes(changes) == "1 row(s) added, 1 removed, 1 changed"
