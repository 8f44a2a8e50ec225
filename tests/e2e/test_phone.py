"""On a phone (390 × 844, touch): the maps fit the width, legends clear of the plot area.

Map (geographic and hex), Seat and Group pages, screenshots in ``tests/artifacts/e2e/``.
Sizes are read from Plotly's DOM: the chart's box, the map canvas (the plot area) and the
legend's box; the hex map's extent is projected by the map itself.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

import pytest
import shapely

from targets.data.boundaries import load_hex_layout
from targets.views.map_layers import hex_as_lonlat

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
SLACK = 1.0  # pixels: boxes are fractional
STEP_TIMEOUT_MS = 60_000

# The chart's, the map canvas' and the legend's boxes for the Plotly chart in a container.
BOXES_JS = """(selector) => {
  const graph = document.querySelector(selector + ' .js-plotly-plot');
  if (!graph) return null;
  const box = (element) => {
    if (!element) return null;
    const r = element.getBoundingClientRect();
    return {left: r.left, right: r.right, top: r.top, bottom: r.bottom};
  };
  const subplot = graph._fullLayout.map && graph._fullLayout.map._subplot;
  const legend = graph.querySelector('g.legend');
  const colorbar = graph.querySelector('g.colorbar');
  return {
    chart: box(graph),
    plot: subplot ? box(subplot.map.getCanvas()) : null,
    legend: legend && legend.getBBox().width > 0 ? box(legend) : null,
    colorbar: box(colorbar),
    page_width: document.documentElement.scrollWidth,
  };
}"""
# Where lon/lat points land on the map, in page pixels.
PROJECT_JS = """([selector, points]) => {
  const graph = document.querySelector(selector + ' .js-plotly-plot');
  const map = graph._fullLayout.map._subplot.map;
  const canvas = map.getCanvas().getBoundingClientRect();
  return points.map(([lon, lat]) => {
    const p = map.project([lon, lat]);
    return [canvas.left + p.x, canvas.top + p.y];
  });
}"""

# what a phone's browser says it is: the hex map is fitted to a phone's width for it
PHONE_AGENT = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/156.0.0.0 Mobile Safari/537.36"
)


@pytest.fixture()
def app(app) -> Iterator[Any]:
    """The same app in a phone-sized touch browser (the harness checks its complaints too)."""
    context = app.context.browser.new_context(
        viewport=PHONE,
        is_mobile=True,
        has_touch=True,
        device_scale_factor=2,
        user_agent=PHONE_AGENT,
    )
    context.set_default_timeout(STEP_TIMEOUT_MS)
    phone = type(app)(context, app.server, f"phone-{app.test_name}")
    phone.problems = app.problems  # one list: the conftest hook fails the test on any
    yield phone
    context.close()


def overlap(a: dict, b: dict) -> bool:
    return not (
        a["right"] <= b["left"] + SLACK
        or b["right"] <= a["left"] + SLACK
        or a["bottom"] <= b["top"] + SLACK
        or b["bottom"] <= a["top"] + SLACK
    )


def inside(point, box: dict) -> bool:
    x, y = point
    return (
        box["left"] - SLACK <= x <= box["right"] + SLACK
        and box["top"] - SLACK <= y <= box["bottom"] + SLACK
    )


def check_chart_fits(app, key: str, name: str) -> dict:
    """The chart in ``.st-key-<key>`` fits the phone's width; its legend is off the plot."""
    chart = app.widget(key)
    chart.scroll_into_view_if_needed()
    # the chart is drawn once Plotly has laid it out (the page may still be running)
    app.page.wait_for_function(
        f"() => {{ const g = document.querySelector('.st-key-{key} .js-plotly-plot');"
        " return g !== null && g._fullLayout !== undefined; }"
    )
    boxes = app.page.evaluate(BOXES_JS, f".st-key-{key}")
    assert boxes is not None, f"{name}: no chart drawn"
    app.shot(name)
    problems = []
    if boxes["page_width"] > PHONE["width"] + SLACK:
        problems.append(f"the page scrolls sideways ({boxes['page_width']} px wide)")
    for part in ("chart", "plot"):
        box = boxes[part]
        if box and (box["left"] < -SLACK or box["right"] > PHONE["width"] + SLACK):
            problems.append(f"the {part} spans {box['left']:.0f}–{box['right']:.0f} px")
    for key_box in ("legend", "colorbar"):
        if boxes[key_box] and boxes["plot"] and overlap(boxes[key_box], boxes["plot"]):
            problems.append(f"the {key_box} {boxes[key_box]} covers the map {boxes['plot']}")
    assert not problems, f"{name} on a 390 px phone: " + "; ".join(problems)
    return boxes


def test_map_page_geographic_fits_the_phone(app, seat_data):
    app.open("/")
    app.wait_for_map("state.shapes > 0")
    check_chart_fits(app, "seat_map", "map-geo")


def test_map_page_hex_shows_all_of_the_uk_on_the_phone(app, seat_data):
    app.open("/?view=hex")
    app.wait_for_map("state.shapes > 0 && Math.abs(state.center.lat) < 5")
    boxes = check_chart_fits(app, "seat_map", "map-hex")
    hexes = hex_as_lonlat(load_hex_layout())
    centres = shapely.centroid(hexes.geometry.values)  # hexes a few km across: plane is fine
    points = app.page.evaluate(PROJECT_JS, [".st-key-seat_map", [[p.x, p.y] for p in centres]])
    outside = [
        code
        for code, point in zip(hexes["constituency_code"], points, strict=True)
        if not inside(point, boxes["plot"])
    ]
    assert not outside, f"{len(outside)} of {len(hexes)} hexes are off the map on a phone"


def test_seat_page_fits_the_phone(app, seat_data):
    seats = seat_data.seats
    (code,) = seats.loc[seats["constituency_name"] == "Ilford North", "constituency_code"]
    app.open(f"/seat?seat={code}")
    app.page.get_by_role("heading", name="Ilford North", exact=True).wait_for()
    app.shot("seat-top")
    boxes = check_chart_fits(app, "seat_locator", "seat-locator")
    check_chart_fits(app, "seat_chart", "seat-candidates")
    assert boxes["plot"]["right"] - boxes["plot"]["left"] > 0.8 * PHONE["width"]  # full width


def test_group_page_fits_the_phone_with_the_groups_seats_in_view(app, seat_data):
    app.open("/group?" + urlencode({"campaign": "We Deserve Better"}))
    app.wait_for_map(f"state.locations.length === {len(seat_data.seats)} && state.shapes > 0")
    boxes = check_chart_fits(app, "group_map", "group-map")
    markers = app.page.evaluate(
        """() => {
          const graph = document.querySelector('.st-key-group_map .js-plotly-plot');
          const trace = graph._fullData.find((t) => t.type === "scattermap");
          return Array.from(trace.lon, (lon, i) => [lon, trace.lat[i]]);
        }"""
    )
    points = app.page.evaluate(PROJECT_JS, [".st-key-group_map", markers])
    assert all(inside(point, boxes["plot"]) for point in points), (
        f"the group's seats {points} are not all on the map {boxes['plot']}"
    )
    app.page.mouse.wheel(0, 600)  # the table below the map
    app.shot("group-table")
