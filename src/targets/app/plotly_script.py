"""plotly.js for the live maps: copied from the plotly package, loaded early by the page.

plotly.js comes from the installed ``plotly`` package (the same major version Streamlit
bundles), copied once into ``static/vendor/`` under its version's name and served by
Streamlit's static serving, so the browser caches it and nothing comes from a CDN.

On a page with a live map, a session's first run starts loading it from its first element,
while the server is still importing and loading the data: measured on the Map page, the
chart itself asked for plotly.js 1.3–2.5 s after the script had finished, and then spent
about 2 s evaluating it. This module imports neither plotly nor pandas, so it costs
nothing before that first element.
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import streamlit as st

from targets.data import files
from targets.data.sources import PROJECT_ROOT

VENDOR_FOLDER = PROJECT_ROOT / "static" / "vendor"
VENDOR_URL = "app/static/vendor"  # relative, so it works under any server.baseUrlPath

# Fixed text but for the script's own address (ours, never data): starts loading plotly.js
# once per page load and leaves the promise where the live chart looks for it.
START_LOADING_JS = """<script>
(() => {
  if (window.Plotly || window.__seatTargetsPlotly) return;
  window.__seatTargetsPlotly = new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = SOURCE;
    script.onload = () => resolve(window.Plotly);
    script.onerror = () => {
      window.__seatTargetsPlotly = null;
      reject(new Error("plotly.js did not load"));
    };
    document.head.appendChild(script);
  });
})();
</script>"""


def _package_copy() -> Path:
    spec = importlib.util.find_spec("plotly")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the plotly package is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "package_data" / "plotly.min.js"


def plotly_script_url(folder: Path = VENDOR_FOLDER) -> str:
    """plotly.js's address, copied once from the plotly package into ``static/vendor/``."""
    source = _package_copy()
    with source.open("rb") as handle:
        header = handle.read(200).decode("ascii", "replace")
    found = re.search(r"plotly\.js v([0-9][0-9A-Za-z.\-]*)", header)
    name = f"plotly-{found.group(1) if found else 'unknown'}.min.js"
    target = Path(folder) / name
    if not target.exists():
        files.copy_atomically(source, target)
    return f"{VENDOR_URL}/{name}"


def start_loading_plotly() -> None:
    """Start the browser loading plotly.js now (an invisible element; once per page load)."""
    source = plotly_script_url()
    if not re.fullmatch(r"[A-Za-z0-9/._\-]+", source):  # our own address, checked anyway
        return
    st.html(START_LOADING_JS.replace("SOURCE", f'"{source}"'), unsafe_allow_javascript=True)
