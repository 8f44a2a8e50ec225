"""Endorsement list versions on SQLite and PostgreSQL: saves, counts, restore, races, seeding."""

from __future__ import annotations

import datetime as dt
import shutil
import threading
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa
from hypothesis import given, settings
from hypothesis import strategies as st
from store_helpers import race

from targets.data.candidates_file import NotSavedError, read_endorsement_file, stance_key
from targets.errors import BadInputError, UnknownChoiceError
from targets.store import endorsement_lists as lists
from targets.store.audit import read_audit
from targets.store.database import reading, transaction
from targets.store.tables import ListVersion

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "candidates.csv"
GROUP = "We Deserve Better"


def row(code, seat, candidate, party, stance="support", group=GROUP, notes=None) -> dict:
    return {
        "constituency_code": code,
        "constituency_name": seat,
        "candidate_name": candidate,
        "party": party,
        "group": group,
        "stance": stance,
        "source_url": None,
        "notes": notes,
    }


DENYER = row("E14001131", "Bristol Central", "Carla Denyer", "Green")
DEBBONAIRE = row("E14001131", "Bristol Central", "Thangam Debbonaire", "Labour", "oppose")
MOHAMAD = row("E14001300", "Ilford North", "Leanne Mohamad", "Independent")
STREETING = row("E14001300", "Ilford North", "Wes Streeting", "Labour", "oppose")


def frame(*rows) -> pd.DataFrame:
    return pd.DataFrame(list(rows))


def counts(info) -> tuple[int, int, int]:
    return info.rows_added, info.rows_removed, info.rows_changed


def test_an_empty_workspace_has_no_list(workspace_engine):
    assert lists.current_version(workspace_engine) is None
    assert lists.list_versions(workspace_engine) == []
    assert lists.list_names(workspace_engine) == []
    empty = lists.read_version(workspace_engine)
    assert list(empty.columns) == list(lists.ENDORSEMENT_COLUMNS) and empty.empty


def test_every_save_is_a_version_with_its_counts(workspace_engine):
    first = lists.save_version(
        workspace_engine, frame(DENYER, DEBBONAIRE), author="alice", based_on=None
    )
    assert (first.number, first.row_count, counts(first)) == (1, 2, (2, 0, 0))
    assert (first.author, first.source, first.restored_from) == ("alice", "app", None)
    assert first.created_at.tzinfo is not None
    changed = dict(DEBBONAIRE, notes="shadow cabinet")
    second = lists.save_version(
        workspace_engine,
        frame(changed, MOHAMAD, STREETING),
        author="bob",
        based_on=1,
        note="Ilford added",
        source="import",
    )
    assert (second.number, second.row_count, counts(second)) == (2, 3, (2, 1, 1))
    assert second.note == "Ilford added" and second.source == "import"
    assert [v.number for v in lists.list_versions(workspace_engine)] == [1, 2]
    assert lists.current_version(workspace_engine) == second
    back = lists.read_version(workspace_engine)
    assert back["candidate_name"].tolist() == [
        "Thangam Debbonaire",
        "Leanne Mohamad",
        "Wes Streeting",
    ]
    assert back.at[0, "notes"] == "shadow cabinet"
    assert lists.read_version(workspace_engine, 1)["candidate_name"].tolist() == [
        "Carla Denyer",
        "Thangam Debbonaire",
    ]
    assert lists.list_names(workspace_engine) == ["candidates"]


def test_describe_is_one_line():
    info = lists.VersionInfo(
        number=3,
        created_at=dt.datetime(2026, 12, 1, 14, 2, 59, tzinfo=dt.UTC),
        author="alice",
        note="",
        source="app",
        restored_from=None,
        row_count=5,
        rows_added=2,
        rows_removed=0,
        rows_changed=1,
    )
    assert info.describe() == "v3 · 2026-12-01 14:02 UTC · alice · +2 −0 ~1"


def test_restore_makes_a_new_version_and_deletes_nothing(workspace_engine):
    lists.save_version(workspace_engine, frame(DENYER), author="alice", based_on=None)
    lists.save_version(workspace_engine, frame(MOHAMAD, STREETING), author="bob", based_on=1)
    restored = lists.restore_version(workspace_engine, 1, author="carol", based_on=2)
    assert (restored.number, restored.source, restored.restored_from) == (3, "restore", 1)
    assert counts(restored) == (1, 2, 0) and restored.author == "carol"
    assert lists.read_version(workspace_engine)["candidate_name"].tolist() == ["Carla Denyer"]
    assert [v.number for v in lists.list_versions(workspace_engine)] == [1, 2, 3]
    with reading(workspace_engine) as session:
        contents = session.scalars(sa.select(ListVersion.content).order_by(ListVersion.number))
        assert len(list(contents)) == 3
    with pytest.raises(UnknownChoiceError, match="unknown version '9'"):
        lists.restore_version(workspace_engine, 9, author="carol", based_on=3)
    with pytest.raises(UnknownChoiceError):
        lists.read_version(workspace_engine, 9)


def test_compare_versions(workspace_engine):
    lists.save_version(workspace_engine, frame(DENYER, DEBBONAIRE), author="a", based_on=None)
    moved = dict(DENYER, stance="oppose")
    lists.save_version(workspace_engine, frame(moved, MOHAMAD), author="b", based_on=1)
    changes = lists.compare_versions(workspace_engine, 1, 2)
    assert changes.counts() == (1, 1, 1)
    assert changes.added["candidate_name"].tolist() == ["Leanne Mohamad"]
    assert changes.removed["candidate_name"].tolist() == ["Thangam Debbonaire"]
    assert changes.changed[["candidate_name", "stance_before", "stance_after"]].values.tolist() == [
        ["Carla Denyer", "support", "oppose"]
    ]
    assert "notes_before" not in changes.changed.columns


def test_a_save_on_an_old_version_raises_and_writes_nothing(workspace_engine):
    lists.save_version(workspace_engine, frame(DENYER), author="alice", based_on=None)
    lists.save_version(workspace_engine, frame(DENYER, MOHAMAD), author="bob", based_on=1)
    audit_before = len(read_audit(workspace_engine))
    with pytest.raises(lists.ListChangedError) as caught:
        lists.save_version(workspace_engine, frame(STREETING), author="carol", based_on=1)
    error = caught.value
    assert error.based_on == 1 and error.current.number == 2 and error.current.author == "bob"
    assert error.theirs["candidate_name"].tolist() == ["Wes Streeting"]
    assert "changed since you opened it" in str(error)
    with pytest.raises(lists.ListChangedError) as caught:
        lists.save_version(workspace_engine, frame(STREETING), author="carol", based_on=None)
    assert caught.value.based_on is None
    assert [v.number for v in lists.list_versions(workspace_engine)] == [1, 2]
    assert len(read_audit(workspace_engine)) == audit_before


def test_a_save_on_a_list_that_is_not_there_raises(workspace_engine):
    with pytest.raises(lists.ListChangedError) as caught:
        lists.save_version(workspace_engine, frame(DENYER), author="alice", based_on=4)
    assert caught.value.current is None
    assert lists.list_versions(workspace_engine) == []


def test_rows_that_would_not_load_again_are_not_saved(workspace_engine):
    bad = dict(DENYER, stance="maybe")
    with pytest.raises(NotSavedError, match="stance"):
        lists.save_version(workspace_engine, frame(bad), author="alice", based_on=None)
    twice = frame(DENYER, dict(DENYER, notes="again"))
    with pytest.raises(NotSavedError, match="duplicates"):
        lists.save_version(workspace_engine, twice, author="alice", based_on=None)
    with pytest.raises(BadInputError, match="needs the name of who is saving"):
        lists.save_version(workspace_engine, frame(DENYER), author=" ", based_on=None)
    assert lists.current_version(workspace_engine) is None


def test_named_lists_and_workspaces_are_apart(workspace_engine):
    lists.save_version(workspace_engine, frame(DENYER), author="a", based_on=None)
    other = lists.save_version(
        workspace_engine, frame(MOHAMAD), author="a", based_on=None, list_name="ilford"
    )
    elsewhere = lists.save_version(
        workspace_engine, frame(STREETING), author="a", based_on=None, workspace="north"
    )
    assert other.number == 1 and elsewhere.number == 1
    assert lists.list_names(workspace_engine) == ["candidates", "ilford"]
    assert lists.list_names(workspace_engine, "north") == ["candidates"]
    assert lists.read_version(workspace_engine, workspace="north")["candidate_name"].tolist() == [
        "Wes Streeting"
    ]


def test_every_save_is_audited(workspace_engine):
    lists.save_version(workspace_engine, frame(DENYER), author="alice", based_on=None)
    lists.restore_version(workspace_engine, 1, author="bob", based_on=1)
    log = read_audit(workspace_engine, "main")
    assert log["action"].tolist() == ["list restored", "list saved"]
    assert log["actor"].tolist() == ["bob", "alice"]
    assert log["subject"].tolist() == ["candidates v2", "candidates v1"]


def test_two_processes_saving_on_the_same_version(workspace_engine, workspace_url, tmp_path):
    lists.save_version(workspace_engine, frame(DENYER), author="seed", based_on=None)
    results = race(
        tmp_path / "race", "save", [[workspace_url, "alice", "1"], [workspace_url, "bob", "1"]]
    )
    outcomes = sorted(result["outcome"] for result in results)
    assert outcomes == ["changed", "saved"], results
    loser = next(result for result in results if result["outcome"] == "changed")
    assert loser["current"] == 2 and loser["theirs"] == 1
    versions = lists.list_versions(workspace_engine)
    assert [v.number for v in versions] == [1, 2]
    winner = "alice" if results[0]["outcome"] == "saved" else "bob"
    assert versions[-1].author == winner


# ---------------------------------------------------------------- seeding


def backups_of(folder: Path) -> list[Path]:
    """Two backups and a broken one, named as saved_lists names them."""
    backups = folder / "backups"
    backups.mkdir(parents=True)
    first = backups / "candidates.20250101T090000.000000Z.csv"
    frame(DENYER).to_csv(first, index=False)
    second = backups / "candidates.20250301T120000.500000Z.csv"
    frame(DENYER, MOHAMAD).to_csv(second, index=False)
    broken = backups / "candidates.20250201T100000.000000Z.csv"
    broken.write_text("constituency_code,candidate_name\nnot-a-code,\n")
    return [first, broken, second]


def test_seed_imports_the_backups_then_the_csv_once(workspace_engine, tmp_path):
    csv_path = tmp_path / "candidates.csv"
    shutil.copyfile(FIXTURE, csv_path)
    made = lists.seed_workspace(workspace_engine, csv_path, backups_of(tmp_path))
    assert [(v.number, v.source, v.author) for v in made] == [
        (1, "backup", "seed"),
        (2, "backup", "seed"),
        (3, "seed", "seed"),
    ]
    assert made[0].created_at == dt.datetime(2025, 1, 1, 9, tzinfo=dt.UTC)
    assert made[1].created_at == dt.datetime(2025, 3, 1, 12, 0, 0, 500000, tzinfo=dt.UTC)
    assert [counts(v) for v in made] == [(1, 0, 0), (1, 0, 0), (2, 0, 2)]  # notes differ
    assert lists.current_version(workspace_engine) == made[-1]
    seeded = lists.read_version(workspace_engine)
    expected = read_endorsement_file(csv_path)
    assert seeded["candidate_name"].tolist() == expected["candidate_name"].tolist()
    assert lists.seed_workspace(workspace_engine, csv_path, backups_of(tmp_path / "again")) == []
    assert len(lists.list_versions(workspace_engine)) == 3
    assert read_audit(workspace_engine)["action"].tolist() == ["list seeded"]


def test_seed_with_nothing_readable_makes_no_version(workspace_engine, tmp_path):
    bad = tmp_path / "candidates.csv"
    bad.write_text("constituency_code,constituency_name\nE14001131,\n")
    assert lists.seed_workspace(workspace_engine, bad, [tmp_path / "missing.csv"]) == []
    assert lists.current_version(workspace_engine) is None


def test_two_processes_seeding_at_once_make_one_set(workspace_engine, workspace_url, tmp_path):
    csv_path = tmp_path / "candidates.csv"
    shutil.copyfile(FIXTURE, csv_path)
    backups = [str(path) for path in backups_of(tmp_path)]
    runs = [[workspace_url, name, str(csv_path), *backups] for name in ("one", "two")]
    results = race(tmp_path / "race", "seed", runs)
    assert sorted(result["made"] for result in results) == [0, 3], results
    assert [v.number for v in lists.list_versions(workspace_engine)] == [1, 2, 3]


# ---------------------------------------------------------------- compare_lists, any lists

SEATS = [("E14001131", "Bristol Central"), ("E14001300", "Ilford North")]
PEOPLE = ["Carla Denyer", "Wes Streeting", "Leanne Mohamad"]
stances = st.fixed_dictionaries(
    {
        "seat": st.sampled_from(SEATS),
        "candidate_name": st.sampled_from(PEOPLE),
        "party": st.sampled_from(["Green", "Labour", "Independent"]),
        "group": st.sampled_from([GROUP, "Other Group"]),
        "stance": st.sampled_from(["support", "oppose"]),
        "notes": st.sampled_from([None, "", "a note", "another"]),
    }
)


def as_frame(drawn: list[dict]) -> pd.DataFrame:
    rows = [
        row(
            d["seat"][0],
            d["seat"][1],
            d["candidate_name"],
            d["party"],
            d["stance"],
            d["group"],
            d["notes"],
        )
        for d in drawn
    ]
    return pd.DataFrame(rows, columns=list(lists.ENDORSEMENT_COLUMNS))


def keys(table: pd.DataFrame) -> set:
    return set(stance_key(table)) if len(table) else set()


@settings(max_examples=60)
@given(st.lists(stances, max_size=12), st.lists(stances, max_size=12))
def test_compare_lists_is_consistent_with_the_two_lists(before_rows, after_rows):
    before, after = as_frame(before_rows), as_frame(after_rows)
    kept_before, kept_after = before.copy(), after.copy()
    changes = lists.compare_lists(before, after)
    pd.testing.assert_frame_equal(before, kept_before)  # pure
    pd.testing.assert_frame_equal(after, kept_after)
    old, new = keys(before), keys(after)
    assert keys(changes.added) == new - old and len(changes.added) == len(new - old)
    assert keys(changes.removed) == old - new and len(changes.removed) == len(old - new)
    assert keys(changes.changed) <= old & new
    assert len(changes.changed) == len(keys(changes.changed))
    added, removed, changed = changes.counts()
    # every stance of the new list is added, changed or the same as before
    assert added + changed <= len(new)
    assert len(new) - added + removed == len(old)
    assert lists.compare_lists(before, before).counts() == (0, 0, 0)
    assert lists.compare_lists(after, before).counts() == (removed, added, changed)


def test_a_save_racing_an_open_transaction_loses_cleanly(workspace_engine, backend):
    """The other save has read the current version but not committed: the number decides."""
    lists.save_version(workspace_engine, frame(DENYER), author="seed", based_on=None)
    outcome: dict = {}

    def save_in_another_thread() -> None:
        try:
            lists.save_version(workspace_engine, frame(MOHAMAD), author="bob", based_on=1)
            outcome["result"] = "saved"
        except lists.ListChangedError as error:
            outcome["result"] = error

    with transaction(workspace_engine) as session:  # alice's save, version 2, not committed
        session.add(
            ListVersion(
                workspace_id=session.scalar(sa.select(ListVersion.workspace_id)),
                list_name="candidates",
                number=2,
                author="alice",
                note="",
                source="app",
                row_count=0,
                rows_added=0,
                rows_removed=1,
                rows_changed=0,
                content="",
                created_at=dt.datetime.now(dt.UTC),
            )
        )
        session.flush()
        other = threading.Thread(target=save_in_another_thread)
        other.start()
        other.join(timeout=1.5)  # bob waits: on the unique number (PostgreSQL) or the lock
        assert other.is_alive()
    other.join(timeout=60)
    error = outcome["result"]
    assert isinstance(error, lists.ListChangedError), error
    assert error.current.number == 2 and error.current.author == "alice"
    assert [v.author for v in lists.list_versions(workspace_engine)] == ["seed", "alice"]
