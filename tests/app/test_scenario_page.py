"""The Scenario page: the library's projection on screen, in the URL, on the map, downloaded."""

import io

import pandas as pd
import pytest
from page_parts import assert_seat_links, only_chart, rendered

from targets.filters import SeatFilters, filter_seats
from targets.scenario import run_scenario, scenario_from_text

PAGE = "app_pages/scenario_page.py"
ILFORD_NORTH = "E14001300"
# AppTest does not expose a table's key: each is told by a column only it has.
TABLE_COLUMNS = {
    "sc_totals": "seats_2024",
    "sc_shares": "share_2024",
    "sc_changes": "from_party",
    "sc_near": "projected_second_party",
}


def frame(at, key: str) -> pd.DataFrame | None:
    column = TABLE_COLUMNS[key]
    found = [t.value for t in at.dataframe if column in t.value.columns]
    if key == "sc_near":
        found = [f for f in found if "from_party" not in f.columns]
    return found[0] if found else None


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


def subheaders(at) -> list[str]:
    return [s.value for s in at.subheader]


def captions(at) -> str:
    return " ".join(rendered(c.value) for c in at.caption)


def test_no_change_shows_2024(open_page, seat_data, seats):
    at = open_page(PAGE)
    won = seats["winner_party"].value_counts().to_dict()
    assert totals(at) == {party: (n, n) for party, n in won.items()}
    assert "0 seats change hands" in subheaders(at)
    assert frame(at, "sc_changes") is None
    assert "change" not in at.query_params
    # every box shows its party's 2024 share where it stood, across its own area
    assert "2024 34.7% → 34.7%" in captions(at)  # Labour across Great Britain
    assert "2024 30.0% → 30.0%" in captions(at)  # the SNP across Scotland


def test_boxes_for_every_party_with_1_percent_in_a_nation(open_page):
    at = open_page(PAGE)
    keys = {box.key for box in at.number_input}
    for party in ("Lab", "Con", "RUK", "LD", "Green", "SNP", "PC"):
        assert f"sc_UK_{party}" in keys
    for party in ("SF", "DUP", "APNI", "UUP", "SDLP"):
        assert f"sc_Northern_Ireland_{party}" in keys
    assert {"sc_Scotland_Lab", "sc_Wales_RUK", "sc_England_Green"} <= keys
    labels = {box.key: box.label for box in at.number_input}
    assert labels["sc_UK_PC"] == "Plaid Cymru" and labels["sc_Northern_Ireland_APNI"] == "Alliance"


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
    assert f"{len(expected.seat_changes)} seats change hands" in subheaders(at)
    metrics = {m.label: m for m in at.metric}
    lost = 411 - expected.seats_by_party()["Lab"]
    assert metrics["Labour"].value == str(expected.seats_by_party()["Lab"])
    assert metrics["Labour"].delta == f"−{lost} seats"
    assert at.query_params["change"] == "Lab=-1.13"
    assert "**Uniform swing: Labour −1.13**" in [rendered(m.value) for m in at.markdown]
    assert "2024 34.7% → 33.6%" in captions(at)


def test_vote_shares_and_near_misses_are_the_librarys(open_page, seat_data):
    at = open_page(PAGE, change="Lab=-5,RUK=+5")
    expected = run_scenario(seat_data.candidates, {"Lab": -5.0, "RUK": 5.0})
    shares = frame(at, "sc_shares").set_index(["party", "area"])
    assert shares.loc[("Lab", "Great Britain"), "change"] == pytest.approx(-5, abs=1e-9)
    assert shares.loc[("RUK", "Great Britain"), "change"] == pytest.approx(5, abs=1e-9)
    assert len(shares) == len(expected.main_vote_shares())
    near = frame(at, "sc_near")
    assert near["constituency_code"].tolist() == (
        expected.near_misses(2.0)["constituency_code"].tolist()
    )
    assert (near["projected_margin_pct"] < 2).all()
    assert f"{len(near)} seats won by under 2 points" in subheaders(at)
    # Labour would go below 0 in one seat: what was done is said
    assert "Labour would fall below 0 in 1 seat(s) across Great Britain" in rendered(
        at.info[0].value
    )


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
    assert "'lots' is not a number" in " ".join(rendered(w.value) for w in at.warning)
    assert at.number_input(key="sc_UK_Lab").value == 0.0
    at.text_input(key="sc_other").input("Whigs=+1").run()
    assert "unknown party 'Whigs'" in rendered(at.error[0].value)
    assert at.number_input(key="sc_UK_Lab").value == 0.0  # the boxes are still there
    at.text_input(key="sc_other").input("Labour=+1").run()
    assert not at.error
    at.number_input(key="sc_UK_Lab").set_value(2.0).run()
    assert "Lab is given more than one change" in rendered(at.error[0].value)
    at.text_input(key="sc_other").input("").run()
    at.number_input(key="sc_UK_Lab").set_value(-40.0).run()
    assert "share across Great Britain would fall below 0" in rendered(at.error[0].value)


def test_per_nation_change_stays_in_that_nation(open_page, seat_data):
    at = open_page(PAGE)
    at.number_input(key="sc_Scotland_Lab").set_value(-6.0).run()
    expected = run_scenario(seat_data.candidates, {}, nation_changes={"Scotland": {"Lab": -6.0}})
    assert totals(at) == library_totals(expected)
    moved = frame(at, "sc_changes")
    assert len(moved) > 0 and (moved["nation"] == "Scotland").all()
    assert at.query_params["nations"] == "Scotland:Lab=-6"
    at.number_input(key="sc_UK_SNP").set_value(6.0).run()
    assert at.query_params["change"] == "SNP=+6"
    assert totals(at) == library_totals(
        scenario_from_text(
            "SNP=+6", "Scotland:Lab=-6", "uniform", seat_data.candidates, seat_data.registry
        )
    )


def test_northern_ireland_boxes_are_nation_changes(open_page, seat_data):
    at = open_page(PAGE)
    at.number_input(key="sc_Northern_Ireland_SF").set_value(3.0).run()
    assert at.query_params["nations"] == "Northern Ireland:SF=+3"
    expected = run_scenario(
        seat_data.candidates, {}, nation_changes={"Northern Ireland": {"SF": 3.0}}
    )
    assert totals(at) == library_totals(expected)


def test_a_large_proportional_multiplier_is_warned_about(open_page):
    at = open_page(PAGE, change="Yrks=+4", model="proportional")
    warned = " ".join(rendered(w.value) for w in at.warning)
    assert "Proportional swing multiplies The Yorkshire Party's share" in warned
    at.segmented_control(key="sc_model").set_value("uniform").run()
    assert "Proportional swing multiplies" not in " ".join(rendered(w.value) for w in at.warning)


def test_filters_limit_what_is_shown_and_downloaded(open_page, downloads, seat_data):
    at = open_page(PAGE, nation="Wales", change="Lab=-8,RUK=+8")
    wales = filter_seats(seat_data.seats, SeatFilters(nations=("Wales",)))
    expected = run_scenario(seat_data.candidates, {"Lab": -8.0, "RUK": 8.0}).for_seats(
        wales["constituency_code"]
    )
    assert totals(at) == library_totals(expected)
    assert sum(projected for _, projected in totals(at).values()) == 32
    name = next(n for n in downloads if n.startswith("scenario_uniform") and n.endswith(".csv"))
    assert name.startswith("scenario_uniform_lab-8_ruk+8_")
    back = pd.read_csv(io.BytesIO(downloads[name]))
    assert back["constituency_code"].tolist() == expected.seats["constituency_code"].tolist()
    assert back["projected_party"].tolist() == expected.seats["projected_party"].tolist()
    shares_name = next(n for n in downloads if n.startswith("scenario_shares_"))
    shares = pd.read_csv(io.BytesIO(downloads[shares_name]))
    assert len(shares) == len(expected.vote_shares)  # national, whatever the filters


def test_map_is_coloured_by_projected_winner(open_page, seat_data):
    at = open_page(PAGE, change="Lab=-1.13")
    spec = only_chart(at)
    assert spec["layout"]["legend"]["title"]["text"] == "Projected winner"
    expected = run_scenario(seat_data.candidates, {"Lab": -1.13}).seats
    independents = expected.loc[expected["projected_party"] == "Ind", "constituency_code"]
    trace = next(t for t in spec["data"] if t["name"].startswith("Independent ("))
    assert sorted(trace["locations"]) == sorted(independents)
    assert ILFORD_NORTH in trace["locations"]
    assert sum(len(t["locations"]) for t in spec["data"]) == 650


POLL_LIKE = {"Lab": -15.4, "Con": -5.3, "RUK": 11.7, "LD": -0.5, "Green": 8.8}


def test_a_scenario_that_needs_the_fit_is_shown_with_what_was_done(open_page, seat_data):
    # refused before the fit ("would gain more than the other candidates had in 55 seats")
    change = "Lab=-15.4,Con=-5.3,RUK=+11.7,LD=-0.5,Green=+8.8"
    at = open_page(PAGE, change=change)
    assert not at.error
    expected = run_scenario(seat_data.candidates, POLL_LIKE)
    assert totals(at) == library_totals(expected)
    notes = " ".join(rendered(i.value) for i in at.info)
    assert f"In {expected.fit.seats} seat(s) the parties not named could not make up" in notes
    shares = frame(at, "sc_shares").set_index(["party", "area"])
    for party, points in POLL_LIKE.items():
        assert shares.loc[(party, "Great Britain"), "change"] == pytest.approx(points, abs=1e-9)


def test_a_link_to_another_scenario_fills_the_boxes_again(open_page, seat_data):
    # The boxes are filled from the link once a session; a link to another scenario (the
    # Polls page's "Open in the Scenario page") fills them again, the old boxes cleared.
    at = open_page(PAGE)
    at.number_input(key="sc_UK_PC").set_value(3.0).run()
    at.switch_page("app_pages/polls_page.py").run()
    at.query_params.clear()
    at.query_params.update({"change": "Lab=-15.4,Con=-5.3,RUK=+11.7,LD=-0.5,Green=+8.8"})
    at.switch_page(PAGE).run()
    assert not at.exception
    assert at.number_input(key="sc_UK_Lab").value == -15.4
    assert at.number_input(key="sc_UK_Green").value == 8.8
    assert at.number_input(key="sc_UK_PC").value == 0.0
    assert totals(at) == library_totals(run_scenario(seat_data.candidates, POLL_LIKE))
    # later runs leave the boxes to the person
    at.number_input(key="sc_UK_Lab").set_value(-10.0).run()
    assert at.number_input(key="sc_UK_Lab").value == -10.0
    assert at.query_params["change"].startswith("Lab=-10,")


def test_each_seat_changing_hands_opens_its_profile(open_page):
    at = open_page(PAGE)
    at.number_input(key="sc_UK_Lab").set_value(-1.13).run()
    moved = next(t for t in at.dataframe if "from_party" in t.value.columns)
    assert_seat_links(moved)
    ilford = moved.value[moved.value["constituency_code"] == ILFORD_NORTH]
    assert ilford["seat_link"].tolist() == ["/seat?seat=E14001300#Ilford North"]
    assert list(moved.proto.column_order)[0] == "seat_link"
    near = next(t for t in at.dataframe if "projected_second_party" in t.value.columns)
    assert_seat_links(near)
