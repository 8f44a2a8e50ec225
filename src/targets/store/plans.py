"""Saved volunteer deployment plans: the settings (JSON) and the plan table (CSV).

A plan names volunteers, so it is workspace data: only members read it, and the audit
log records that a plan was saved (its name and size), never its rows.
"""

from __future__ import annotations

import io
import json

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from targets.errors import BadInputError, UnknownChoiceError
from targets.store import audit
from targets.store.database import reading, transaction
from targets.store.tables import DeploymentPlan, utc_now
from targets.store.workspaces import DEFAULT_WORKSPACE, find_workspace, workspace_id

PLAN_COLUMNS = ("id", "name", "created_at", "author")


def save_plan(
    engine: Engine,
    name: str,
    settings: dict,
    plan: pd.DataFrame,
    *,
    author: str,
    workspace: str = DEFAULT_WORKSPACE,
) -> int:
    """Save a plan under ``name`` (names may repeat: each save is kept); returns its id."""
    name = str(name).strip()
    if not name:
        raise BadInputError("a saved plan needs a name")
    if not str(author).strip():
        raise BadInputError("not saved: a save needs the name of who is saving")
    try:
        settings_text = json.dumps(settings, ensure_ascii=False, sort_keys=True)
    except (TypeError, ValueError) as error:
        raise BadInputError(f"the plan's settings cannot be saved: {error}") from None
    content = plan.to_csv(index=False, lineterminator="\n")
    with transaction(engine) as session:
        row = DeploymentPlan(
            workspace_id=workspace_id(session, workspace),
            name=name,
            created_at=utc_now(),
            author=author,
            settings=settings_text,
            content=content,
        )
        session.add(row)
        session.flush()
        audit.record(
            session,
            actor=author,
            action="plan saved",
            subject=name,
            detail={"plan": row.id, "rows": len(plan)},
            workspace=workspace,
        )
        return row.id


def list_plans(engine: Engine, workspace: str = DEFAULT_WORKSPACE) -> pd.DataFrame:
    """The workspace's saved plans (``PLAN_COLUMNS``), newest first."""
    with reading(engine) as session:
        space = find_workspace(session, workspace)
        rows = []
        if space is not None:
            query = (
                sa.select(
                    DeploymentPlan.id,
                    DeploymentPlan.name,
                    DeploymentPlan.created_at,
                    DeploymentPlan.author,
                )
                .where(DeploymentPlan.workspace_id == space)
                .order_by(DeploymentPlan.created_at.desc(), DeploymentPlan.id.desc())
            )
            rows = [tuple(row) for row in session.execute(query)]
    frame = pd.DataFrame(rows, columns=list(PLAN_COLUMNS))
    frame["id"] = frame["id"].astype("int64")
    frame["created_at"] = pd.to_datetime(frame["created_at"], utc=True)
    return frame


def read_plan(
    engine: Engine, plan_id: int, workspace: str = DEFAULT_WORKSPACE
) -> tuple[dict, pd.DataFrame]:
    """A saved plan's settings and table.

    Raises:
        UnknownChoiceError: no plan ``plan_id`` in this workspace.
    """
    with reading(engine) as session:
        space = find_workspace(session, workspace)
        row = None
        if space is not None:
            row = session.scalars(
                sa.select(DeploymentPlan).where(
                    DeploymentPlan.id == int(plan_id), DeploymentPlan.workspace_id == space
                )
            ).first()
        if row is None:
            ids = (
                []
                if space is None
                else session.scalars(
                    sa.select(DeploymentPlan.id).where(DeploymentPlan.workspace_id == space)
                ).all()
            )
            raise UnknownChoiceError("plan", str(plan_id), [str(i) for i in ids])
        settings, content = json.loads(row.settings), row.content
    table = pd.read_csv(io.StringIO(content)) if content.strip() else pd.DataFrame()
    return settings, table
