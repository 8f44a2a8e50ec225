"""Endorsement lists in the workspace: every save a new version, nothing ever lost.

Each version is a full snapshot (the CSV ``checked_endorsements_csv`` makes, so it always
loads again) with who saved it, when, and the rows added, removed and changed against the
version before (rows are the same stance when their ``stance_key`` is: seat, candidate,
party, group). A save names the version it was based on; if another save came first it is
refused with :class:`ListChangedError` and nothing is written, so nobody's rows are lost.
The unique (workspace, list, number) constraint makes that hold across processes too.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from pathlib import Path

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from targets.data.candidates_file import (
    ENDORSEMENT_COLUMNS,
    checked_endorsements_csv,
    parse_endorsement_csv,
    read_endorsement_file,
)
from targets.errors import BadInputError, UnknownChoiceError
from targets.store import audit
from targets.store.database import reading, transaction
from targets.store.list_changes import ListChangedError, ListChanges, VersionInfo, compare_lists
from targets.store.members import DEFAULT_LIST  # noqa: F401  (re-exported)
from targets.store.tables import ListVersion, utc_now
from targets.store.workspaces import DEFAULT_WORKSPACE, find_workspace, workspace_id

SOURCES = ("seed", "backup", "import", "app", "restore")
SEED_AUTHOR = "seed"
_BACKUP_STAMP = re.compile(r"\.(\d{8}T\d{6}\.\d{6})Z(?:-\d+)?$")
_LOG = logging.getLogger(__name__)


# ---------------------------------------------------------------- reading


def _info(row: ListVersion) -> VersionInfo:
    return VersionInfo(
        number=row.number,
        created_at=row.created_at,
        author=row.author,
        note=row.note,
        source=row.source,
        restored_from=row.restored_from,
        row_count=row.row_count,
        rows_added=row.rows_added,
        rows_removed=row.rows_removed,
        rows_changed=row.rows_changed,
    )


def _versions(session: Session, space: int | None, list_name: str):
    return (
        sa.select(ListVersion)
        .where(ListVersion.workspace_id == space, ListVersion.list_name == list_name)
        .order_by(ListVersion.number)
    )


def _latest(session: Session, space: int | None, list_name: str) -> ListVersion | None:
    if space is None:
        return None
    query = _versions(session, space, list_name).order_by(None)
    return session.scalars(query.order_by(ListVersion.number.desc()).limit(1)).first()


def _numbered(session: Session, space: int | None, list_name: str, number: int) -> ListVersion:
    found = None
    if space is not None:
        query = _versions(session, space, list_name).where(ListVersion.number == int(number))
        found = session.scalars(query).first()
    if found is None:
        numbers = (
            []
            if space is None
            else session.scalars(
                sa.select(ListVersion.number).where(
                    ListVersion.workspace_id == space, ListVersion.list_name == list_name
                )
            ).all()
        )
        raise UnknownChoiceError("version", str(number), [str(n) for n in numbers])
    return found


def _rows(content: str) -> pd.DataFrame:
    frame = parse_endorsement_csv(content.encode("utf-8"))
    return frame.reindex(columns=list(ENDORSEMENT_COLUMNS))


def _empty_rows() -> pd.DataFrame:
    return pd.DataFrame({column: pd.Series(dtype="string") for column in ENDORSEMENT_COLUMNS})


def current_version(
    engine: Engine, workspace: str = DEFAULT_WORKSPACE, list_name: str = DEFAULT_LIST
) -> VersionInfo | None:
    """The current (newest) version of the list, or None if it has none yet."""
    with reading(engine) as session:
        row = _latest(session, find_workspace(session, workspace), list_name)
        return _info(row) if row is not None else None


def list_versions(
    engine: Engine, workspace: str = DEFAULT_WORKSPACE, list_name: str = DEFAULT_LIST
) -> list[VersionInfo]:
    """Every version of the list, oldest first."""
    with reading(engine) as session:
        space = find_workspace(session, workspace)
        if space is None:
            return []
        return [_info(row) for row in session.scalars(_versions(session, space, list_name))]


def read_version(
    engine: Engine,
    number: int | None = None,
    workspace: str = DEFAULT_WORKSPACE,
    list_name: str = DEFAULT_LIST,
) -> pd.DataFrame:
    """The rows of version ``number`` (None: the current one; no list: an empty frame).

    Raises:
        UnknownChoiceError: there is no version ``number``.
    """
    with reading(engine) as session:
        space = find_workspace(session, workspace)
        if number is None:
            row = _latest(session, space, list_name)
            return _rows(row.content) if row is not None else _empty_rows()
        return _rows(_numbered(session, space, list_name, number).content)


def compare_versions(
    engine: Engine,
    older: int,
    newer: int,
    workspace: str = DEFAULT_WORKSPACE,
    list_name: str = DEFAULT_LIST,
) -> ListChanges:
    """What changed from version ``older`` to version ``newer``."""
    before = read_version(engine, older, workspace, list_name)
    return compare_lists(before, read_version(engine, newer, workspace, list_name))


def list_names(engine: Engine, workspace: str = DEFAULT_WORKSPACE) -> list[str]:
    """The names of the workspace's lists that have a version, sorted."""
    with reading(engine) as session:
        space = find_workspace(session, workspace)
        if space is None:
            return []
        query = sa.select(ListVersion.list_name).where(ListVersion.workspace_id == space)
        return sorted(set(session.scalars(query.distinct())))


# ---------------------------------------------------------------- saving


def _add_version(
    session: Session,
    space: int,
    list_name: str,
    previous: ListVersion | None,
    content: str,
    *,
    author: str,
    note: str,
    source: str,
    restored_from: int | None = None,
    created_at: dt.datetime | None = None,
) -> ListVersion:
    """Add the next version after ``previous`` (flushed, so a clash raises here)."""
    rows = _rows(content)
    before = _rows(previous.content) if previous is not None else _empty_rows()
    added, removed, changed = compare_lists(before, rows).counts()
    version = ListVersion(
        workspace_id=space,
        list_name=list_name,
        number=previous.number + 1 if previous is not None else 1,
        created_at=created_at or utc_now(),
        author=author,
        note=note,
        source=source,
        restored_from=restored_from,
        row_count=len(rows),
        rows_added=added,
        rows_removed=removed,
        rows_changed=changed,
        content=content,
    )
    session.add(version)
    session.flush()
    return version


def _save(
    engine: Engine,
    content: str,
    *,
    author: str,
    based_on: int | None,
    note: str,
    source: str,
    workspace: str,
    list_name: str,
    restore: int | None = None,
) -> VersionInfo:
    if source not in SOURCES:
        raise BadInputError(f"unknown source {source!r}; choose from: {', '.join(SOURCES)}")
    if not str(author).strip():
        raise BadInputError("not saved: a save needs the name of who is saving")
    try:
        with transaction(engine) as session:
            space = workspace_id(session, workspace)
            previous = _latest(session, space, list_name)
            if (previous.number if previous is not None else None) != based_on:
                raise ListChangedError(
                    based_on,
                    _info(previous) if previous else None,
                    _rows(content),
                )
            version = _add_version(
                session,
                space,
                list_name,
                previous,
                content,
                author=author,
                note=note,
                source=source,
                restored_from=restore,
            )
            info = _info(version)
            audit.record(
                session,
                actor=author,
                action="list restored" if restore is not None else "list saved",
                subject=f"{list_name} v{info.number}",
                detail={
                    "list": list_name,
                    "version": info.number,
                    "source": source,
                    "restored_from": restore,
                    "rows": info.row_count,
                    "added": info.rows_added,
                    "removed": info.rows_removed,
                    "changed": info.rows_changed,
                },
                workspace=workspace,
            )
        return info
    except IntegrityError:  # another process saved the same number first
        raise ListChangedError(
            based_on, current_version(engine, workspace, list_name), _rows(content)
        ) from None


def save_version(
    engine: Engine,
    frame: pd.DataFrame,
    *,
    author: str,
    based_on: int | None,
    note: str = "",
    source: str = "app",
    workspace: str = DEFAULT_WORKSPACE,
    list_name: str = DEFAULT_LIST,
) -> VersionInfo:
    """Save ``frame`` as the list's next version, if the list is still at ``based_on``.

    Raises:
        NotSavedError: the rows would not load again (nothing is written).
        ListChangedError: the current version is not ``based_on`` (nothing is written).
    """
    content = checked_endorsements_csv(frame).decode("utf-8")
    return _save(
        engine,
        content,
        author=author,
        based_on=based_on,
        note=note,
        source=source,
        workspace=workspace,
        list_name=list_name,
    )


def restore_version(
    engine: Engine,
    number: int,
    *,
    author: str,
    based_on: int | None,
    workspace: str = DEFAULT_WORKSPACE,
    list_name: str = DEFAULT_LIST,
) -> VersionInfo:
    """Make version ``number`` current again, as a new version (source "restore").

    Raises:
        UnknownChoiceError: there is no version ``number``.
        ListChangedError: the current version is not ``based_on``.
    """
    content = _content_of(engine, number, workspace, list_name)
    return _save(
        engine,
        content,
        author=author,
        based_on=based_on,
        note=f"restored from v{number}",
        source="restore",
        workspace=workspace,
        list_name=list_name,
        restore=int(number),
    )


def _content_of(engine: Engine, number: int, workspace: str, list_name: str) -> str:
    with reading(engine) as session:
        space = find_workspace(session, workspace)
        return _numbered(session, space, list_name, number).content


# ---------------------------------------------------------------- seeding


def _stamp(path: Path) -> dt.datetime:
    """When a backup was made: the time in its name, else the file's modification time."""
    found = _BACKUP_STAMP.search(path.stem)
    if found:
        return dt.datetime.strptime(found.group(1), "%Y%m%dT%H%M%S.%f").replace(tzinfo=dt.UTC)
    return dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC)


def _readable(path: Path) -> str | None:
    """The file's rows as stored CSV text, or None if it cannot be read or would not load."""
    try:
        return checked_endorsements_csv(read_endorsement_file(path)).decode("utf-8")
    except (OSError, ValueError, UnicodeDecodeError) as error:
        _LOG.warning("not seeded from %s: %s", path.name, type(error).__name__)
        return None


def seed_workspace(
    engine: Engine,
    csv_path: Path,
    backups: list[Path],
    workspace: str = DEFAULT_WORKSPACE,
    list_name: str = DEFAULT_LIST,
) -> list[VersionInfo]:
    """Seed a list that has no version yet: its backups (oldest first), then ``csv_path``.

    Each readable backup becomes a version (source "backup", author "seed", made at the
    time in its name), then the CSV (source "seed"); unreadable files are skipped. Does
    nothing if the list already has a version, so it is safe to call on every start and
    from two processes at once.

    Returns:
        The versions made, oldest first (empty if the list was already there).
    """
    files = [(Path(path), "backup") for path in backups if Path(path).is_file()]
    files.sort(key=lambda item: _stamp(item[0]))
    if Path(csv_path).is_file():
        files.append((Path(csv_path), "seed"))
    if current_version(engine, workspace, list_name) is not None:
        return []
    contents = [(path, source, _readable(path)) for path, source in files]
    try:
        with transaction(engine) as session:
            space = workspace_id(session, workspace)
            previous = _latest(session, space, list_name)
            if previous is not None:
                return []
            made = []
            for path, source, content in contents:
                if content is None:
                    continue
                previous = _add_version(
                    session,
                    space,
                    list_name,
                    previous,
                    content,
                    author=SEED_AUTHOR,
                    note=f"imported from {path.name}",
                    source=source,
                    created_at=_stamp(path) if source == "backup" else None,
                )
                made.append(_info(previous))
            if made:
                audit.record(
                    session,
                    actor=SEED_AUTHOR,
                    action="list seeded",
                    subject=f"{list_name} v1–v{len(made)}",
                    detail={
                        "list": list_name,
                        "versions": len(made),
                        "files": [path.name for path, _, content in contents if content],
                    },
                    workspace=workspace,
                )
        return made
    except IntegrityError:  # another process seeded it at the same moment
        return []
