"""The Scenario page: the library's projection on screen, in the URL, on the map, downloaded."""

import io
import json

import pandas as pd

from targets.filters import SeatFilters, filter_seats
from targets.scenario import run_scenario

PAGE = "app_pages/scenario_page.py"
ILFORD_NORTH = "E14001300"


TABLES = ("sc_totals", "sc_changes")  # in page order; AppTest does not expose their keys


def frame(at, key: str) -> pd.DataFrame:
    return at.dataframe[TABLES.index(key)].value


def totals(at) -> dict[str, tuple[int, int]]:
    shown = frame(at, "sc_totals")
    return {
        row.party: (row.seats_2024, row.seats_projected) for row in shown.itertuples(index=False)
    }


def library_totals(result) -> dict[str, tuple[int, int]]:
    return {
        row.party: (row.seats_2024, row.seats_projected)
        for row in result.totals.itertuples(index=False)
    }


def test_no_change_shows_2024(open_page, seat_data, seats):
    at = open_page(PAGE)
    won = seats["winner_party"].value_counts().to_dict()
    assert totals(at) == {party: (n, n) for party, n in won.items()}
    assert "0 seats change hands" in [s.value for s in at.subheader]
    assert len(at.dataframe) == 1  # no table of seats changing hands
    assert "change" not in at.query_params


def test_a_change_moves_seats_as_the_library_says(open_page, seat_data):
    at = open_page(PAGE)
    at.number_input(key="sc_UK_Lab").set_value(-1.13).run()
    expected = run_scenario(seat_data.candidates, {"Lab": -1.13})
    assert totals(at) == library_totals(expected)
    moved = frame(at, "sc_changes")
    assert (
        moved["constituency_code"].tolist() == expected.seat_changes["constituency_code"].tolist()
    )
    ilford = moved[moved["constituency_code"] == ILFORD_NORTH].iloc[0]
    assert (ilford["from_party"], ilford["to_party"], ilford["to_candidate"]) == (
        "Lab",
        "Ind",
        "Leanne Mohamad",
    )
    assert f"{len(expected.seat_changes)} seats change hands" in [s.value for s in at.subheader]
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Lab"] == str(expected.seats_by_party()["Lab"])
    assert at.query_params["change"] == "Lab=-1.13"


def test_url_restores_the_scenario(open_page, seat_data):
    at = open_page(PAGE, change="Lab=-5,RUK=+5,WPB=+2", model="proportional")
    assert at.number_input(key="sc_UK_Lab").value == -5.0
    assert at.number_input(key="sc_UK_RUK").value == 5.0
    assert at.text_input(key="sc_other").value == "WPB=+2"
    assert at.segmented_control(key="sc_model").value == "proportional"
    expected = run_scenario(
        seat_data.candidates, {"Lab": -5.0, "RUK": 5.0, "WPB": 2.0}, "proportional"
    )
    assert totals(at) == library_totals(expected)


def test_bad_link_and_bad_input_are_explained(open_page):
    at = open_page(PAGE, change="Lab=lots")
    assert "'lots' is not a number" in " ".join(w.value for w in at.warning)
    assert at.number_input(key="sc_UK_Lab").value == 0.0
    at.text_input(key="sc_other").input("Whigs=+1").run()
    assert "unknown party 'Whigs'" in at.error[0].value
    at.text_input(key="sc_other").input("Labour=+1").run()
    assert "Lab already has a change above" not in " ".join(e.value for e in at.error)
    at.number_input(key="sc_UK_Lab").set_value(2.0).run()
    assert "Lab already has a change above" in at.error[0].value


def test_per_nation_change_stays_in_that_nation(open_page, seat_data):
    at = open_page(PAGE)
    at.number_input(key="sc_Scotland_SNP").set_value(6.0).run()
    expected = run_scenario(seat_data.candidates, {}, nation_changes={"Scotland": {"SNP": 6.0}})
    assert totals(at) == library_totals(expected)
    moved = frame(at, "sc_changes")
    assert len(moved) > 0 and (moved["nation"] == "Scotland").all()
    assert at.query_params["nations"] == "Scotland:SNP=+6"


def test_filters_limit_what_is_shown_and_downloaded(open_page, downloads, seat_data):
    at = open_page(PAGE, nation="Wales", change="Lab=-8,RUK=+8")
    wales = filter_seats(seat_data.seats, SeatFilters(nations=("Wales",)))
    expected = run_scenario(seat_data.candidates, {"Lab": -8.0, "RUK": 8.0}).for_seats(
        wales["constituency_code"]
    )
    assert totals(at) == library_totals(expected)
    assert sum(projected for _, projected in totals(at).values()) == 32
    name = next(n for n in downloads if n.endswith(".csv"))
    assert name.startswith("scenario_uniform_lab-8_ruk+8_")
    back = pd.read_csv(io.BytesIO(downloads[name]))
    assert back["constituency_code"].tolist() == expected.seats["constituency_code"].tolist()
    assert back["projected_party"].tolist() == expected.seats["projected_party"].tolist()


def test_map_is_coloured_by_projected_winner(open_page, seat_data):
    at = open_page(PAGE, change="Lab=-1.13")
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert spec["layout"]["legend"]["title"]["text"] == "Projected winner"
    expected = run_scenario(seat_data.candidates, {"Lab": -1.13}).seats
    independents = expected.loc[expected["projected_party"] == "Ind", "constituency_code"]
    trace = next(t for t in spec["data"] if t["name"].startswith("Independent ("))
    assert sorted(trace["locations"]) == sorted(independents)
    assert ILFORD_NORTH in trace["locations"]
    assert sum(len(t["locations"]) for t in spec["data"]) == 650
