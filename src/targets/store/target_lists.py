"""A group's own target list: seat, priority, status, owner, notes, who updated it and when.

Each seat's row carries a ``revision``; a save names the revision it was based on (None
for "I think it is new"), and if someone else saved the seat since, it is refused with
:class:`TargetChangedError`, which carries the row as it is now. Every save is audited
with the row before and after.
"""

from __future__ import annotations

import re

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from targets.data.candidates_file import SEAT_CODE_PATTERN
from targets.errors import BadInputError
from targets.store import audit
from targets.store.database import reading, transaction
from targets.store.tables import TargetSeat, utc_now
from targets.store.workspaces import DEFAULT_WORKSPACE, find_workspace, workspace_id

STATUSES = ("considering", "target", "dropped")
TARGET_COLUMNS = (
    "constituency_code",
    "priority",
    "status",
    "owner",
    "notes",
    "updated_at",
    "updated_by",
    "revision",
)


class TargetChangedError(BadInputError):
    """Someone saved this seat since it was opened: nothing was saved.

    Attributes:
        current: the row as it is now (``TARGET_COLUMNS``), or None if there is none.
    """

    def __init__(self, message: str, current: dict | None = None):
        self.current = current
        super().__init__(message)


def _changed(code: str, current: dict | None) -> TargetChangedError:
    if current is None:
        now = "it is not on the list"
    else:
        now = f"now revision {current['revision']} by {current['updated_by']}"
    return TargetChangedError(
        f"not saved: {code} changed since you opened it ({now}). "
        "Look at it again and save your change on top",
        current=current,
    )


def _as_dict(row: TargetSeat) -> dict:
    return {column: getattr(row, column) for column in TARGET_COLUMNS}


def read_target_list(
    engine: Engine, group: str, workspace: str = DEFAULT_WORKSPACE
) -> pd.DataFrame:
    """A group's target list (``TARGET_COLUMNS``), by priority then seat code."""
    with reading(engine) as session:
        space = find_workspace(session, workspace)
        rows = []
        if space is not None:
            query = (
                sa.select(TargetSeat)
                .where(TargetSeat.workspace_id == space, TargetSeat.group_name == group)
                .order_by(TargetSeat.priority, TargetSeat.constituency_code)
            )
            rows = [_as_dict(row) for row in session.scalars(query)]
    frame = pd.DataFrame(rows, columns=list(TARGET_COLUMNS))
    frame["priority"] = frame["priority"].astype("int64")
    frame["revision"] = frame["revision"].astype("int64")
    frame["updated_at"] = pd.to_datetime(frame["updated_at"], utc=True)
    return frame


def target_list_groups(engine: Engine, workspace: str = DEFAULT_WORKSPACE) -> list[str]:
    """The groups that have a target list in the workspace, sorted."""
    with reading(engine) as session:
        space = find_workspace(session, workspace)
        if space is None:
            return []
        query = sa.select(TargetSeat.group_name).where(TargetSeat.workspace_id == space)
        return sorted(set(session.scalars(query.distinct())))


def _checked(group: str, code: str, priority: int, status: str) -> tuple[str, str, int]:
    group, code = str(group).strip(), str(code).strip().upper()
    if not group:
        raise BadInputError("a target list needs a group name")
    if not re.match(SEAT_CODE_PATTERN, code):
        raise BadInputError(f"{code!r} is not a seat code like E14001131")
    if status not in STATUSES:
        raise BadInputError(f"status {status!r}: choose from {', '.join(STATUSES)}")
    try:
        number = int(priority)
    except (TypeError, ValueError):
        raise BadInputError(f"priority {priority!r} must be a whole number") from None
    if number != priority:
        raise BadInputError(f"priority {priority!r} must be a whole number")
    return group, code, number


def save_target_seat(
    engine: Engine,
    group: str,
    constituency_code: str,
    *,
    priority: int,
    status: str,
    owner: str,
    notes: str,
    author: str,
    expected_revision: int | None,
    workspace: str = DEFAULT_WORKSPACE,
) -> int:
    """Save one seat on a group's target list; returns its new revision (1 when new).

    Raises:
        BadInputError: a bad seat code, status or priority.
        TargetChangedError: the seat's revision is not ``expected_revision``.
    """
    group, code, priority = _checked(group, constituency_code, priority, status)
    if not str(author).strip():
        raise BadInputError("not saved: a save needs the name of who is saving")
    values = {"priority": priority, "status": status, "owner": owner or "", "notes": notes or ""}
    try:
        with transaction(engine) as session:
            space = workspace_id(session, workspace)
            row = session.scalars(
                sa.select(TargetSeat).where(
                    TargetSeat.workspace_id == space,
                    TargetSeat.group_name == group,
                    TargetSeat.constituency_code == code,
                )
            ).first()
            current = _as_dict(row) if row is not None else None
            if (row.revision if row is not None else None) != expected_revision:
                raise _changed(code, current)
            now = utc_now()
            if row is None:
                row = TargetSeat(
                    workspace_id=space,
                    group_name=group,
                    constituency_code=code,
                    updated_at=now,
                    updated_by=author,
                    revision=1,
                    **values,
                )
                session.add(row)
                session.flush()
            else:
                changed = session.execute(
                    sa.update(TargetSeat)
                    .where(TargetSeat.id == row.id, TargetSeat.revision == expected_revision)
                    .values(updated_at=now, updated_by=author, revision=row.revision + 1, **values)
                    .execution_options(synchronize_session=False)
                )
                if changed.rowcount != 1:
                    raise _changed(code, current)
            revision = 1 if current is None else current["revision"] + 1
            before = {k: current[k] for k in values} if current is not None else None
            audit.record(
                session,
                actor=author,
                action="target seat saved",
                subject=f"{group}: {code}",
                detail={
                    "group": group,
                    "seat": code,
                    "revision": revision,
                    "before": before,
                    "after": values,
                },
                workspace=workspace,
            )
        return revision
    except IntegrityError:  # another process added the same seat at the same moment
        raise _changed(code, _current_row(engine, group, code, workspace)) from None


def _current_row(engine: Engine, group: str, code: str, workspace: str) -> dict | None:
    table = read_target_list(engine, group, workspace)
    found = table[table["constituency_code"] == code]
    return found.iloc[0].to_dict() if len(found) else None
