"""`targets seat` and `targets group` on the real data: output contracts and exit codes."""

import io
import json

import pandas as pd
import pytest

from targets.cli.common import EXIT_USAGE
from targets.cli.main import main
from targets.views.labels import column_label


def run(capsysbinary, *args) -> bytes:
    assert main(list(args)) == 0
    return capsysbinary.readouterr().out


def test_seat_json_by_code(capsysbinary, data_paths):
    payload = json.loads(run(capsysbinary, "seat", "E14001300", "--format", "json"))
    assert payload["constituency_code"] == "E14001300"
    assert payload["constituency_name"] == "Ilford North"
    assert payload["majority"] == 528
    mohamad = payload["candidates"][1]
    assert mohamad["name"] == "Leanne Mohamad"
    assert (mohamad["party"], mohamad["votes"], mohamad["position"]) == ("Ind", 15_119, 2)
    assert mohamad["share"] == pytest.approx(32.2449)
    assert mohamad["votes_behind_winner"] == 528
    assert mohamad["swing_needed"] == pytest.approx(0.56305)
    assert [s["candidate_name"] for s in payload["stances"]] == ["Leanne Mohamad", "Wes Streeting"]


def test_seat_text_by_name(capsysbinary, data_paths):
    text = run(capsysbinary, "seat", "bristol central").decode("utf-8")
    assert "Bristol Central (E14001131)" in text
    assert "Green gain from Lab" in text
    assert "won by 10,407 votes" in text
    assert "We Deserve Better opposes Thangam Debbonaire (Lab): 2nd" in text
    lines = [line for line in text.splitlines() if "Debbonaire" in line and "14,132" in line]
    assert lines and "10,407" in lines[0]


def test_seat_written_to_a_file(capsysbinary, tmp_path, data_paths):
    target = tmp_path / "seat.json"
    assert main(["seat", "Ilford North", "--format", "json", "-o", str(target)]) == 0
    assert json.loads(target.read_text("utf-8"))["majority"] == 528


def test_unknown_seat_exits_2_with_closest_names(capsys, data_paths):
    assert main(["seat", "Ilfrod Nroth"]) == EXIT_USAGE
    error = capsys.readouterr().err
    assert "unknown seat 'Ilfrod Nroth'" in error
    assert "Ilford North" in error


def test_group_csv(capsysbinary, data_paths):
    table = pd.read_csv(io.BytesIO(run(capsysbinary, "group", "we deserve better")))
    assert list(table["constituency_name"]) == ["Bristol Central", "Ilford North"]
    assert list(table["outcome"]) == [
        "backed candidate won by 10,407 votes",
        "backed candidate lost by 528 votes",
    ]
    assert list(table["margin_votes"]) == [10_407, -528]
    assert list(table["backed_candidate"]) == ["Carla Denyer", "Leanne Mohamad"]
    assert list(table["opposed_candidate"]) == ["Thangam Debbonaire", "Wes Streeting"]


def test_group_xlsx_and_geojson(capsysbinary, tmp_path, data_paths):
    workbook = tmp_path / "wdb.xlsx"
    assert main(["group", "We Deserve Better", "--format", "xlsx", "-o", str(workbook)]) == 0
    sheet = pd.read_excel(workbook)  # headers in words; the sheet is named after the group
    assert list(sheet[column_label("backed_votes")]) == [24_539, 15_119]
    assert pd.ExcelFile(workbook).sheet_names == ["We Deserve Better", "About"]
    collection = json.loads(run(capsysbinary, "group", "We Deserve Better", "--format", "geojson"))
    features = collection["features"]
    assert [f["properties"]["constituency_code"] for f in features] == ["E14001131", "E14001300"]
    assert all(f["geometry"]["type"] in ("Polygon", "MultiPolygon") for f in features)
    assert features[1]["properties"]["swing_needed"] == pytest.approx(0.56305)


def test_unknown_group_exits_2_listing_groups(capsys, data_paths):
    assert main(["group", "We Deserve Worse"]) == EXIT_USAGE
    error = capsys.readouterr().err
    assert "unknown group 'We Deserve Worse'" in error
    assert "We Deserve Better" in error
