"""Our targets: a group's own target list in the workspace (a real SQLite database).

Members sign in through the sidebar's form; editors add and edit seats, viewers only read,
and two sessions editing one seat: the second is told and shown both, losing nothing.
"""

from __future__ import annotations

from conftest import APP, TIMEOUT
from page_parts import rendered
from streamlit.testing.v1 import AppTest
from workspace_parts import sign_in, team_fixture  # noqa: F401 - the team fixture

from targets.app import team_targets_state as state
from targets.app import url_state
from targets.store import target_lists

PAGE = "app_pages/team_targets_page.py"
GROUP = "Team Group"  # in the team's endorsement list (workspace_parts.SEED_ROW)
ILFORD, BRISTOL = "E14001300", "E14001131"


def open_signed_in(name: str | None) -> AppTest:
    """The page in a new session, signed in as ``name`` (None: not signed in)."""
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.run()
    if name:
        sign_in(at, name)
    at.switch_page(PAGE)
    at.run()
    assert not at.exception, at.exception
    return at


def texts(at) -> str:
    parts = [e.value for e in (*at.markdown, *at.caption, *at.info, *at.warning, *at.success)]
    parts += [*(e.value for e in at.error), *(s.value for s in at.subheader)]
    return rendered("\n".join(map(str, parts)))


def choose_group(at, group: str = GROUP) -> AppTest:
    at.selectbox(key="ws_tt_group").set_value(group).run()
    assert not at.exception, at.exception
    return at


def add(at, code: str, priority: int = 1) -> AppTest:
    at.selectbox(key=state.ADD_SEAT).set_value(code)
    at.number_input(key=state.ADD_PRIORITY).set_value(priority)
    at.button(key="ws_tt_add").click().run()
    assert not at.exception, at.exception
    return at


def shown_list(at):
    return next(df.value for df in at.dataframe if "seat_link" in df.value.columns)


def test_unsigned_sessions_see_no_target_list(team):
    target_lists.save_target_seat(
        team,
        GROUP,
        ILFORD,
        priority=1,
        status="target",
        owner="",
        notes="secret plan",
        author="alice",
        expected_revision=None,
    )
    at = open_signed_in(None)
    assert "needs a signed-in member" in texts(at)
    assert not at.dataframe and "secret plan" not in texts(at)


def test_an_editor_adds_a_seat_and_edits_it(team):
    at = choose_group(open_signed_in("alice"))
    add(at, ILFORD, priority=2)
    assert "Added to the list." in texts(at)
    table = shown_list(at)
    assert table["constituency_name"].tolist() == ["Ilford North"]
    assert table["seat_link"].iloc[0] == "/seat?seat=E14001300#Ilford North"
    assert table["winner_party"].iloc[0] == "Lab" and table["status"].iloc[0] == "considering"
    assert table["backed_candidate"].iloc[0] == "Leanne Mohamad"
    assert table["votes_behind"].iloc[0] == 528  # Streeting's majority over her in 2024
    assert at.selectbox(key=state.EDIT_SEAT).value == ILFORD
    at.selectbox(key=state.FORM_KEYS["status"]).set_value("target")
    at.text_input(key=state.FORM_KEYS["owner"]).input("Sam")
    at.text_area(key=state.FORM_KEYS["notes"]).input("Door-knock <b>Sundays</b>")
    at.button(key="ws_tt_save").click().run()
    assert not at.exception, at.exception
    assert "Saved." in texts(at)
    saved = target_lists.read_target_list(team, GROUP).iloc[0]
    assert (saved["status"], saved["owner"], saved["revision"]) == ("target", "Sam", 2)
    assert saved["notes"] == "Door-knock <b>Sundays</b>" and saved["updated_by"] == "alice"
    shown = shown_list(at).iloc[0]
    assert shown["status"] == "target" and shown["updated_by"] == "alice"
    assert ILFORD not in at.selectbox(key=state.ADD_SEAT).options  # already on the list


def test_a_viewer_reads_the_list_but_cannot_change_it(team, downloads):
    target_lists.save_target_seat(
        team,
        GROUP,
        ILFORD,
        priority=1,
        status="target",
        owner="Sam",
        notes="",
        author="alice",
        expected_revision=None,
    )
    at = choose_group(open_signed_in("victor"))
    assert shown_list(at)["owner"].tolist() == ["Sam"]
    assert "You can read this list" in texts(at)
    keys = {button.key for button in at.button}
    assert not keys & {"ws_tt_add", "ws_tt_save", "ws_tt_save_mine"}
    assert not [box for box in at.selectbox if box.key == state.ADD_SEAT]
    csv = next(data for name, data in downloads.items() if name.startswith("our_targets_"))
    assert b"Ilford North" in csv and b"updated_at_utc" in csv and b"seat_link" not in csv


def test_two_editors_on_one_seat_the_second_is_told_and_shown_both(team):
    target_lists.save_target_seat(
        team,
        GROUP,
        BRISTOL,
        priority=1,
        status="considering",
        owner="",
        notes="",
        author="alice",
        expected_revision=None,
    )
    alice = choose_group(open_signed_in("alice"))
    bob = choose_group(open_signed_in("bob"))
    alice.selectbox(key=state.FORM_KEYS["status"]).set_value("target")
    alice.button(key="ws_tt_save").click().run()
    assert "Saved." in texts(alice)

    bob.text_area(key=state.FORM_KEYS["notes"]).input("Bob's canvass notes")
    bob.button(key="ws_tt_save").click().run()
    assert not bob.exception, bob.exception
    assert "alice changed this seat" in texts(bob)
    both = next(df.value for df in bob.dataframe if "field" in df.value.columns)
    both = both.set_index("field")
    assert both.loc["status", "theirs (saved now)"] == "target"
    assert both.loc["notes", "yours (not saved)"] == "Bob's canvass notes"
    assert bob.text_area(key=state.FORM_KEYS["notes"]).value == "Bob's canvass notes"
    saved = target_lists.read_target_list(team, GROUP).iloc[0]
    assert saved["status"] == "target" and saved["notes"] == ""  # alice's stands

    bob.button(key="ws_tt_save_mine").click().run()
    assert not bob.exception, bob.exception
    saved = target_lists.read_target_list(team, GROUP).iloc[0]
    assert saved["notes"] == "Bob's canvass notes" and saved["revision"] == 3
    assert saved["updated_by"] == "bob"


def test_a_group_with_only_a_target_list_is_offered_and_its_name_shown_as_saved(team):
    target_lists.save_target_seat(
        team,
        "Our *new* group",
        BRISTOL,
        priority=1,
        status="considering",
        owner="",
        notes="",
        author="alice",
        expected_revision=None,
    )
    at = choose_group(open_signed_in("victor"), "Our *new* group")
    assert [s.value for s in at.subheader][0] == r"Our \*new\* group: 1 seat: 1 considering"
    table = shown_list(at)
    assert table["winner_party"].tolist() == ["Green"]  # Bristol Central's 2024 result
    assert table["backed_candidate"].tolist() == [""]  # no stance in the endorsement data


def test_a_link_with_a_group_opens_its_list_and_sign_out_forgets_it(team):
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.run()
    sign_in(at, "victor")
    at.switch_page(PAGE)
    at.query_params["group"] = GROUP
    at.run()
    assert not at.exception, at.exception
    assert at.selectbox(key="ws_tt_group").value == GROUP
    at.button(key="signin_sign_out").click().run()
    assert not at.exception, at.exception
    for key in ("ws_tt_group", url_state.kept_key("ws_tt_group")):
        assert key not in at.session_state
