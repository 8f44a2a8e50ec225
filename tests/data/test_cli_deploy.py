"""`targets deploy` on the real data, and the privacy rule: planning writes no file."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from targets.cli.common import EXIT_OK, EXIT_USAGE
from targets.cli.main import main
from targets.data import sources
from targets.deploy import PERSONAL_DATA_NOTE

VOLUNTEERS = (
    "name,postcode,hours,max_km\n"
    "Ann Lee,bs8 1th,10,\n"
    "Bob Roy,IG6 1AA,6,5\n"
    "Cat Ng,BT7 1NN,4,\n"
    "Dan Oz,SW1A 9ZZ,3,\n"
    "Fay Mo,BS16 1QY,12,30\n"
)


@pytest.fixture(scope="module", autouse=True)
def built_index(postcode_index):
    """The postcode index, built once per test session (tests/conftest.py)."""


@pytest.fixture()
def volunteers_file(tmp_path):
    path = tmp_path / "volunteers.csv"
    path.write_text(VOLUNTEERS, encoding="utf-8")
    return path


def files_in(folder):
    return {p: p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}


def test_deploy_for_a_group_lists_every_volunteer(capsys, volunteers_file):
    before = files_in(sources.data_dir())
    args = ["deploy", str(volunteers_file), "--group", "We Deserve Better"]
    assert main([*args, "--hours-per-seat", "15"]) == EXIT_OK
    captured = capsys.readouterr()
    assert "Bristol Central (E14001131), priority 10: 15 of 15 h" in captured.out
    assert "row 2: Ann Lee (BS8 1TH) -> Bristol Central, 0.0 km, 10 h" in captured.out
    assert "row 6: Fay Mo (BS16 1QY) -> Bristol Central" in captured.out
    assert "row 4: Cat Ng (BT7 1NN) not planned: postcode: BT7 1NN is a Northern Ireland" in (
        captured.out
    )
    assert "row 5: postcode: SW1A 9ZZ is written like a postcode" in captured.err
    assert "proven optimal" in captured.out
    # privacy: nothing was written to the data folder (no cache, no log)
    assert files_in(sources.data_dir()) == before


def test_deploy_to_an_excel_file_carries_the_note(capsys, volunteers_file, tmp_path):
    target = tmp_path / "plan.xlsx"
    args = ["deploy", str(volunteers_file), "--party", "Green", "--max-swing", "10"]
    assert main([*args, "-o", str(target)]) == EXIT_OK
    assert PERSONAL_DATA_NOTE in capsys.readouterr().err
    plan = pd.read_excel(target)
    assert plan["Name"].tolist() == ["Ann Lee", "Bob Roy", "Cat Ng", "Dan Oz", "Fay Mo"]
    about = pd.read_excel(target, sheet_name=None)
    assert any(PERSONAL_DATA_NOTE in frame.to_string() for frame in about.values())


def test_deploy_csv_starts_with_the_note(capsysbinary, volunteers_file):
    assert (
        main(["deploy", str(volunteers_file), "--seat", "Bristol Central", "--format", "csv"]) == 0
    )
    out = capsysbinary.readouterr().out.decode("utf-8")
    first, rest = out.split("\r\n", 1)
    assert first == f"# {PERSONAL_DATA_NOTE}"
    table = pd.read_csv(io.StringIO(rest))
    assert table.loc[table["name"] == "Ann Lee", "constituency_name"].item() == "Bristol Central"
    assert (table["hours_assigned"] <= table["hours_available"].fillna(0)).all()


def test_deploy_needs_targets(capsys, volunteers_file):
    assert main(["deploy", str(volunteers_file), "--party", "Green", "--max-swing", "0"]) == (
        EXIT_USAGE
    )
    assert "no target seats" in capsys.readouterr().err
