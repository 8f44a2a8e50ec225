"""`targets battleground` and `targets scenario` on the real 2024 results."""

from __future__ import annotations

import io
import json

import pandas as pd
import pytest

from targets import polls
from targets.cli.main import main
from targets.data.polls import load_polls
from targets.filters import SeatFilters, filter_seats
from targets.targeting import rank_targets

REQUIRED = [
    "rank",
    "constituency_code",
    "constituency_name",
    "holder_party",
    "party_share",
    "holder_share",
    "votes_behind",
    "swing_needed",
    "swing_note",
    "holder_majority",
]
ILFORD_NORTH = "E14001300"


def run(capsysbinary, *args) -> bytes:
    assert main(list(args)) == 0
    return capsysbinary.readouterr().out


def run_csv(capsysbinary, *args) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(run(capsysbinary, *args)), dtype={"constituency_code": str})


def run_json(capsysbinary, *args) -> dict:
    return json.loads(run(capsysbinary, "scenario", *args, "--format", "json"))


# ---------------------------------------------------------------- battleground


def test_battleground_top_n(capsysbinary, seat_data):
    table = run_csv(capsysbinary, "battleground", "--party", "conservative", "--top", "25")
    expected = rank_targets(seat_data.seats, seat_data.candidates, "Con").head(25)
    assert set(REQUIRED) <= set(table.columns)
    assert table["rank"].tolist() == list(range(1, 26))
    assert table["constituency_code"].tolist() == expected["constituency_code"].tolist()
    assert table["swing_needed"].tolist() == expected["swing_needed"].tolist()
    assert table.loc[0, "constituency_name"] == "Hendon"
    assert "majority" not in table.columns  # the holder's, so labelled holder_majority


def test_battleground_third_places_and_the_speakers_seat(capsysbinary, seat_data):
    table = run_csv(capsysbinary, "battleground", "--party", "Green")
    expected = rank_targets(seat_data.seats, seat_data.candidates, "Green")
    assert table["constituency_code"].tolist() == expected["constituency_code"].tolist()
    hyndburn = table.set_index("constituency_name").loc["Hyndburn"]
    assert hyndburn["swing_needed"] == pytest.approx(15.2884)
    assert hyndburn["swing_note"] == "must also overtake Con (28.9%)"
    assert "E14001170" not in set(table["constituency_code"])  # Chorley, the Speaker's
    assert not table["speaker_seat"].any()
    with_speaker = run_csv(capsysbinary, "battleground", "--party", "Green", "--include-speaker")
    assert len(with_speaker) == len(table) + 1
    chorley = with_speaker.set_index("constituency_code").loc["E14001170"]
    assert bool(chorley["speaker_seat"]) and "Speaker" in chorley["swing_note"]


def test_battleground_with_seat_filters(capsysbinary, seat_data):
    table = run_csv(
        capsysbinary, "battleground", "--party", "SNP", "--nation", "Scotland", "--second", "SNP"
    )
    seats = filter_seats(seat_data.seats, SeatFilters(nations=("Scotland",), seconds=("SNP",)))
    assert sorted(table["constituency_code"]) == sorted(seats["constituency_code"])
    assert (table["party_position"] == 2).all()
    assert table["swing_needed"].is_monotonic_increasing


def test_battleground_xlsx_and_geojson(tmp_path, seat_data):
    expected = rank_targets(seat_data.seats, seat_data.candidates, "PC")
    xlsx = tmp_path / "pc.xlsx"
    geojson = tmp_path / "pc.geojson"
    assert (
        main(["battleground", "--party", "Plaid Cymru", "--format", "xlsx", "-o", str(xlsx)]) == 0
    )
    assert main(["battleground", "--party", "PC", "--format", "geojson", "-o", str(geojson)]) == 0
    back = pd.read_excel(xlsx)  # headers in words for people; the CSV keeps snake_case
    assert back["Code"].tolist() == expected["constituency_code"].tolist()
    assert pd.ExcelFile(xlsx).sheet_names == ["PC targets", "About"]
    features = json.loads(geojson.read_text(encoding="utf-8"))["features"]
    assert [f["properties"]["rank"] for f in features] == expected["rank"].tolist()
    assert all(f["geometry"]["type"] in ("Polygon", "MultiPolygon") for f in features)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--party", "Whigs"], "unknown party 'Whigs'"),
        (["--party", "Independent"], "independents are people"),
        (["--party", "Lab", "--nation", "Mercia"], "unknown nation 'Mercia'"),
    ],
)
def test_battleground_bad_input_exits_2(capsys, data_paths, args, message):
    assert main(["battleground", *args]) == 2
    assert message in capsys.readouterr().err


def test_battleground_top_must_be_positive(capsys, data_paths):
    with pytest.raises(SystemExit) as exit_info:
        main(["battleground", "--party", "Lab", "--top", "0"])
    assert exit_info.value.code == 2
    assert "must be at least 1" in capsys.readouterr().err


# ------------------------------------------------------- GeoJSON exports (RFC 7946)


def _signed_area(ring: list[list[float]]) -> float:
    return (
        sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring[:-1], ring[1:], strict=True)) / 2
    )


@pytest.mark.parametrize(
    "command",
    [
        ["seats"],
        ["group", "We Deserve Better"],
        ["battleground", "--party", "Green", "--include-speaker"],
    ],
    ids=["seats", "group", "battleground"],
)
def test_every_geojson_feature_is_wound_as_rfc_7946_asks(capsysbinary, data_paths, command):
    """Exterior rings anticlockwise, holes clockwise, in every feature of every export;
    the 18 seats whose shapes are repaired with make_valid came out clockwise before."""
    features = json.loads(run(capsysbinary, *command, "--format", "geojson"))["features"]
    assert features
    wrong = []
    for feature in features:
        geometry = feature["geometry"]
        polygons = (
            [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        )
        for polygon in polygons:
            if _signed_area(polygon[0]) <= 0 or any(_signed_area(h) >= 0 for h in polygon[1:]):
                wrong.append(feature["properties"]["constituency_code"])
    assert wrong == []
    if command == ["seats"]:
        assert len(features) == 650


# ---------------------------------------------------------------- scenario


@pytest.mark.parametrize("model", ["uniform", "proportional"])
@pytest.mark.parametrize("change", [[], ["--change", "Lab=0,Con=+0,RUK=-0"]])
def test_no_change_reproduces_2024_in_every_seat(capsysbinary, seats, model, change):
    payload = run_json(capsysbinary, *change, "--model", model)
    assert payload["changes"] == []
    assert payload["seats"] == seats["winner_party"].value_counts().to_dict()
    assert payload["seats"]["Lab"] == 411 and payload["seats"]["Con"] == 121
    projected = run_csv(capsysbinary, "scenario", *change, "--model", model, "--format", "csv")
    assert len(projected) == 650
    merged = projected.merge(seats, on="constituency_code")
    assert len(merged) == 650
    assert (merged["projected_candidate"] == merged["winner_candidate"]).all()
    assert (merged["projected_party"] == merged["winner_party"]).all()
    assert not merged["changes_hands"].any()


def _ilford_north(payload: dict) -> list[dict]:
    return [c for c in payload["changes"] if c["constituency_code"] == ILFORD_NORTH]


def test_ilford_north_flips_at_the_right_uniform_swing(capsysbinary, data_paths):
    # Ilford North 2024 (46,888 valid votes): Lab Wes Streeting 15,647 (33.3710%), Ind Leanne
    # Mohamad 15,119 (32.2449%); the others not named hold 66.6290 points. Labour -x gives
    # them x, pro rata: Mohamad 32.2449 * (66.6290 + x) / 66.6290 passes 33.3710 - x at
    # x = 1.1261 / (1 + 32.2449 / 66.6290) = 0.7589, so -0.75 holds and -0.76 loses.
    assert _ilford_north(run_json(capsysbinary, "--change", "Lab=-0.75")) == []
    flipped = _ilford_north(run_json(capsysbinary, "--change", "Lab=-0.76"))
    assert [(c["from"], c["to"], c["to_candidate"]) for c in flipped] == [
        ("Lab", "Ind", "Leanne Mohamad")
    ]
    streeting, mohamad, others = 15647 / 46888 * 100, 15119 / 46888 * 100, 31241 / 46888 * 100
    margin = mohamad * (others + 0.76) / others - (streeting - 0.76)
    assert flipped[0]["new_margin_pct"] == pytest.approx(margin, abs=1e-4)


def test_ilford_north_flips_at_the_right_proportional_swing(capsysbinary, data_paths):
    # Labour's share across the 631 GB seats where it stood: 34.6804%. Labour -x multiplies
    # Streeting's 33.3710 by r = (34.6804 - x) / 34.6804 and gives the rest to the others
    # pro rata; he falls below Mohamad when 33.3710 r (1 + 32.2449 / 66.6290) <
    # 32.2449 * 100 / 66.6290, r < 0.97726: a change below -0.7888 points.
    payload = run_json(capsysbinary, "--change", "Lab=-0.78", "--model", "proportional")
    assert _ilford_north(payload) == []
    labour = next(s for s in payload["national_shares"] if s["party"] == "Lab")
    assert (labour["area"], labour["before"]) == ("Great Britain", pytest.approx(34.6804, abs=1e-4))
    flipped = _ilford_north(
        run_json(capsysbinary, "--change", "Lab=-0.79", "--model", "proportional")
    )
    assert [(c["from"], c["to"]) for c in flipped] == [("Lab", "Ind")]


def test_scenario_totals_add_up(capsysbinary, data_paths):
    payload = run_json(capsysbinary, "--change", "Lab=-5,RUK=+5")
    assert sum(payload["seats"].values()) == 650
    assert sum(payload["seats_2024"].values()) == 650
    assert payload["scenario"]["changes"] == {"Lab": -5.0, "RUK": 5.0}
    for party in set(payload["seats"]) | set(payload["seats_2024"]):
        gained = sum(c["to"] == party for c in payload["changes"])
        lost = sum(c["from"] == party for c in payload["changes"])
        assert payload["seats"].get(party, 0) - payload["seats_2024"].get(party, 0) == gained - lost
    assert payload["seats"]["Lab"] < 411 and payload["seats"]["RUK"] > 5
    shares = {(s["party"], s["area"]): s for s in payload["national_shares"]}
    assert shares[("Lab", "Great Britain")]["change"] == pytest.approx(-5, abs=1e-6)
    assert shares[("RUK", "Great Britain")]["change"] == pytest.approx(5, abs=1e-6)
    assert shares[("RUK", "Great Britain")]["requested"] == 5
    assert shares[("SF", "Northern Ireland")]["change"] == pytest.approx(0, abs=1e-9)
    # the parties not named gave Labour's 5 points to Reform between them: nothing else
    others = [s for key, s in shares.items() if s["home"] and key[1] == "Great Britain"]
    assert all(abs(s["change"]) < 1 for s in others if s["party"] not in ("Lab", "RUK"))


def test_scenario_vote_shares_csv(capsysbinary, data_paths):
    table = run_csv(
        capsysbinary, "scenario", "--change", "Green=+3", "--format", "csv", "--table", "shares"
    )
    green = table[(table["party"] == "Green") & (table["area"] == "Great Britain")].iloc[0]
    assert green["share_projected"] - green["share_2024"] == pytest.approx(3, abs=1e-9)
    assert {"party", "area", "share_2024", "share_projected", "change"} <= set(table.columns)


def test_nation_change_moves_only_that_nation(capsysbinary, data_paths):
    payload = run_json(capsysbinary, "--nation-change", "scotland:SNP=+6,Labour=-6")
    assert payload["scenario"]["nation_changes"] == {"Scotland": {"SNP": 6.0, "Lab": -6.0}}
    assert payload["changes"], "a 6-point swing to the SNP moves some Scottish seats"
    assert all(c["constituency_code"].startswith("S") for c in payload["changes"])
    assert payload["seats"]["SNP"] > 9


def test_scenario_text_report(capsysbinary, data_paths):
    text = run(capsysbinary, "scenario", "--change", "Lab=-1.13").decode()
    assert "Scenario (uniform swing): Lab=-1.13" in text
    assert "The named changes are achieved exactly; what they add up to is taken from" in text
    assert "Ilford North: Lab -> Ind (Leanne Mohamad)" in text
    assert "seat(s) change hands" in text


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("Whigs=+5", "unknown party 'Whigs'"),
        ("Lab=five", "'five' is not a number"),
        ("Lab=-101", "out of range"),
        ("Lab", "write PARTY=+X"),
        ("Ind=+3", "independents are people"),
        ("Lab=1,Labour=-1", "Lab is given more than one change"),
        ("SF=+1", 'stood only in Northern Ireland: give its change for that nation, e.g. "'),
        ("Lab=-40", "Lab's share across Great Britain would fall below 0"),
    ],
)
def test_scenario_bad_changes_exit_2(capsys, data_paths, change, message):
    assert main(["scenario", "--change", change]) == 2
    assert message in capsys.readouterr().err


@pytest.mark.parametrize(
    ("nation_change", "message"),
    [
        ("Mercia:Lab=+1", "unknown nation 'Mercia'"),
        ("Wales:SNP=+1", "SNP did not stand in Wales"),
        ("SNP=+1", "NATION:PARTY"),
    ],
)
def test_scenario_bad_nation_changes_exit_2(capsys, data_paths, nation_change, message):
    assert main(["scenario", "--nation-change", nation_change]) == 2
    assert message in capsys.readouterr().err


# ---------------------------------------------------------------- scenario --from-polls


@pytest.mark.parametrize("model", ["uniform", "proportional"])
def test_scenario_from_polls(capsysbinary, seat_data, model):
    payload = run_json(capsysbinary, "--from-polls", "--model", model)
    average = polls.average_polls(load_polls(), 30)
    said = payload["polls"]
    assert (said["latest_poll"], said["window_start"], said["window_days"]) == (
        "2026-03-30",
        "2026-03-01",
        30,
    )
    assert said["average"] == average.shares and said["polls_averaged"] == len(average.polls)
    assert said["caveat"] == polls.CAVEAT
    assert "Northern Ireland's 18 seats stay as they were in 2024" in said["northern_ireland"]
    # each polled party lands on its poll average across the GB seats where it stood
    shares = {(s["party"], s["area"]): s for s in payload["national_shares"]}
    for party, share in average.shares.items():
        assert shares[(party, "Great Britain")]["after"] == pytest.approx(share, abs=1e-6)
        assert said["share_2024"][party] + said["changes"][party] == pytest.approx(share)
    assert payload["scenario"]["changes"] == said["changes"]
    expected = polls.project_polls(seat_data.candidates, average, model).scenario
    assert payload["seats"] == expected.seats_by_party()
    assert sum(payload["seats"].values()) == 650
    assert payload["fit"] == expected.fit.as_dict()
    assert payload["fit"]["converged"] and payload["fit"]["seats_fitted"] > 0
    assert not any(c["constituency_code"].startswith("N") for c in payload["changes"])


def test_scenario_from_polls_window_and_text(capsysbinary, data_paths):
    payload = run_json(capsysbinary, "--from-polls", "--window-days", "7")
    assert payload["polls"]["window_days"] == 7
    assert payload["polls"]["average"] == polls.average_polls(load_polls(), 7).shares
    text = run(capsysbinary, "scenario", "--from-polls").decode()
    assert text.startswith("Projecting the GB poll average to 30 March 2026\n" + polls.CAVEAT)
    assert "latest poll 30 March 2026" in text
    assert "Northern Ireland's 18 seats stay as they were in 2024." in text
    assert "Scenario (uniform swing): Lab=-15.37" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from-polls", "--change", "Lab=-1"], "leave out --change"),
        (["--window-days", "7"], "--window-days goes with --from-polls"),
    ],
)
def test_scenario_from_polls_bad_input_exits_2(capsys, data_paths, args, message):
    assert main(["scenario", *args]) == 2
    assert message in capsys.readouterr().err
