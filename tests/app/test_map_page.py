"""The Map page: 650 shapes, filtered seats coloured, the rest grey; view and colour in the URL."""

import re
from pathlib import Path

from page_parts import listed_seat_links
from page_parts import only_chart as figure

from targets.parties import UNFILTERED_GREY
from targets.views import map_files
from targets.views.maps import NO_MATCH, OUTSIDE_FILTERS

PAGE = "app_pages/map_page.py"
APP = Path(__file__).resolve().parents[2] / "app.py"


def seat_traces(spec: dict) -> list[dict]:
    return [trace for trace in spec["data"] if trace["type"] == "choroplethmap"]


def shapes(spec: dict) -> int:
    return sum(len(trace["locations"]) for trace in seat_traces(spec))


def grey_codes(spec: dict) -> set[str]:
    return {
        code
        for trace in seat_traces(spec)
        if trace["name"].startswith(OUTSIDE_FILTERS)
        for code in trace["locations"]
    }


def test_national_map_has_650_shapes_and_a_legend(open_page):
    at = open_page(PAGE)
    spec = figure(at)
    assert shapes(spec) == 650
    names = [trace["name"] for trace in spec["data"]]
    assert names[0] == "Labour (411)"
    assert "Conservative (121)" in names
    style = spec["layout"]["map"]["style"]  # the served white background, no glyph server
    assert re.fullmatch(r"app/static/maps/seats-style-[0-9a-f]{12}\.json", style)


def test_filtered_seats_coloured_others_grey(open_page, seats):
    at = open_page(PAGE, winner="Green")
    spec = figure(at)
    assert shapes(spec) < 650  # a close-up: the Green seats and their surroundings only
    green = set(seats.loc[seats.winner_party == "Green", "constituency_code"])
    coloured = {
        c
        for t in seat_traces(spec)
        if not t["name"].startswith(OUTSIDE_FILTERS)
        for c in t["locations"]
    }
    assert coloured == green
    grey = [t for t in seat_traces(spec) if t["name"].startswith(OUTSIDE_FILTERS)]
    assert grey and grey[0]["colorscale"][0][1] == UNFILTERED_GREY


def test_hex_map_and_colour_modes_restore_from_url(open_page, seats):
    at = open_page(PAGE, view="hex", colour="majority", nation="Wales")
    assert at.segmented_control(key="map_view").value == "hex"
    spec = figure(at)
    assert shapes(spec) == 650  # the hex map always shows the whole country
    assert len(grey_codes(spec)) == 650 - 32
    scaled = [t for t in spec["data"] if "colorbar" in t]
    assert len(scaled) == 1 and len(scaled[0]["locations"]) == 32
    assert at.query_params["view"] == "hex"


def test_swing_colouring_for_a_party(open_page):
    at = open_page(PAGE, colour="swing", party="Green")
    spec = figure(at)
    assert shapes(spec) == 650
    names = {t["name"].rsplit(" (", 1)[0] for t in spec["data"]}
    assert "Held by Green" in names


def test_bad_view_value_shows_a_note(open_page):
    at = open_page(PAGE, view="globe")
    assert any("globe" in w.value for w in at.warning)
    assert at.segmented_control(key="map_view").value == "geo"


def test_colour_by_a_context_measure_from_the_link(open_page):
    at = open_page(None, colour="context", measure="leave_pct")
    assert at.selectbox(key="map_measure").value == "leave_pct"
    spec = figure(at)
    scaled = [trace for trace in spec["data"] if trace.get("showscale") is not False]
    assert scaled and "dark: highest" in scaled[0]["colorbar"]["title"]["text"]
    assert any("Leave 2016 (est.) %" in c.value for c in at.caption)
    flat = {trace["name"].split(" (")[0] for trace in spec["data"] if trace not in scaled}
    assert "No figure" in flat  # Northern Ireland has no Leave estimate


def test_the_map_names_its_geometry_file_which_is_served_with_a_hash_name(open_page):
    at = open_page(PAGE)
    spec = figure(at)
    (url,) = {trace["geojson"] for trace in spec["data"]}
    assert re.fullmatch(r"app/static/maps/seats-national-[0-9a-f]{12}\.json", url)
    sharp = spec["layout"]["meta"]["sharperWhenZoomed"]["sharp"]  # swapped in when zoomed
    for layer, address in (("national", url), ("detailed", sharp)):
        served = map_files.MAP_FOLDER / address.rsplit("/", 1)[1]
        assert served.is_file()
        assert address.rsplit("/", 1)[1] == map_files.file_name(layer, served.read_bytes())
    hover = spec["data"][0]
    assert hover["hovertemplate"].startswith("<b>%{customdata[0]}</b><br>")
    assert len(hover["customdata"][0]) == 4  # name, winner, majority, lines some seats have


def test_one_matching_seat_is_listed_under_the_map_with_a_link(open_page, seats):
    at = open_page(PAGE, q="Islington North")
    (code,) = seats.loc[seats.constituency_name == "Islington North", "constituency_code"]
    assert listed_seat_links(at) == [(code, "Islington North")]
    spec = figure(at)
    (labels,) = [trace for trace in spec["data"] if trace["type"] == "scattermap"]
    assert labels["text"] == ["Islington North"]
    outside = [t["name"] for t in seat_traces(spec) if t["name"].startswith(OUTSIDE_FILTERS)]
    assert outside == [f"{OUTSIDE_FILTERS} (649)"]  # every seat outside, not the 5 drawn


def test_nothing_matching_says_so_and_offers_a_reset(open_page):
    at = open_page(PAGE, q="no such seat anywhere")
    spec = figure(at)
    assert [note["text"] for note in spec["layout"]["annotations"]] == [f"<b>{NO_MATCH}</b>"]
    assert [trace["name"] for trace in spec["data"]] == [f"{OUTSIDE_FILTERS} (650)"]
    at.button(key="map_reset").click().run()
    assert at.text_input(key="f_search").value == ""
    spec = figure(at)
    assert "annotations" not in spec["layout"] or not spec["layout"]["annotations"]
    assert shapes(spec) == 650


def test_a_region_close_up_lists_its_seats_by_name_as_one_element(open_page, seats):
    at = open_page(PAGE, region="London")
    london = seats.loc[seats["region"] == "London"].sort_values("constituency_name")
    expected = list(zip(london["constituency_code"], london["constituency_name"], strict=True))
    assert listed_seat_links(at) == expected
    assert any(f"The {len(london)} matching seats" in s.value for s in at.subheader)
    assert not at.get("page_link") or all(  # no per-seat page links left on the map page
        link.proto.page != "seat" for link in at.get("page_link")
    )


def test_an_unsigned_first_visit_loads_neither_the_database_nor_pandera(seat_data, tmp_path):
    """A new server's first visitor waits for neither SQLAlchemy, argon2 nor pandera.

    They take about a second to import; the seat tables come prepared from disk, and the
    workspace store loads once someone signs in.
    """
    import subprocess
    import sys

    from targets.seats import load_kept_seat_data

    load_kept_seat_data()  # as `targets data fetch` leaves it
    probe = (
        "import sys\n"
        "from streamlit.testing.v1 import AppTest\n"
        f"at = AppTest.from_file({str(APP)!r}, default_timeout=120)\n"
        "at.run()\n"
        "assert not at.exception, at.exception\n"
        "assert at.get('bidi_component'), 'no map drawn'\n"
        "print(sorted(m for m in ('sqlalchemy', 'argon2', 'pandera') if m in sys.modules))\n"
    )
    shown = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=tmp_path
    ).stdout
    assert shown.strip().splitlines()[-1] == "[]"
