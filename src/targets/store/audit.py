"""The audit log: every change to a workspace, who made it and when (admins read it).

Entries are written in the same transaction as the change they describe, so there is
never a change without its entry or an entry without its change. Details name rows and
counts, never passwords.
"""

from __future__ import annotations

import json

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from targets.store.database import reading
from targets.store.tables import AuditEntry, utc_now
from targets.store.workspaces import find_workspace, workspace_id

AUDIT_COLUMNS = ("at", "actor", "action", "subject", "detail")


def record(
    session: Session,
    *,
    actor: str,
    action: str,
    subject: str,
    detail: dict | None = None,
    workspace: str | None = None,
) -> None:
    """Add an audit entry to ``session`` (committed with the change it describes)."""
    session.add(
        AuditEntry(
            at=utc_now(),
            workspace_id=workspace_id(session, workspace) if workspace is not None else None,
            actor=actor,
            action=action,
            subject=subject,
            detail=json.dumps(detail or {}, ensure_ascii=False, sort_keys=True, default=str),
        )
    )


def read_audit(engine: Engine, workspace: str | None = None, limit: int = 200) -> pd.DataFrame:
    """The newest ``limit`` entries (of one workspace, or all), newest first.

    Columns: ``at`` (UTC), ``actor``, ``action``, ``subject``, ``detail`` (JSON text).
    """
    query = sa.select(
        AuditEntry.at, AuditEntry.actor, AuditEntry.action, AuditEntry.subject, AuditEntry.detail
    )
    with reading(engine) as session:
        if workspace is not None:
            found = find_workspace(session, workspace)
            if found is None:
                return _empty()
            query = query.where(AuditEntry.workspace_id == found)
        query = query.order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(int(limit))
        rows = session.execute(query).all()
    if not rows:
        return _empty()
    frame = pd.DataFrame([tuple(row) for row in rows], columns=list(AUDIT_COLUMNS))
    frame["at"] = pd.to_datetime(frame["at"], utc=True)
    return frame


def _empty() -> pd.DataFrame:
    frame = pd.DataFrame({column: pd.Series(dtype=object) for column in AUDIT_COLUMNS})
    frame["at"] = pd.Series(dtype="datetime64[ns, UTC]")
    return frame
