"""`targets candidates validate|import|versions|restore|export` on the real seats and parties."""

import io
import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from targets.cli.main import main
from targets.seats import load_seat_data
from targets.store import database
from targets.store import endorsement_lists as lists
from targets.views import export

UPLOADS = Path(__file__).resolve().parents[1] / "fixtures" / "uploads"
FORMULA = '=HYPERLINK("http://x","y")'


def run(capsys, *args) -> tuple[int, str, str]:
    code = main(["candidates", *map(str, args)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def upload(name: str, tmp_path: Path) -> Path:
    """A copy of a fixture in tmp_path, so files written beside it stay there."""
    return Path(shutil.copy(UPLOADS / name, tmp_path / name))


# ---------------------------------------------------------------- validate


def test_validate_a_clean_file(capsys, data_paths):
    code, out, _ = run(capsys, "validate", UPLOADS / "bom_utf8.csv")
    assert code == 0
    assert "CSV, UTF-8 with BOM, comma-separated" in out
    assert "3 row(s): 3 imported, 0 need confirmation, 0 rejected" in out


def test_validate_as_json(capsys, data_paths):
    code, out, _ = run(capsys, "validate", UPLOADS / "unknown_seat.csv", "--format", "json")
    assert code == 1
    report = json.loads(out)
    assert report["counts"] == {"imported": 1, "needs confirmation": 1, "rejected": 2}
    statuses = {row["row"]: row["status"] for row in report["rows"]}
    assert statuses == {2: "rejected", 3: "rejected", 4: "needs confirmation", 5: "imported"}
    assert report["rows"][2]["suggestions"][0]["constituency_name"] == "Bristol Central"
    assert {(p["row"], p["column"]) for p in report["problems"]} == {
        (2, "constituency_name"),
        (3, "constituency_code"),
    }


def test_validate_fuzzy_names_needs_confirmation_until_confirmed(capsys, data_paths):
    code, out, _ = run(capsys, "validate", UPLOADS / "fuzzy_names.csv")
    assert code == 1
    assert "confirm with --confirm 4=E14001260" in out
    code, out, _ = run(
        capsys,
        "validate",
        UPLOADS / "fuzzy_names.csv",
        *("--confirm", "2=E14001131", "--confirm", "3=E14001300", "--confirm", "4=E14001260"),
    )
    assert code == 0, out
    assert "4 imported" in out


def test_validate_names_the_unknown_party(capsys, data_paths):
    code, out, _ = run(capsys, "validate", UPLOADS / "unknown_party.csv")
    assert code == 0
    assert "row 2, party 'Example Local Party': is not a party in the registry" in out


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("duplicate_headers.csv", "duplicate column headers"),
        ("missing_columns.csv", "required column(s) missing: stance"),
        ("empty.csv", "the file is empty"),
        ("does_not_exist.csv", "cannot open"),
    ],
)
def test_validate_unreadable_files_exit_2(capsys, data_paths, name, message):
    code, out, err = run(capsys, "validate", UPLOADS / name)
    assert code == 2
    assert out == ""
    assert message in err


def test_validate_binary_exits_2(capsys, data_paths, tmp_path):
    path = tmp_path / "photo.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20)
    code, _, err = run(capsys, "validate", path)
    assert code == 2
    assert "binary" in err


def test_group_without_stance_is_a_usage_error(capsys, data_paths):
    code, _, err = run(capsys, "validate", UPLOADS / "democracy_club_2024.csv", "--group", "G")
    assert code == 2
    assert "--group and --stance go together" in err


def test_bad_confirmation_syntax_is_a_usage_error(capsys, data_paths):
    with pytest.raises(SystemExit) as caught:
        main(["candidates", "validate", str(UPLOADS / "fuzzy_names.csv"), "--confirm", "x"])
    assert caught.value.code == 2
    assert "is not ROW=CODE" in capsys.readouterr().err


# ---------------------------------------------------------------- import: a new version


@pytest.fixture
def workspace(tmp_path, monkeypatch) -> Iterator[str]:
    """A workspace database of this test's own (SQLite in tmp_path)."""
    url = f"sqlite:///{tmp_path / 'workspace.sqlite3'}"
    monkeypatch.setenv(database.DATABASE_URL_ENV, url)
    yield url
    database.close_databases(url)


def exported(capsys, tmp_path, *args) -> Path:
    """The current list, exported to a file."""
    path = tmp_path / f"export-{len(list(tmp_path.glob('export-*')))}.csv"
    code, _, err = run(capsys, "export", "-o", path, *args)
    assert code == 0, err
    return path


def test_import_saves_a_clean_file_as_a_new_version(capsys, data_paths, tmp_path, workspace):
    code, _, err = run(capsys, "import", UPLOADS / "semicolon.csv", "--replace", "--as", "alice")
    assert code == 0, err
    seeded = len(lists.list_versions(database.open_database()))
    assert "seeded list 'candidates' of workspace 'main' from candidates.csv" in err
    current = lists.current_version(database.open_database())
    assert (current.number, current.author, current.source) == (seeded, "alice", "import")
    assert f"saved v{seeded} · " in err and " · alice · " in err and ": 3 row(s) in " in err
    data = load_seat_data(exported(capsys, tmp_path))
    ilford = data.seats.set_index("constituency_code").loc["E14001300"]
    assert ilford["backed_candidate"] == "Leanne Mohamad"
    assert ilford["opposed_candidate"] == "Wes Streeting"
    mohamad = data.endorsements.set_index("candidate_name").loc["Leanne Mohamad"]
    assert bool(mohamad["stood_2024"]) and mohamad["votes"] == 15119


def test_import_adds_to_the_list_and_every_version_is_kept(capsys, data_paths, tmp_path, workspace):
    assert run(capsys, "import", UPLOADS / "semicolon.csv", "--replace")[0] == 0
    first = lists.current_version(database.open_database())
    code, _, err = run(capsys, "import", UPLOADS / "bom_utf8.csv", "--as", "bob")
    assert code == 0, err
    # 3 + 3 rows, one the same stance (Steve Witherden, Example Campaign): the new one wins
    assert f"saved v{first.number + 1} · " in err and "bob · +2 −0 ~1: 5 row(s)" in err
    saved = pd.read_csv(exported(capsys, tmp_path), dtype=str)
    assert len(saved) == 5
    assert {"Llinos Medi", "Wes Streeting"} <= set(saved["candidate_name"])
    witherden = saved[saved["candidate_name"] == "Steve Witherden"]
    assert witherden["stance"].tolist() == ["oppose"]
    code, _, err = run(capsys, "import", UPLOADS / "tabs.tsv", "--replace", "--note", "Bristol")
    assert code == 0, err
    assert pd.read_csv(exported(capsys, tmp_path), dtype=str)["candidate_name"].tolist() == [
        "Carla Denyer",
        "Thangam Debbonaire",
    ]
    code, out, _ = run(capsys, "versions")
    assert code == 0
    lines = out.splitlines()
    assert len(lines) == first.number + 2
    assert lines[0].startswith("v1 · ")
    assert " · bob · +2 −0 ~1 · 5 row(s) · import" in lines[-2]
    assert lines[-1].endswith("· 2 row(s) · import · Bristol")


def test_restore_makes_an_old_version_current_as_a_new_one(capsys, data_paths, tmp_path, workspace):
    assert run(capsys, "import", UPLOADS / "semicolon.csv", "--replace")[0] == 0
    number = lists.current_version(database.open_database()).number
    assert run(capsys, "import", UPLOADS / "tabs.tsv", "--replace")[0] == 0
    code, _, err = run(capsys, "restore", number, "--as", "carol")
    assert code == 0, err
    assert f"restored v{number} as v{number + 2} · " in err and "carol · +3 −2 ~0" in err
    restored = lists.current_version(database.open_database())
    assert (restored.source, restored.restored_from) == ("restore", number)
    names = pd.read_csv(exported(capsys, tmp_path), dtype=str)["candidate_name"]
    assert names.tolist() == ["Steve Witherden", "Leanne Mohamad", "Wes Streeting"]
    code, _, err = run(capsys, "restore", 99)
    assert code == 2 and "unknown version '99'" in err


def test_export_to_stdout_and_an_old_version(capsys, data_paths, workspace):
    code, out, _ = run(capsys, "export")
    assert code == 0
    seeded = pd.read_csv(io.StringIO(out), dtype=str)
    assert list(seeded.columns) == list(lists.ENDORSEMENT_COLUMNS)
    assert run(capsys, "import", UPLOADS / "tabs.tsv", "--replace")[0] == 0
    code, out, _ = run(capsys, "export", "--version", "1")
    assert code == 0
    assert (
        pd.read_csv(io.StringIO(out), dtype=str)["candidate_name"].tolist()
        == (pd.read_csv(io.StringIO(lists.read_version(database.open_database(), 1).to_csv())))[
            "candidate_name"
        ].tolist()
    )


def test_a_named_list_starts_empty_and_is_apart(capsys, data_paths, tmp_path, workspace):
    code, _, err = run(capsys, "versions", "--list", "north")
    assert code == 0 and "has no version yet" in err
    code, _, err = run(capsys, "export", "--list", "north")
    assert code == 1 and "has no version to export" in err
    code, _, err = run(capsys, "import", UPLOADS / "tabs.tsv", "--list", "north")
    assert code == 0, err
    assert "saved v1 · " in err and "+2 −0 ~0: 2 row(s) in list 'north'" in err
    assert lists.list_names(database.open_database()) == ["north"]
    code, _, err = run(capsys, "import", UPLOADS / "tabs.tsv", "--list", "../../etc")
    assert code == 2 and "may use only letters" in err


def test_import_refuses_while_rows_are_rejected(capsys, data_paths, tmp_path, workspace):
    path = upload("many_problems.csv", tmp_path)
    code, _, err = run(capsys, "import", path)
    assert code == 1
    assert "nothing saved" in err
    assert "row 4 (Thangam Debbonaire, Bristol Central): stance 'maybe'" in err
    assert not (tmp_path / "many_problems.rejected.csv").exists()
    assert lists.current_version(database.open_database()) is None  # not even seeded


def test_import_refuses_while_rows_need_confirmation(capsys, data_paths, workspace):
    code, _, _ = run(capsys, "import", UPLOADS / "fuzzy_names.csv")
    assert code == 1
    assert lists.current_version(database.open_database()) is None


def test_import_skip_rejected_writes_the_rejects_beside_the_file(
    capsys, data_paths, tmp_path, workspace
):
    path = upload("unknown_seat.csv", tmp_path)
    code, _, err = run(capsys, "import", path, "--replace", "--skip-rejected")
    assert code == 0, err
    saved = pd.read_csv(exported(capsys, tmp_path), dtype=str)
    assert saved["candidate_name"].tolist() == ["Thangam Debbonaire"]
    rejects = pd.read_csv(tmp_path / "unknown_seat.rejected.csv", dtype=str)
    assert rejects["row"].tolist() == ["2", "3", "4"]
    assert rejects["status"].tolist() == ["rejected", "rejected", "needs confirmation"]
    assert "is not the name of a July 2024 seat" in rejects.at[0, "reason"]
    assert "3 row(s) not imported" in err


def test_import_a_democracy_club_export_with_a_group_and_stance(
    capsys, data_paths, tmp_path, workspace
):
    path = UPLOADS / "democracy_club_2024.csv"
    code, _, _ = run(capsys, "import", path, "--replace")
    assert code == 1  # no stances yet
    args = ["import", path, "--replace", "--group", "Example Campaign", "--stance", "support"]
    code, _, err = run(capsys, *args)
    assert code == 0, err
    data = load_seat_data(exported(capsys, tmp_path))
    joined = data.endorsements.set_index("candidate_name")
    assert joined.loc["Carla Denyer", "position"] == 1
    assert joined.loc["Wes Streeting", "votes"] == 15647
    assert joined.loc["Leanne Mohamad", "party"] == "Ind"
    assert set(joined["source_url"]) == {
        f"https://candidates.democracyclub.org.uk/person/{person}"
        for person in (9774, 4281, 116038, 4360)
    }


def test_an_unreachable_database_is_a_clear_error(capsys, data_paths, monkeypatch):
    monkeypatch.setenv(
        database.DATABASE_URL_ENV, "postgresql+psycopg://u:s3cret@127.0.0.1:9/x?connect_timeout=2"
    )
    code, _, err = run(capsys, "versions")
    assert code == 1
    assert "cannot open the workspace database" in err and "s3cret" not in err
    assert "Traceback" not in err


def test_an_xlsx_upload(capsys, data_paths, tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Constituency", "Candidate", "Party", "Group", "Stance"])
    sheet.append(["Ynys Môn", "Llinos Medi", "Plaid Cymru", "Example Campaign", "support"])
    path = tmp_path / "list.xlsx"
    book.save(path)
    code, out, _ = run(capsys, "validate", path)
    assert code == 0
    assert "list.xlsx: XLSX, endorsement columns" in out


def test_a_formula_name_is_kept_and_neutralised_in_every_export(
    capsys, data_paths, tmp_path, national_boundaries, workspace
):
    assert run(capsys, "import", UPLOADS / "formula_name.csv", "--replace")[0] == 0
    stored = lists.read_version(database.open_database())
    assert stored.at[0, "candidate_name"] == FORMULA  # the list keeps the text as it is
    target = exported(capsys, tmp_path)  # the export is safe to open in a spreadsheet
    assert pd.read_csv(target, dtype=str).at[0, "candidate_name"] == "'" + FORMULA
    data = load_seat_data(target)  # and reads back as it was
    assert data.endorsements.at[0, "candidate_name"] == FORMULA
    before = lists.current_version(database.open_database()).number
    code, _, err = run(capsys, "import", target, "--replace")
    assert code == 0, err
    assert lists.current_version(database.open_database()).number == before + 1
    assert "+0 −0 ~0" in err
    seats = data.seats[data.seats["constituency_code"] == "E14001131"]
    assert seats["backed_candidate"].item() == FORMULA

    csv_back = pd.read_csv(io.BytesIO(export.export_table(seats, "csv")), dtype=str)
    assert csv_back.at[0, "backed_candidate"] == "'" + FORMULA
    sheet = openpyxl.load_workbook(io.BytesIO(export.export_table(seats, "xlsx"))).active
    header = [cell.value for cell in sheet[1]]
    cell = sheet.cell(row=2, column=header.index("Backed") + 1)
    assert (cell.data_type, cell.value) == ("s", "'" + FORMULA)
    geojson = json.loads(export.export_table(seats, "geojson", national_boundaries))
    assert geojson["features"][0]["properties"]["backed_candidate"] == "'" + FORMULA


def test_a_whole_election_democracy_club_export(seat_data):
    """Every 2024 candidate, laid out as a Democracy Club export, from the real results."""
    from targets.uploads import reading
    from targets.uploads import report as imports

    people = seat_data.candidates
    export_like = pd.DataFrame(
        {
            "person_id": people["dc_person_id"],
            "person_name": people["candidate_name"],
            "election_id": "parl.2024-07-04",
            "ballot_paper_id": "parl.2024-07-04",
            "party_name": people["party_name"],
            "post_label": people["constituency_name"],
            "gss": people["constituency_code"],
        }
    )
    raw = export_like.to_csv(index=False).encode()
    upload = reading.assign_group_stance(reading.read_upload(raw), "Example Campaign", "support")
    report = imports.build_import_report(upload, seat_data.seat_names, seat_data.registry)
    assert len(report.rows) == len(people) == 4515
    assert report.counts["imported"] >= 4513
    assert not report.warnings  # every party that stood is in the registry
    # the Commons Library file spells one seat "YeoYeovil" beside Yeovil's code: not guessed
    waiting = report.needs_confirmation
    assert waiting["party_given"].tolist() == ["Conservative"]
    assert report.suggestions[int(waiting.index[0])][0].constituency_name == "Yeovil"
    assert set(report.imported["party"]) >= {"Lab", "Con", "LD", "RUK", "Green", "SNP", "PC"}


def test_output_to_a_path_that_cannot_be_written_says_so(data_paths, tmp_path, capsys):
    from targets.cli.main import main as run

    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    assert run(["seats", "--search", "Ilford", "-o", str(blocked / "seats.csv")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("targets: cannot use") and "Traceback" not in err
