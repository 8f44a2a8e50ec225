"""Two replicas of ours behind nginx (``deploy/nginx.conf.example``): 50 sessions across both.

Run by ``bench/run.py`` (``./dev bench``) or alone: ``python bench/replicas.py [--quick]``.
Debian's nginx is started on 127.0.0.1 with the example configuration (its ports replaced),
``ip_hash`` upstream of two ``targets serve`` processes. The sessions (``bench/sessions.py``)
connect to nginx from loopback source addresses 127.0.N.1 so that ``ip_hash``, which hashes
the first three bytes of the client's address, spreads them as it would spread real clients;
nginx's access log says which replica each websocket went to.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import apps  # bench/apps.py, beside this script
import sessions  # bench/sessions.py

TEMPLATE = apps.ROOT / "deploy" / "nginx.conf.example"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def site_config(listen_port: int, replica_ports: list[int]) -> str:
    """The example configuration with this run's ports."""
    text = TEMPLATE.read_text(encoding="utf-8")
    text = text.replace("listen 127.0.0.1:8080;", f"listen 127.0.0.1:{listen_port};")
    servers = "\n".join(f"    server 127.0.0.1:{port};" for port in replica_ports)
    return re.sub(r"(    server 127\.0\.0\.1:\d+;\n)+", servers + "\n", text, count=1)


def main_config(folder: Path, site: Path) -> str:
    """A self-contained nginx.conf around the site file: all files in ``folder``."""
    temp = "\n".join(
        f"  {kind}_temp_path {folder / kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return f"""daemon off;
worker_processes 1;
pid {folder / "nginx.pid"};
error_log {folder / "error.log"} warn;
events {{ worker_connections 1024; }}
http {{
  log_format upstreams '$remote_addr $upstream_addr $status "$request"';
  access_log {folder / "access.log"} upstreams;
{temp}
  include {site};
}}
"""


class Nginx:
    """nginx in the foreground on 127.0.0.1, its files in a temporary folder."""

    def __init__(self, replica_ports: list[int]):
        self.port = apps.free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="bench-nginx-"))
        self.folder.chmod(0o755)  # workers may run as another user when started as root
        site = self.folder / "seat-targets.conf"
        site.write_text(site_config(self.port, replica_ports), encoding="utf-8")
        self.config = self.folder / "nginx.conf"
        self.config.write_text(main_config(self.folder, site), encoding="utf-8")
        command = [
            NGINX,
            "-p",
            str(self.folder),
            "-c",
            str(self.config),
            "-e",
            str(self.folder / "error.log"),
        ]
        check = subprocess.run([*command, "-t"], capture_output=True, text=True)
        if check.returncode:
            raise RuntimeError(f"nginx refuses the configuration:\n{check.stderr}")
        self.process = subprocess.Popen(command, start_new_session=True)
        deadline = time.monotonic() + 30
        while True:  # the pid file comes before nginx listens: wait for a connection
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    break
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"nginx did not start:\n{self.error_log()}") from None
                time.sleep(0.05)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def error_log(self) -> str:
        path = self.folder / "error.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def websocket_upstreams(self) -> dict[str, int]:
        """How many websockets nginx passed to each replica (from its access log)."""
        counts: dict[str, int] = {}
        log = self.folder / "access.log"
        for line in log.read_text().splitlines() if log.exists() else []:
            parts = line.split()
            if len(parts) > 3 and "/_stcore/stream" in line:
                counts[parts[1]] = counts.get(parts[1], 0) + 1
        return counts

    def stop(self, remove: bool = True) -> None:
        """Stop nginx (gracefully: its log lines are written), and remove its folder."""
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGQUIT)  # graceful: log lines flushed
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        if remove:
            shutil.rmtree(self.folder, ignore_errors=True)


def run(quick: bool = False, ours_root: Path = apps.ROOT) -> dict:
    """50 sessions (20 with --quick) across two replicas behind nginx."""
    count, rounds = (20, 2) if quick else (50, 3)
    replicas = [apps.start("ours", ours_root=ours_root) for _ in range(2)]
    for number, replica in enumerate(replicas, 1):
        replica.name = f"replica{number}"
    proxy = None
    try:
        for replica in replicas:
            replica.wait_healthy()
        proxy = Nginx([replica.port for replica in replicas])
        sources = [f"127.0.{n}.1" for n in range(1, count + 1)]
        figures = asyncio.run(
            sessions.concurrent(
                proxy.url, apps.APPS["ours"].filter_key, count, rounds, replicas, sources
            )
        )
        proxy.stop(remove=False)  # the access log is complete once nginx has stopped
        figures["websockets_per_replica"] = {
            port_name(address, replicas): n for address, n in proxy.websocket_upstreams().items()
        }
    finally:
        if proxy is not None:
            proxy.stop()
        for replica in replicas:
            replica.stop()
    figures.pop("sessions_per_upstream", None)
    return figures


def port_name(address: str, replicas: list[apps.Server]) -> str:
    for replica in replicas:
        if address.endswith(f":{replica.port}"):
            return replica.name
    return address


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="20 sessions, fewer rounds")
    parser.add_argument("--ours-commit", help="run ours from this git revision (a snapshot)")
    args = parser.parse_args()
    root = apps.snapshot(args.ours_commit) if args.ours_commit else apps.ROOT
    print(json.dumps(run(quick=args.quick, ours_root=root), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
