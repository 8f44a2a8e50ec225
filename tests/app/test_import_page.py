"""The Import candidates page: read, report, confirm, set stances, apply, save, download."""

import io
import shutil
from pathlib import Path

import pandas as pd
import pytest
from page_parts import rendered

from targets.app import cache
from targets.data import saved_lists as storage
from targets.uploads import limits

PAGE = "app_pages/import_page.py"
UPLOADS = Path(__file__).resolve().parents[1] / "fixtures" / "uploads"
FORMULA = '=HYPERLINK("http://x","y")'
SEED = UPLOADS.parent / "candidates.csv"  # a copy of the seed data, for tests


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


def test_save_as_a_named_dataset_and_as_candidates_csv(open_page, monkeypatch, tmp_path):
    monkeypatch.setenv("TARGETS_DATA_DIR", str(tmp_path))
    shutil.copy(SEED, tmp_path / "candidates.csv")
    before = (tmp_path / "candidates.csv").read_bytes()
    at = upload(open_page(PAGE), "tabs.tsv")
    at.text_input(key="imp_dataset").input("Our List").run()
    at.button(key="imp_save").click().run()
    assert not at.exception, at.exception
    named = tmp_path / "candidates-our-list.csv"
    assert "Saved" in texts(at.success) and f"`{named.name}`" in texts(at.success)
    assert str(tmp_path) not in texts(at.success)  # no server paths shown to people
    saved = pd.read_csv(named, dtype=str)
    assert len(saved) == 4  # the seed's Ilford North rows, then the upload's Bristol Central rows
    assert (tmp_path / "candidates.csv").read_bytes() == before
    kept = list((tmp_path / "uploads").iterdir())
    assert len(kept) == 1 and kept[0].read_bytes() == (UPLOADS / "tabs.tsv").read_bytes()

    at.text_input(key="imp_dataset").input("")
    at.radio(key="imp_mode").set_value("replace").run()  # as in a browser: choose, then click
    at.button(key="imp_save").click().run()
    assert not at.exception, at.exception
    replaced = pd.read_csv(tmp_path / "candidates.csv", dtype=str)
    assert replaced["candidate_name"].tolist() == ["Carla Denyer", "Thangam Debbonaire"]
    backups = storage.list_backups(tmp_path / "candidates.csv")
    assert len(backups) == 1 and backups[0].read_bytes() == before
    cache.reload_shared_data()  # other tests read the session's candidates.csv again


def test_a_bad_dataset_name_is_not_saved(open_page, monkeypatch, tmp_path):
    monkeypatch.setenv("TARGETS_DATA_DIR", str(tmp_path))
    shutil.copy(SEED, tmp_path / "candidates.csv")
    at = upload(open_page(PAGE), "tabs.tsv")
    at.text_input(key="imp_dataset").input("../../etc")
    at.button(key="imp_save").click().run()
    assert "Not saved: dataset name" in texts(at.error)
    assert [p.name for p in tmp_path.glob("candidates*.csv")] == ["candidates.csv"]
    assert not (tmp_path / "uploads").exists()


def test_a_saved_dataset_can_be_opened_in_the_session(open_page, tmp_path, monkeypatch, request):
    # a named dataset saved earlier (real seats and candidates, a made-up group)
    rows = (
        "constituency_code,constituency_name,candidate_name,party,group,stance,source_url,notes\n"
        "E14001300,Ilford North,Leanne Mohamad,Independent,Saved Group,support,,\n"
    )
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    (data_dir / "candidates-saved.csv").write_text(rows, encoding="utf-8")
    (data_dir / "candidates.csv").write_text(rows.splitlines()[0] + "\n", encoding="utf-8")
    monkeypatch.setenv("TARGETS_DATA_DIR", str(data_dir))
    # the shared data is cached per process: read this folder now, the real one afterwards
    cache.reload_shared_data()
    request.addfinalizer(cache.reload_shared_data)
    at = open_page(PAGE)
    storage.save_endorsements(
        pd.read_csv(data_dir / "candidates-saved.csv"), data_dir / "candidates-saved.csv"
    )  # keeps a backup
    at.run()
    options = at.selectbox(key="imp_open").options
    assert options[:2] == ["candidates.csv", "candidates-saved.csv"]
    assert len(options) == 3 and options[2].startswith("backup: candidates-saved.")
    at.selectbox(key="imp_open").set_value("candidates-saved.csv")
    at.button(key="imp_open_apply").click().run()
    assert any("candidates-saved.csv" in rendered(s.value) for s in at.success)
    at.switch_page("app_pages/group_page.py").run()
    assert at.selectbox(key="group_pick").value == "Saved Group"
