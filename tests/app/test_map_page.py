"""The Map page: 650 shapes, filtered seats coloured, the rest grey; view and colour in the URL."""

from page_parts import only_chart as figure

from targets.parties import UNFILTERED_GREY
from targets.views.maps import OUTSIDE_FILTERS, count_shapes  # noqa: F401

PAGE = "app_pages/map_page.py"


def shapes(spec: dict) -> int:
    return sum(len(trace["locations"]) for trace in spec["data"])


def grey_codes(spec: dict) -> set[str]:
    return {
        code
        for trace in spec["data"]
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
    assert spec["layout"]["map"]["style"] == "white-bg"


def test_filtered_seats_coloured_others_grey(open_page, seats):
    at = open_page(PAGE, winner="Green")
    spec = figure(at)
    assert shapes(spec) < 650  # a close-up: the Green seats and their surroundings only
    green = set(seats.loc[seats.winner_party == "Green", "constituency_code"])
    coloured = {
        c for t in spec["data"] if not t["name"].startswith(OUTSIDE_FILTERS) for c in t["locations"]
    }
    assert coloured == green
    grey = [t for t in spec["data"] if t["name"].startswith(OUTSIDE_FILTERS)]
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
    import json

    at = open_page(None, colour="context", measure="leave_pct")
    assert at.selectbox(key="map_measure").value == "leave_pct"
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    scaled = [trace for trace in spec["data"] if trace.get("showscale") is not False]
    assert scaled and "dark: highest" in scaled[0]["colorbar"]["title"]["text"]
    assert any("Leave 2016 (est.) %" in c.value for c in at.caption)
    flat = {trace["name"].split(" (")[0] for trace in spec["data"] if trace not in scaled}
    assert "No figure" in flat  # Northern Ireland has no Leave estimate
