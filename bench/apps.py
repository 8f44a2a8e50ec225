"""The apps the bench compares, started as real servers on 127.0.0.1: ours, the peer, the floor.

* ``ours``: ``targets serve`` from the project root (its ``.streamlit/config.toml`` applies).
* ``peer``: ``../shared/peer/naive_app.py`` with ``PEER_BOUNDARIES=buc`` (the 500 m layer, one
  ``go.Choroplethmap`` trace), from the project's virtualenv, in an empty folder so Streamlit's
  defaults apply as they would for its author.
* ``floor``: ``bench/floor_app.py``, a one-polygon map: what the stack costs on its own.

Every server has the file watcher off and usage statistics off. Its CPU time and memory are
read from ``/proc`` (the process is the server itself: ``targets serve`` hands over to
Streamlit with ``os.execv``).
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PEER_APP = Path(
    os.environ.get("TARGETS_PEER_APP", ROOT.parent / "shared" / "peer" / "naive_app.py")
)
FLOOR_APP = ROOT / "bench" / "floor_app.py"
LOGS = Path(tempfile.gettempdir()) / "targets-bench"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class AppSpec:
    """How to start one app and what its map shows."""

    name: str
    filter_key: str  # the region multiselect's widget key
    national_shapes: int  # seat shapes painted on the national map
    london_shapes: int  # seat shapes painted at least, once London is the filter


APPS = {
    "ours": AppSpec("ours", "f_region", 650, 75),
    "peer": AppSpec("peer", "region", 650, 75),
    "floor": AppSpec("floor", "region", 1, 1),
}


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def streamlit_env(port: int) -> dict[str, str]:
    """The environment every server starts with: local, headless, no watcher, no statistics."""
    env = {
        **os.environ,
        "STREAMLIT_SERVER_HEADLESS": "true",
        "STREAMLIT_SERVER_PORT": str(port),
        "STREAMLIT_SERVER_ADDRESS": "127.0.0.1",
        "STREAMLIT_SERVER_FILE_WATCHER_TYPE": "none",
        "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
    }
    env.setdefault("TARGETS_DATA_MIRROR", str(ROOT.parent / "shared" / "data"))
    return env


@dataclass
class Server:
    """A running app server."""

    name: str
    process: subprocess.Popen
    port: int
    started: float  # time.monotonic() just before the process was started
    log: Path
    workdir: Path | None = None
    extra: dict = field(default_factory=dict)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def cpu_seconds(self) -> float:
        """User + system CPU time the server process has used so far."""
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS

    def rss_bytes(self) -> int:
        """The server's resident memory now."""
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
        return 0

    def log_tail(self, lines: int = 30) -> str:
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        return "\n".join(text.splitlines()[-lines:])

    def wait_healthy(self, timeout: float = 180) -> float:
        """Wait for ``/_stcore/health``; seconds since the process started."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited:\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as answer:
                    if answer.status == 200:
                        return time.monotonic() - self.started
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.05)  # polling a server that is starting
        raise RuntimeError(f"{self.name}: no health answer in {timeout}s:\n{self.log_tail()}")

    def stop(self) -> None:
        """Stop the server (its own process group) and remove its working folder."""
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=15)
        if self.workdir is not None:
            for path in sorted(self.workdir.rglob("*"), reverse=True):
                path.unlink() if path.is_file() else path.rmdir()
            self.workdir.rmdir()


def snapshot(revision: str) -> Path:
    """The project at a git revision, unpacked in a temporary folder (the checkout untouched).

    The bench runs ours from a snapshot so that other people's edits in progress in the
    working tree neither break nor change a run.
    """
    folder = Path(tempfile.mkdtemp(prefix="bench-ours-"))
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", revision], check=True, capture_output=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    return folder


def start(
    name: str,
    port: int | None = None,
    data_dir: Path | None = None,
    ours_root: Path = ROOT,
) -> Server:
    """Start one app ("ours", "peer" or "floor") on 127.0.0.1; returns at once.

    ``ours_root`` is the project folder ours runs from (a snapshot, or this checkout).
    """
    port = port or free_port()
    env = streamlit_env(port)
    env["TARGETS_DATA_DIR"] = str(data_dir or ROOT / "data")
    workdir = None
    if name == "ours":
        # the same command as `targets serve`, importing the package from ours_root
        command = [sys.executable, "-m", "targets.cli.main", "serve"]
        cwd = ours_root
        env["PYTHONPATH"] = str(ours_root / "src")
    else:
        workdir = Path(tempfile.mkdtemp(prefix=f"bench-{name}-"))
        cwd = workdir
        script = PEER_APP if name == "peer" else FLOOR_APP
        command = [sys.executable, "-m", "streamlit", "run", str(script)]
        if name == "peer":
            env["PEER_DATA"] = str(data_dir or ROOT / "data")
            env["PEER_BOUNDARIES"] = "buc"
            env["PEER_PLOT"] = "go"
    LOGS.mkdir(parents=True, exist_ok=True)
    log = LOGS / f"{name}-{port}.log"
    started = time.monotonic()
    with log.open("wb") as output:
        process = subprocess.Popen(
            command,
            cwd=cwd,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    return Server(name, process, port, started, log, workdir)
