"""PostgreSQL for the tests: a server (named, or a throwaway one) and fresh databases on it.

``TARGETS_TEST_POSTGRES_URL`` names a server's maintenance database we may create databases
on (``.ci/run`` starts one); without it the ``postgres_server`` fixture starts a throwaway
server for the session with Debian's ``initdb``/``pg_ctl`` (as the ``postgres`` user when
run as root) in a tmp folder, and stops and removes it at the end. If neither can be had,
tests needing it skip locally and fail in CI. Registered by ``tests/conftest.py``.
"""

from __future__ import annotations

import glob
import os
import secrets
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine, make_url

POSTGRES_URL_ENV = "TARGETS_TEST_POSTGRES_URL"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def postgres_unavailable(message: str) -> None:
    """Skip locally, fail in CI: PostgreSQL cannot be had."""
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
        postgres_unavailable("no /usr/lib/postgresql/*/bin/initdb (apt-get install postgresql)")
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
            postgres_unavailable(f"{command[0]} failed: {done.stderr.strip()[-500:]}")
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


def admin_engine(url: str) -> Engine:
    """An engine that can create and drop databases (no transaction around statements)."""
    return sa.create_engine(url, isolation_level="AUTOCOMMIT")


def empty_postgres_database(server_url: str) -> tuple[str, Callable[[], None]]:
    """Another fresh, empty database on the server (for migration tests) and its dropper."""
    name = f"targets_test_{secrets.token_hex(4)}"
    admin = admin_engine(server_url)
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()

    return make_url(server_url).set(database=name).render_as_string(hide_password=False), drop
