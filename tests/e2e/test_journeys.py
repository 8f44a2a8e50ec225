"""The journeys a campaigner takes, in a real browser, checked against the library and CLI.

Counts and rows are computed with ``targets.filters``/``targets.seats`` or the CLI in this
process, never copied from a screen. Each journey saves screenshots under
``tests/artifacts/e2e/``.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from targets import maps
from targets.boundaries import load_hex_layout
from targets.cli import main
from targets.filters import SeatFilters, filter_seats
from targets.seats import seats_won_by_party

pytestmark = pytest.mark.browser

LAB_MAJORITY_UNDER_5 = SeatFilters(winners=("Lab",), max_majority_pct=5.0)


def cli_bytes(capsysbinary, *args: str) -> bytes:
    """What ``targets ARGS`` writes to stdout (run in this process)."""
    capsysbinary.readouterr()
    assert main(list(args)) == 0
    return capsysbinary.readouterr().out


def seat_code(seats, name: str) -> str:
    (code,) = seats.loc[seats["constituency_name"] == name, "constituency_code"]
    return code


def sidebar_count(app):
    return app.sidebar.get_by_test_id("stCaptionContainer").first


def test_1_open_the_app_draws_every_seat_and_the_legend(app, seat_data):
    seats = seat_data.seats
    app.open("/")
    expect(app.page.get_by_role("heading", name="Seat map")).to_be_visible()
    state = app.wait_for_map(f"state.shapes === {len(seats)}")
    assert sorted(state["locations"]) == sorted(seats["constituency_code"])
    assert state["shapes"] == len(seats) == 650  # 650 constituencies: an official fact
    won = seats_won_by_party(seats, seat_data.registry)
    assert sorted(state["legend"]) == sorted(
        f"{row.party_name} ({row.seats})" for row in won.itertuples()
    )
    expect(app.main).to_contain_text(f"{len(seats)} of {len(seats)} seats match")
    app.shot("map")


def filter_labour_majority_under_5(app) -> None:
    """Through the sidebar widgets: winner Labour, majority slider's top end down to 5%."""
    app.choose("f_winner", "Lab · Labour", typed="Labour")
    # the end thumb: Home takes it to the start thumb (0%), each arrow is one 0.5% step
    app.press_slider("f_majority", 1, ["Home"] + ["ArrowRight"] * 10)
    expect(app.widget("f_majority")).to_contain_text("5.0%")


def test_2_filter_labour_marginals_and_switch_map_views(app, seat_data):
    seats = seat_data.seats
    expected = filter_seats(seats, LAB_MAJORITY_UNDER_5)
    count = len(expected)
    assert 0 < count < len(seats)
    app.open("/")
    filter_labour_majority_under_5(app)
    main_area = app.main
    expect(main_area).to_contain_text(f"{count} of {len(seats)} seats match")
    expect(sidebar_count(app)).to_contain_text(f"{count} of {len(seats)} seats")
    app.wait_until_idle()
    assert app.query()["winner"] == ["Lab"]
    assert app.query()["majority"] == ["0-5"]
    # geographic close-up: the matching seats coloured, the neighbours for context
    state = app.wait_for_map(f"state.legend.includes('Labour ({count})')")
    assert set(expected["constituency_code"]) <= set(state["locations"])
    app.shot("geographic")

    app.rerun(lambda: app.widget("map_view").get_by_role("radio", name="Hex (equal area)").click())
    state = app.wait_for_map("Math.abs(state.center.lat) < 5")  # the hex plane sits at 0°, 0°
    assert sorted(state["locations"]) == sorted(seats["constituency_code"])
    assert sorted(state["legend"]) == sorted(
        [f"Labour ({count})", f"{maps.OUTSIDE_FILTERS} ({len(seats) - count})"]
    )
    assert state["shapes"] == len(seats)
    assert app.query()["view"] == ["hex"]
    expect(main_area).to_contain_text(f"{count} of {len(seats)} seats match")
    app.shot("hex")

    app.rerun(lambda: app.widget("map_view").get_by_role("radio", name="Geographic").click())
    state = app.wait_for_map("state.center.lat > 49")  # back on Great Britain
    assert f"Labour ({count})" in state["legend"]
    assert "view" not in app.query()
    assert app.query()["winner"] == ["Lab"]

    # the same count on the seats page, reached through the navigation
    app.rerun(lambda: app.page.get_by_role("link", name="Seats", exact=True).click())
    expect(main_area).to_contain_text(f"{count} of {len(seats)} seats")
    expect(main_area).to_contain_text(f"Lab {count}")
    assert app.path() == "/seats"
    app.shot("seats")


def test_3_click_ilford_north_on_the_map_opens_its_profile(app, seat_data):
    seats = seat_data.seats
    code = seat_code(seats, "Ilford North")
    hexes = maps.hex_as_lonlat(load_hex_layout()).set_index("constituency_code")
    inside = hexes.loc[code, "geometry"].representative_point()
    app.open("/?view=hex")
    app.wait_for_map(f"state.shapes === {len(seats)} && Math.abs(state.center.lat) < 5")
    x, y = app.map_point(inside.x, inside.y)
    app.page.mouse.move(x, y)
    expect(app.page.locator(".hoverlayer")).to_contain_text("Ilford North")
    app.shot("hover")
    app.rerun(lambda: app.page.mouse.click(x, y))
    assert (app.path(), app.query().get("seat")) == ("/seat", [code]), (
        "clicking Ilford North on the map did not open its profile"
    )
    expect(app.page.get_by_role("heading", name="Ilford North", exact=True)).to_be_visible()
    seat = seats.set_index("constituency_code").loc[code]
    expect(app.main).to_contain_text(
        f"{seat['winner_candidate']} ({seat['winner_party']}) won by {seat['majority']:,} votes"
    )
    expect(app.main).to_contain_text(f"{seat['majority_pct']:.2f}%")
    standing = seat_data.candidates[seat_data.candidates["constituency_code"] == code]
    chart_labels = app.widget("seat_chart").locator(".ytick text")
    expect(chart_labels).to_have_count(len(standing))
    shown = " | ".join(chart_labels.all_text_contents())
    for candidate in standing.itertuples():
        assert f"{candidate.candidate_name} ({candidate.party})" in shown
    app.shot("profile")


def test_5_seats_csv_download_equals_the_cli(app, seat_data, capsysbinary):
    chosen = SeatFilters(regions=("London",), max_majority_pct=10.0)
    expected = filter_seats(seat_data.seats, chosen)
    app.open("/seats?region=London&majority=0-10")
    expect(app.main).to_contain_text(f"{len(expected)} of {len(seat_data.seats)} seats")
    app.shot("seats")
    with app.page.expect_download() as download_info:
        app.widget("seats_download_csv").get_by_role("button").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".csv")
    downloaded = download.path().read_bytes()
    from_cli = cli_bytes(capsysbinary, "seats", "--region", "London", "--max-majority-pct", "10")
    assert downloaded == from_cli
    lines = downloaded.decode("utf-8-sig").splitlines()
    assert len(lines) == len(expected) + 1  # header and one row per seat
    app.wait_until_idle()


def test_6_copied_url_restores_filters_and_page(app, seat_data):
    seats = seat_data.seats
    chosen = SeatFilters(nations=("Scotland",), search="and")
    expected = filter_seats(seats, chosen)
    assert 0 < len(expected) < len(seats)
    app.open("/seats")
    app.choose("f_nation", "Scotland", typed="Scot")
    search = app.widget("f_search").locator("input")
    search.fill("and")
    app.rerun(lambda: search.press("Enter"))
    main_area = app.main
    expect(main_area).to_contain_text(f"{len(expected)} of {len(seats)} seats")
    app.shot("before")
    copied = app.page.url
    assert app.query() == {"nation": ["Scotland"], "q": ["and"]}

    other = app.fresh()
    other.open(copied.removeprefix(app.server.url))
    assert other.path() == "/seats"
    expect(other.page.get_by_role("heading", name="Seats", exact=True)).to_be_visible()
    expect(other.main).to_contain_text(f"{len(expected)} of {len(seats)} seats")
    expect(other.widget("f_nation")).to_contain_text("Scotland")
    expect(other.widget("f_search").locator("input")).to_have_value("and")
    assert re.sub(r"#.*$", "", other.page.url) == re.sub(r"#.*$", "", copied)
    other.shot("restored")
