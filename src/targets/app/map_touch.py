"""On a touch screen, one finger scrolls the page over a map; two fingers pinch to zoom.

Plotly has no touch setting of its own for map subplots (``dragmode=False`` still pans a
map, and ``scrollZoom`` is about the mouse wheel), and the server cannot tell a phone from a
desktop. A CSS rule for coarse pointers only lets the browser scroll the page on a
vertical swipe over the map (``touch-action: pan-y pinch-zoom``); desktops keep drag to pan
and wheel zoom. The rule is fixed text, no data.
"""

from __future__ import annotations

import streamlit as st

TOUCH_CSS = """<style>
@media (pointer: coarse) {
  .stPlotlyChart .maplibregl-canvas-container,
  .stPlotlyChart .maplibregl-canvas-container .maplibregl-canvas {
    touch-action: pan-y pinch-zoom !important;
  }
}
</style>"""


def one_finger_scrolls_the_page() -> None:
    """Add the touch rule to the page (it takes no space)."""
    st.html(TOUCH_CSS)
