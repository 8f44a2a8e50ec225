"""The workspace tables (SQLAlchemy 2 declarative models); the schema is migration 0001.

Times are stored as timezone-aware UTC (:class:`UTCDateTime`) and read back aware on
SQLite as well as PostgreSQL. List versions and plans are only ever added, never updated
or deleted.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator


def utc_now() -> dt.datetime:
    """Now, in UTC, timezone-aware."""
    return dt.datetime.now(dt.UTC)


class UTCDateTime(TypeDecorator):
    """A timezone-aware UTC time on every database (SQLite keeps no zone: UTC is implied)."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect) -> dt.datetime | None:
        """Store as UTC; a naive time is refused rather than guessed."""
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("times stored in the workspace must be timezone-aware")
        value = value.astimezone(dt.UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: dt.datetime | None, dialect) -> dt.datetime | None:
        """Read back as an aware UTC time."""
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)


NAMING = {
    "pk": "pk_%(table_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
}


class Base(DeclarativeBase):
    """The declarative base of every workspace table (constraints named by ``NAMING``)."""

    metadata = sa.MetaData(naming_convention=NAMING)


class Workspace(Base):
    """A team's workspace: its lists, target lists, plans and members."""

    __tablename__ = "workspace"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(100), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utc_now)


class User(Base):
    """A person who can sign in: a local account (password hash) or an e-mail (OIDC)."""

    __tablename__ = "app_user"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200), unique=True)
    email: Mapped[str | None] = mapped_column(sa.String(320), unique=True)
    password_hash: Mapped[str | None] = mapped_column(sa.String(500))
    disabled: Mapped[bool] = mapped_column(sa.Boolean(), default=False)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utc_now)


class Membership(Base):
    """A user's role in a workspace: viewer, editor or admin."""

    __tablename__ = "membership"
    __table_args__ = (sa.UniqueConstraint("user_id", "workspace_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("app_user.id"))
    workspace_id: Mapped[int] = mapped_column(sa.ForeignKey("workspace.id"))
    role: Mapped[str] = mapped_column(sa.String(20))


class ListVersion(Base):
    """One saved version of an endorsement list: the full CSV and what changed."""

    __tablename__ = "list_version"
    __table_args__ = (sa.UniqueConstraint("workspace_id", "list_name", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(sa.ForeignKey("workspace.id"))
    list_name: Mapped[str] = mapped_column(sa.String(100))
    number: Mapped[int] = mapped_column(sa.Integer())
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utc_now)
    author: Mapped[str] = mapped_column(sa.String(320))
    note: Mapped[str] = mapped_column(sa.Text(), default="")
    source: Mapped[str] = mapped_column(sa.String(20))  # seed|backup|import|app|restore
    restored_from: Mapped[int | None] = mapped_column(sa.Integer())
    row_count: Mapped[int] = mapped_column(sa.Integer())
    rows_added: Mapped[int] = mapped_column(sa.Integer())
    rows_removed: Mapped[int] = mapped_column(sa.Integer())
    rows_changed: Mapped[int] = mapped_column(sa.Integer())
    content: Mapped[str] = mapped_column(sa.Text(), deferred=True)  # read only when wanted


class TargetSeat(Base):
    """A seat on a group's own target list; ``revision`` goes up with every save."""

    __tablename__ = "target_seat"
    __table_args__ = (sa.UniqueConstraint("workspace_id", "group_name", "constituency_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(sa.ForeignKey("workspace.id"))
    group_name: Mapped[str] = mapped_column(sa.String(200))
    constituency_code: Mapped[str] = mapped_column(sa.String(9))
    priority: Mapped[int] = mapped_column(sa.Integer())
    status: Mapped[str] = mapped_column(sa.String(20))
    owner: Mapped[str] = mapped_column(sa.String(320), default="")
    notes: Mapped[str] = mapped_column(sa.Text(), default="")
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utc_now)
    updated_by: Mapped[str] = mapped_column(sa.String(320))
    revision: Mapped[int] = mapped_column(sa.Integer(), default=1)


class DeploymentPlan(Base):
    """A saved volunteer deployment plan: its settings (JSON) and the plan (CSV)."""

    __tablename__ = "deployment_plan"

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(sa.ForeignKey("workspace.id"))
    name: Mapped[str] = mapped_column(sa.String(200))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utc_now)
    author: Mapped[str] = mapped_column(sa.String(320))
    settings: Mapped[str] = mapped_column(sa.Text())
    content: Mapped[str] = mapped_column(sa.Text(), deferred=True)


class AuditEntry(Base):
    """One change: who did what to what, when, with details (JSON)."""

    __tablename__ = "audit_entry"
    __table_args__ = (sa.Index(None, "workspace_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utc_now)
    workspace_id: Mapped[int | None] = mapped_column(sa.ForeignKey("workspace.id"))
    actor: Mapped[str] = mapped_column(sa.String(320))
    action: Mapped[str] = mapped_column(sa.String(100))
    subject: Mapped[str] = mapped_column(sa.String(500))
    detail: Mapped[str] = mapped_column(sa.Text(), default="{}")


class SignInAttempt(Base):
    """One attempt to sign in with a local account (to slow repeated failures)."""

    __tablename__ = "sign_in_attempt"
    __table_args__ = (sa.Index(None, "user_name", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_name: Mapped[str] = mapped_column(sa.String(200))
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utc_now)
    succeeded: Mapped[bool] = mapped_column(sa.Boolean())
