"""Alembic environment for the workspace store: migrations run on the caller's connection.

``targets.store.database.open_database`` passes its connection (inside a transaction,
under the PostgreSQL advisory lock) as ``config.attributes["connection"]``. Run from the
command line (``alembic upgrade head`` with the repository's ``alembic.ini``), the URL is
``targets.store.database.database_url()``.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import context

from targets.store.database import database_url
from targets.store.tables import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_offline() -> None:
    """Write the SQL instead of running it (``alembic upgrade head --sql``)."""
    context.configure(url=database_url(), target_metadata=target_metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Run the migrations on the given connection, or on a new one to ``database_url()``."""
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = sa.create_engine(database_url())
    try:
        with engine.connect() as own:
            _run(own)
            own.commit()
    finally:
        engine.dispose()


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
