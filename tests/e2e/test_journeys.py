"""The journeys a campaigner takes, in a real browser, checked against the library and CLI.

Counts and rows are computed with ``targets.filters``/``targets.seats`` or the CLI in this
process, never copied from a screen. Each journey saves screenshots under
``tests/artifacts/e2e/``.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from urllib.parse import urlencode

import pandas as pd
import pytest
from playwright.sync_api import expect

from targets import groups
from targets.cli.main import main
from targets.data import sources
from targets.data.boundaries import load_hex_layout
from targets.endorsements import ENDORSEMENT_COLUMNS
from targets.filters import SeatFilters, filter_seats
from targets.seats import seats_won_by_party
from targets.uploads import reading
from targets.uploads import report as imports
from targets.views import map_layers, maps

pytestmark = pytest.mark.browser

UPLOADS = Path(__file__).resolve().parents[1] / "fixtures" / "uploads"
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
    """The sidebar's summary line ("51 of 650 seats · …")."""
    return (
        app.sidebar.get_by_test_id("stCaptionContainer")
        .filter(has_text=re.compile(r"\d+ of \d+ seats"))
        .first
    )


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
    app.move_slider("f_majority", 1, 5.0, step=0.5)  # the end thumb; 0.5% steps
    app.page.wait_for_url(re.compile(r"[?&]majority=0-5(&|$)"))  # the last press has run
    app.wait_until_idle()


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
    hexes = map_layers.hex_as_lonlat(load_hex_layout()).set_index("constituency_code")
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
    expect(app.page).to_have_title("Ilford North — Seat Targets")  # the tab says which seat
    seat = seats.set_index("constituency_code").loc[code]
    expect(app.main).to_contain_text(
        f"{seat['winner_candidate']} ({seat['winner_party']}) won by {seat['majority']:,} votes"
    )
    expect(app.main).to_contain_text(f"{seat['majority_pct']:.1f}%")  # one decimal everywhere
    standing = seat_data.candidates[seat_data.candidates["constituency_code"] == code]
    chart_labels = app.widget("seat_chart").locator(".ytick text")
    expect(chart_labels).to_have_count(len(standing))
    shown = " | ".join(chart_labels.all_text_contents())
    for candidate in standing.itertuples():
        assert f"{candidate.candidate_name} ({candidate.party})" in shown
    app.shot("profile")


def test_4_group_page_lists_its_seats_with_outcomes(app, seat_data, capsysbinary):
    group = "We Deserve Better"
    expected = groups.build_group_table(seat_data.endorsements, seat_data.seats, group)
    summary = groups.summarise_group(seat_data.endorsements, group)
    app.open("/group?" + urlencode({"campaign": group}))
    expect(app.page.get_by_role("heading", name="Group campaign")).to_be_visible()
    expect(app.main).to_contain_text(f"{group}: {groups.describe_group_summary(summary)}")
    count = len(expected)
    expect(app.main).to_contain_text(f"Showing {count} of the group's {count} seats")
    assert expected["constituency_name"].tolist() == ["Bristol Central", "Ilford North"]  # seed
    table = app.widget("group_table")
    expect(app.grid_column(table, "Seat")).to_have_text(expected["constituency_name"].tolist())
    expect(app.grid_column(table, "Outcome")).to_have_text(expected["outcome"].tolist())
    app.shot("group")
    _, downloaded = app.download("group_download_csv")
    assert downloaded == cli_bytes(capsysbinary, "group", group)
    app.wait_until_idle()


def test_5_seats_csv_download_equals_the_cli(app, seat_data, capsysbinary):
    chosen = SeatFilters(regions=("London",), max_majority_pct=10.0)
    expected = filter_seats(seat_data.seats, chosen)
    app.open("/seats?region=London&majority=0-10")
    expect(app.main).to_contain_text(f"{len(expected)} of {len(seat_data.seats)} seats")
    app.shot("seats")
    name, downloaded = app.download("seats_download_csv")
    assert name.endswith(".csv")
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


def test_7_target_list_and_scenario_match_the_cli(app, seat_data, capsysbinary):
    seats = seat_data.seats
    app.open("/targets")
    expect(app.page.get_by_role("heading", name="Target list")).to_be_visible()
    app.choose("tg_party", "RUK · Reform UK", typed="Reform")
    from_cli = cli_bytes(capsysbinary, "battleground", "--party", "RUK")
    targets = pd.read_csv(io.BytesIO(from_cli), dtype={"constituency_code": str})
    expect(app.main).to_contain_text(f"{len(targets)} target seats for RUK among {len(seats)}")
    assert app.query()["party"] == ["RUK"]
    ranked = app.grid_column(app.main.get_by_test_id("stDataFrame"), "Seat")
    first = targets.loc[0]  # the seat's name is a link to its profile, its text the name
    link = f"/seat?seat={first['constituency_code']}#{first['constituency_name']}"
    expect(ranked.first).to_have_text(link)
    _, downloaded = app.download("targets_download_csv")
    assert downloaded == from_cli
    app.shot("targets")

    app.rerun(lambda: app.page.get_by_role("link", name="Scenario", exact=True).click())
    expect(app.page.get_by_role("heading", name="Swing scenario")).to_be_visible()
    for party, change in (("Lab", "-5"), ("RUK", "5")):
        box = app.widget(f"sc_UK_{party}").locator("input")
        box.fill(change)
        app.rerun(lambda box=box: box.press("Enter"))
    expect(app.main).to_contain_text("Uniform swing: Labour −5, Reform UK +5")
    projected = json.loads(
        cli_bytes(capsysbinary, "scenario", "--change", "Lab=-5,RUK=+5", "--format", "json")
    )
    assert app.query()["change"] == ["Lab=-5,RUK=+5"]
    metrics = app.main.get_by_test_id("stMetric")
    expect(metrics.first).to_be_visible()
    shown = {
        metric.get_by_test_id("stMetricLabel").inner_text().strip(): int(
            metric.get_by_test_id("stMetricValue").inner_text()
        )
        for metric in metrics.all()
    }
    assert shown, "no seat totals shown"
    names = dict(zip(seat_data.registry["party_name"], seat_data.registry["party"], strict=True))
    assert shown == {name: projected["seats"].get(names[name], 0) for name in shown}
    deltas = [d.inner_text() for d in metrics.get_by_test_id("stMetricDelta").all()]
    assert deltas and all(re.fullmatch(r"[−+]\d+ seats?|no change", d) for d in deltas), deltas
    changes = len(projected["changes"])
    expect(app.page.get_by_role("heading", name=f"{changes} seats change hands")).to_be_visible()
    app.shot("scenario")
    _, downloaded = app.download("scenario_download_csv")
    from_cli = cli_bytes(capsysbinary, "scenario", "--change", "Lab=-5,RUK=+5", "--format", "csv")
    # the same rows and columns; shares equal to 1e-9 (the fit converges to 1e-9 points: in
    # one full CI run the two differed in the 11th decimal)
    pd.testing.assert_frame_equal(
        pd.read_csv(io.BytesIO(downloaded)), pd.read_csv(io.BytesIO(from_cli)), rtol=1e-9
    )
    app.wait_until_idle()


def stance_legend(data) -> list[str]:
    """The legend the map should show when coloured by group stance, from the library."""
    everything = pd.Series(True, index=data.seats.index)
    colours = maps.colour_seats(data.seats, everything, "stance", data.registry)
    counts = colours.frame["category"].value_counts()
    return sorted(f"{category} ({count})" for category, count in counts.items())


def test_8_import_rejects_a_bad_file_and_applies_a_good_one(app, seat_data):
    uploader = app.widget("imp_file").locator('input[type="file"]')
    bad, good = UPLOADS / "missing_columns.csv", UPLOADS / "bom_utf8.csv"
    with pytest.raises(reading.UploadError) as problem:
        reading.read_upload(bad.read_bytes(), bad.name)
    report = imports.build_import_report(
        reading.read_upload(good.read_bytes(), good.name), seat_data.seat_names, seat_data.registry
    )
    clean = report.imported[list(ENDORSEMENT_COLUMNS)]
    assert len(clean) > 0
    updated = seat_data.with_endorsements(imports.merge_endorsements(seat_data.endorsements, clean))
    before, after = stance_legend(seat_data), stance_legend(updated)
    assert before != after
    saved = sources.data_dir() / "candidates.csv"
    saved_bytes = saved.read_bytes()

    app.open("/import")
    expect(app.page.get_by_role("heading", name="Import candidates")).to_be_visible()
    app.rerun(lambda: uploader.set_input_files(bad))
    error = app.main.get_by_test_id("stAlertContentError")
    expect(error).to_contain_text(f"{bad.name} could not be read: {problem.value}")
    app.shot("bad-file")

    app.rerun(lambda: uploader.set_input_files(good))
    expect(error).to_have_count(0)
    imported = app.main.get_by_test_id("stMetric").filter(has_text="Imported")
    expect(imported.get_by_test_id("stMetricValue")).to_have_text(str(len(clean)))
    app.click_button("imp_apply")
    expect(app.main.get_by_test_id("stAlertContentSuccess")).to_contain_text(
        f"Applied: {len(clean)} imported row(s)"
    )
    app.shot("applied")
    assert saved.read_bytes() == saved_bytes  # applied to the session only: nothing written

    app.rerun(lambda: app.page.get_by_role("link", name="Map", exact=True).click())
    app.choose("map_colour", maps.COLOUR_MODES["stance"])
    state = app.wait_for_map(f"state.legend.length === {len(after)}")
    assert sorted(state["legend"]) == after
    assert app.query()["colour"] == ["stance"]
    app.shot("map-changed")


def test_9_hostile_links_render_as_text_and_fetch_nothing(app):
    from urllib.parse import quote

    hostile = (
        "[click](https://evil.example/q) ![x](https://evil.example/p.png) <b>bold</b> "
        "www.evil.example bob@evil.example"
    )
    app.open(f"/seats?q={quote(hostile)}")
    expect(app.sidebar).to_contain_text("[click](https")  # shown as typed, not a link
    app.open(f"/seat?seat={quote(hostile)}")
    error = app.main.get_by_test_id("stAlertContentError")
    expect(error).to_contain_text("No seat matches")
    expect(error).to_contain_text("[click](https")  # shown as typed (a zero-width space in it)
    links = app.page.locator("a").evaluate_all("links => links.map(a => a.href)")
    off_site = [href for href in links if not href.startswith(app.server.url)]
    assert [href for href in off_site if "evil.example" in href] == [], links
    images = app.page.locator("img").evaluate_all("imgs => imgs.map(i => i.src)")
    assert [src for src in images if "evil.example" in src] == []
    assert app.page.locator("b", has_text="bold").count() == 0
    app.shot("hostile")
    # the harness fails the test on any request that leaves 127.0.0.1 (the image above)
