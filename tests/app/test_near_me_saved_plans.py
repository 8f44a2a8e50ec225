"""Near me: an editor saves a volunteer plan for the team; members open it; no personal data.

A real SQLite workspace (``workspace_parts.team``), members signed in through the sidebar.
"""

from __future__ import annotations

import json
import logging

import pytest
from conftest import APP, TIMEOUT
from page_parts import rendered
from streamlit.testing.v1 import AppTest
from workspace_parts import sign_in, team_fixture  # noqa: F401 - the team fixture

from targets.app import near_me_state
from targets.store import plans
from targets.store.audit import read_audit
from targets.store.tables import DeploymentPlan

PAGE = "app_pages/near_me_page.py"
GROUP = "Team Group"  # backs Leanne Mohamad in Ilford North (workspace_parts.SEED_ROW)
VOLUNTEERS = b"name,postcode,hours,max_km\nRoberta Quill,IG6 1AA,6,5\nAnselm Vey,bs8 1th,10,\n"
PERSONAL = ("Roberta Quill", "Anselm Vey", "IG6 1AA", "BS8 1TH", "bs8 1th")


@pytest.fixture(scope="module", autouse=True)
def built_index(postcode_index):
    """The index is built before the page first needs it (not inside an AppTest run)."""


def open_near_me(name: str | None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.run()
    if name:
        sign_in(at, name)
    at.switch_page(PAGE)
    at.run()
    assert not at.exception, at.exception
    return at


def texts(at) -> str:
    parts = [*at.markdown, *at.caption, *at.success, *at.error, *at.warning, *at.info]
    return rendered("\n".join(str(part.value) for part in parts))


def make_plan(at) -> AppTest:
    at.radio(key="near_source").set_value("group").run()
    at.selectbox(key="near_group").set_value(GROUP).run()
    at.number_input(key="near_hours").set_value(20.0).run()
    at.file_uploader(key="near_file").set_value(("team.csv", VOLUNTEERS, "text/csv")).run()
    at.button(key="near_plan").click().run()
    assert not at.exception, at.exception
    assert "1 of 2 volunteers sent to 1 target seats" in texts(at)
    return at


def test_an_editor_saves_a_plan_without_names_or_postcodes(team, caplog):
    caplog.set_level(logging.DEBUG)
    at = make_plan(open_near_me("alice"))
    assert near_me_state.WHAT_IS_SAVED in texts(at)
    at.text_input(key="near_plan_name").input("Saturday canvass")
    at.button(key="near_save_plan").click().run()
    assert not at.exception, at.exception
    assert "Saved for the team as “Saturday canvass”" in texts(at)

    saved = plans.list_plans(team)
    assert saved["name"].tolist() == ["Saturday canvass"]
    assert saved["author"].tolist() == ["alice"]
    settings, seats = plans.read_plan(team, int(saved["id"].iloc[0]))
    assert settings["group"] == GROUP and settings["hours_per_seat"] == 20.0
    assert settings["summary"]["assigned"] == 1
    assert seats["constituency_name"].tolist() == ["Ilford North"]
    assert seats["hours_delivered"].tolist() == [6.0] and seats["volunteer_count"].tolist() == [1]
    with team.connect() as connection:  # the rows as stored, and the audit log
        stored = [tuple(row) for row in connection.execute(DeploymentPlan.__table__.select())]
    stored_text = json.dumps(stored, default=str) + read_audit(team).to_csv()
    logged = "\n".join(record.getMessage() for record in caplog.records)
    for personal in PERSONAL:
        assert personal not in stored_text, personal
        assert personal not in logged, personal


def test_members_open_a_saved_plan_and_use_its_settings(team):
    editor = make_plan(open_near_me("alice"))
    editor.text_input(key="near_plan_name").input("Sunday")
    editor.button(key="near_save_plan").click().run()
    assert "Saved for the team" in texts(editor)

    viewer = open_near_me("victor")
    assert "Sign in as an editor" not in texts(viewer)  # nothing planned yet in this session
    assert any(e.label.startswith("The team's saved plans (1)") for e in viewer.expander)
    assert viewer.selectbox(key=near_me_state.SAVED_PLAN).value is not None
    shown = next(df.value for df in viewer.dataframe if "hours_delivered" in df.value.columns)
    assert shown["constituency_name"].tolist() == ["Ilford North"]
    assert "volunteers" not in shown.columns
    assert "Team Group, swing needed at most 10 pts, 20 hours per seat" in texts(viewer)
    viewer.button(key="near_use_saved").click().run()
    assert not viewer.exception, viewer.exception
    assert viewer.radio(key="near_source").value == "group"
    assert viewer.selectbox(key="near_group").value == GROUP
    assert viewer.number_input(key="near_hours").value == 20.0
    assert not [b for b in viewer.button if b.key == "near_save_plan"]


def test_no_saved_plans_without_signing_in(team):
    plans.save_plan(team, "Private", {"targets": "group"}, seats_frame(), author="alice")
    at = open_near_me(None)
    assert not [e for e in at.expander if "saved plans" in e.label]
    assert "Private" not in texts(at)


def seats_frame():
    import pandas as pd

    return pd.DataFrame({"constituency_code": ["E14001300"], "hours_needed": [10.0]})
