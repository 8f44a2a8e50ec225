"""The Workspace page and the team's list on every page: versions, compare, restore, access."""

from pathlib import Path

import pytest
from page_parts import rendered
from workspace_parts import (
    PASSWORD,
    SECRET_GROUP,
    SECRET_NAME,
    SEED_ROW,
    every_text,
    list_rows,
    sign_in,
    table_under,
    team_fixture,  # noqa: F401 - the team fixture
)

from targets.app import cache
from targets.app.pages import PAGES
from targets.app.signin import NOT_SIGNED_IN
from targets.data import sources
from targets.store import accounts
from targets.store import endorsement_lists as lists
from targets.store.database import DATABASE_URL_ENV, open_database

PAGE = "app_pages/workspace_page.py"
UPLOADS = Path(__file__).resolve().parents[1] / "fixtures" / "uploads"
SEATS = "app_pages/seats_page.py"
HOSTILE_QUERIES = {
    "version": "1",
    "workspace": "main",
    "list": "candidates",
    "group": SECRET_GROUP.rsplit(" ", 1)[0],  # parts only: what is typed is shown back
    "q": "Ilford",  # the seat whose row in the workspace's list is secret
    "seat": "E14001300",
}


def texts(elements) -> str:
    return "\n".join(rendered(element.value) for element in elements)


def test_an_unsigned_session_is_asked_to_sign_in(open_page, team):
    at = open_page(PAGE)
    assert texts(at.info) == rendered(NOT_SIGNED_IN)
    assert not at.dataframe and not at.title


def test_an_editor_views_compares_and_restores(open_page, team, downloads):
    at = sign_in(open_page(PAGE), "alice")
    versions = table_under(at, "Versions")
    assert versions[["version", "by", "changes", "source"]].values.tolist() == [
        [2, "bob", "+1 −0 ~0", "app"],
        [1, "alice", "+1 −0 ~0", "seed"],
    ]
    assert table_under(at, "View a version")["candidate_name"].tolist() == [
        "Leanne Mohamad",
        SECRET_NAME,
    ]
    at.selectbox(key="ws_view").set_value(1).run()
    assert table_under(at, "View a version")["candidate_name"].tolist() == ["Leanne Mohamad"]
    assert any(name.startswith("candidates-v1_workspace_") for name in downloads)
    # compare: v1 to v2 adds the one row
    assert "From v1 to v2: 1 row(s) added, 0 removed, 0 changed." in texts(at.markdown)
    assert table_under(at, "**Added**")["candidate_name"].tolist() == [SECRET_NAME]
    # restore v1: asked first, then a new version
    assert at.selectbox(key="ws_restore").value == 1
    at.button(key="ws_restore_ask").click().run()
    assert "Make v1's rows the current list again?" in texts(at.warning)
    assert len(lists.list_versions(team)) == 2
    at.button(key="ws_restore_yes").click().run()
    assert not at.exception, at.exception
    assert "Restored v1 as v3, now the current list." in texts(at.success)
    versions = table_under(at, "Versions")
    assert versions.iloc[0][["version", "by", "source"]].tolist() == [3, "alice", "restore of v1"]
    at.selectbox(key="ws_older").set_value(2)
    at.selectbox(key="ws_newer").set_value(3).run()
    assert table_under(at, "**Removed**")["candidate_name"].tolist() == [SECRET_NAME]
    assert "Audit log" not in [heading.value for heading in at.subheader]  # admins only


def test_a_viewer_sees_the_versions_but_cannot_restore(open_page, team):
    at = sign_in(open_page(PAGE), "victor")
    assert table_under(at, "Versions")["version"].tolist() == [2, 1]
    assert not [button for button in at.button if button.key and "restore" in button.key]
    assert "Editors can restore an earlier version" in texts(at.caption)


def test_an_admin_sees_the_audit_log(open_page, team):
    at = sign_in(open_page(PAGE), "ada")
    audit = table_under(at, "Audit log")
    assert "list saved" in audit["action"].tolist()


def test_a_signed_in_member_sees_the_team_list_on_every_page(open_page, team):
    at = sign_in(open_page(SEATS), "victor")
    assert SECRET_GROUP in at.multiselect(key="f_group").options
    at.switch_page("app_pages/seat_page.py")
    at.query_params["seat"] = "E14001300"
    at.run()
    assert SECRET_NAME in every_text(at)
    # another session's save shows on the next run
    lists.save_version(team, list_rows(SEED_ROW), author="alice", based_on=2)
    at.switch_page(SEATS).run()
    assert SECRET_GROUP not in at.multiselect(key="f_group").options


@pytest.mark.parametrize("spec", PAGES, ids=[spec.script for spec in PAGES])
def test_an_unsigned_session_never_sees_workspace_data(open_page, team, spec, downloads):
    at = open_page(f"app_pages/{spec.script}", **HOSTILE_QUERIES)
    shown = every_text(at) + "".join(data.decode("utf-8", "replace") for data in downloads.values())
    assert SECRET_NAME not in shown
    assert SECRET_GROUP not in shown


@pytest.fixture()
def bad_seed(tmp_path, monkeypatch, request):
    """A data folder whose candidates.csv has a bad stance on row 3 (the rest linked)."""
    folder = tmp_path / "data"
    folder.mkdir()
    for item in Path(sources.data_dir()).iterdir():
        if item.name not in ("candidates.csv", "workspace.sqlite3") and not item.name.startswith(
            "workspace.sqlite3"
        ):
            (folder / item.name).symlink_to(item.resolve())
    header = (
        "constituency_code,constituency_name,candidate_name,party,group,stance,source_url,notes"
    )
    (folder / "candidates.csv").write_text(
        f"{header}\n"
        "E14001300,Ilford North,Leanne Mohamad,Independent,We Deserve Better,support,,\n"
        "E14001300,Ilford North,Wes Streeting,Labour,We Deserve Better,maybe,,\n",
        encoding="utf-8",
    )
    monkeypatch.setenv(sources.DATA_DIR_ENV, str(folder))
    cache.reload_shared_data()
    request.addfinalizer(cache.reload_shared_data)
    return folder


@pytest.mark.parametrize("spec", PAGES, ids=[spec.script for spec in PAGES])
def test_a_bad_seed_list_never_locks_a_page(open_page, bad_seed, spec):
    at = open_page(f"app_pages/{spec.script}")
    banner = texts(at.warning)
    assert "The published endorsement list (`data/candidates.csv`) could not be read" in banner
    assert "row 3, stance 'maybe': must be 'support' or 'oppose'" in banner
    assert not at.error


def test_a_bad_version_offers_an_editor_the_last_good_one(open_page, team):
    bad = list_rows(SEED_ROW)
    bad.loc[0, "constituency_name"] = "Nowhere Central"
    lists.save_version(team, bad, author="bob", based_on=2)
    at = sign_in(open_page(SEATS), "alice")
    banner = texts(at.warning)
    assert "Your team's list (v3 · " in banner and "cannot be used" in banner
    assert "row 2, constituency_name 'Nowhere Central': does not match E14001300" in banner
    at.button(key="list_banner_restore").click().run()
    assert not at.exception, at.exception
    assert "Restored v2 as v4." in texts(at.success)
    assert "cannot be used" not in texts(at.warning)
    assert SECRET_GROUP in at.multiselect(key="f_group").options


def test_a_bad_version_tells_a_viewer_to_ask_an_editor(open_page, team):
    bad = list_rows(SEED_ROW)
    bad.loc[0, "constituency_name"] = "Nowhere Central"
    lists.save_version(team, bad, author="bob", based_on=2)
    at = sign_in(open_page(SEATS), "victor")
    assert "cannot be used" in texts(at.warning)
    assert "is the last version that loads: ask an editor" in texts(at.info)
    assert not [button for button in at.button if button.key == "list_banner_restore"]


def test_the_first_open_seeds_the_workspace_from_the_published_list(
    open_page, tmp_path, monkeypatch
):
    url = f"sqlite:///{tmp_path / 'new-team.sqlite3'}"
    monkeypatch.setenv(DATABASE_URL_ENV, url)
    accounts.add_user(open_database(url), "alice", role="editor", password=PASSWORD)
    at = sign_in(open_page(PAGE), "alice")
    versions = table_under(at, "Versions")
    assert versions.iloc[0][["source", "by", "rows"]].tolist() == ["seed", "seed", 4]
    assert lists.read_version(open_database(url))["candidate_name"].tolist()[:2] == [
        "Carla Denyer",
        "Thangam Debbonaire",
    ]


def test_rows_applied_while_signed_in_are_forgotten_on_sign_out(open_page, team):
    at = sign_in(open_page("app_pages/import_page.py"), "alice")
    at.file_uploader(key="imp_file").set_value(
        ("tabs.tsv", (UPLOADS / "tabs.tsv").read_bytes(), "text/csv")
    ).run()
    at.button(key="imp_apply").click().run()  # the team's rows and the upload's
    at.switch_page(SEATS).run()
    assert SECRET_GROUP in at.multiselect(key="f_group").options
    at.button(key="signin_sign_out").click().run()
    assert not at.exception, at.exception
    assert SECRET_GROUP not in at.multiselect(key="f_group").options
    assert SECRET_NAME not in every_text(at)
