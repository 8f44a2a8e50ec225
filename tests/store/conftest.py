"""The ``workspace_engine`` fixture: every storage and sign-in test on SQLite and PostgreSQL.

SQLite: a fresh file in the test's tmp folder. PostgreSQL: the server named by
``TARGETS_TEST_POSTGRES_URL`` (``.ci/run`` starts one), else a throwaway server this
session starts with Debian's ``initdb``/``pg_ctl`` in a tmp folder; if neither can be had
the PostgreSQL tests skip locally and fail in CI. A fresh database (``targets_test_<hex>``)
is made for the session, migrated once, and emptied before each test; it is dropped at the
end. Either way ``TARGETS_DATABASE_URL`` names the test's database while it runs.
"""

from __future__ import annotations

import glob
import os
import secrets
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine, make_url
from store_helpers import admin_engine as _admin

from targets.store import database
from targets.store.tables import Base

POSTGRES_URL_ENV = "TARGETS_TEST_POSTGRES_URL"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def _unavailable(message: str) -> None:
    if IN_CI:
        pytest.fail(f"PostgreSQL is needed in CI: {message}")
    pytest.skip(f"PostgreSQL unavailable: {message}")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _as_postgres_user(command: list[str]) -> list[str]:
    """Run as the ``postgres`` user when we are root (PostgreSQL refuses to run as root)."""
    if os.geteuid() != 0:
        return command
    return ["runuser", "-u", "postgres", "--", *command]


def _start_own_server(folder: Path) -> tuple[str, list[str]]:
    """Start a throwaway server in ``folder``; returns its URL and the command that stops it."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not found:
        _unavailable("no /usr/lib/postgresql/*/bin/initdb (apt-get install postgresql)")
    bin_dir = Path(found[-1]).parent
    data, sockets = folder / "cluster", folder / "sockets"
    sockets.mkdir(parents=True)
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
        shutil.chown(sockets, "postgres")
    port = _free_port()
    initdb = [str(bin_dir / "initdb"), "-D", str(data), "-U", "targets", "--auth=trust"]
    start = [
        str(bin_dir / "pg_ctl"),
        *("-D", str(data), "-l", str(folder / "server.log"), "-w", "start"),
        "-o",
        f"-p {port} -k {sockets} -c listen_addresses=127.0.0.1 -c fsync=off "
        "-c synchronous_commit=off -c full_page_writes=off",
    ]
    stop = _as_postgres_user([str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"])
    for command in (initdb, start):
        done = subprocess.run(
            _as_postgres_user(command), capture_output=True, text=True, timeout=120
        )
        if done.returncode != 0:
            _unavailable(f"{command[0]} failed: {done.stderr.strip()[-500:]}")
    return f"postgresql+psycopg://targets@127.0.0.1:{port}/postgres", stop


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """The URL of a PostgreSQL server's maintenance database we may create databases on."""
    url = os.environ.get(POSTGRES_URL_ENV)
    if url:
        yield url
        return
    # not under pytest's tmp folder: the postgres user must be able to reach it
    folder = Path(tempfile.mkdtemp(prefix="targets-postgres-"))
    try:
        url, stop = _start_own_server(folder)
        try:
            yield url
        finally:
            subprocess.run(stop, capture_output=True, timeout=120)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres_database(postgres_server) -> Iterator[str]:
    """A fresh database for this test session, migrated once; dropped at the end."""
    name = f"targets_test_{secrets.token_hex(4)}"
    admin = _admin(postgres_server)
    try:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    except sa.exc.OperationalError as error:
        admin.dispose()
        _unavailable(
            f"cannot create a database on {database.hide_password(postgres_server)}: {error.orig}"
        )
    url = make_url(postgres_server).set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        database.close_databases()
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def _empty_every_table(engine: Engine) -> None:
    names = ", ".join(f'"{table.name}"' for table in Base.metadata.sorted_tables)
    with engine.begin() as connection:
        connection.exec_driver_sql(f"TRUNCATE {names} RESTART IDENTITY CASCADE")


@pytest.fixture(params=["sqlite", "postgresql"])
def workspace_url(request, tmp_path, monkeypatch) -> str:
    """The URL of an empty, migrated workspace database (set as ``TARGETS_DATABASE_URL``)."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'workspace.sqlite3'}"
    else:
        url = request.getfixturevalue("postgres_database")
        _empty_every_table(database.open_database(url))
    monkeypatch.setenv(database.DATABASE_URL_ENV, url)
    return url


@pytest.fixture
def workspace_engine(workspace_url) -> Iterator[Engine]:
    """An empty, migrated workspace database, on SQLite and on PostgreSQL."""
    engine = database.open_database(workspace_url)
    yield engine
    if workspace_url.startswith("sqlite"):
        database.close_databases(workspace_url)


@pytest.fixture
def backend(workspace_url) -> str:
    """Which database the test runs on: "sqlite" or "postgresql"."""
    return make_url(workspace_url).get_backend_name()
