"""The import page's state machine on a plain dict: files, choices, reports, save, open."""

import re

import pandas as pd
import pytest

from targets.app import import_state
from targets.app.cache import SESSION_ENDORSEMENTS, TeamList
from targets.seats import SeatData
from targets.store import endorsement_lists as lists
from targets.store.accounts import Member
from targets.store.database import open_database
from targets.uploads import reading

SEAT_NAMES = pd.Series({"E14001131": "Bristol Central", "E14001300": "Ilford North"})
GOOD = (
    b"constituency_code,constituency_name,candidate_name,party,group,stance\n"
    b"E14001131,Bristol Central,Carla Denyer,Green,Group A,support\n"
)
NO_STANCE = (
    b"constituency_code,constituency_name,candidate_name,party,group,stance\n"
    b"E14001131,Bristol Central,Carla Denyer,Green,,\n"
    b"E14001300,Ilford North,Leanne Mohamad,Independent,,\n"
)


@pytest.fixture()
def data():
    from targets.parties import build_party_registry

    empty = pd.DataFrame(columns=["constituency_code"])
    constituencies = pd.DataFrame(
        {"constituency_code": SEAT_NAMES.index, "constituency_name": SEAT_NAMES.values}
    )
    return SeatData(
        candidates=empty,
        constituencies=constituencies,
        notional=empty,
        registry=build_party_registry(),
        endorsements=pd.DataFrame(),
        seats=pd.DataFrame(),
    )


def test_a_new_file_forgets_the_choices_made_for_the_last_one():
    state = {"imp_confirm_3": "E14001131", "imp_message": ("error", "old")}
    import_state.start_file(state, GOOD)
    assert "imp_confirm_3" not in state and "imp_message" not in state
    state["imp_assignments"] = [([2], "Group A", "support")]
    import_state.start_file(state, GOOD)  # the same file again: choices kept
    assert state["imp_assignments"] == [([2], "Group A", "support")]
    import_state.start_file(state, NO_STANCE)
    assert state["imp_assignments"] == []


def test_assignments_need_a_group_and_rows_and_are_replayed_in_order():
    state = {}
    import_state.start_file(state, NO_STANCE)
    import_state.add_assignment(state, all_blank=False)
    assert import_state.message(state) == ("error", "Type the group's name first.")
    state.update({"imp_group": "Group A", "imp_stance": "support", "imp_rows": []})
    import_state.add_assignment(state, all_blank=False)
    assert import_state.message(state) == ("error", "Choose at least one row first.")
    state["imp_rows"] = [2]
    import_state.add_assignment(state, all_blank=False)
    state.update({"imp_group": "Group B", "imp_stance": "oppose"})
    import_state.add_assignment(state, all_blank=True)
    assert import_state.message(state) is None and state["imp_rows"] == []
    upload = import_state.with_assignments(state, reading.read_upload(NO_STANCE, "x.csv"))
    assert upload.frame.loc[2, ["group", "stance"]].tolist() == ["Group A", "support"]
    assert upload.frame.loc[3, ["group", "stance"]].tolist() == ["Group B", "oppose"]


def test_confirmed_seats_leave_out_rows_not_confirmed():
    state = {"imp_confirm_2": "E14001131", "imp_confirm_3": import_state.NOT_CONFIRMED}
    assert import_state.confirmed_seats(state, {2: [], 3: [], 4: []}) == {2: "E14001131"}


def test_reports_are_kept_until_a_choice_changes(data):
    state = {}
    import_state.start_file(state, GOOD)
    upload = reading.read_upload(GOOD, "x.csv")
    first = import_state.checked_report(state, upload, data, {})
    assert import_state.checked_report(state, upload, data, {}) is first
    assert import_state.checked_report(state, upload, data, {2: "E14001131"}) is not first
    for n in range(import_state.REPORTS_KEPT + 1):  # never more than a few kept
        import_state.checked_report(state, upload, data, {2: f"X{n}"})
    assert len(state["imp_reports"]) <= import_state.REPORTS_KEPT


def test_add_or_replace():
    current = pd.DataFrame({"constituency_code": ["E1"]})
    clean = pd.DataFrame({"constituency_code": ["E2"]})
    assert import_state.combined_endorsements({"imp_mode": "replace"}, current, clean) is clean


@pytest.fixture()
def team(tmp_path):
    """A TeamList as a page would see it now, for a member with a role."""
    url = f"sqlite:///{tmp_path / 'workspace.sqlite3'}"
    engine = open_database(url)

    def as_member(name: str = "alice", role: str = "editor") -> TeamList:
        return TeamList(
            Member(name, "main", role), url, "candidates", lists.current_version(engine)
        )

    return as_member


def test_apply_then_save_a_version_and_a_named_list(team, data):
    state = {}
    rows = reading.read_upload(GOOD, "x.csv").frame
    import_state.apply_to_session(state, rows, 1)
    assert import_state.using_session_endorsements(state)
    assert import_state.message(state)[0] == "success"

    saved = import_state.save_list(state, team(), rows, data)
    assert saved.number == 1 and saved.author == "alice"
    assert import_state.message(state) == (
        "success",
        "Saved v1 of your team's list: 1 row(s) (+1 −0 ~0). Every earlier version is kept "
        "(Workspace page).",
    )
    assert state[SESSION_ENDORSEMENTS] is None  # the session now sees the team's list

    state["imp_dataset"] = "Ours"
    import_state.save_list(state, team(), rows, data)
    assert import_state.message(state)[1].startswith("Saved v1 of the list ours: 1 row(s)")
    assert state[SESSION_ENDORSEMENTS] is rows  # a named list stays this session's
    labels = list(import_state.version_choices(team()))
    assert labels[0].startswith("v1 · ") and labels[1].startswith("ours: v1 · ")


def test_viewers_and_unsigned_sessions_cannot_save(team, data):
    assert import_state.save_refusal(None) == import_state.SIGN_IN_TO_SAVE
    assert import_state.save_refusal(team("victor", "viewer")) == import_state.SIGN_IN_TO_SAVE
    assert import_state.save_refusal(team("ada", "admin")) is None
    state = {}
    rows = reading.read_upload(GOOD, "x.csv").frame
    assert import_state.save_list(state, team("victor", "viewer"), rows, data) is None
    assert import_state.message(state) == ("error", import_state.SIGN_IN_TO_SAVE)
    assert import_state.save_list(state, None, rows, data) is None
    assert import_state.version_choices(None) == {}
    assert lists.list_versions(open_database(team().url)) == []


def test_a_bad_list_name_is_not_saved(team, data):
    state = {"imp_dataset": "../../etc"}
    assert import_state.save_list(state, team(), pd.DataFrame(), data) is None
    kind, text = import_state.message(state)
    assert kind == "error" and text.startswith("Not saved: list name")
    assert import_state.chosen_list_name_or_default(state) == "candidates"
    assert lists.list_names(open_database(team().url)) == []


def test_the_second_of_two_saves_is_shown_both_and_keeps_every_row(team, data):
    mine_first, mine_second = {}, {}
    alice, bob = team("alice"), team("bob")  # both open the list before either saves
    first = reading.read_upload(GOOD, "x.csv").frame
    second = reading.read_upload(NO_STANCE, "y.csv").frame.assign(group="Group B", stance="oppose")
    assert import_state.save_list(mine_first, alice, first, data).number == 1
    assert import_state.save_list(mine_second, bob, second, data) is None
    kind, text = import_state.message(mine_second)
    assert kind == "warning"
    assert text.startswith("Not saved: The list changed since you opened it (now v1 by alice at ")
    found = import_state.conflict(mine_second)
    assert found["theirs"]["candidate_name"].tolist() == ["Carla Denyer"]
    assert found["mine"]["candidate_name"].tolist() == ["Carla Denyer", "Leanne Mohamad"]
    assert import_state.conflict_changes(found).counts() == (2, 1, 0)
    import_state.save_both(mine_second, bob, data)
    assert import_state.conflict(mine_second) is None
    engine = open_database(alice.url)
    both = lists.read_version(engine)
    assert sorted(zip(both["candidate_name"], both["group"], strict=True)) == [
        ("Carla Denyer", "Group A"),
        ("Carla Denyer", "Group B"),
        ("Leanne Mohamad", "Group B"),
    ]
    assert lists.current_version(engine).author == "bob"


def test_parties_are_saved_as_written_and_one_party_either_way(data):
    current = pd.DataFrame(
        {
            "constituency_code": ["E14001131"],
            "constituency_name": ["Bristol Central"],
            "candidate_name": ["Carla Denyer"],
            "party": ["Green"],
            "party_given": ["Green Party"],
            "group": ["Group A"],
            "stance": ["support"],
        }
    )
    new = current.assign(party="Green", party_given="Green", stance="oppose")
    merged = import_state.merge_as_written(current, new, data.registry)
    assert merged[["party", "stance"]].values.tolist() == [["Green", "oppose"]]
    kept = import_state.rows_to_save({"imp_mode": "replace"}, new, current, data.registry)
    assert kept["party"].tolist() == ["Green Party"]


def test_opening_a_version_checks_it_against_the_seats(team, data):
    engine = open_database(team().url)
    good = reading.read_upload(GOOD, "x.csv").frame
    lists.save_version(engine, good, author="alice", based_on=None)
    lists.save_version(engine, good.assign(constituency_name="Nowhere"), author="alice", based_on=1)
    choices = import_state.version_choices(team())
    labels = list(choices)
    state = {"imp_open": labels[1]}  # v1
    import_state.open_version(state, team(), choices, data)
    assert import_state.message(state)[0] == "success"
    assert len(state[SESSION_ENDORSEMENTS]) == 1
    state["imp_open"] = labels[0]  # v2: a name that does not match its code
    import_state.open_version(state, team(), choices, data)
    kind, text = import_state.message(state)
    shown = re.sub(r"\\(.)", r"\1", text)  # as a person reads the markdown
    assert kind == "error" and "v2 cannot be used: row 2, constituency_name 'Nowhere'" in shown
