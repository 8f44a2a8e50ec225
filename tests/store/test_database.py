"""Opening the workspace database: migrations from empty, times, errors without passwords."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from postgres_fixtures import empty_postgres_database

from targets.errors import DataError
from targets.store import database
from targets.store.tables import Base, Workspace

TABLES = {
    "workspace",
    "app_user",
    "membership",
    "list_version",
    "target_seat",
    "deployment_plan",
    "audit_entry",
    "sign_in_attempt",
}


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_url(request, tmp_path):
    """A database with nothing in it at all."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.sqlite3'}"
        return
    url, drop = empty_postgres_database(request.getfixturevalue("postgres_server"))
    yield url
    database.close_databases(url)
    drop()


def test_migrations_apply_from_empty_and_match_the_tables(empty_url):
    engine = database.open_database(empty_url)
    names = set(sa.inspect(engine).get_table_names())
    assert names >= TABLES and "alembic_version" in names
    with engine.connect() as connection:
        assert connection.scalar(sa.text("SELECT version_num FROM alembic_version")) == "0001"
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == []
    assert database.open_database(empty_url) is engine  # one engine per URL per process
    database.close_databases(empty_url)
    again = database.open_database(empty_url)  # a second upgrade finds nothing to do
    assert again is not engine
    database.close_databases(empty_url)


def test_two_processes_opening_an_empty_database_together(empty_url):
    code = (
        "import sys; from targets.store import database; "
        "database.open_database(sys.argv[1]); print('ok')"
    )
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", code, empty_url], stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        for _ in range(2)
    ]
    results = [run.communicate(timeout=120) for run in runs]
    for run, (out, err) in zip(runs, results, strict=True):
        assert run.returncode == 0, err.decode()
        assert out.decode().strip() == "ok"
    engine = database.open_database(empty_url)
    with engine.connect() as connection:
        versions = connection.scalars(sa.text("SELECT version_num FROM alembic_version")).all()
    assert versions == ["0001"]


def test_times_round_trip_timezone_aware_utc(workspace_engine):
    when = dt.datetime(2026, 6, 1, 14, 30, 15, 123456, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    with database.transaction(workspace_engine) as session:
        session.add(Workspace(name="timed", created_at=when))
    with database.reading(workspace_engine) as session:
        back = session.scalar(sa.select(Workspace.created_at).where(Workspace.name == "timed"))
    assert back.tzinfo is not None and back.utcoffset() == dt.timedelta(0)
    assert back == when


def test_a_naive_time_is_refused(workspace_engine):
    with pytest.raises(sa.exc.StatementError), database.transaction(workspace_engine) as session:
        session.add(Workspace(name="naive", created_at=dt.datetime(2026, 1, 1)))
        session.flush()


def test_a_failed_transaction_writes_nothing(workspace_engine):
    with pytest.raises(RuntimeError), database.transaction(workspace_engine) as session:
        session.add(Workspace(name="never"))
        session.flush()
        raise RuntimeError("stop")
    with database.reading(workspace_engine) as session:
        assert session.scalars(sa.select(Workspace.name)).all() == []


def test_the_default_url_is_a_file_in_the_data_folder(monkeypatch, tmp_path):
    monkeypatch.delenv(database.DATABASE_URL_ENV, raising=False)
    monkeypatch.setenv("TARGETS_DATA_DIR", str(tmp_path))
    assert database.database_url() == f"sqlite:///{tmp_path.resolve() / 'workspace.sqlite3'}"
    monkeypatch.setenv(database.DATABASE_URL_ENV, "postgresql+psycopg://u:p@db/targets")
    assert database.database_url() == "postgresql+psycopg://u:p@db/targets"


def test_hide_password():
    url = "postgresql+psycopg://alice:s3cret-pw@db.example:5432/targets"
    assert database.hide_password(url) == "postgresql+psycopg://alice:***@db.example:5432/targets"
    assert "s3cret" not in database.hide_password("nonsense://a:s3cret@@@")


def test_an_unreachable_server_is_a_clear_data_error_without_the_password():
    url = "postgresql+psycopg://alice:s3cret-pw@127.0.0.1:9/targets?connect_timeout=2"
    with pytest.raises(DataError) as caught:
        database.open_database(url)
    message = str(caught.value)
    assert "s3cret-pw" not in message
    assert message.startswith("cannot open the workspace database postgresql+psycopg://alice:***@")
    assert "TARGETS_DATABASE_URL" in message


def test_a_url_that_is_not_one_is_a_data_error():
    with pytest.raises(DataError, match="is not a database URL"):
        database.open_database("not a url at all")


def test_a_folder_that_cannot_be_made_is_a_data_error(tmp_path):
    blocked = tmp_path / "a-file"
    blocked.write_text("x")
    with pytest.raises(DataError, match="cannot open the workspace database"):
        database.open_database(f"sqlite:///{blocked / 'sub' / 'workspace.sqlite3'}")


def test_the_migrations_ship_with_the_package():
    import tomllib
    from fnmatch import fnmatch

    root = Path(__file__).resolve().parents[2]
    config = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["targets.store"]
    package = database.MIGRATIONS.parent
    files = [
        path.relative_to(package).as_posix()
        for path in database.MIGRATIONS.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    ]
    assert "migrations/versions/0001_workspace.py" in files
    assert [name for name in files if not any(fnmatch(name, p) for p in patterns)] == []


def test_a_database_lost_after_opening_is_a_data_error(tmp_path):
    url = f"sqlite:///{tmp_path / 'gone' / 'workspace.sqlite3'}"
    engine = database.open_database(url)
    engine.dispose()
    shutil.rmtree(tmp_path / "gone")  # the folder is gone: SQLite cannot open the file again
    try:
        message = "cannot use the workspace database sqlite:///"
        with pytest.raises(DataError, match=message), database.reading(engine) as session:
            session.scalar(sa.select(Workspace.id))
        with pytest.raises(DataError), database.transaction(engine) as session:
            session.add(Workspace(name="lost"))
    finally:
        database.close_databases(url)
