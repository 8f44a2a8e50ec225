"""Opening the workspace database: its URL, one engine per process, migrations, transactions.

The default is a SQLite file in the data folder (nothing to set up);
``TARGETS_DATABASE_URL=postgresql+psycopg://user:password@host/db`` uses PostgreSQL.
The first open in a process brings the schema to the newest migration (Alembic
``upgrade head``): on PostgreSQL under an advisory lock, so replicas starting together
are safe; on SQLite every write transaction begins ``IMMEDIATE`` (one writer at a time,
waiting up to ``BUSY_TIMEOUT_SECONDS``), in WAL mode so readers never wait for it.
Engines hide bound values from logs and error messages (``hide_parameters``): names,
hashes and list rows never reach a log.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import Session

from targets.data import sources
from targets.errors import DataError

DATABASE_URL_ENV = "TARGETS_DATABASE_URL"
DATABASE_FILE = "workspace.sqlite3"
BUSY_TIMEOUT_SECONDS = 30
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
_MIGRATION_LOCK_KEY = 0x5EA7_7A26  # pg_advisory_xact_lock key for "upgrade head"
_WRITE = "targets_write"  # execution option: this connection will write (SQLite: IMMEDIATE)

_ENGINES: dict[str, Engine] = {}
_OPENING = threading.Lock()


def database_url() -> str:
    """The database to use: ``TARGETS_DATABASE_URL``, else the SQLite file in the data folder."""
    configured = os.environ.get(DATABASE_URL_ENV, "").strip()
    if configured:
        return configured
    return f"sqlite:///{sources.data_dir().resolve() / DATABASE_FILE}"


def hide_password(url: str) -> str:
    """The URL with any password replaced by ``***``, for messages and logs."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - an unparsable URL: hide whatever sits before '@'
        return re.sub(r"(//[^:/@]*:)[^@]*@", r"\1***@", str(url))


def open_database(url: str | None = None) -> Engine:
    """The engine for ``url`` (default :func:`database_url`), migrated to the newest schema.

    One engine per URL per process: later calls return the same one.

    Raises:
        DataError: the database cannot be reached, opened or migrated (the message names
            it without its password).
    """
    url = url or database_url()
    with _OPENING:
        engine = _ENGINES.get(url)
        if engine is None:
            engine = _create_engine(url)
            try:
                _upgrade(engine)
            except DataError:
                engine.dispose()
                raise
            except Exception as error:  # noqa: BLE001 - reported as data that cannot be had
                engine.dispose()
                raise DataError(_cannot_open(url, error)) from None
            _ENGINES[url] = engine
        return engine


def close_databases(url: str | None = None) -> None:
    """Dispose of the engine for ``url``, or of every engine this process opened."""
    with _OPENING:
        for key in [url] if url else list(_ENGINES):
            engine = _ENGINES.pop(key, None)
            if engine is not None:
                engine.dispose()


@contextmanager
def transaction(engine: Engine) -> Iterator[Session]:
    """A session that writes: committed when the block ends, rolled back if it raises.

    On SQLite it begins ``IMMEDIATE``, so two writers queue instead of failing halfway.

    Raises:
        DataError: the database cannot be reached (or stayed busy too long).
    """
    writer = engine.execution_options(**{_WRITE: True})
    with _reachable(engine), Session(writer, expire_on_commit=False) as session, session.begin():
        yield session


@contextmanager
def reading(engine: Engine) -> Iterator[Session]:
    """A session for reading only, to use in a ``with`` block.

    Raises:
        DataError: the database cannot be reached.
    """
    with _reachable(engine), Session(engine, expire_on_commit=False) as session:
        yield session


@contextmanager
def _reachable(engine: Engine) -> Iterator[None]:
    """Turn a lost or busy database into a DataError saying so (never the password)."""
    try:
        yield
    except (sa.exc.OperationalError, sa.exc.InterfaceError) as error:
        url = engine.url.render_as_string(hide_password=False)
        raise DataError(_cannot_open(url, error).replace("cannot open", "cannot use")) from None


def _cannot_open(url: str, error: BaseException) -> str:
    reason = str(getattr(error, "orig", None) or error).strip().splitlines()
    detail = reason[0] if reason else type(error).__name__
    safe = hide_password(url)
    password = _password(url)
    if password:
        detail = detail.replace(password, "***")
    return (
        f"cannot open the workspace database {safe}: {detail}. "
        f"Check {DATABASE_URL_ENV} and that the database server is running"
    )


def _password(url: str) -> str | None:
    try:
        return make_url(url).password
    except Exception:  # noqa: BLE001
        return None


def _create_engine(url: str) -> Engine:
    try:
        parsed = make_url(url)
    except Exception as error:  # noqa: BLE001
        raise DataError(
            f"{DATABASE_URL_ENV} is not a database URL ({hide_password(url)}): "
            "use e.g. postgresql+psycopg://user:password@host:5432/targets"
        ) from error
    if parsed.get_backend_name() == "sqlite":
        return _create_sqlite_engine(url, parsed)
    try:
        return sa.create_engine(url, pool_pre_ping=True, hide_parameters=True)
    except Exception as error:  # noqa: BLE001 - e.g. the driver is not installed
        raise DataError(_cannot_open(url, error)) from None


def _create_sqlite_engine(url: str, parsed) -> Engine:
    database = parsed.database
    if database and database != ":memory:" and not database.startswith("file:"):
        try:
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise DataError(_cannot_open(url, error)) from None
    engine = sa.create_engine(
        url, connect_args={"timeout": BUSY_TIMEOUT_SECONDS}, hide_parameters=True
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves (below)
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_SECONDS * 1000}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:
        writes = connection.get_execution_options().get(_WRITE, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if writes else "BEGIN")

    return engine


def _upgrade(engine: Engine) -> None:
    """Bring the schema to the newest migration (Alembic ``upgrade head``)."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.execution_options(**{_WRITE: True}).begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(
                sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK_KEY}
            )
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
