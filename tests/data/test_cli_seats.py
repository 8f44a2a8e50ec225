"""The `targets seats` contract on the real data, and its exports round-tripping."""

import io
import json

import pandas as pd
import pytest

from targets.cli.main import main
from targets.filters import SeatFilters, filter_seats
from targets.views.labels import column_label

REQUIRED = [
    "constituency_code",
    "constituency_name",
    "nation",
    "region",
    "winner_party",
    "winner_candidate",
    "winner_votes",
    "winner_share",
    "second_party",
    "second_candidate",
    "second_votes",
    "second_share",
    "majority",
    "majority_pct",
    "turnout_pct",
    "electorate",
    "result",
    "notional_2019_winner",
    "groups",
    "backed_candidate",
    "backed_party",
    "opposed_candidate",
    "opposed_party",
]


def run_csv(capsysbinary, *args) -> pd.DataFrame:
    assert main(["seats", *args]) == 0
    out = capsysbinary.readouterr().out
    return pd.read_csv(io.BytesIO(out), dtype={"constituency_code": str})


def test_all_seats_with_required_columns(capsysbinary, data_paths):
    table = run_csv(capsysbinary)
    assert len(table) == 650
    assert set(REQUIRED) <= set(table.columns)


def test_group_filter_returns_the_two_seed_seats(capsysbinary, data_paths):
    table = run_csv(capsysbinary, "--group", "We Deserve Better")
    assert sorted(table["constituency_name"]) == ["Bristol Central", "Ilford North"]
    assert sorted(
        run_csv(capsysbinary, "--group", "we deserve better", "--stance", "oppose")[
            "opposed_candidate"
        ]
    ) == ["Thangam Debbonaire", "Wes Streeting"]


def test_filters_combine(capsysbinary, seats):
    table = run_csv(
        capsysbinary,
        "--winner",
        "labour",
        "--second",
        "Reform UK",
        "--nation",
        "wales",
        "--max-majority-pct",
        "20",
    )
    expected = seats[
        (seats.winner_party == "Lab")
        & (seats.second_party == "RUK")
        & (seats.nation == "Wales")
        & (seats.majority_pct <= 20)
    ]
    assert len(expected) > 0
    assert sorted(table["constituency_code"]) == sorted(expected["constituency_code"])


def test_search_and_region(capsysbinary, seats):
    table = run_csv(capsysbinary, "--region", "London", "--search", "ilford")
    assert sorted(table["constituency_name"]) == ["Ilford North", "Ilford South"]


@pytest.mark.parametrize(
    ("option", "value", "listed"),
    [
        ("--winner", "Whigs", "Lab"),
        ("--region", "Mercia", "London"),
        ("--group", "Nobody", "We Deserve Better"),
        ("--nation", "Cornwall", "Scotland"),
    ],
)
def test_unknown_values_exit_2_with_choices(capsys, data_paths, option, value, listed):
    assert main(["seats", option, value]) == 2
    err = capsys.readouterr().err
    assert value in err and listed in err


def test_csv_xlsx_geojson_round_trip(tmp_path, seats):
    expected = filter_seats(seats, SeatFilters(regions=("Wales",)))
    for fmt in ("csv", "xlsx", "geojson"):
        out = tmp_path / f"wales.{fmt}"
        assert main(["seats", "--region", "Wales", "--format", fmt, "-o", str(out)]) == 0
        if fmt == "csv":
            back = pd.read_csv(out, dtype={"constituency_code": str})
        elif fmt == "xlsx":
            back = pd.read_excel(out)  # headers in words for people, in the same order
            assert list(back.columns) == [column_label(c) for c in expected.columns]
            back.columns = list(expected.columns)
        else:
            features = json.loads(out.read_text(encoding="utf-8"))["features"]
            assert all(f["geometry"]["type"] in ("Polygon", "MultiPolygon") for f in features)
            back = pd.DataFrame([f["properties"] for f in features])
        assert list(back.columns) == list(expected.columns)
        assert back["constituency_code"].tolist() == expected["constituency_code"].tolist()
        assert back["majority"].tolist() == expected["majority"].tolist()
        assert back["winner_share"].round(4).tolist() == expected["winner_share"].round(4).tolist()
        assert back["winner_candidate"].tolist() == expected["winner_candidate"].tolist()


def test_data_fetch_checks_the_files_against_each_other(data_paths, capsys):
    assert main(["data", "fetch"]) == 0
    err = capsys.readouterr().err
    assert "checked: candidate votes add up to the valid votes in all 650 seats" in err
    assert "the three boundary layers and the results hold the same 650 seats" in err
