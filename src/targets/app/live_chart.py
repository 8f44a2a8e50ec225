"""A Plotly map that stays on the page between reruns, redrawn in place.

``st.plotly_chart`` gives a chart a new identity whenever its figure changes, so every
filter change threw the map away and built a new maplibre map from nothing (measured:
a fresh map, style and sources on each change). This small ``st.components.v2`` component
keeps one chart element under a fixed key and hands each new figure to ``Plotly.react``,
which updates the existing map: the geometry files stay loaded, only colours and hover
data change, and the view is kept unless the figure's ``uirevision`` says otherwise.

plotly.js comes from the ``plotly`` package (``targets.app.plotly_script``), served by
Streamlit's static serving, so the browser caches it and nothing comes from a CDN. On a touch
screen the script turns maplibre's one-finger pan off, so a swipe scrolls the page (pinch
still zooms; desktops keep drag and wheel). The script is fixed text: the figure reaches it
only as data, never as markup.
"""

from __future__ import annotations

import weakref

import orjson
import plotly.graph_objects as go
import streamlit as st

from targets.app import script_text
from targets.app.plotly_script import plotly_script_url

CHART_CLASS = "seat-targets-chart"
MAP_CONFIG = {"scrollZoom": True}  # wheel zoom on a desktop (a phone's swipe scrolls the page)
APP_FONT = '"Source Sans", "Source Sans Pro", sans-serif'  # Streamlit's own

CHART_JS = r"""
let plotlyLoading = null;

function loadPlotly(src) {
  if (window.Plotly) return Promise.resolve(window.Plotly);
  if (window.__seatTargetsPlotly) return window.__seatTargetsPlotly;  // started by app.py
  if (!plotlyLoading) {
    plotlyLoading = new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = src;
      script.onload = () => resolve(window.Plotly);
      script.onerror = () => { plotlyLoading = null; reject(new Error("plotly.js did not load")); };
      document.head.appendChild(script);
    });
  }
  return plotlyLoading;
}

// On a touch screen one finger scrolls the page over the map and two fingers pinch to zoom.
// plotly.js has no touch setting for map subplots, and maplibre's one-finger pan would take
// the swipe (measured: the map moved 4 degrees south and the page not at all), so drag-pan
// is turned off on coarse pointers after every redraw (plotly.js turns it back on).
const COARSE_POINTER = window.matchMedia("(pointer: coarse)").matches;

function oneFingerScrollsThePage(graph) {
  if (!COARSE_POINTER) return;
  const layout = graph._fullLayout;
  const map = layout && layout.map && layout.map._subplot && layout.map._subplot.map;
  if (!map) return;
  if (map.dragPan.isEnabled()) map.dragPan.disable();
  const surfaces = graph.querySelectorAll(".maplibregl-canvas-container, .maplibregl-canvas");
  for (const element of surfaces) element.style.touchAction = "pan-y pinch-zoom";
}

// maplibre fades seat names in over 300 ms, a frame at a time: with software WebGL a frame of
// this map takes 250-330 ms, so a close-up went on drawing for about 1.5 s after it was first
// painted, and a filter change made then waited for it. Names now appear at once.
function labelsWithoutFading(graph) {
  const layout = graph._fullLayout;
  const map = layout && layout.map && layout.map._subplot && layout.map._subplot.map;
  if (map && "_fadeDuration" in map) map._fadeDuration = 0;
}

// The national map is drawn from a light layer file; the figure's layout.meta names the
// detailed file that replaces it once the user zooms in far enough for the difference to show.
function zoomOf(graph) {
  const layout = graph._fullLayout;
  const map = layout && layout.map && layout.map._subplot && layout.map._subplot.map;
  return map ? map.getZoom() : null;
}

function sharperTraces(figure, zoom) {
  const rule = figure.layout.meta && figure.layout.meta.sharperWhenZoomed;
  if (!rule || zoom === null || zoom < rule.zoom) return [];
  const traces = [];
  figure.data.forEach((trace, index) => { if (trace.geojson === rule.coarse) traces.push(index); });
  return traces;
}

function sharpen(Plotly, graph) {
  const figure = graph.__figure;
  const traces = figure ? sharperTraces(figure, zoomOf(graph)) : [];
  if (!traces.length) return Promise.resolve();
  const sharp = figure.layout.meta.sharperWhenZoomed.sharp;
  for (const index of traces) figure.data[index].geojson = sharp;
  return Plotly.restyle(graph, {geojson: sharp}, traces);
}

function seatOf(point) {
  if (point.location) return String(point.location);
  const data = point.customdata;
  if (Array.isArray(data) && data.length) return String(data[0]);
  return null;
}

export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  let graph = parentElement.querySelector(".CHART_CLASS");
  if (!graph) {
    graph = document.createElement("div");
    graph.className = "CHART_CLASS";
    graph.style.width = "100%";
    parentElement.appendChild(graph);
    // follow the column's width (it settles after the first draw, and the sidebar can close)
    new ResizeObserver(() => {
      if (window.Plotly && graph._fullLayout) window.Plotly.Plots.resize(graph);
    }).observe(graph);
  }
  graph.__sendClick = setTriggerValue;
  const figure = JSON.parse(typeof data === "string" ? data : new TextDecoder().decode(data));
  graph.style.minHeight = `${figure.layout.height || 450}px`;
  graph.__queue = (graph.__queue || Promise.resolve())
    .then(() => loadPlotly(figure.script))
    .then((Plotly) => {
      // a redraw that keeps the user's view (same uirevision) keeps its sharper shapes too
      const kept = graph.layout && graph.layout.uirevision === figure.layout.uirevision;
      if (kept) {
        for (const index of sharperTraces(figure, zoomOf(graph))) {
          figure.data[index].geojson = figure.layout.meta.sharperWhenZoomed.sharp;
        }
      }
      graph.__figure = figure;
      return Plotly.react(graph, figure.data, figure.layout, figure.config).then(() => Plotly);
    })
    .then((Plotly) => {
      oneFingerScrollsThePage(graph);
      labelsWithoutFading(graph);
      if (graph.__clickWatched) return;
      graph.__clickWatched = true;
      graph.on("plotly_relayout", () => {
        graph.__queue = graph.__queue.then(() => sharpen(Plotly, graph)).catch(console.error);
      });
      graph.on("plotly_click", (event) => {
        const seat = event && event.points && event.points.length ? seatOf(event.points[0]) : null;
        if (seat) graph.__sendClick("clicked", seat);
      });
    })
    .catch((error) => {
      graph.textContent = "The map could not be drawn: reload the page to try again.";
      console.error(error);
    });
  return () => { if (window.Plotly) window.Plotly.purge(graph); };
}
""".replace("CHART_CLASS", CHART_CLASS)

COMPONENT_NAME = "seat_targets.live_chart"
_live_chart = st.components.v2.component(
    COMPONENT_NAME, js=script_text.served("live-chart", CHART_JS), isolate_styles=False
)

_PAYLOADS: dict[int, tuple[weakref.ref, bytes]] = {}  # id(figure) -> (the figure, its JSON)


def _payload(figure: go.Figure, config: dict) -> bytes:
    """The figure, its config and plotly.js's address as JSON, kept per shared figure."""
    kept = _PAYLOADS.get(id(figure))
    if kept is not None and kept[0]() is figure and kept[1][0] == config:
        return kept[1][1]
    spec = figure.to_plotly_json()
    layout = {key: value for key, value in spec["layout"].items() if key != "template"}
    layout.setdefault("font", {}).setdefault("family", APP_FONT)
    payload = orjson.dumps(
        {"data": spec["data"], "layout": layout, "config": config, "script": _script()},
        option=orjson.OPT_SERIALIZE_NUMPY,
        default=_plain,
    )
    key = id(figure)
    _PAYLOADS[key] = (weakref.ref(figure, lambda _: _PAYLOADS.pop(key, None)), (config, payload))
    return payload


def _plain(value):
    """What orjson cannot write itself (pandas and numpy scalars, arrays of objects)."""
    if hasattr(value, "tolist"):
        return value.tolist()
    if hasattr(value, "item"):
        return value.item()
    raise TypeError(f"cannot write {type(value).__name__} into a chart")


@st.cache_resource(show_spinner=False)
def _script() -> str:
    return plotly_script_url()


def chart_config(config: dict | None = None) -> dict:
    """plotly.js's config for a live chart: no logo, resized with the page, plus ``config``."""
    return {"displaylogo": False, "responsive": True, **(config or {})}


def live_chart(figure: go.Figure, *, key: str, config: dict | None = None) -> str | None:
    """Draw ``figure`` under ``key``, updated in place on later reruns.

    Returns the seat code of a shape or marker the user clicked on this run, else None.
    """
    result = _live_chart(
        key=key,
        data=_payload(figure, chart_config(config)),
        height="content",
        on_clicked_change=lambda: None,
    )
    return getattr(result, "clicked", None)
