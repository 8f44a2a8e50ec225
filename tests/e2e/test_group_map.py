"""The group map in a real browser: a click on any seat, marker or shape, opens its profile."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from playwright.sync_api import expect

from targets.data.boundaries import load_boundaries

pytestmark = pytest.mark.browser

GROUP = "We Deserve Better"
GROUP_URL = "/group?" + urlencode({"campaign": GROUP})

# Where a seat's marker sits on the group map, read from the figure the browser drew.
MARKER_JS = """(code) => {
  const graph = document.querySelector('.js-plotly-plot');
  const markers = graph._fullData.find((trace) => trace.type === "scattermap");  // decoded
  const index = Array.from(markers.customdata, (data) => data[0]).indexOf(code);
  return index < 0 ? null : [markers.lon[index], markers.lat[index]];
}"""
# The trace type under the pointer (Plotly keeps the hovered points on the graph).
HOVERED_JS = """() => {
  const graph = document.querySelector('.js-plotly-plot');
  return (graph._hoverdata || []).map((point) => point.fullData.type);
}"""


def seat_code(seats, name: str) -> str:
    (code,) = seats.loc[seats["constituency_name"] == name, "constituency_code"]
    return code


def open_group_map(app, seat_data) -> None:
    """The group page, once the map has drawn (the view shows the group's seats, not all)."""
    app.open(GROUP_URL)
    app.wait_for_map(f"state.locations.length === {len(seat_data.seats)} && state.shapes > 0")
    app.widget("group_map").scroll_into_view_if_needed()


def click_and_expect_profile(app, x: float, y: float, code: str, name: str) -> None:
    app.rerun(lambda: app.page.mouse.click(x, y))
    assert (app.path(), app.query().get("seat")) == ("/seat", [code]), (
        f"clicking {name} on the group map did not open its profile"
    )
    expect(app.page.get_by_role("heading", name=name, exact=True)).to_be_visible()


def test_clicking_a_small_seats_marker_on_the_group_map_opens_the_seat(app, seat_data):
    code = seat_code(seat_data.seats, "Ilford North")
    open_group_map(app, seat_data)
    lon, lat = app.page.evaluate(MARKER_JS, code)
    x, y = app.map_point(lon, lat)
    # a few pixels off the marker's centre: on the marker, off Ilford North's tiny shape
    app.page.mouse.move(x + 4, y)
    expect(app.page.locator(".hoverlayer")).to_contain_text("Ilford North")
    assert app.page.evaluate(HOVERED_JS) == ["scattermap"], "the pointer is not on the marker"
    app.shot("marker-hover")
    click_and_expect_profile(app, x + 4, y, code, "Ilford North")
    app.shot("profile")


def test_clicking_a_seat_outside_the_group_opens_that_seat(app, seat_data):
    """The grey seats around the group's are seats too: a click opens them."""
    name = "Newbury"  # between Bristol and Ilford (in the view), large enough to hit
    code = seat_code(seat_data.seats, name)
    shape = load_boundaries("national").set_index("constituency_code").loc[code, "geometry"]
    biggest = max(getattr(shape, "geoms", [shape]), key=lambda part: part.area)
    inside = biggest.representative_point()
    open_group_map(app, seat_data)
    x, y = app.map_point(inside.x, inside.y)
    app.page.mouse.move(x, y)
    expect(app.page.locator(".hoverlayer")).to_contain_text(name)
    assert app.page.evaluate(HOVERED_JS) == ["choroplethmap"]
    click_and_expect_profile(app, x, y, code, name)
