"""The Import candidates page: read, report, confirm, set stances, apply, save, download."""

import io
from pathlib import Path

import pandas as pd
import pytest
from page_parts import rendered
from workspace_parts import SECRET_NAME, sign_in, table_under, team_fixture  # noqa: F401 - the team fixture

from targets.app import cache
from targets.app.import_state import SIGN_IN_TO_SAVE
from targets.store import endorsement_lists as lists
from targets.uploads import limits

PAGE = "app_pages/import_page.py"
UPLOADS = Path(__file__).resolve().parents[1] / "fixtures" / "uploads"
FORMULA = '=HYPERLINK("http://x","y")'
WORKSPACE = "app_pages/workspace_page.py"


def upload(at, name: str, raw: bytes | None = None):
    raw = (UPLOADS / name).read_bytes() if raw is None else raw
    at.file_uploader(key="imp_file").set_value((name, raw, "text/csv")).run()
    assert not at.exception, at.exception
    return at


def metrics(at) -> dict[str, int]:
    return {metric.label: int(metric.value) for metric in at.metric}


def table(at, kind: str) -> pd.DataFrame:
    """The imported or the rejected table (the rejected one has a reason column)."""
    frames = [frame.value for frame in at.dataframe]
    chosen = [f for f in frames if ("reason" in f.columns) == (kind == "rejected")]
    assert len(chosen) == 1, [list(f.columns) for f in frames]
    return chosen[0]


def texts(elements) -> str:
    return "\n".join(rendered(element.value) for element in elements)


def test_explains_the_columns_before_any_upload(open_page):
    at = open_page(PAGE)
    assert at.title[0].value == "Import candidates"
    assert "constituency_code" in at.info[0].value
    assert not at.metric


@pytest.mark.parametrize(
    ("name", "raw", "message"),
    [
        ("dup.csv", (UPLOADS / "duplicate_headers.csv").read_bytes(), "duplicate column headers"),
        ("missing.csv", (UPLOADS / "missing_columns.csv").read_bytes(), "missing: stance"),
        ("photo.csv", b"\x89PNG\r\n\x1a\n\x00\x00" * 50, "binary"),
        ("big.csv", b"a" * (limits.MAX_UPLOAD_BYTES + 1), "limit is 5 MB"),
        ("book.xlsx", b"PK\x03\x04 broken", "not a readable Excel workbook"),
    ],
)
def test_a_bad_file_shows_a_clear_error(open_page, name, raw, message):
    at = upload(open_page(PAGE), name, raw)
    assert len(at.error) == 1
    assert message in rendered(at.error[0].value)
    assert name in rendered(at.error[0].value)
    assert not at.metric


def test_a_clean_file_reports_how_it_was_read(open_page, downloads):
    at = upload(open_page(PAGE), "semicolon.csv")
    assert "UTF-8, semicolon-separated, endorsement columns" in texts(at.markdown)
    assert metrics(at) == {"Imported": 3, "Need confirmation": 0, "Rejected": 0}
    imported = table(at, "imported")
    assert imported["candidate_name"].tolist() == [
        "Steve Witherden",
        "Leanne Mohamad",
        "Wes Streeting",
    ]
    assert imported["constituency_code"].tolist()[0] == "W07000102"
    assert downloads["semicolon.csv"] == (UPLOADS / "semicolon.csv").read_bytes()
    cleaned = next(name for name in downloads if name.startswith("candidates_import_"))
    back = pd.read_csv(io.BytesIO(downloads[cleaned]), dtype=str)
    assert back["candidate_name"].tolist() == imported["candidate_name"].tolist()


def test_fuzzy_seats_are_confirmed_one_by_one(open_page):
    at = upload(open_page(PAGE), "fuzzy_names.csv")
    assert metrics(at) == {"Imported": 1, "Need confirmation": 3, "Rejected": 0}
    choice = at.selectbox(key="imp_confirm_3")
    assert choice.options == [
        "Not confirmed",
        "Ilford North (E14001300, score 91)",
        "Ilford South (E14001301, score 82)",
    ]
    choice.set_value("E14001300").run()
    assert metrics(at) == {"Imported": 2, "Need confirmation": 2, "Rejected": 0}
    imported = table(at, "imported").set_index("candidate_name")
    assert imported.at["Wes Streeting", "constituency_name"] == "Ilford North"
    at.selectbox(key="imp_confirm_2").set_value("E14001131").run()
    at.selectbox(key="imp_confirm_4").set_value("E14001260").run()
    assert metrics(at) == {"Imported": 4, "Need confirmation": 0, "Rejected": 0}
    # the choice can be taken back
    at.selectbox(key="imp_confirm_4").set_value("").run()
    assert metrics(at)["Need confirmation"] == 1


def test_rejected_rows_are_listed_with_reasons_and_download(open_page, downloads):
    at = upload(open_page(PAGE), "many_problems.csv")
    assert metrics(at) == {"Imported": 1, "Need confirmation": 0, "Rejected": 5}
    rejected = table(at, "rejected")
    assert rejected["row"].tolist() == [3, 4, 5, 6, 7]
    assert "must be 'support' or 'oppose'" in rejected.loc[1, "reason"]
    name = next(name for name in downloads if name.startswith("rejected_import_"))
    back = pd.read_csv(io.BytesIO(downloads[name]), dtype=str)
    assert back["row"].tolist() == ["3", "4", "5", "6", "7"]
    assert "duplicates row 2" in back.loc[2, "reason"]


def test_unknown_party_warns(open_page):
    at = upload(open_page(PAGE), "unknown_party.csv")
    assert "'Example Local Party': is not a party in the registry" in texts(at.warning)
    assert metrics(at)["Imported"] == 2


def test_democracy_club_rows_take_a_group_and_stance_then_apply_everywhere(open_page, seats):
    at = upload(open_page(PAGE), "democracy_club_2024.csv")
    assert "Democracy Club candidates export" in texts(at.markdown)
    assert metrics(at) == {"Imported": 0, "Need confirmation": 0, "Rejected": 4}
    labels = at.multiselect(key="imp_rows").options
    assert labels[0] == "row 2 · Carla Denyer · Bristol Central · Green Party"
    at.multiselect(key="imp_rows").set_value([2, 4])
    at.text_input(key="imp_group").input("Example Campaign")
    at.radio(key="imp_stance").set_value("support")
    at.button(key="imp_set_rows").click().run()
    assert metrics(at) == {"Imported": 2, "Need confirmation": 0, "Rejected": 2}
    at.radio(key="imp_stance").set_value("oppose")
    at.button(key="imp_set_blank").click().run()
    assert metrics(at) == {"Imported": 4, "Need confirmation": 0, "Rejected": 0}

    at.button(key="imp_apply").click().run()
    assert not at.exception, at.exception
    assert "Applied: 4 imported row(s)" in texts(at.success)
    applied = at.session_state[cache.SESSION_ENDORSEMENTS]
    assert len(applied) == 8  # the four seed rows (We Deserve Better) and the four new ones
    assert "Example Campaign" in at.multiselect(key="f_group").options

    at.switch_page("app_pages/seats_page.py").run()
    at.multiselect(key="f_group").set_value(["Example Campaign"])
    at.selectbox(key="f_stance").set_value("support").run()
    table = at.dataframe[0].value
    assert sorted(table["constituency_name"]) == ["Bristol Central", "Ilford North"]
    assert sorted(table["backed_candidate"].str.split("; ").sum()) == [
        "Carla Denyer",
        "Leanne Mohamad",
    ]


def test_a_formula_name_is_imported_and_neutralised_in_downloads(open_page, downloads):
    at = upload(open_page(PAGE), "formula_name.csv")
    assert table(at, "imported").at[0, "candidate_name"] == FORMULA
    cleaned = next(name for name in downloads if name.endswith(".csv") and "import" in name)
    back = pd.read_csv(io.BytesIO(downloads[cleaned]), dtype=str)
    assert back.at[0, "candidate_name"] == "'" + FORMULA


def save_button(at):
    return at.button(key="imp_save")


def test_unsigned_and_viewer_sessions_cannot_save(open_page, team):
    at = upload(open_page(PAGE), "tabs.tsv")
    assert save_button(at).disabled
    assert SIGN_IN_TO_SAVE in texts(at.caption)
    assert not at.expander or "Open a saved version" not in [e.label for e in at.expander]
    sign_in(at, "victor")
    at = upload(at, "tabs.tsv")
    assert save_button(at).disabled
    assert SIGN_IN_TO_SAVE in texts(at.caption)
    assert len(lists.list_versions(team)) == 2


def test_an_editor_saves_a_new_version_listed_on_the_workspace_page(open_page, team):
    at = sign_in(open_page(PAGE), "alice")
    at = upload(at, "tabs.tsv")
    assert not save_button(at).disabled
    save_button(at).click().run()
    assert not at.exception, at.exception
    assert "Saved v3 of your team's list: 4 row(s) (+2 −0 ~0)" in texts(at.success)
    saved = lists.read_version(team)
    assert sorted(saved["candidate_name"]) == sorted(
        ["Leanne Mohamad", SECRET_NAME, "Carla Denyer", "Thangam Debbonaire"]
    )
    at.switch_page(WORKSPACE).run()
    versions = table_under(at, "Versions")
    assert versions["version"].tolist() == [3, 2, 1]
    assert versions.iloc[0]["by"] == "alice" and versions.iloc[0]["changes"] == "+2 −0 ~0"
    # this session now sees the saved list everywhere
    assert "We Deserve Better" in at.multiselect(key="f_group").options


def test_two_sessions_save_the_same_version_and_nothing_is_lost(open_page, team):
    first = upload(sign_in(open_page(PAGE), "alice"), "tabs.tsv")
    second = upload(sign_in(open_page(PAGE), "bob"), "semicolon.csv")
    save_button(first).click().run()
    assert "Saved v3" in texts(first.success)
    save_button(second).click().run()
    assert not second.exception, second.exception
    told = texts(second.warning)
    assert "The list changed since you opened it (now v3 by alice at " in told
    theirs = table_under(second, "**Theirs**")
    mine = table_under(second, "**Yours**")
    assert "Carla Denyer" in theirs["candidate_name"].tolist()
    assert "Wes Streeting" in mine["candidate_name"].tolist()
    assert "Carla Denyer" not in mine["candidate_name"].tolist()
    assert table_under(second, "**Removed**")["candidate_name"].tolist() == [
        "Carla Denyer",
        "Thangam Debbonaire",
    ]
    assert len(lists.list_versions(team)) == 3  # nothing written for the second
    second.button(key="imp_conflict_save_both").click().run()
    assert not second.exception, second.exception
    assert "Saved v4" in texts(second.success)

    def stances(frame):
        return set(zip(frame["candidate_name"], frame["group"], frame["stance"], strict=True))

    kept = lists.read_version(team)
    assert stances(kept) == stances(theirs) | stances(mine) and len(kept) == len(stances(kept))
    names = set(kept["candidate_name"])
    assert names >= {"Carla Denyer", "Thangam Debbonaire", "Wes Streeting", SECRET_NAME}


def test_after_a_conflict_mine_can_be_saved_as_it_was(open_page, team, downloads):
    first = upload(sign_in(open_page(PAGE), "alice"), "tabs.tsv")
    second = upload(sign_in(open_page(PAGE), "bob"), "semicolon.csv")
    second.radio(key="imp_mode").set_value("replace").run()
    save_button(first).click().run()
    save_button(second).click().run()
    assert "The list changed since you opened it" in texts(second.warning)
    mine = next(name for name in downloads if name.startswith("my-list_workspace_"))
    assert "Wes Streeting" in downloads[mine].decode("utf-8")
    second.button(key="imp_conflict_save_mine").click().run()
    assert "Saved v4" in texts(second.success)
    assert sorted(lists.read_version(team)["candidate_name"]) == [
        "Leanne Mohamad",
        "Steve Witherden",
        "Wes Streeting",
    ]
    assert len(lists.read_version(team, 3)) == 4  # theirs stays, as the version before


def test_a_named_list_is_saved_and_opened_again(open_page, team):
    at = upload(sign_in(open_page(PAGE), "alice"), "tabs.tsv")
    at.text_input(key="imp_dataset").input("Our List")
    at.radio(key="imp_mode").set_value("replace").run()
    save_button(at).click().run()
    assert "Saved v1 of the list our-list: 2 row(s)" in texts(at.success)
    assert lists.list_names(team) == ["candidates", "our-list"]
    assert len(lists.list_versions(team)) == 2  # the team's list is unchanged
    options = at.selectbox(key="imp_open").options
    assert options[0].startswith("v2 · ") and options[-1].startswith("our-list: v1 · ")
    at.selectbox(key="imp_open").set_value(options[1])  # the team's v1
    at.button(key="imp_open_apply").click().run()
    assert "in this session: 1 endorsements" in texts(at.success)
    at.switch_page("app_pages/group_page.py").run()
    assert at.selectbox(key="group_pick").value == "Team Group"


def test_a_bad_list_name_is_not_saved(open_page, team):
    at = upload(sign_in(open_page(PAGE), "alice"), "tabs.tsv")
    at.text_input(key="imp_dataset").input("../../etc")
    save_button(at).click().run()
    assert "Not saved: list name" in texts(at.error)
    assert lists.list_names(team) == ["candidates"] and len(lists.list_versions(team)) == 2
