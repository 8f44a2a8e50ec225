"""Many people at once: websocket clients speaking Streamlit's protocol, each changing filters.

Run by ``bench/run.py`` (``./dev bench``) or alone: ``python bench/sessions.py [--quick]``.

Each session is what the browser would be to the server: it opens ``/_stcore/stream`` (the
``streamlit`` subprotocol, permessage-deflate offered as Chromium does), asks for a run with a
``BackMsg.rerun_script``, reads ``ForwardMsg``s until ``script_finished``, finds the region
filter's widget id in the deltas, and then changes the region by sending the widget's new
value (``WidgetStates``), keeping the query string and page the server last set. A change's
time runs from sending it to its ``script_finished``. Errors: a Python exception element, a
run that does not finish successfully, a closed connection or a timeout, and a run whose
captions do not show the expected count ("75 of 650"): the filter had no effect.

Concurrency: all sessions connect and run the first page at once, then, in rounds, every
session changes its region at the same moment (each on its own cycle of London, Scotland,
Wales and no region) and the round ends when all have finished. p50/p95 are over all
changes of all rounds. Server memory is the process's RSS (sampled every 0.2 s) and its CPU
time is read from ``/proc``; CPU per change is also measured alone, one session changing the
filter in turn, as the median of the CPU the server used per change.

Sessions may come from different loopback source addresses (127.0.N.1, all on this
machine) so that a proxy hashing on the client address (nginx ``ip_hash``) spreads them.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import statistics
import sys
import time
from dataclasses import dataclass, field

import apps  # bench/apps.py, beside this script
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.asyncio.client import connect

SUCCESS = {ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_WITH_COMPILE_ERROR}
CUT_SHORT = ForwardMsg.FINISHED_EARLY_FOR_RERUN
RUN_TIMEOUT_S = 180
# Regions to cycle through and the count each shows in the caption ("75 of 650 ...").
CYCLE = [("London", 75), ("Scotland", 57), ("Wales", 32), (None, 650)]


class RunFailed(Exception):
    """A run that did not finish as it should."""


@dataclass
class Run:
    """What one script run sent back."""

    seconds: float
    status: int
    exceptions: int
    texts: list[str] = field(default_factory=list)


class Session:
    """One client of a Streamlit server over its websocket."""

    def __init__(self, url: str, filter_key: str, source: str | None = None):
        self.url = url.replace("http://", "ws://") + "/_stcore/stream"
        self.origin = url
        self.filter_key = filter_key
        self.source = source
        self.socket = None
        self.query_string = ""
        self.page_hash = ""
        self.filter_id: str | None = None
        self.upstream: str | None = None  # the replica behind a proxy, if it says

    async def open(self) -> None:
        extra = {"local_addr": (self.source, 0)} if self.source else {}
        self.socket = await connect(
            self.url,
            subprotocols=["streamlit"],
            origin=self.origin,
            max_size=None,
            open_timeout=RUN_TIMEOUT_S,
            ping_interval=None,
            **extra,
        )
        self.upstream = self.socket.response.headers.get("X-Upstream")

    async def close(self) -> None:
        if self.socket is not None:
            await self.socket.close()

    async def run(self, region: str | None = None, change: bool = False) -> Run:
        """Ask for a run (with the region filter set, if ``change``) and read it to the end."""
        message = BackMsg()
        state = message.rerun_script
        state.query_string = self.query_string
        state.page_script_hash = self.page_hash
        if change:
            if self.filter_id is None:
                raise RunFailed(f"no widget with key {self.filter_key!r} on the page")
            widget = WidgetState(id=self.filter_id)
            widget.string_array_value.data.extend([region] if region else [])
            state.widget_states.widgets.append(widget)
        started = time.perf_counter()
        await self.socket.send(message.SerializeToString())
        exceptions = 0
        texts: list[str] = []
        while True:
            payload = await asyncio.wait_for(self.socket.recv(), RUN_TIMEOUT_S)
            forward = ForwardMsg.FromString(payload)
            kind = forward.WhichOneof("type")
            if kind == "new_session":
                self.page_hash = forward.new_session.page_script_hash or self.page_hash
            elif kind == "page_info_changed":
                self.query_string = forward.page_info_changed.query_string
            elif kind == "delta" and forward.delta.WhichOneof("type") == "new_element":
                element = forward.delta.new_element
                which = element.WhichOneof("type")
                if which == "exception":
                    exceptions += 1
                elif which == "markdown":
                    texts.append(element.markdown.body)
                elif which == "multiselect" and element.multiselect.id.endswith(
                    f"-{self.filter_key}"
                ):
                    self.filter_id = element.multiselect.id
            elif kind == "script_finished" and forward.script_finished != CUT_SHORT:
                return Run(
                    time.perf_counter() - started, forward.script_finished, exceptions, texts
                )


def _check(run: Run, expected_count: int | None) -> str | None:
    """Why a run counts as an error, or None."""
    if run.status not in SUCCESS or run.status == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
        return f"script finished with status {run.status}"
    if run.exceptions:
        return f"{run.exceptions} exception(s) on the page"
    if expected_count is not None and not any(f"{expected_count} of 650" in t for t in run.texts):
        return f"the page does not show '{expected_count} of 650': the filter had no effect"
    return None


def _percentile(values: list[float], share: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


async def _sample_memory(servers: list[apps.Server], peaks: dict, stop: asyncio.Event) -> None:
    while not stop.is_set():
        for server in servers:
            peaks[server.name] = max(peaks.get(server.name, 0), server.rss_bytes())
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), 0.2)


async def concurrent(
    url: str,
    filter_key: str,
    sessions: int,
    rounds: int,
    servers: list[apps.Server],
    sources: list[str] | None = None,
) -> dict:
    """``sessions`` clients at once, ``rounds`` simultaneous filter changes each."""
    errors: list[str] = []
    clients = [
        Session(url, filter_key, sources[i % len(sources)] if sources else None)
        for i in range(sessions)
    ]
    rss_before = {server.name: server.rss_bytes() for server in servers}
    cpu_before = {server.name: server.cpu_seconds() for server in servers}
    peaks: dict[str, int] = {}
    stop = asyncio.Event()
    sampler = asyncio.create_task(_sample_memory(servers, peaks, stop))

    async def first(client: Session) -> float | None:
        try:
            await client.open()
            run = await client.run()
        except Exception as error:  # noqa: BLE001 - every failure is an error to count
            errors.append(f"first run: {type(error).__name__}: {error}")
            return None
        problem = _check(run, 650)
        if problem:
            errors.append(f"first run: {problem}")
        return run.seconds

    async def change(client: Session, step: int) -> float | None:
        region, count = CYCLE[step % len(CYCLE)]
        try:
            run = await client.run(region, change=True)
        except Exception as error:  # noqa: BLE001
            errors.append(f"change: {type(error).__name__}: {error}")
            return None
        problem = _check(run, count)
        if problem:
            errors.append(f"change: {problem}")
        return run.seconds

    started = time.perf_counter()
    firsts = await asyncio.gather(*(first(client) for client in clients))
    first_seconds = time.perf_counter() - started
    cpu_changes = {server.name: server.cpu_seconds() for server in servers}
    changes: list[float] = []
    live = [client for client, took in zip(clients, firsts, strict=True) if took is not None]
    for number in range(rounds):
        took = await asyncio.gather(
            *(change(client, number + i % 3) for i, client in enumerate(live))
        )
        changes += [t for t in took if t is not None]
    stop.set()
    await sampler
    cpu_after = {server.name: server.cpu_seconds() for server in servers}
    upstreams: dict[str, int] = {}
    for client in clients:
        upstreams[client.upstream or "direct"] = upstreams.get(client.upstream or "direct", 0) + 1
    await asyncio.gather(*(client.close() for client in clients), return_exceptions=True)
    reruns = max(len(changes), 1)
    firsts_ok = [t for t in firsts if t is not None]
    return {
        "sessions": sessions,
        "rounds": rounds,
        "changes": len(changes),
        "change_p50_s": _round(_percentile(changes, 0.5)),
        "change_p95_s": _round(_percentile(changes, 0.95)),
        "change_max_s": _round(max(changes, default=None)),
        "first_run_p50_s": _round(_percentile(firsts_ok, 0.5)),
        "first_run_p95_s": _round(_percentile(firsts_ok, 0.95)),
        "all_first_runs_s": round(first_seconds, 3),
        "errors": len(errors),
        "error_examples": sorted(set(errors))[:5],
        "server_rss_before_mb": {k: round(v / 2**20) for k, v in rss_before.items()},
        "server_rss_peak_mb": {k: round(v / 2**20) for k, v in peaks.items()},
        # all servers' CPU during the changes over the changes made
        "server_cpu_ms_per_change": round(
            1000 * sum(cpu_after[k] - cpu_changes[k] for k in cpu_after) / reruns, 1
        ),
        "server_cpu_s_total": {k: round(cpu_after[k] - cpu_before[k], 2) for k in cpu_after},
        "sessions_per_upstream": upstreams,
    }


async def cpu_per_change(server: apps.Server, filter_key: str, changes: int = 9) -> dict:
    """One session alone changing the filter: the server's CPU and the time per change."""
    client = Session(server.url, filter_key)
    await client.open()
    try:
        await client.run()
        cpu, took, errors = [], [], 0
        for step in range(changes):
            region, count = CYCLE[step % len(CYCLE)]
            before = server.cpu_seconds()
            run = await client.run(region, change=True)
            cpu.append(server.cpu_seconds() - before)
            took.append(run.seconds)
            errors += _check(run, count) is not None
    finally:
        await client.close()
    return {
        "changes": changes,
        "cpu_ms_median": round(1000 * statistics.median(cpu), 1),
        "change_ms_median": round(1000 * statistics.median(took), 1),
        "errors": errors,
    }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def run(quick: bool = False, ours_root=apps.ROOT, servers: dict | None = None) -> dict:
    """Ours and the peer: CPU per change alone, then 20 and 50 sessions at once."""
    counts, rounds = ([20], 2) if quick else ([20, 50], 3)
    own = servers is None
    if own:
        servers = {name: apps.start(name, ours_root=ours_root) for name in ("ours", "peer")}
    results: dict[str, dict] = {}
    try:
        for server in servers.values():
            server.wait_healthy()
        for name in ("ours", "peer"):
            server, key = servers[name], apps.APPS[name].filter_key
            results[name] = {"alone": asyncio.run(cpu_per_change(server, key))}
        for count in counts:
            for name in ("ours", "peer"):  # one at a time: the other idles
                server, key = servers[name], apps.APPS[name].filter_key
                figures = asyncio.run(concurrent(server.url, key, count, rounds, [server]))
                results[name][f"{count}_sessions"] = figures
                print(
                    f"  {name} {count} sessions: p50 {figures['change_p50_s']} s, p95 "
                    f"{figures['change_p95_s']} s, errors {figures['errors']}",
                    file=sys.stderr,
                    flush=True,
                )
    finally:
        if own:
            for server in servers.values():
                server.stop()
    ratios = {}
    for key in [f"{c}_sessions" for c in counts]:
        ours, peer = results["ours"][key], results["peer"][key]
        ratios[key] = {
            f"{figure} ours/peer": round(ours[figure] / peer[figure], 3)
            if ours[figure] and peer[figure]
            else None
            for figure in ("change_p50_s", "change_p95_s")
        }
    ours, peer = results["ours"]["alone"], results["peer"]["alone"]
    ratios["cpu_ms_per_change ours/peer"] = (
        round(ours["cpu_ms_median"] / peer["cpu_ms_median"], 3) if peer["cpu_ms_median"] else None
    )
    return {
        **results,
        "ratios": ratios,
        "target": "20 sessions p95 < 1.5 s on one process, 0 errors",
    }


def print_table(result: dict) -> None:
    """One line per app and load."""
    print(
        f"{'sessions':24} {'p50 s':>7} {'p95 s':>7} {'errors':>6} {'peak RSS MB':>11} "
        f"{'CPU ms/change':>13}"
    )
    for name in ("ours", "peer"):
        alone = result[name]["alone"]
        print(
            f"{name + ' alone':24} {alone['change_ms_median'] / 1000:>7.3f} {'':>7} "
            f"{alone['errors']:>6} {'':>11} {alone['cpu_ms_median']:>13}"
        )
        for key, figures in result[name].items():
            if key == "alone":
                continue
            peak = sum(figures["server_rss_peak_mb"].values())
            cpu = figures["server_cpu_ms_per_change"]
            print(
                f"{name + ' ' + key.replace('_', ' '):24} {figures['change_p50_s']:>7} "
                f"{figures['change_p95_s']:>7} {figures['errors']:>6} {peak:>11} {cpu:>13.1f}"
            )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="20 sessions only, fewer rounds")
    parser.add_argument("--ours-commit", help="run ours from this git revision (a snapshot)")
    args = parser.parse_args()
    root = apps.snapshot(args.ours_commit) if args.ours_commit else apps.ROOT
    result = run(quick=args.quick, ours_root=root)
    print_table(result)
    print(json.dumps(result["ratios"], indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
