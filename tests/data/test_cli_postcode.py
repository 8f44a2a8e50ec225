"""`targets postcode` and `targets nearest` on the real data: output and exit codes."""

from __future__ import annotations

import io
import json

import pandas as pd
import pytest

from targets.cli.common import EXIT_OK, EXIT_USAGE
from targets.cli.main import main


@pytest.fixture(scope="module", autouse=True)
def built_index(postcode_index):
    """The postcode index, built once per test session (tests/conftest.py)."""


def test_postcode_text(capsys):
    assert main(["postcode", "bs81th", "IG6 1AA"]) == EXIT_OK
    out = capsys.readouterr().out
    assert "BS8 1TH: Bristol Central (E14001131), South West" in out
    assert "Green gain from Lab; Carla Denyer (Green) won by 10,407 votes" in out
    assert "IG6 1AA: Ilford North (E14001300), London" in out
    assert "held now by Wes Streeting (Lab)" in out


def test_postcode_csv_and_json(capsysbinary):
    assert main(["postcode", "ig61aa", "--format", "csv"]) == EXIT_OK
    table = pd.read_csv(io.BytesIO(capsysbinary.readouterr().out))
    row = table.iloc[0]
    assert (row["postcode"], row["constituency_name"], row["majority"]) == (
        "IG6 1AA",
        "Ilford North",
        528,
    )
    assert row["current_mp"] == "Wes Streeting" and row["result"] == "Lab hold"
    assert main(["postcode", "BS8 1TH", "--format", "json"]) == EXIT_OK
    records = json.loads(capsysbinary.readouterr().out)
    assert records[0]["constituency_code"] == "E14001131"
    assert records[0]["winner_party"] == "Green"


def test_postcodes_that_cannot_be_placed_exit_2_each_with_its_reason(capsys):
    assert main(["postcode", "BS8 1TH", "BT7 1NN", "SW1A 9ZZ", "hello"]) == EXIT_USAGE
    captured = capsys.readouterr()
    assert "Bristol Central" in captured.out
    assert "BT7 1NN is a Northern Ireland postcode" in captured.err
    assert "SW1A 9ZZ is written like a postcode but is not in Code-Point Open" in captured.err
    assert "“hello” is not a postcode" in captured.err
    assert "Traceback" not in captured.err


def test_nearest_party_targets(capsysbinary):
    args = ["nearest", "IG6 1AA", "--party", "Green", "--max-swing", "10", "--top", "3"]
    assert main([*args, "--format", "csv"]) == EXIT_OK
    table = pd.read_csv(io.BytesIO(capsysbinary.readouterr().out))
    assert len(table) == 3 and table["rank"].tolist() == [1, 2, 3]
    assert table["distance_km"].is_monotonic_increasing
    assert (table["swing_needed"] <= 10).all()
    assert table.iloc[0]["constituency_name"] == "Isle of Wight East"


def test_nearest_text_with_max_km_puts_the_own_seat_first(capsys):
    assert main(["nearest", "BS8 1TH", "--max-km", "3"]) == EXIT_OK
    out = capsys.readouterr().out
    assert out.startswith("BS8 1TH is in Bristol Central (E14001131).")
    assert "  1. Bristol Central (E14001131): 0.0 km" in out


def test_nearest_group_seats(capsysbinary):
    assert main(["nearest", "BS8 1TH", "--group", "we deserve better", "--format", "json"]) == 0
    records = json.loads(capsysbinary.readouterr().out)
    assert [r["constituency_name"] for r in records] == ["Bristol Central", "Ilford North"]
    assert records[0]["distance_km"] == 0
    assert 150 < records[1]["distance_km"] < 200


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nearest", "BT7 1NN"], "Northern Ireland postcode"),
        (["nearest", "SW1A 9ZZ"], "not in Code-Point Open"),
        (["nearest", "BS8 1TH", "--party", "Nonsense"], "unknown party 'Nonsense'"),
        (["nearest", "BS8 1TH", "--max-swing", "5"], "needs a party or a group"),
    ],
)
def test_nearest_bad_input_exits_2(capsys, args, message):
    assert main(args) == EXIT_USAGE
    assert message in capsys.readouterr().err
