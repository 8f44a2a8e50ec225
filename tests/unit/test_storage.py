"""Saving endorsement data: backups, atomic writes, and several sessions saving at once."""

import datetime as dt
import fcntl
import multiprocessing
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pandas as pd
import pytest

from targets.data import files
from targets.data import saved_lists as storage
from targets.endorsements import ENDORSEMENT_COLUMNS, load_endorsements
from targets.parties import build_party_registry

SEATS = pd.Series(
    {"E14001131": "Bristol Central", "E14001300": "Ilford North", "W07000112": "Ynys Môn"},
    name="constituency_name",
)
REGISTRY = build_party_registry()
FORMULA = '=HYPERLINK("http://x","y")'


def endorsements(group: str, rows: int = 3) -> pd.DataFrame:
    """A valid table whose every row names ``group``, so each writer's file is recognisable."""
    people = [
        ("E14001131", "Bristol Central", "Carla Denyer", "Green", "support"),
        ("E14001131", "Bristol Central", "Thangam Debbonaire", "Lab", "oppose"),
        ("E14001300", "Ilford North", "Leanne Mohamad", "Ind", "support"),
        ("W07000112", "Ynys Môn", "Llinos Medi", "PC", "support"),
    ]
    records = [
        {
            "constituency_code": code,
            "constituency_name": seat,
            "candidate_name": name,
            "party": party,
            "group": group,
            "stance": stance,
            "source_url": pd.NA,
            "notes": f'saved by {group}, note with, commas and "quotes"\nand a new line',
        }
        for code, seat, name, party, stance in people[:rows]
    ]
    return pd.DataFrame(records, columns=list(ENDORSEMENT_COLUMNS))


def read_back(path: Path) -> pd.DataFrame:
    return load_endorsements(SEATS, REGISTRY, path)


def test_dataset_paths(tmp_path):
    assert storage.dataset_path(tmp_path) == tmp_path / "candidates.csv"
    assert storage.dataset_path(tmp_path, "candidates") == tmp_path / "candidates.csv"
    assert storage.dataset_path(tmp_path, "Our Group 2024") == (
        tmp_path / "candidates-our-group-2024.csv"
    )


@pytest.mark.parametrize("name", ["../etc", "a/b", "", ".hidden", "x" * 65, "naïve"])
def test_dataset_names_cannot_escape_the_folder(tmp_path, name):
    with pytest.raises(ValueError, match="may use only letters"):
        storage.dataset_path(tmp_path, name)


def test_first_save_has_no_backup_and_reads_back(tmp_path):
    path = storage.dataset_path(tmp_path)
    saved = storage.save_endorsements(endorsements("First"), path)
    assert saved == storage.SavedDataset(path=path, backup=None, rows=3)
    back = read_back(path)
    assert back["candidate_name"].tolist() == [
        "Carla Denyer",
        "Thangam Debbonaire",
        "Leanne Mohamad",
    ]
    assert back["notes"].iloc[0] == 'saved by First, note with, commas and "quotes"\nand a new line'
    assert back["source_url"].isna().all()
    assert list(path.read_text().splitlines()[0].split(",")) == list(ENDORSEMENT_COLUMNS)


def test_a_save_keeps_the_previous_file_as_a_timestamped_backup(tmp_path):
    path = storage.dataset_path(tmp_path, "ours")
    storage.save_endorsements(endorsements("Old"), path)
    old_bytes = path.read_bytes()
    when = dt.datetime(2025, 3, 1, 12, 30, 45, 123456, tzinfo=dt.UTC)
    saved = storage.save_endorsements(endorsements("New", rows=4), path, now=when)
    assert saved.backup == tmp_path / "backups" / "candidates-ours.20250301T123045.123456Z.csv"
    assert saved.backup.read_bytes() == old_bytes
    assert set(read_back(path)["group"]) == {"New"}
    assert len(read_back(path)) == 4
    # the same instant again does not overwrite the first backup
    again = storage.save_endorsements(endorsements("Newer"), path, now=when)
    assert again.backup != saved.backup
    assert saved.backup.read_bytes() == old_bytes
    assert storage.list_backups(path) and len(storage.list_backups(path)) == 2


def test_text_is_kept_exactly_even_a_formula(tmp_path):
    frame = endorsements("G", rows=1).assign(
        candidate_name=FORMULA, constituency_name="Bristol Central"
    )
    path = storage.dataset_path(tmp_path)
    storage.save_endorsements(frame, path)
    assert read_back(path).at[0, "candidate_name"] == FORMULA


def test_a_failed_write_leaves_the_old_file_whole(tmp_path, monkeypatch):
    path = storage.dataset_path(tmp_path)
    storage.save_endorsements(endorsements("Old"), path)
    before = path.read_bytes()

    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(files.os, "replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        storage.save_endorsements(endorsements("New"), path)
    assert path.read_bytes() == before
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith(".candidates.csv.")]
    assert leftovers == []


def test_the_lock_is_exclusive(tmp_path):
    path = storage.dataset_path(tmp_path)
    lock_file = path.with_name(path.name + ".lock")
    with storage.locked(path), open(lock_file, "a") as other, pytest.raises(BlockingIOError):
        fcntl.flock(other.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    with open(lock_file, "a") as other:
        fcntl.flock(other.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)  # free again
        fcntl.flock(other.fileno(), fcntl.LOCK_UN)


SAVES_EACH = 6


def _save_many(args: tuple[str, str]) -> int:
    folder, group = args
    path = storage.dataset_path(Path(folder))
    for index in range(SAVES_EACH):
        storage.save_endorsements(endorsements(group, rows=1 + index % 4), path)
    return os.getpid()


def check_after_concurrent_saves(folder: Path, groups: list[str]) -> None:
    path = storage.dataset_path(folder)
    final = read_back(path)
    assert final["group"].nunique() == 1
    assert final["group"].iloc[0] in groups
    backups = storage.list_backups(path)
    assert len(backups) == len(groups) * SAVES_EACH - 1
    for backup in backups:  # every backup is a whole file from one writer
        table = read_back(backup)
        assert table["group"].nunique() == 1
        assert table["group"].iloc[0] in groups
        assert 1 <= len(table) <= 4
    assert not [p for p in folder.iterdir() if p.name.startswith(".candidates.csv.")]


def test_several_processes_saving_at_once(tmp_path):
    groups = [f"Process {n}" for n in range(4)]
    context = multiprocessing.get_context("fork")
    workers = [
        context.Process(target=_save_many, args=((str(tmp_path), group),)) for group in groups
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    # each save ran in its own process and none of them failed
    assert [worker.exitcode for worker in workers] == [0] * len(groups)
    assert len({worker.pid for worker in workers} | {os.getpid()}) == len(groups) + 1
    check_after_concurrent_saves(tmp_path, groups)


def test_several_threads_saving_at_once(tmp_path):
    groups = [f"Session {n}" for n in range(4)]
    with ThreadPoolExecutor(len(groups)) as pool:
        list(pool.map(_save_many, [(str(tmp_path), group) for group in groups]))
    check_after_concurrent_saves(tmp_path, groups)


def test_backups_are_bounded(tmp_path, monkeypatch):
    monkeypatch.setattr(storage, "BACKUPS_KEPT", 3)
    path = storage.dataset_path(tmp_path)
    start = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
    for minute in range(6):
        now = start + dt.timedelta(minutes=minute)
        storage.save_endorsements(endorsements(f"Group {minute}"), path, now=now)
    backups = storage.list_backups(path)
    assert len(backups) == 3
    assert read_back(backups[-1])["group"].iloc[0] == "Group 4"  # the newest are kept


def test_leftover_temporary_files_are_cleaned_but_not_fresh_ones(tmp_path):
    old = tmp_path / ".candidates.csv.abc123.part"
    fresh = tmp_path / ".candidates.csv.def456.part"
    download = tmp_path / "results" / ".file.csv.download"
    download.parent.mkdir()
    for leftover in (old, fresh, download):
        leftover.write_bytes(b"half a file")
    hour_ago = dt.datetime.now().timestamp() - 7200
    os.utime(old, (hour_ago, hour_ago))
    os.utime(download, (hour_ago, hour_ago))
    assert sorted(files.remove_leftovers(tmp_path)) == sorted([old, download])
    assert fresh.exists() and not old.exists()
