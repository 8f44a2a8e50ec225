"""On a touch screen, one finger scrolls the page over a map; two fingers pinch to zoom.

Plotly has no touch setting of its own for map subplots (``dragmode=False`` still pans a
map, and ``scrollZoom`` is about the mouse wheel), and the server cannot tell a phone from a
desktop. A CSS rule tells the browser that a vertical swipe over the map scrolls the page
(``touch-action: pan-y pinch-zoom``), but maplibre's own one-finger pan handler would still
take the swipe (measured: a swipe moved the map 4° south and the page not at all). So, on
coarse pointers only, a small fixed script turns maplibre's drag-pan off on every map the
page holds, again after each redraw (plotly.js turns it back on when it updates a figure).
Two-finger pinch and rotate stay on; desktops keep drag to pan and wheel zoom. The rule and
the script are fixed text: no data goes into them.
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

ONE_FINGER_SCROLLS_JS = """<script>
(() => {
  if (window.__seatTargetsTouch || !window.matchMedia("(pointer: coarse)").matches) return;
  window.__seatTargetsTouch = true;
  const panOff = () => {
    for (const graph of document.querySelectorAll(".stPlotlyChart .js-plotly-plot")) {
      const layout = graph._fullLayout;
      const map = layout && layout.map && layout.map._subplot && layout.map._subplot.map;
      if (map && map.dragPan.isEnabled()) map.dragPan.disable();
    }
  };
  new MutationObserver(panOff).observe(document.body, {childList: true, subtree: true});
  setInterval(panOff, 250);
})();
</script>"""


def one_finger_scrolls_the_page() -> None:
    """Add the touch rule and script to the page (they take no space)."""
    st.html(TOUCH_CSS + ONE_FINGER_SCROLLS_JS, unsafe_allow_javascript=True)
