"""A group's target list on SQLite and PostgreSQL: revisions, conflicts, checks, audit."""

from __future__ import annotations

import datetime as dt

import pytest

from targets.errors import BadInputError
from targets.store import target_lists as targets
from targets.store.audit import read_audit

GROUP = "We Deserve Better"


def save(engine, code="E14001300", expected=None, **changes):
    values = {"priority": 1, "status": "target", "owner": "alice", "notes": "", "author": "alice"}
    values.update(changes)
    return targets.save_target_seat(engine, GROUP, code, expected_revision=expected, **values)


def test_an_empty_target_list(workspace_engine):
    table = targets.read_target_list(workspace_engine, GROUP)
    assert list(table.columns) == list(targets.TARGET_COLUMNS) and table.empty
    assert targets.target_list_groups(workspace_engine) == []


def test_saving_seats_goes_up_by_revision(workspace_engine):
    assert save(workspace_engine, "E14001300", priority=2) == 1
    assert save(workspace_engine, "E14001131", priority=1, status="considering") == 1
    assert save(workspace_engine, "E14001300", expected=1, priority=3, notes="door-knock") == 2
    table = targets.read_target_list(workspace_engine, GROUP)
    assert table["constituency_code"].tolist() == ["E14001131", "E14001300"]
    ilford = table.set_index("constituency_code").loc["E14001300"]
    assert (ilford["priority"], ilford["notes"], ilford["revision"]) == (3, "door-knock", 2)
    assert ilford["updated_at"].tzinfo is not None
    assert ilford["updated_at"] > dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    assert targets.target_list_groups(workspace_engine) == [GROUP]


def test_a_stale_revision_is_refused_with_the_row_as_it_is(workspace_engine):
    save(workspace_engine)
    save(workspace_engine, expected=1, owner="bob", author="bob")
    with pytest.raises(targets.TargetChangedError) as caught:
        save(workspace_engine, expected=1, notes="mine")
    assert caught.value.current["revision"] == 2
    assert caught.value.current["owner"] == "bob"
    with pytest.raises(targets.TargetChangedError) as caught:
        save(workspace_engine, expected=None)  # "I think it is new"
    assert caught.value.current["updated_by"] == "bob"
    with pytest.raises(targets.TargetChangedError) as caught:
        save(workspace_engine, "E14001131", expected=3)
    assert caught.value.current is None
    assert targets.read_target_list(workspace_engine, GROUP)["notes"].tolist() == [""]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"status": "maybe"}, "choose from considering, target, dropped"),
        ({"priority": "high"}, "must be a whole number"),
        ({"priority": 1.5}, "must be a whole number"),
        ({"code": "X123"}, "is not a seat code"),
    ],
)
def test_bad_values_are_refused(workspace_engine, changes, message):
    with pytest.raises(BadInputError, match=message):
        save(workspace_engine, **changes)
    assert targets.read_target_list(workspace_engine, GROUP).empty


def test_groups_and_workspaces_are_apart(workspace_engine):
    save(workspace_engine)
    targets.save_target_seat(
        workspace_engine,
        "Other Group",
        "E14001300",
        priority=1,
        status="dropped",
        owner="",
        notes="",
        author="carol",
        expected_revision=None,
    )
    targets.save_target_seat(
        workspace_engine,
        GROUP,
        "E14001300",
        priority=5,
        status="target",
        owner="",
        notes="",
        author="dan",
        expected_revision=None,
        workspace="north",
    )
    assert targets.target_list_groups(workspace_engine) == ["Other Group", GROUP]
    assert targets.read_target_list(workspace_engine, GROUP, "north")["priority"].tolist() == [5]


def test_every_save_is_audited_with_before_and_after(workspace_engine):
    save(workspace_engine, notes="first")
    save(workspace_engine, expected=1, status="dropped", author="bob")
    log = read_audit(workspace_engine)
    assert log["action"].tolist() == ["target seat saved"] * 2
    assert log["actor"].tolist() == ["bob", "alice"]
    assert (
        '"before": {"notes": "first", "owner": "alice", "priority": 1, "status": "target"}'
        in (log.at[0, "detail"])
    )
