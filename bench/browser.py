"""Ours beside the peer and the floor in headless Chromium: bytes, paint times, cold start.

Run by ``bench/run.py`` (``./dev bench``) or alone: ``python bench/browser.py [--quick]``.
Debian's Chromium (1440x900, the e2e flags), driven by Playwright; one fresh browser context
(empty cache) per measurement; the apps are measured in turn, the order rotating each
repeat, and each figure is the median of the repeats. Figures are reported, never asserted.

"Painted" (the peer README's definition): Streamlit idle (``data-test-script-state`` is
"notRunning", no status widget), Plotly's map subplot built, maplibre ``loaded()`` and
``areTilesLoaded()`` and not moving, and the rendered features covering every expected seat
(distinct shapes in the fill layers: 650 on the national map, at least London's 75 after the
filter change, 1 for the floor). After a filter change the chart must also hold new data.

Times are taken in the page: navigation start to the first animation frame at which the map
is painted, and the click (``pointerdown``) or key press on the filter to the frame at which
the updated map is painted. Cold start is the server process's start to the painted map in a
browser opened as soon as the server answers on ``/_stcore/health``.

Bytes: every websocket frame the page receives (Playwright's ``framereceived``, payloads as
delivered, i.e. after decompression) from navigation to painted, and from the filter change
to painted. The wire estimate replays those frames through permessage-deflate with the
server's settings (zlib, 12-bit window, memLevel 5, context kept) when the server
negotiates compression, and adds the frame headers. The map's own message (the Plotly
chart's, or our live chart's) is also counted alone: the rest is the page's other elements,
which Streamlit sends again on every run. HTTP responses are counted apart:
the app's own files (``/app/static/...``, ``/media/...``: geometry by URL) and Streamlit's
front end (scripts, styles, fonts), both as received (``responseBodySize``).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
import zlib
from pathlib import Path
from urllib.parse import urlsplit

import apps  # bench/apps.py, beside this script

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]
VIEWPORT = {"width": 1440, "height": 900}
WAIT_MS = 180_000
ORDER = ["ours", "peer", "floor"]

# Installed in every page before the app's scripts. It notes when the user last pressed
# something (a filter change starts there), since when Streamlit has been idle, and, at each
# maplibre "idle" event (the last frame rendered: no camera move, tiles loaded), how many
# distinct seat shapes the map has rendered and for which chart data. Counting rendered
# features is heavy with detailed geometry, so it happens at idle events (and at most every
# half second otherwise), never on every frame.
WATCH_JS = """
window.__bench = {input: null, idleSince: null, painted: null, lastCount: 0};
window.addEventListener("pointerdown", (e) => { __bench.input = e.timeStamp; }, true);
window.addEventListener("keydown", (e) => { __bench.input = e.timeStamp; }, true);
(() => {
  const chart = () => document.querySelector(".js-plotly-plot");
  const mapOf = (graph) => {
    const layout = graph && graph._fullLayout;
    const subplot = layout && layout.map && layout.map._subplot;
    return subplot && subplot.map;
  };
  const count = () => {
    const graph = chart();
    const map = mapOf(graph);
    if (!map || !map.loaded() || !map.areTilesLoaded() || map.isMoving()) return;
    __bench.lastCount = performance.now();
    const fills = map.queryRenderedFeatures().filter((f) => f.layer.id.endsWith("-fill"));
    const shapes = new Set(fills.map((f) => `${f.source}|${JSON.stringify(f.properties.ct)}`));
    __bench.painted = {at: performance.now(), data: graph.data, shapes: shapes.size};
  };
  const tick = () => {
    const app = document.querySelector('[data-testid="stApp"]');
    const idle = app !== null && app.getAttribute("data-test-script-state") === "notRunning"
      && !document.querySelector('[data-testid="stStatusWidget"]');
    if (!idle) __bench.idleSince = null;
    else if (__bench.idleSince === null) __bench.idleSince = performance.now();
    const graph = chart();
    const map = mapOf(graph);
    if (map && !map.__benchWatched) {
      map.__benchWatched = true;
      map.on("idle", count);
    }
    const stale = !__bench.painted || (graph && __bench.painted.data !== graph.data);
    if (map && stale && performance.now() - __bench.lastCount > 500) count();
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})();
"""
REMEMBER_CHART_JS = """() => {
  const graph = document.querySelector('.js-plotly-plot');
  window.__benchBefore = graph ? graph.data : null;
}"""
# Painted: Streamlit idle, the chart holding new data, and the map's last idle frame for that
# data showing the expected shapes. The time is the later of that frame and Streamlit idle.
PAINTED_JS = """(expected) => {
  const bench = window.__bench;
  const graph = document.querySelector('.js-plotly-plot');
  if (!bench || bench.idleSince === null || !graph || !graph.data) return false;
  if (graph.data === window.__benchBefore) return false;
  const last = bench.painted;
  if (!last || last.data !== graph.data || last.shapes < expected) return false;
  return {at: Math.max(last.at, bench.idleSince), input: bench.input, shapes: last.shapes};
}"""


def wire_estimate(payloads: list[bytes], compressed: bool) -> list[int]:
    """Bytes on the wire for each server frame, replaying permessage-deflate if negotiated."""
    sizes = []
    deflate = zlib.compressobj(wbits=-12, memLevel=5) if compressed else None
    for payload in payloads:
        body = len(payload)
        if deflate is not None:
            chunk = deflate.compress(payload) + deflate.flush(zlib.Z_SYNC_FLUSH)
            body = len(chunk) - 4  # the 00 00 ff ff tail is not sent
        header = 2 if body < 126 else 4 if body < 65536 else 10
        sizes.append(body + header)
    return sizes


class Recorder:
    """Websocket frames and HTTP responses of one page, by phase of the measurement."""

    def __init__(self, context, page):
        self.phase = "start"
        self.frames: list[tuple[str, bytes]] = []
        self.requests: list[tuple[str, object]] = []
        page.on("websocket", self._on_socket)
        context.on("requestfinished", lambda request: self.requests.append((self.phase, request)))

    def _on_socket(self, socket) -> None:
        if urlsplit(socket.url).path.endswith("/_stcore/stream"):
            socket.on("framereceived", self._on_frame)

    def _on_frame(self, payload) -> None:
        data = payload if isinstance(payload, bytes) else payload.encode("utf-8")
        self.frames.append((self.phase, data))

    def bytes_of(self, phase: str, compressed: bool) -> dict[str, int]:
        """Websocket payload and wire bytes and HTTP bytes received in one phase."""
        wire = wire_estimate([data for _, data in self.frames], compressed)
        chosen = [i for i, (name, _) in enumerate(self.frames) if name == phase]
        app_files = frontend = 0
        for name, request in self.requests:
            if name != phase:
                continue
            size = max(request.sizes()["responseBodySize"], 0)
            path = urlsplit(request.url).path
            if path.startswith(("/app/static/", "/media/")):
                app_files += size
            else:
                frontend += size
        maps = [i for i in chosen if is_map_message(self.frames[i][1])]
        return {
            "ws_bytes": sum(len(self.frames[i][1]) for i in chosen),
            "ws_wire_bytes": sum(wire[i] for i in chosen),
            "map_ws_bytes": sum(len(self.frames[i][1]) for i in maps),
            "map_ws_wire_bytes": sum(wire[i] for i in maps),
            "app_file_bytes": app_files,
            "frontend_bytes": frontend,
        }


def is_map_message(data: bytes) -> bool:
    """Whether a websocket frame is the message drawing the map (Plotly chart, or ours)."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    message = ForwardMsg()
    try:
        message.ParseFromString(data)
    except Exception:  # a frame that is not a ForwardMsg is not the map
        return False
    if message.WhichOneof("type") != "delta" or message.delta.WhichOneof("type") != "new_element":
        return False
    element = message.delta.new_element
    kind = element.WhichOneof("type")
    if kind == "plotly_chart":
        return True
    return kind == "bidi_component" and element.bidi_component.component_name.endswith("live_chart")


def launch(playwright):
    """Debian's Chromium, headless, with the e2e flags."""
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)


def new_page(browser):
    context = browser.new_context(viewport=VIEWPORT)
    context.set_default_timeout(WAIT_MS)
    context.add_init_script(WATCH_JS)
    page = context.new_page()
    return context, page


def wait_painted(page, expected: int, server: apps.Server) -> dict:
    """Wait for the painted map (see the module docstring); fail early if the server died."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    deadline = time.monotonic() + WAIT_MS / 1000
    while True:
        try:
            return page.wait_for_function(
                PAINTED_JS, arg=expected, polling=50, timeout=10_000
            ).json_value()
        except PlaywrightTimeout:
            if server.process.poll() is not None:
                raise RuntimeError(f"{server.name} stopped:\n{server.log_tail()}") from None
            if time.monotonic() > deadline:
                raise


def measure_views(browser, server: apps.Server, compressed: bool) -> dict:
    """One fresh visit: national map, add London, remove it again; times and bytes."""
    spec = apps.APPS[server.name]
    context, page = new_page(browser)
    try:
        recorder = Recorder(context, page)
        recorder.phase = "national"
        page.goto(server.url, timeout=WAIT_MS)
        national = wait_painted(page, spec.national_shapes, server)
        recorder.phase = "idle"
        box = page.locator(f".st-key-{spec.filter_key} input")
        box.click()
        page.evaluate(REMEMBER_CHART_JS)
        recorder.phase = "london"
        page.get_by_role("option", name="London", exact=True).click()
        london = wait_painted(page, spec.london_shapes, server)
        recorder.phase = "idle"
        page.keyboard.press("Escape")
        box.focus()
        page.evaluate(REMEMBER_CHART_JS)
        recorder.phase = "back"
        page.keyboard.press("Backspace")  # removes London: the national map again
        back = wait_painted(page, spec.national_shapes, server)
        recorder.phase = "idle"
        national_bytes = recorder.bytes_of("national", compressed)
        london_bytes = recorder.bytes_of("london", compressed)
        back_bytes = recorder.bytes_of("back", compressed)
    finally:
        context.close()
    figures = {
        "navigation_painted_ms": national["at"],
        "filter_london_ms": london["at"] - london["input"],
        "filter_national_ms": back["at"] - back["input"],
    }
    for prefix, counted in (
        ("national", national_bytes),
        ("london", london_bytes),
        ("filter_national", back_bytes),
    ):
        for key, value in counted.items():
            if prefix != "national" and key == "frontend_bytes":
                continue
            figures[f"{prefix}_{key}"] = value
    return figures


def measure_cold_start(browser, name: str, ours_root: Path, keep: bool = False):
    """Process start to the first painted map, in a browser opened once the server answers.

    With ``keep`` the server is left running and returned with the figures.
    """
    server = apps.start(name, ours_root=ours_root)
    try:
        healthy = server.wait_healthy()
        context, page = new_page(browser)
        try:
            page.goto(server.url, timeout=WAIT_MS)
            wait_painted(page, apps.APPS[name].national_shapes, server)
            painted = time.monotonic() - server.started
        finally:
            context.close()
    except BaseException:
        server.stop()
        raise
    figures = {"cold_health_ms": healthy * 1000, "cold_start_ms": painted * 1000}
    if keep:
        return figures, server
    server.stop()
    return figures


def negotiates_compression(server: apps.Server) -> bool:
    """Whether the server accepts permessage-deflate (as Chromium always offers it)."""
    from websockets.sync.client import connect

    url = server.url.replace("http://", "ws://") + "/_stcore/stream"
    with connect(url, subprotocols=["streamlit"], origin=server.url) as socket:
        return "permessage-deflate" in (
            socket.response.headers.get("Sec-WebSocket-Extensions") or ""
        )


def _collect(samples: dict, name: str, figures: dict) -> None:
    shown = {k: round(v) for k, v in figures.items() if k.endswith("_ms")}
    print(f"  {name}: {shown}", file=sys.stderr, flush=True)
    for key, value in figures.items():
        samples.setdefault(name, {}).setdefault(key, []).append(value)


def summarise(samples: dict) -> dict:
    """Medians per app and the ratios ours/peer, ours/floor and peer/floor."""
    medians = {
        name: {key: statistics.median(values) for key, values in figures.items()}
        for name, figures in samples.items()
    }
    ratios = {}
    for key in medians.get("ours", {}):
        ours, peer, floor = (medians.get(name, {}).get(key) for name in ORDER)
        ratios[key] = {
            "ours/peer": round(ours / peer, 3) if peer else None,
            "ours/floor": round(ours / floor, 3) if floor else None,
            "peer/floor": round(peer / floor, 3) if peer and floor else None,
        }
    return {"medians": medians, "ratios": ratios, "samples": samples}


def _rotated(repeat: int) -> list[str]:
    return ORDER[repeat % 3 :] + ORDER[: repeat % 3]


def run(quick: bool = False, ours_root: Path = apps.ROOT) -> dict:
    """Cold starts, then visits to the three running apps, interleaved; medians and ratios.

    The last cold start of each app is the server then visited (its first visit is a cold
    start's, so not counted again); ``quick``: one cold start and one visit each.
    """
    from playwright.sync_api import sync_playwright

    cold_repeats, visit_repeats = (1, 1) if quick else (3, 5)
    samples: dict[str, dict[str, list[float]]] = {}
    servers: dict[str, apps.Server] = {}
    compressed: dict[str, bool] = {}
    with sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            if not (ours_root / "static" / "maps").is_dir():  # prepared on a first start
                measure_cold_start(browser, "ours", ours_root)
            for repeat in range(cold_repeats - 1):
                for name in _rotated(repeat):
                    _collect(samples, name, measure_cold_start(browser, name, ours_root))
            for name in _rotated(cold_repeats - 1):
                figures, servers[name] = measure_cold_start(browser, name, ours_root, keep=True)
                _collect(samples, name, figures)
                compressed[name] = negotiates_compression(servers[name])
            for repeat in range(visit_repeats):
                for name in _rotated(repeat):
                    _collect(samples, name, measure_views(browser, servers[name], compressed[name]))
        finally:
            for server in servers.values():
                server.stop()
            browser.close()
    result = summarise(samples)
    result["websocket_compression"] = compressed
    result["repeats"] = {"cold_start": cold_repeats, "visits": visit_repeats}
    return result


LABELS = {
    "national_ws_bytes": "national map: websocket bytes",
    "national_ws_wire_bytes": "national map: websocket wire bytes (est.)",
    "national_app_file_bytes": "national map: app's static files",
    "national_map_ws_bytes": "national map: the map's own message",
    "national_map_ws_wire_bytes": "national map: the map's message, wire (est.)",
    "national_frontend_bytes": "first load: Streamlit front end",
    "london_ws_bytes": "add London: websocket bytes",
    "london_ws_wire_bytes": "add London: websocket wire bytes (est.)",
    "london_app_file_bytes": "add London: app's static files",
    "london_map_ws_bytes": "add London: the map's own message",
    "london_map_ws_wire_bytes": "add London: the map's message, wire (est.)",
    "filter_national_ws_bytes": "back to national: websocket bytes",
    "filter_national_ws_wire_bytes": "back to national: wire bytes (est.)",
    "filter_national_app_file_bytes": "back to national: app's static files",
    "navigation_painted_ms": "navigation -> national map painted",
    "filter_london_ms": "add London -> map updated",
    "filter_national_ms": "remove London -> map updated",
    "cold_start_ms": "cold start -> first map painted",
    "cold_health_ms": "cold start -> server answers",
}


def _show(key: str, value: float | None) -> str:
    if value is None:
        return "-"
    if key.endswith("_ms"):
        return f"{value / 1000:.2f} s"
    return f"{value / 1024:.1f} KB"


def print_table(result: dict) -> None:
    """Medians and ratios, one line per figure."""
    medians, ratios = result["medians"], result["ratios"]
    print(
        f"{'figure (medians)':44} {'ours':>10} {'peer':>10} {'floor':>10} "
        f"{'ours/peer':>9} {'ours/floor':>10} {'peer/floor':>10}"
    )
    for key, label in LABELS.items():
        if key not in ratios:
            continue
        values = [_show(key, medians.get(name, {}).get(key)) for name in ORDER]
        ratio = [ratios[key][k] for k in ("ours/peer", "ours/floor", "peer/floor")]
        shown = ["-" if r is None else f"{r:.2f}" for r in ratio]
        print(
            f"{label:44} {values[0]:>10} {values[1]:>10} {values[2]:>10} "
            f"{shown[0]:>9} {shown[1]:>10} {shown[2]:>10}"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats")
    parser.add_argument("--ours-commit", help="run ours from this git revision (a snapshot)")
    args = parser.parse_args()
    root = apps.snapshot(args.ours_commit) if args.ours_commit else apps.ROOT
    result = run(quick=args.quick, ours_root=root)
    print_table(result)
    print(json.dumps(result["ratios"], indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
