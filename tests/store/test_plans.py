"""Saved deployment plans on SQLite and PostgreSQL."""

from __future__ import annotations

import pandas as pd
import pytest

from targets.errors import BadInputError, UnknownChoiceError
from targets.store import plans
from targets.store.audit import read_audit

PLAN = pd.DataFrame(
    {
        "volunteer": ["Volunteer A", "Volunteer B"],
        "constituency_code": ["E14001300", "E14001131"],
        "hours": [4.5, 10.0],
        "km": [1.25, 0.0],
    }
)


def test_save_list_and_read_plans(workspace_engine):
    assert plans.list_plans(workspace_engine).empty
    settings = {"group": "We Deserve Better", "hours_per_seat": 40, "seats": ["E14001300"]}
    first = plans.save_plan(workspace_engine, "Weekend", settings, PLAN, author="alice")
    second = plans.save_plan(workspace_engine, "Weekend", {}, PLAN.head(1), author="bob")
    listed = plans.list_plans(workspace_engine)
    assert list(listed.columns) == list(plans.PLAN_COLUMNS)
    assert listed["id"].tolist() == [second, first]
    assert listed["author"].tolist() == ["bob", "alice"]
    assert listed["created_at"].dt.tz is not None
    back_settings, back = plans.read_plan(workspace_engine, first)
    assert back_settings == settings
    pd.testing.assert_frame_equal(back, PLAN)


def test_a_plan_of_another_workspace_cannot_be_read(workspace_engine):
    plan_id = plans.save_plan(workspace_engine, "North", {}, PLAN, author="a", workspace="north")
    with pytest.raises(UnknownChoiceError, match="unknown plan"):
        plans.read_plan(workspace_engine, plan_id)
    with pytest.raises(UnknownChoiceError):
        plans.read_plan(workspace_engine, plan_id + 99, workspace="north")
    assert plans.list_plans(workspace_engine).empty


def test_a_plan_needs_a_name(workspace_engine):
    with pytest.raises(BadInputError, match="needs a name"):
        plans.save_plan(workspace_engine, "  ", {}, PLAN, author="a")


def test_the_audit_names_the_plan_not_the_volunteers(workspace_engine):
    plans.save_plan(workspace_engine, "Weekend", {}, PLAN, author="alice")
    log = read_audit(workspace_engine, "main")
    assert log["action"].tolist() == ["plan saved"] and log["subject"].tolist() == ["Weekend"]
    assert "Volunteer" not in log.at[0, "detail"]
