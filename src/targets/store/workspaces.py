"""Workspaces by name: one team's lists, target lists, plans and members."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from targets.errors import UnknownChoiceError
from targets.store.members import DEFAULT_WORKSPACE  # noqa: F401  (re-exported)
from targets.store.tables import Workspace


def find_workspace(session: Session, name: str) -> int | None:
    """The id of workspace ``name``, or None if there is no such workspace yet."""
    return session.scalar(sa.select(Workspace.id).where(Workspace.name == name))


def workspace_id(session: Session, name: str, create: bool = True) -> int:
    """The id of workspace ``name``, made first if ``create`` (safe if two make it at once).

    Raises:
        UnknownChoiceError: there is no such workspace and ``create`` is False.
    """
    found = find_workspace(session, name)
    if found is not None:
        return found
    if not create:
        names = session.scalars(sa.select(Workspace.name)).all()
        raise UnknownChoiceError("workspace", name, names)
    try:
        with session.begin_nested():
            workspace = Workspace(name=name)
            session.add(workspace)
        return workspace.id
    except IntegrityError:  # another session made it since we looked
        found = find_workspace(session, name)
        if found is None:
            raise
        return found
