"""The audit log on SQLite and PostgreSQL: written with the change, newest first, per workspace."""

from __future__ import annotations

import json

import pytest

from targets.store import audit
from targets.store.database import transaction


def test_record_and_read_newest_first(workspace_engine):
    with transaction(workspace_engine) as session:
        audit.record(session, actor="cli", action="user added", subject="alice")
        audit.record(
            session,
            actor="alice",
            action="list saved",
            subject="candidates v1",
            detail={"rows": 3},
            workspace="main",
        )
    with transaction(workspace_engine) as session:
        audit.record(session, actor="bob", action="role set", subject="carol", workspace="north")
    everything = audit.read_audit(workspace_engine)
    assert list(everything.columns) == list(audit.AUDIT_COLUMNS)
    assert everything["actor"].tolist() == ["bob", "alice", "cli"]
    assert everything["at"].dt.tz is not None
    main = audit.read_audit(workspace_engine, "main")
    assert main["subject"].tolist() == ["candidates v1"]
    assert json.loads(main.at[0, "detail"]) == {"rows": 3}
    assert audit.read_audit(workspace_engine, "nowhere").empty
    assert len(audit.read_audit(workspace_engine, limit=1)) == 1


def test_an_entry_is_only_kept_with_its_change(workspace_engine):
    with pytest.raises(RuntimeError), transaction(workspace_engine) as session:
        audit.record(session, actor="alice", action="list saved", subject="x")
        raise RuntimeError("the change failed")
    assert audit.read_audit(workspace_engine).empty
