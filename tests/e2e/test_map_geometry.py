"""The seat map in a real browser: shapes fetched once by address, named close-ups, a phone.

The geometry comes from a static file (``app/static/maps/seats-detailed-<hash>.json``),
fetched by Plotly in the browser; the checks read what maplibre actually rendered.
"""

from __future__ import annotations

import re
import time
import tomllib
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

STREAMLIT_CONFIG = tomllib.loads((Path(__file__).parents[2] / ".streamlit/config.toml").read_text())
MIN_CACHED_MESSAGE_SIZE = STREAMLIT_CONFIG["global"]["minCachedMessageSize"]

NATIONAL = re.compile(r"/app/static/maps/seats-national-[0-9a-f]{12}\.json$")
DETAILED = re.compile(r"/app/static/maps/seats-detailed-[0-9a-f]{12}\.json$")
# marks the maplibre map object, to tell a map redrawn in place from a new one
MARK_MAP_JS = """() => {
  const graph = document.querySelector('.js-plotly-plot');
  graph._fullLayout.map._subplot.map.__seatTargetsMark = "first map";
}"""
MAP_MARK_JS = """() => {
  const graph = document.querySelector('.js-plotly-plot');
  return graph._fullLayout.map._subplot.map.__seatTargetsMark || null;
}"""
GEOJSON_JS = """() => Array.from(
  new Set(document.querySelector('.js-plotly-plot').data.map((trace) => trace.geojson))
)"""
# the seat names maplibre drew (symbol layers), once it has drawn them
RENDERED_NAMES_JS = """() => {
  const graph = document.querySelector('.js-plotly-plot');
  const subplot = graph && graph._fullLayout.map && graph._fullLayout.map._subplot;
  if (!subplot || !subplot.map.loaded()) return null;
  const texts = subplot.map.queryRenderedFeatures()
    .filter((f) => f.layer.type === "symbol")
    .map((f) => String(f.properties.text || ""));
  return texts.length ? Array.from(new Set(texts)) : null;
}"""
FADE_JS = """() => {
  const graph = document.querySelector('.js-plotly-plot');
  return graph._fullLayout.map._subplot.map._fadeDuration;
}"""
PHONE = {"width": 390, "height": 844}
STEP_TIMEOUT_MS = 60_000
PAINT_TIMEOUT_MS = 240_000  # the 20 m layer on a busy 2-core machine, software WebGL


def wait_for_map(app, predicate: str) -> dict:
    """Like ``app.wait_for_map``, polling once a second (each poll queries every feature)."""
    # the e2e conftest's, whichever conftest module is called 'conftest' at run time
    state_js = type(app).wait_for_map.__globals__["MAP_STATE_JS"]
    script = f"() => {{ const state = ({state_js})(); return state && ({predicate}) && state; }}"
    handle = app.page.wait_for_function(script, polling=1000, timeout=PAINT_TIMEOUT_MS)
    return handle.json_value()


def test_national_map_paints_from_the_light_file_and_sharpens_when_zoomed(app, seat_data):
    fetched: list[str] = []
    app.page.on("requestfinished", lambda request: fetched.append(request.url))
    app.open("/")
    state = wait_for_map(app, "state.shapes === 650")
    assert state["shapes"] == len(seat_data.seats) == 650
    assert len([url for url in fetched if NATIONAL.search(url)]) == 1, fetched  # once, by address
    assert not [url for url in fetched if DETAILED.search(url)]  # not before it is needed
    app.shot("national")
    # zoom in on London with the mouse wheel: the 20 m file replaces the 500 m one
    app.page.mouse.move(*app.map_point(-0.12, 51.5))
    for _ in range(12):
        app.page.mouse.wheel(0, -300)
        time.sleep(0.3)
    app.page.wait_for_function(
        f"() => {{ const urls = ({GEOJSON_JS})(); "
        "return urls.length === 1 && /seats-detailed-/.test(urls[0]); }",
        timeout=PAINT_TIMEOUT_MS,
    )
    wait_for_map(app, "state.zoom > 8.5 && state.shapes > 20")
    assert len([url for url in fetched if DETAILED.search(url)]) == 1, fetched
    app.shot("zoomed-in-sharp")


def test_a_filter_change_redraws_the_same_map_in_place(app, seat_data):
    """The chart keeps its maplibre map: new colours and seats, no new map built."""
    london = int((seat_data.seats["region"] == "London").sum())
    app.open("/")
    wait_for_map(app, "state.shapes === 650")
    app.page.evaluate(MARK_MAP_JS)
    app.choose("f_region", "London")
    wait_for_map(app, f"state.legend.some((t) => t.startsWith('Outside filters ({650 - london})'))")
    assert app.page.evaluate(MAP_MARK_JS) == "first map"
    app.choose("map_colour", "Majority (%)")
    wait_for_map(app, "!state.legend.some((t) => t.startsWith('Labour'))")
    assert app.page.evaluate(MAP_MARK_JS) == "first map"


def test_a_filter_change_sends_what_did_not_change_as_references(app):
    """The sidebar and the data notes are not sent again in full on every filter change."""
    app.open("/")
    wait_for_map(app, "state.shapes === 650")
    before = len(app.messages)
    app.choose("f_region", "London")
    sent = app.messages[before:]
    references = [message for message in sent if message.WhichOneof("type") == "ref_hash"]
    notes = [
        message
        for message in sent
        if message.WhichOneof("type") == "delta"
        and "Westminster Parliamentary Constituencies" in message.delta.new_element.markdown.body
    ]
    widgets_resent = sorted(
        getattr(element, element.WhichOneof("type")).label
        for message in sent
        if message.WhichOneof("type") == "delta"
        and (element := message.delta.new_element).WhichOneof("type")
        in {"multiselect", "slider", "selectbox", "number_input", "text_input", "button_group"}
        and message.delta.ByteSize() >= MIN_CACHED_MESSAGE_SIZE  # a smaller one always goes
    )
    assert len(references) >= 5, len(references)  # Streamlit by default: at most the map
    assert not notes  # the data notes went as a reference
    # The first change after the page opened sends no unchanged widget in full (a first run
    # that put the starting values in session state marked every widget as set). The one
    # exception is Streamlit's: it sets a disabled widget again on every run (the swing box
    # is disabled until a party is chosen). The Region box changed in the browser itself.
    assert widgets_resent == ["up to (pts)"], widgets_resent


def test_london_closeup_names_its_seats(app, seat_data):
    seats = seat_data.seats
    london = set(seats.loc[seats["region"] == "London", "constituency_name"])
    app.open("/?region=London")
    app.wait_for_map(
        f"state.legend.some((t) => t.startsWith('Outside filters ({650 - len(london)})'))"
    )
    names = app.page.wait_for_function(
        RENDERED_NAMES_JS, polling=1000, timeout=PAINT_TIMEOUT_MS
    ).json_value()
    assert names and set(names) <= london
    assert len(names) >= 10  # names that collide are left out by the map, most are drawn
    # drawn at once, not faded in frame by frame (each frame is ~300 ms in software WebGL)
    assert app.page.evaluate(FADE_JS) == 0
    expect(app.main).to_contain_text(f"The {len(london)} matching seats")
    app.shot("london")
    # each listed name is a link to the seat's profile, opened in this tab
    link = app.main.locator(".seat-links a", has_text="Islington North")
    expect(link).to_have_attribute("href", re.compile(r"seat\?seat=E14\d{6}$"))
    app.rerun(lambda: link.click())
    app.page.wait_for_url(re.compile(r"/seat\?seat=E14\d{6}"))
    expect(app.main.get_by_role("heading", name="Islington North")).to_be_visible()


TOUCH_STATE_JS = """() => {
  const graph = document.querySelector('.js-plotly-plot');
  const map = graph._fullLayout.map._subplot.map;
  const centre = map.getCenter();
  let scrolled = window.scrollY;
  for (const element of document.querySelectorAll('*')) scrolled += element.scrollTop;
  return {lat: centre.lat, lon: centre.lng, zoom: map.getZoom(), scrolled};
}"""


SCROLL_WON = "Ignored attempt to cancel a touchmove event with cancelable=false"


def swipe(touch, frames: list[list[tuple[float, float]]]) -> None:
    """Fingers down at the first frame's points, moved through the rest, then lifted."""
    for index, points in enumerate(frames):
        kind = "touchStart" if index == 0 else "touchMove"
        fingers = [{"x": x, "y": y, "id": n} for n, (x, y) in enumerate(points)]
        touch.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": fingers})
        time.sleep(0.016)  # about one frame apart, as a finger moves
    touch.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})


def test_on_a_phone_the_map_fits_with_its_legend_under_it_and_leaves_swipes_to_the_page(app):
    context = app.context.browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True)
    context.set_default_timeout(STEP_TIMEOUT_MS)
    phone = type(app)(context, app.server, app.test_name)  # a StreamlitPage on a phone
    try:
        phone.open("/")
        wait_for_map(phone, "state.shapes > 300")  # a narrow map shows most of the UK
        box = phone.page.locator(".js-plotly-plot .maplibregl-canvas").bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"] + 1
        legend = phone.page.locator(".js-plotly-plot g.legend").bounding_box()
        assert legend["y"] >= box["y"] + box["height"] - 1  # under the map, not over Scotland
        phone.shot("phone")
        # a real one-finger swipe up over the map (touch events through the DevTools
        # protocol, as a phone's screen sends them) scrolls the page and leaves the map
        canvas = phone.page.locator(".js-plotly-plot .maplibregl-canvas")
        touch = context.new_cdp_session(phone.page)
        before = phone.page.evaluate(TOUCH_STATE_JS)
        box = canvas.bounding_box()
        middle = box["x"] + box["width"] / 2
        rows = [box["y"] + box["height"] * (0.7 - 0.5 * i / 15) for i in range(16)]
        swipe(touch, [[(middle, y)] for y in rows])
        after = phone.page.wait_for_function(
            f"() => {{ const s = ({TOUCH_STATE_JS})(); return s.scrolled > 100 && s; }}"
        ).json_value()
        assert (after["lat"], after["lon"], after["zoom"]) == (
            before["lat"],
            before["lon"],
            before["zoom"],
        ), "a one-finger swipe moved the map"
        # two fingers apart still zoom the map
        box = canvas.bounding_box()
        centre_y = box["y"] + box["height"] / 2
        swipe(
            touch,
            [[(middle - 20 - 5 * i, centre_y), (middle + 20 + 5 * i, centre_y)] for i in range(16)],
        )
        phone.page.wait_for_function(f"() => ({TOUCH_STATE_JS})().zoom > {before['zoom'] + 1}")
        # Chrome says so when the page's scroll wins over a map handler that would have
        # stopped it: the behaviour wanted here, so only that warning is let through
        phone.problems[:] = [text for text in phone.problems if SCROLL_WON not in text]
        assert not phone.problems, phone.problems
    finally:
        context.close()
