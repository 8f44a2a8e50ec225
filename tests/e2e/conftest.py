"""Real-browser harness: the real app (``targets serve``) driven by Debian's Chromium.

One app server for the whole session, one fresh browser context per test. Every test
fails when the browser reports a console error, an uncaught page error, a Python
exception box, or a request to any host other than 127.0.0.1/localhost (the app must
work with no internet). Screenshots go to ``tests/artifacts/e2e/`` (git-ignored).

Waiting is event-driven, never a sleep. A rerun has finished when the app's websocket
brings a ``script_finished`` message (read with Streamlit's own protobuf classes) and the
app root's ``data-test-script-state`` says "notRunning" again. The DOM attribute alone is
not enough: when a rerun is quick, React renders "running" and "notRunning" in one commit,
so "running" never appears (seen on a map click), and a wait for it would hang.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect, sync_playwright
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from targets.data import sources

CHROMIUM = Path(os.environ.get("TARGETS_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts" / "e2e"
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
LOCAL_SCHEMES = {"data", "blob", "about", "chrome-error"}
# Streamlit probes "<page>/_stcore/health" and "<page>/_stcore/host-config" before the root
# ones when a page is opened by its own URL; the 404s are logged as console errors
# (streamlit/streamlit#7074, open). Only those exact probes are forgiven.
BASE_PATH_PROBE = re.compile(r"^/[^/]+/_stcore/(health|host-config)$")
VIEWPORT = {"width": 1400, "height": 1000}
START_TIMEOUT_S = 120  # the server's first answer on /_stcore/health
FIRST_RUN_TIMEOUT_MS = 180_000  # first run loads the data and prepares the maps
STEP_TIMEOUT_MS = 60_000  # any one wait; generous because the machine is shared
STREAM_PATH = "/_stcore/stream"  # the app's websocket
RERUN_CUT_SHORT = ForwardMsg.ScriptFinishedStatus.Value("FINISHED_EARLY_FOR_RERUN")
# plotly.js's map subplot asks a map it has just torn down for its view (``getView`` on a
# null map) when a new figure replaces one still settling, e.g. the colour changed the
# moment the Map page opened. The new map draws correctly (the tests go on to check it);
# only this exact message is let through, and it is kept on ``known_races``.
PLOTLY_MAP_TEARDOWN_RACE = frozenset({"Cannot read properties of null (reading 'getCenter')"})

# The seat map's state once maplibre has drawn it, else null. Shapes are told apart by
# their layer's source (one per trace) and their centroid: multipart seats count once.
MAP_STATE_JS = """() => {
  const graph = document.querySelector('.js-plotly-plot');
  const layout = graph && graph._fullLayout;
  const subplot = layout && layout.map && layout.map._subplot;
  if (!subplot || !subplot.map.loaded() || !subplot.map.areTilesLoaded()) return null;
  const map = subplot.map;
  const fills = map.queryRenderedFeatures().filter((f) => f.layer.id.endsWith("-fill"));
  const shapes = new Set(fills.map((f) => `${f.source}|${JSON.stringify(f.properties.ct)}`));
  return {
    traces: graph.data.length,
    locations: graph.data.flatMap((trace) => Array.from(trace.locations || [])),
    center: map.getCenter(),
    zoom: map.getZoom(),
    legend: Array.from(graph.querySelectorAll("g.legend g.traces"), (e) => e.textContent),
    shapes: shapes.size,
  };
}"""
APP_IDLE_JS = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  return app !== null
    && app.getAttribute("data-test-connection-state") === "CONNECTED"
    && app.getAttribute("data-test-script-state") === "notRunning";
}"""


expect.set_options(timeout=STEP_TIMEOUT_MS)


def _unavailable(message: str) -> None:
    """Skip locally; fail when CI=true (the browser suite must run in CI)."""
    if IN_CI:
        pytest.fail(message)
    pytest.skip(message)


def is_local(url: str) -> bool:
    """Whether a request stays on this machine."""
    parts = urlsplit(url)
    return parts.scheme in LOCAL_SCHEMES or parts.hostname in LOCAL_HOSTS


def _is_base_path_probe(message) -> bool:
    """Whether a console error is Streamlit's known 404 probe for a page's base path."""
    url = urlsplit(message.location.get("url", ""))
    return (
        "status of 404" in message.text
        and url.hostname in LOCAL_HOSTS
        and BASE_PATH_PROBE.match(url.path) is not None
    )


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# ---------------------------------------------------------------- browser


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless, launched once; never a downloaded browser."""
    if not CHROMIUM.is_file():
        _unavailable(f"Debian's chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


# ---------------------------------------------------------------- the app


class AppServer:
    """A running ``targets serve`` on a free local port."""

    def __init__(self, process: subprocess.Popen, url: str, log: Path):
        self.process = process
        self.url = url
        self.log = log

    def log_tail(self, lines: int = 40) -> str:
        """The end of the server's output, for failure messages."""
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        return "\n".join(text.splitlines()[-lines:])

    def stop(self) -> None:
        """Stop the server and the Streamlit process it started (its own process group)."""
        if self.process.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=15)


def _wait_for_health(server: AppServer) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            pytest.fail(f"targets serve exited ({server.process.returncode}):\n{server.log_tail()}")
        try:
            with urllib.request.urlopen(f"{server.url}/_stcore/health", timeout=2) as answer:
                if answer.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.25)  # polling a server that is starting, not waiting on the page
    pytest.fail(f"no answer on /_stcore/health after {START_TIMEOUT_S}s:\n{server.log_tail()}")


def start_app_server(log: Path, extra_env: dict[str, str] | None = None) -> AppServer:
    """Start ``targets serve`` on a free 127.0.0.1 port and wait for ``/_stcore/health``.

    Streamlit's options go in ``STREAMLIT_*`` environment variables, because
    ``targets serve --server.port N`` is refused by argparse (a REMAINDER argument cannot
    start with an option) and ``targets serve -- --server.port N`` hands them to the script.
    ``extra_env`` adds to the environment (e.g. ``TARGETS_DATABASE_URL``). Stop it with
    :meth:`AppServer.stop`.
    """
    port = _free_port()
    env = {
        **os.environ,
        sources.MIRROR_ENV: str(sources.mirror_dir() or os.environ.get(sources.MIRROR_ENV, "")),
        "STREAMLIT_SERVER_HEADLESS": "true",
        "STREAMLIT_SERVER_PORT": str(port),
        "STREAMLIT_SERVER_ADDRESS": "127.0.0.1",
        "STREAMLIT_SERVER_FILE_WATCHER_TYPE": "none",
        "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
        **(extra_env or {}),
    }
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "targets.cli.main", "serve"],
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # so stop() reaches the streamlit child too
        )
    server = AppServer(process, f"http://127.0.0.1:{port}", log)
    try:
        _wait_for_health(server)
    except BaseException:
        server.stop()
        raise
    return server


@pytest.fixture(scope="session")
def app_server(data_paths, browser) -> Iterator[AppServer]:
    """``targets serve`` on 127.0.0.1 with the data mirror; up and warmed, then stopped."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for old in ARTIFACTS.glob("*.png"):  # the folder shows the latest run only
        old.unlink()
    server = start_app_server(ARTIFACTS / "server.log")
    try:
        _first_run(browser, server)
        yield server
    finally:
        server.stop()


def _first_run(browser, server: AppServer) -> None:
    """Open the app once so the data and maps are loaded before the first test times it."""
    context = browser.new_context(viewport=VIEWPORT)
    try:
        page = context.new_page()
        page.goto(server.url, timeout=FIRST_RUN_TIMEOUT_MS)
        page.wait_for_function(APP_IDLE_JS, timeout=FIRST_RUN_TIMEOUT_MS)
        page.locator('[data-testid="stHeading"]').first.wait_for(timeout=FIRST_RUN_TIMEOUT_MS)
        if page.locator('[data-testid="stException"], [data-testid="stAlertContentError"]').count():
            pytest.fail(f"the app's first run failed:\n{page.inner_text('body')[:2000]}")
    finally:
        context.close()


# ---------------------------------------------------------------- one page per test


class StreamlitPage:
    """A Playwright page on the app, with Streamlit-aware waits and the browser's complaints."""

    def __init__(self, context, server: AppServer, test_name: str):
        self.context = context
        self.server = server
        self.test_name = test_name
        self.problems: list[str] = []
        self.known_races: list[str] = []  # plotly.js errors known to be harmless (noted, kept)
        self.extra_contexts: list = []  # from fresh(), closed with this one
        self.runs_finished = 0  # script runs this page has seen finish (not cut short)
        self.messages: list[ForwardMsg] = []  # every message from the server, in order
        self._socket = None
        self.page = context.new_page()
        self.page.on("websocket", self._on_socket)
        self._watch(context)

    def _on_socket(self, socket) -> None:
        if urlsplit(socket.url).path.endswith(STREAM_PATH):
            self._socket = socket
            socket.on("framereceived", self._on_frame)

    def _on_frame(self, payload: bytes | str) -> None:
        if isinstance(payload, str):
            return
        message = ForwardMsg.FromString(payload)
        self.messages.append(message)
        kind = message.WhichOneof("type")
        if kind == "script_finished" and message.script_finished != RERUN_CUT_SHORT:
            self.runs_finished += 1

    def _watch(self, context) -> None:
        def console(message) -> None:
            if message.type == "error" and not _is_base_path_probe(message):
                self.problems.append(f"console error: {message.text} at {message.location}")

        def request(request) -> None:
            if not is_local(request.url):
                self.problems.append(f"request off this machine: {request.method} {request.url}")

        def page_error(error) -> None:
            if str(error.error) in PLOTLY_MAP_TEARDOWN_RACE:
                self.known_races.append(str(error.error))
            else:
                self.problems.append(f"page error: {error.error}")

        context.on("console", console)
        context.on("weberror", page_error)
        context.on("request", request)

    # ------------------------------------------------ navigation and waits

    def open(self, path: str = "/") -> StreamlitPage:
        """Open a path of the app (e.g. "/seats?winner=Lab") and wait for its first run."""
        before = self.runs_finished
        self.page.goto(self.server.url + path)
        self.wait_for_run(before)
        return self

    def wait_for_run(self, before: int) -> None:
        """Wait until a run after the ``before``-th has finished and the app is idle."""
        self.page.wait_for_function(APP_IDLE_JS)  # connected: the websocket exists
        while self.runs_finished <= before:
            if self._socket is None:
                pytest.fail("the app has no websocket to the server")
            try:
                self._socket.wait_for_event("framereceived", timeout=STEP_TIMEOUT_MS)
            except PlaywrightError as error:  # a timeout, or the socket closed
                pytest.fail(f"no script run finished: {error}")
        self.wait_until_idle()

    def wait_until_idle(self) -> None:
        """Wait until the app is connected and no script is running; fail on an exception."""
        self.page.wait_for_function(APP_IDLE_JS)
        self.check_no_exception()

    def rerun(self, action: Callable[[], object]) -> None:
        """Do ``action`` (which must cause a rerun) and wait until that rerun has finished."""
        before = self.runs_finished
        action()
        self.wait_for_run(before)

    def check_no_exception(self) -> None:
        """Fail with the text of any Python exception the app shows."""
        boxes = self.page.locator('[data-testid="stException"]')
        if boxes.count():
            pytest.fail(f"the app shows an exception:\n{boxes.first.inner_text()[:3000]}")

    def query(self) -> dict[str, list[str]]:
        """The current URL's query parameters."""
        return parse_qs(urlsplit(self.page.url).query)

    def path(self) -> str:
        """The current URL's path."""
        return urlsplit(self.page.url).path

    # ------------------------------------------------ widgets by key

    def widget(self, key: str):
        """The element container of the widget with this key (Streamlit's st-key-<key> class)."""
        return self.page.locator(f".st-key-{key}")

    def choose(self, key: str, option: str, typed: str | None = None) -> None:
        """Pick ``option`` (as shown) in a multiselect or selectbox, typing to narrow the list."""
        box = self.widget(key).locator("input")
        box.click()
        if typed:
            box.press_sequentially(typed)
        self.rerun(lambda: self.page.get_by_role("option", name=option, exact=True).click())
        self.page.keyboard.press("Escape")

    def move_slider(self, key: str, thumb: int, value: float, step: float) -> None:
        """Move a slider's thumb (0 the start, 1 the end of a range) to ``value`` by keyboard.

        Presses as a person does, then reads the thumb and presses again until it shows
        ``value`` once the app is idle: a press made while a rerun redraws the slider can
        be lost in the browser (Streamlit's own race), and a person would simply press again.
        """
        handle = self.widget(key).get_by_role("slider").nth(thumb)
        handle.press("Home")  # the lowest it can go (for an end thumb, the start thumb)
        for _ in range(6):
            self.wait_until_idle()
            now = float(handle.input_value())
            presses = round((value - now) / step)
            if presses == 0:
                return
            handle.focus()
            for _ in range(abs(presses)):
                handle.press("ArrowRight" if presses > 0 else "ArrowLeft")
        pytest.fail(f"the slider {key!r} would not move to {value}")

    def click_button(self, key: str) -> None:
        """Click the button (or segmented control) with this key and wait for the rerun."""
        self.rerun(lambda: self.widget(key).locator("button").first.click())

    @property
    def main(self):
        """The page's main area (everything but the sidebar)."""
        return self.page.locator('[data-testid="stMain"]')

    @property
    def sidebar(self):
        """The sidebar: navigation and the shared filters."""
        return self.page.locator('[data-testid="stSidebar"]')

    def grid_column(self, frame, header: str):
        """The cells of one column of a dataframe (a locator), from its accessible table.

        The grid draws on a canvas; its hidden accessible table holds the rendered cells
        (the visible rows and columns), enough for short tables and the top of long ones.
        Use with ``expect(...)``, which waits for the grid to catch up with a rerun.
        """
        frame.scroll_into_view_if_needed()  # the grid renders what is in view
        table = frame.locator('table[role="grid"]')
        headers = table.locator("thead th")
        expect(headers.filter(has_text=header)).to_have_count(1)
        position = headers.all_text_contents().index(header) + 1
        return table.locator(f'tbody td[aria-colindex="{position}"]')

    def download(self, key: str) -> tuple[str, bytes]:
        """Click a download button; the file's suggested name and its bytes."""
        with self.page.expect_download() as started:
            self.widget(key).get_by_role("button").click()
        download = started.value
        return download.suggested_filename, download.path().read_bytes()

    # ------------------------------------------------ maps

    def wait_for_map(self, predicate: str = "true") -> dict:
        """Wait for the seat map to have drawn; ``predicate`` is JS over ``state``.

        ``state`` has: traces, locations (codes drawn), center {lon, lat}, zoom, legend
        (legend entry texts) and shapes (distinct seat shapes rendered by the map).
        """
        script = (
            f"() => {{ const state = ({MAP_STATE_JS})(); return state && ({predicate}) && state; }}"
        )
        return self.page.wait_for_function(script).json_value()

    def map_point(self, lon: float, lat: float) -> tuple[float, float]:
        """Page coordinates of a longitude/latitude on the seat map."""
        x, y = self.page.evaluate(
            """([lon, lat]) => {
              const graph = document.querySelector('.js-plotly-plot');
              const map = graph._fullLayout.map._subplot.map;
              const point = map.project([lon, lat]);
              const box = map.getCanvas().getBoundingClientRect();
              return [box.left + point.x, box.top + point.y];
            }""",
            [lon, lat],
        )
        return x, y

    # ------------------------------------------------ artefacts

    def shot(self, name: str) -> Path:
        """Save a screenshot for people to look at: tests/artifacts/e2e/<test>-<name>.png."""
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"{self.test_name}-{name}.png"
        self.page.screenshot(path=path)
        return path

    def fresh(self) -> StreamlitPage:
        """Another page in a new, empty browser context (no cookies, no session)."""
        context = _new_context(self.context.browser)
        other = StreamlitPage(context, self.server, self.test_name)
        other.problems = self.problems  # one list: complaints from either fail the test
        self.extra_contexts.append(context)
        return other


def _new_context(browser):
    context = browser.new_context(viewport=VIEWPORT, accept_downloads=True)
    context.set_default_timeout(STEP_TIMEOUT_MS)
    return context


@pytest.fixture()
def app(browser, app_server, request) -> Iterator[StreamlitPage]:
    """A fresh browser context on the running app; fails on any complaint from the browser."""
    context = _new_context(browser)
    page = StreamlitPage(context, app_server, request.node.name.removeprefix("test_"))
    yield page
    for other in page.extra_contexts:
        other.close()
    context.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """Fail a browser test on console errors, page errors or requests off this machine."""
    watched = item.funcargs.get("app")
    try:
        result = yield
    except BaseException as error:
        if isinstance(watched, StreamlitPage) and watched.problems:
            error.add_note("The browser also reported:\n" + "\n".join(watched.problems))
        raise
    if isinstance(watched, StreamlitPage) and watched.problems:
        pytest.fail("The browser reported problems:\n" + "\n".join(watched.problems))
    return result
