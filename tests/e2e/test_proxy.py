"""Two replicas behind Debian's nginx with sticky sessions, as ``deploy/nginx.conf.example`` says.

The test starts two ``targets serve`` processes on free 127.0.0.1 ports and nginx on another,
with the example configuration (only its ports replaced): an ``ip_hash`` upstream of the two
and the websocket upgrade passed on. Chromium opens the map through nginx and changes a
filter; nginx's access log shows the websocket went through it to a replica. Clients from
different loopback networks (127.0.N.1) are spread over both replicas, each always to the
same one.
"""

from __future__ import annotations

import http.client
import os
import re
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import (
    ARTIFACTS,
    IN_CI,
    AppServer,
    StreamlitPage,
    _first_run,
    _free_port,
    _new_context,
    expect,
    start_app_server,
)

from targets import filters
from targets.data import sources

pytestmark = pytest.mark.browser

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
EXAMPLE = sources.PROJECT_ROOT / "deploy" / "nginx.conf.example"
NETWORKS = range(1, 9)  # clients from 127.0.1.1 ... 127.0.8.1


def site_config(listen_port: int, replica_ports: list[int]) -> str:
    """The example configuration with this test's ports, nothing else changed."""
    text = EXAMPLE.read_text(encoding="utf-8")
    assert "ip_hash;" in text and "listen 127.0.0.1:8080;" in text
    text = text.replace("listen 127.0.0.1:8080;", f"listen 127.0.0.1:{listen_port};")
    servers = "".join(f"    server 127.0.0.1:{port};\n" for port in replica_ports)
    return re.sub(r"(    server 127\.0\.0\.1:\d+;\n)+", servers, text, count=1)


def main_config(folder: Path, site: Path) -> str:
    """An nginx.conf keeping every file in ``folder``, logging the upstream of each request."""
    temp = "".join(
        f"  {kind}_temp_path {folder / kind};\n"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return (
        f"daemon off;\nworker_processes 1;\npid {folder / 'nginx.pid'};\n"
        f"error_log {folder / 'error.log'} warn;\nevents {{ worker_connections 256; }}\n"
        "http {\n  log_format upstreams '$remote_addr $upstream_addr $status \"$request\"';\n"
        f"  access_log {folder / 'access.log'} upstreams;\n{temp}  include {site};\n}}\n"
    )


class Proxy(AppServer):
    """nginx in front of the replicas; ``log`` is its access log."""

    def __init__(self, process, url: str, folder: Path, replicas: list[AppServer]):
        super().__init__(process, url, folder / "access.log")
        self.folder = folder
        self.replicas = replicas

    def upstream_of(self, line_filter: str) -> list[tuple[str, str, str]]:
        """(client, upstream, status) of each logged request whose line contains the text."""
        return [
            tuple(line.split()[:3])
            for line in self.log.read_text().splitlines()
            if line_filter in line
        ]


def _start_nginx(replicas: list[AppServer]) -> Proxy:
    folder = ARTIFACTS / "nginx"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    folder.chmod(0o755)  # started as root, nginx's workers run as another user
    port = _free_port()
    ports = [int(replica.url.rsplit(":", 1)[1]) for replica in replicas]
    site = folder / "seat-targets.conf"
    site.write_text(site_config(port, ports), encoding="utf-8")
    config = folder / "nginx.conf"
    config.write_text(main_config(folder, site), encoding="utf-8")
    command = [NGINX, "-p", str(folder), "-c", str(config), "-e", str(folder / "error.log")]
    checked = subprocess.run([*command, "-t"], capture_output=True, text=True)
    assert checked.returncode == 0, f"nginx refuses deploy/nginx.conf.example:\n{checked.stderr}"
    process = subprocess.Popen(command, start_new_session=True)
    proxy = Proxy(process, f"http://127.0.0.1:{port}", folder, replicas)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        assert process.poll() is None, (folder / "error.log").read_text(errors="replace")
        try:
            if _get(proxy.url, "/_stcore/health") == 200:
                return proxy
        except OSError:
            pass
        time.sleep(0.1)  # polling a server that is starting
    pytest.fail(f"nginx did not answer:\n{(folder / 'error.log').read_text(errors='replace')}")


def _get(url: str, path: str, source: str | None = None) -> int:
    host, port = url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(
        host, int(port), timeout=10, source_address=(source, 0) if source else None
    )
    try:
        connection.request("GET", path)
        return connection.getresponse().status
    finally:
        connection.close()


@pytest.fixture(scope="module")
def proxy(data_paths, browser) -> Iterator[Proxy]:
    """Two warmed replicas and nginx in front of them; all stopped at the end."""
    if not os.access(NGINX, os.X_OK):
        message = "Debian's nginx is not installed (apt-get install nginx-light)"
        pytest.fail(message) if IN_CI else pytest.skip(message)
    replicas: list[AppServer] = []
    proxy = None
    try:
        for number in (1, 2):
            replicas.append(start_app_server(ARTIFACTS / f"proxy-replica{number}.log"))
        for replica in replicas:
            _first_run(browser, replica)
        proxy = _start_nginx(replicas)
        yield proxy
    finally:
        for server in [proxy, *replicas]:
            if server is not None:
                server.stop()


@pytest.fixture()
def proxy_app(browser, proxy, request) -> Iterator[StreamlitPage]:
    context = _new_context(browser)
    page = StreamlitPage(context, proxy, request.node.name.removeprefix("test_"))
    yield page
    context.close()
    if page.problems:
        pytest.fail("The browser reported problems:\n" + "\n".join(page.problems))


def test_map_and_a_filter_change_through_nginx(proxy_app, proxy, seat_data):
    seats = seat_data.seats
    london = int(filters.filter_mask(seats, filters.SeatFilters(regions=("London",))).sum())
    proxy_app.open("/")
    proxy_app.wait_for_map(f"state.shapes === {len(seats)}")
    expect(proxy_app.main).to_contain_text(f"{len(seats)} of {len(seats)} seats match")
    proxy_app.choose("f_region", "London", typed="Lond")
    expect(proxy_app.main).to_contain_text(f"{london} of {len(seats)} seats match")
    proxy_app.wait_for_map(f"state.shapes >= {london}")
    proxy_app.shot("london-through-nginx")
    seen = list(proxy_app.problems)
    proxy_app.page.close()  # nginx logs a websocket when it closes
    proxy_app.problems[:] = seen  # what closing the page aborts is no fault of the app
    replicas = {replica.url.removeprefix("http://") for replica in proxy.replicas}
    deadline = time.monotonic() + 30
    while not proxy.upstream_of("/_stcore/stream") and time.monotonic() < deadline:
        time.sleep(0.1)  # nginx writes the line once the connection has closed
    sockets = proxy.upstream_of("/_stcore/stream")
    assert sockets, "no websocket went through nginx"
    assert {status for _, _, status in sockets} == {"101"}
    assert {upstream for _, upstream, _ in sockets} <= replicas


def test_clients_spread_over_both_replicas_and_stay_on_theirs(proxy):
    for _ in range(2):
        for network in NETWORKS:
            assert _get(proxy.url, f"/_stcore/health?n={network}", f"127.0.{network}.1") == 200
    chosen: dict[str, set[str]] = {}
    for client, upstream, status in proxy.upstream_of("/_stcore/health?n="):
        assert status == "200"
        chosen.setdefault(client, set()).add(upstream)
    assert set(chosen) == {f"127.0.{network}.1" for network in NETWORKS}
    assert all(len(upstreams) == 1 for upstreams in chosen.values()), chosen
    used = set().union(*chosen.values())
    assert used == {replica.url.removeprefix("http://") for replica in proxy.replicas}
