"""The import page's state machine on a plain dict: files, choices, reports, save, open."""

import pandas as pd
import pytest

from targets.app import import_state
from targets.app.cache import SESSION_ENDORSEMENTS
from targets.data import saved_lists
from targets.seats import SeatData
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


def test_apply_then_save_as_a_named_dataset_and_as_the_shared_file(tmp_path):
    state = {}
    rows = reading.read_upload(GOOD, "x.csv").frame
    import_state.apply_to_session(state, rows, 1)
    assert import_state.using_session_endorsements(state)
    assert import_state.message(state)[0] == "success"

    reloaded = []
    state["imp_dataset"] = "ours"
    import_state.save_dataset(state, rows, GOOD, "x.csv", tmp_path, lambda: reloaded.append(1))
    assert (tmp_path / "candidates-ours.csv").exists() and reloaded == []
    assert state[SESSION_ENDORSEMENTS] is rows  # a named dataset stays this session's

    state["imp_dataset"] = ""
    import_state.save_dataset(state, rows, GOOD, "x.csv", tmp_path, lambda: reloaded.append(1))
    assert (tmp_path / "candidates.csv").exists() and reloaded == [1]
    assert state[SESSION_ENDORSEMENTS] is None  # everyone now reads the saved file
    assert "Saved 1 endorsements" in import_state.message(state)[1]
    assert list(import_state.saved_choices(tmp_path)) == ["candidates.csv", "candidates-ours.csv"]


def test_a_bad_dataset_name_is_not_saved(tmp_path):
    state = {"imp_dataset": "../../etc"}
    import_state.save_dataset(state, pd.DataFrame(), GOOD, "x.csv", tmp_path, lambda: None)
    kind, text = import_state.message(state)
    assert kind == "error" and text.startswith("Not saved")
    assert not list(tmp_path.iterdir())


def test_opening_a_saved_dataset_validates_it(tmp_path, data):
    path = saved_lists.dataset_path(tmp_path)
    path.write_text(
        "constituency_code,constituency_name,candidate_name,party,group,stance,source_url,notes\n"
        "E14001131,Bristol Central,Carla Denyer,Green,Group A,support,,\n",
        encoding="utf-8",
    )
    state = {"imp_open": "candidates.csv"}
    import_state.open_dataset(state, {"candidates.csv": path}, data)
    assert import_state.message(state)[0] == "success"
    assert len(state[SESSION_ENDORSEMENTS]) == 1
    path.write_text("constituency_code,stance\nE99,maybe\n", encoding="utf-8")
    import_state.open_dataset(state, {"candidates.csv": path}, data)
    assert import_state.message(state)[0] == "error"


def test_a_save_that_partly_failed_says_exactly_what_happened(tmp_path):
    rows = reading.read_upload(GOOD, "x.csv").frame
    (tmp_path / "uploads").write_text("a file where the uploads folder should be")
    state = {"imp_dataset": ""}
    reloaded = []
    import_state.save_dataset(state, rows, GOOD, "x.csv", tmp_path, lambda: reloaded.append(1))
    kind, text = import_state.message(state)
    assert kind == "warning"
    assert text.startswith("Saved 1 endorsements to `candidates.csv`")
    assert "The upload itself could not be kept" in text
    assert str(tmp_path) not in text  # no server path shown
    assert (tmp_path / "candidates.csv").exists() and reloaded == [1]  # the page shows it
