"""Prepared tables kept on disk: the same tables back, a new key for new inputs."""

import pandas as pd

from targets.data import prepared


def _tables():
    by_seat = pd.DataFrame(
        {"leave_pct": [17.7, None], "decile": pd.array([6, pd.NA], dtype="Int64")},
        index=pd.Index(["E14001131", "E14001296"], dtype="string", name="constituency_code"),
    )
    rows = pd.DataFrame(
        {"name": pd.array(["Carla Denyer", pd.NA], dtype="string"), "votes": [24539, 0]}
    )
    registry = pd.DataFrame(
        {"party": ["Green", "Lab"], "colour": ["#02A95B", "#E4003B"]},
        index=pd.Index(["Green", "Lab"], dtype="string", name="party"),
    )
    return {"context": by_seat, "candidates": rows, "registry": registry}


def test_kept_tables_come_back_as_they_were_made(tmp_path):
    made = []

    def prepare():
        made.append(1)
        return _tables()

    first = prepared.kept_tables("demo", "key1", prepare, folder=tmp_path)
    again = prepared.kept_tables("demo", "key1", prepare, folder=tmp_path)
    assert len(made) == 1  # the second came from disk
    for name, table in _tables().items():
        pd.testing.assert_frame_equal(first[name], table, check_exact=True)
        pd.testing.assert_frame_equal(again[name], table, check_exact=True)


def test_a_new_key_makes_them_again_and_removes_the_old(tmp_path):
    prepared.kept_tables("demo", "old", _tables, folder=tmp_path)
    prepared.kept_tables("demo", "new", _tables, folder=tmp_path)
    kept = sorted(path.name for path in (tmp_path / prepared.FOLDER).iterdir())
    assert kept == ["demo-new"]


def test_a_damaged_folder_is_made_again(tmp_path):
    prepared.kept_tables("demo", "key1", _tables, folder=tmp_path)
    (tmp_path / prepared.FOLDER / "demo-key1" / "context.parquet").write_bytes(b"not parquet")
    tables = prepared.kept_tables("demo", "key1", _tables, folder=tmp_path)
    pd.testing.assert_frame_equal(tables["context"], _tables()["context"])


def test_a_cache_that_cannot_be_written_still_gives_the_tables(tmp_path):
    (tmp_path / prepared.FOLDER).write_text("a file where the folder would go")
    tables = prepared.kept_tables("demo", "key1", _tables, folder=tmp_path)
    pd.testing.assert_frame_equal(tables["candidates"], _tables()["candidates"])


def test_the_key_follows_our_own_files(tmp_path):
    own = tmp_path / "candidates.csv"
    own.write_text("constituency_code\n")
    before = prepared.preparation_key(["population"], [own])
    assert prepared.preparation_key(["population"], [own]) == before
    own.write_text("constituency_code\nE14001131\n")
    assert prepared.preparation_key(["population"], [own]) != before
    assert prepared.preparation_key(["population", "members"], [own]) != before
