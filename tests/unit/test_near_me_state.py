"""The Near me page's session state on a plain dict."""

import pandas as pd
import pytest

from targets import deploy
from targets.app import near_me_state as state
from targets.app import signin
from targets.errors import BadInputError


def targets():
    return pd.DataFrame(
        {
            "constituency_code": ["A", "B"],
            "constituency_name": ["Aton", "Bton"],
            "swing_needed": [1.0, 4.0],
        }
    )


def test_edited_needs_are_kept_until_the_targets_change():
    session: dict = {}
    signature = state.targets_signature("party", "Green", 10.0, 50)
    needs = state.seat_needs(session, signature, targets(), 50)
    assert needs["priority"].tolist() == [10.0, 1.0] and needs["hours_needed"].tolist() == [50, 50]
    assert state.seat_needs(session, signature, targets().iloc[:1], 50) is needs
    other = state.targets_signature("party", "Green", 5.0, 50)
    assert len(state.seat_needs(session, other, targets().iloc[:1], 50)) == 1


def test_a_plan_is_found_only_for_the_same_inputs_and_can_be_forgotten():
    session: dict = {}
    needs = state.seat_needs(session, ("x",), targets(), 10)
    key = state.plan_signature(state.fingerprint(b"name,postcode\n"), needs, 20)
    state.remember_plan(session, key, "plan")
    assert state.current_plan(session, key) == "plan"
    edited = needs.assign(priority=[3.0, 1.0])
    assert state.current_plan(session, state.plan_signature(key[0], edited, 20)) is None
    assert state.current_plan(session, state.plan_signature("other", needs, 20)) is None
    state.forget_plan(session)
    assert state.current_plan(session, key) is None and state.PLAN not in session
    assert state.fingerprint(None) == ""


def small_plan():
    """A real plan of two volunteers (names and postcodes that must never be saved)."""
    import geopandas as gpd
    import shapely

    shapes = gpd.GeoSeries(
        [shapely.box(0, 0, 1000, 1000), shapely.box(5000, 0, 6000, 1000)],
        index=pd.Index(["A", "B"], name="constituency_code"),
    )
    volunteers = pd.DataFrame(
        {
            "row": [2, 3],
            "name": ["Ann Secret", "Bob Hidden"],
            "postcode": ["AA1 1AA", "AA1 1AB"],
            "hours": [8, 4],
            "max_km": [5, 5],
            "easting": [500, 5500],
            "northing": [500, 500],
            "problem": ["", ""],
            "constituency_code": ["A", "B"],
            "latitude": 51.0,
            "longitude": -1.0,
        }
    )
    needs = state.seat_needs({}, ("x",), targets(), 10)
    return deploy.plan_deployment(volunteers, needs, shapes, default_max_km=20)


def test_a_saved_plan_keeps_seats_and_totals_never_a_name_or_postcode():
    import json

    plan = small_plan()
    settings, seats = state.plan_to_save(
        plan, source="group", choice="WDB", max_swing=7.5, hours_per_seat=10, default_max_km=20
    )
    assert list(seats.columns) == list(state.SAVED_PLAN_COLUMNS)
    assert "volunteers" not in seats.columns
    assert seats.set_index("constituency_code")["volunteer_count"].to_dict() == {"A": 2, "B": 0}
    text = json.dumps(settings) + seats.to_csv()
    for personal in ("Ann Secret", "Bob Hidden", "AA1 1AA", "AA1 1AB"):
        assert personal not in text
    assert settings["targets"] == "group" and settings["group"] == "WDB"
    assert settings["summary"]["assigned"] == 2 and settings["summary"]["hours_delivered"] == 10
    assert state.describe_settings(settings) == (
        "WDB, swing needed at most 7.5 pts, 10 hours per seat, travel limit 20 km"
    )
    party = {**settings, "targets": "party", "party": "Green"}
    assert state.describe_settings(party).startswith("Green's targets, ")


def test_a_plan_needs_a_short_name():
    assert state.clean_plan_name("  Saturday   canvass ") == "Saturday canvass"
    for bad in ("", "   ", "x" * 101):
        with pytest.raises(BadInputError):
            state.clean_plan_name(bad)


def test_using_a_saved_plan_puts_its_settings_and_priorities_back():
    plan = small_plan()
    settings, seats = state.plan_to_save(
        plan, source="group", choice="WDB", max_swing=7.5, hours_per_seat=10, default_max_km=20
    )
    seats = seats.assign(priority=[3.0, 9.0])  # as edited before saving
    session = {"near_needs": {"edited_rows": {0: {"priority": 1}}}, state.PLAN: ("old", plan)}
    state.use_saved_settings(session, settings, seats, {"group": ["WDB"], "party": ["Green"]})
    assert session["near_source"] == "group" and session["near_group"] == "WDB"
    assert (session["near_swing"], session["near_hours"], session["near_km"]) == (7.5, 10, 20)
    assert "near_needs" not in session and state.PLAN not in session
    signature = state.targets_signature("group", "WDB", 7.5, 10)
    needs = state.seat_needs(session, signature, targets(), 10)
    assert needs["priority"].tolist() == [3.0, 9.0]
    assert list(needs.columns) == list(deploy.NEED_COLUMNS)
    gone = {}
    state.use_saved_settings(gone, settings, seats, {"group": ["Other"]})
    assert "near_group" not in gone and gone["near_source"] == "group"
    signin.forget_member(session)  # the team's priorities go with the member
    assert state.NEEDS not in session


def test_saved_plans_are_listed_by_name_time_and_author():
    saved = pd.DataFrame(
        {
            "id": [7],
            "name": ["Saturday"],
            "created_at": pd.to_datetime(["2026-12-01 14:02"], utc=True),
            "author": ["alice"],
        }
    )
    assert state.saved_plan_labels(saved) == {7: "Saturday · 2026-12-01 14:02 UTC · alice"}
