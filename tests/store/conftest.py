"""The ``workspace_engine`` fixture: every storage and sign-in test on SQLite and PostgreSQL.

SQLite: a fresh file in the test's tmp folder. PostgreSQL: the server named by
``TARGETS_TEST_POSTGRES_URL`` (``.ci/run`` starts one), else a throwaway server this
session starts with Debian's ``initdb``/``pg_ctl`` in a tmp folder; if neither can be had
the PostgreSQL tests skip locally and fail in CI. A fresh database (``targets_test_<hex>``)
is made for the session, migrated once, and emptied before each test; it is dropped at the
end. Either way ``TARGETS_DATABASE_URL`` names the test's database while it runs.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from postgres_fixtures import admin_engine as _admin
from postgres_fixtures import postgres_unavailable
from sqlalchemy.engine import Engine, make_url

from targets.store import database
from targets.store.tables import Base


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
        postgres_unavailable(
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
