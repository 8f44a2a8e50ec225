"""Benchmarks: figure sizes, filter rerun time and memory. Prints figures, writes results.json.

``./dev bench [--quick] [--only browser,sessions]``. Besides the in-process figures below:
ours beside the peer and the floor in headless Chromium (``bench/browser.py``), concurrent
sessions over Streamlit's websocket (``bench/sessions.py``) and two replicas behind nginx
(``bench/replicas.py``); the served app runs from a snapshot of HEAD by default.

Budgets (issue 3): national map <= 450 KB, any region view <= 600 KB of figure JSON;
a filter rerun <= 150 ms median on a 2-core machine. Figures are reported, not asserted.
Hostile and large uploads are measured by ``bench/uploads.py`` (under "uploads").
"""

from __future__ import annotations

import gc
import json
import os
import resource
import shutil
import statistics
import sys
import time
from pathlib import Path

import pandas as pd
import plotly.io as pio
import uploads  # bench/uploads.py, beside this script

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results.json"
KB = 1024


def _rss_bytes() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def _json_bytes(figure) -> int:
    return len(pio.to_json(figure, validate=False).encode("utf-8"))


def bench_data() -> dict:
    from targets.data.boundaries import load_boundaries, load_hex_layout
    from targets.seats import load_seat_data

    gc.collect()
    before = _rss_bytes()
    started = time.perf_counter()
    data = load_seat_data()
    seat_seconds = time.perf_counter() - started
    started = time.perf_counter()
    layers = [load_boundaries("national"), load_boundaries("detailed"), load_hex_layout()]
    boundary_seconds = time.perf_counter() - started
    return {
        "seat_data_load_s": round(seat_seconds, 3),
        **_kept_against_built(),
        **_repair_against_ftfy(),
        "boundaries_load_s": round(boundary_seconds, 3),
        "peak_rss_growth_bytes": _rss_bytes() - before,
        "seat_table_bytes": int(data.seats.memory_usage(deep=True).sum()),
        "candidate_table_bytes": int(data.candidates.memory_usage(deep=True).sum()),
        "layers": len(layers),
    }


def _kept_against_built(repeats: int = 3) -> dict:
    """A new server's seat data: read as prepared on disk against built from the files."""
    from targets.seats import load_kept_seat_data, load_seat_data

    load_kept_seat_data()  # prepared once, as `targets data fetch` leaves it
    kept, built = [], []
    for _ in range(repeats):
        started = time.perf_counter()
        load_kept_seat_data()
        kept.append(time.perf_counter() - started)
        started = time.perf_counter()
        load_seat_data(strict=False)
        built.append(time.perf_counter() - started)
    kept_s, built_s = statistics.median(kept), statistics.median(built)
    return {
        "seat_data_kept_s": round(kept_s, 3),
        "seat_data_built_s": round(built_s, 3),
        "seat_data_kept_over_built": round(kept_s / built_s, 3),
    }


def _repair_against_ftfy() -> dict:
    """Repairing the published CSVs line by line against ftfy on each whole text."""
    import ftfy

    from targets.data import sources
    from targets.data.csv_files import repair_text
    from targets.seats import PUBLISHED_INPUTS

    texts = []
    for name in PUBLISHED_INPUTS:
        raw = sources.data_path(name).read_bytes()
        try:
            texts.append(raw.decode("utf-8-sig"))
        except UnicodeDecodeError:
            texts.append(raw.decode("cp1252"))
    started = time.perf_counter()
    for text in texts:
        ftfy.fix_text(text, normalization="NFC")
    whole_s = time.perf_counter() - started
    started = time.perf_counter()
    for text in texts:
        repair_text(text)
    lines_s = time.perf_counter() - started
    return {
        "csv_repair_ftfy_s": round(whole_s, 3),
        "csv_repair_line_by_line_s": round(lines_s, 3),
        "csv_repair_line_by_line_over_ftfy": round(lines_s / whole_s, 3),
    }


def bench_maps() -> dict:
    from targets.data.boundaries import load_boundaries, load_hex_layout
    from targets.seats import load_seat_data
    from targets.views import map_layers, maps

    data = load_seat_data()
    seats = data.seats
    detailed = load_boundaries("detailed")
    cache: dict[int, dict] = {}

    def detail(level: int) -> dict:
        if level not in cache:
            cache[level] = map_layers.detailed_features(detailed, level)
        return cache[level]

    layers = map_layers.prepare_layers(load_boundaries("national"), load_hex_layout(), detail)
    everything = pd.Series(True, index=seats.index)
    sizes = {
        "national_winner": _json_bytes(
            maps.build_seat_map(seats, everything, "winner", layers, data.registry)
        ),
        "national_majority": _json_bytes(
            maps.build_seat_map(seats, everything, "majority", layers, data.registry)
        ),
        "hex_winner": _json_bytes(
            maps.build_seat_map(seats, everything, "winner", layers, data.registry, hex_view=True)
        ),
    }
    regions = {}
    for region in sorted(seats["region"].unique()):
        mask = seats["region"] == region
        figure = maps.build_seat_map(seats, mask, "winner", layers, data.registry)
        regions[region] = _json_bytes(figure)
    largest = max(regions, key=regions.get)
    sizes["largest_region"] = regions[largest]
    return {
        "figure_json_bytes": sizes,
        "largest_region_name": largest,
        "region_json_bytes": regions,
        "budget_national_bytes": 450 * KB,
        "budget_region_bytes": 600 * KB,
    }


def bench_rerun(repeats: int = 15) -> dict:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()  # warm: data and layers cached once per process
    timings = {}
    for page in ("app_pages/map_page.py", "app_pages/seats_page.py"):
        if page != "app_pages/map_page.py":
            at.switch_page(page)
            at.run()
        samples = []
        for index in range(repeats):
            value = ["Lab"] if index % 2 == 0 else ["Con"]
            widget = at.multiselect(key="f_winner").set_value(value)
            started = time.perf_counter()
            widget.run()
            samples.append(time.perf_counter() - started)
        timings[page] = {
            "median_ms": round(statistics.median(samples) * 1000, 1),
            "min_ms": round(min(samples) * 1000, 1),
            "max_ms": round(max(samples) * 1000, 1),
        }
    return {"filter_rerun": timings, "budget_median_ms": 150}


PARTS = (
    "data",
    "maps",
    "map_cpu",
    "rerun",
    "postcodes",
    "uploads",
    "browser",
    "sessions",
    "replicas",
)


def _part(results: dict, name: str, work) -> None:
    """Run one part; a part that fails is reported as such and the others still run."""
    begun = time.perf_counter()
    print(f"[bench] {name} ...", file=sys.stderr, flush=True)
    try:
        results[name] = work()
    except Exception as error:  # noqa: BLE001 - one broken part must not hide the others
        results[name] = {"error": f"{type(error).__name__}: {error}"}
        print(f"[bench] {name} failed: {results[name]['error']}", file=sys.stderr)
    print(f"[bench] {name}: {time.perf_counter() - begun:.0f} s", file=sys.stderr, flush=True)


def _arguments(argv: list[str] | None):
    import argparse

    parser = argparse.ArgumentParser(description="Seat Targets benchmarks (bench/results.json)")
    parser.add_argument(
        "--quick", action="store_true", help="fewer repeats and sessions (a few minutes)"
    )
    parser.add_argument(
        "--only", help=f"comma-separated parts to run, of: {', '.join(PARTS)} (others kept)"
    )
    parser.add_argument(
        "--ours-commit",
        default="HEAD",
        help="git revision the served app runs from, unpacked in a temporary folder so edits "
        "in progress do not change a run (default HEAD; 'worktree' for this checkout as is)",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    os.environ.setdefault("TARGETS_DATA_MIRROR", str(ROOT.parent / "shared" / "data"))
    chosen = PARTS if not args.only else tuple(p.strip() for p in args.only.split(","))
    unknown = set(chosen) - set(PARTS)
    if unknown:
        print(f"unknown part(s): {', '.join(sorted(unknown))}; parts: {', '.join(PARTS)}")
        return 2
    results = json.loads(RESULTS.read_text(encoding="utf-8")) if RESULTS.exists() else {}
    results.update({"python": sys.version.split()[0], "cpus": os.cpu_count()})
    started = time.perf_counter()
    import apps  # bench/apps.py, beside this script
    import browser
    import replicas
    import sessions

    ours_root = ROOT if args.ours_commit == "worktree" else apps.snapshot(args.ours_commit)
    results["served_from"] = args.ours_commit
    work = {
        "data": bench_data,
        "maps": bench_maps,
        "map_cpu": _map_cpu,
        "rerun": lambda: bench_rerun(5 if args.quick else 15),
        "postcodes": _postcodes,
        "uploads": uploads.bench_uploads,
        "browser": lambda: browser.run(quick=args.quick, ours_root=ours_root),
        "sessions": lambda: sessions.run(quick=args.quick, ours_root=ours_root),
        "replicas": lambda: replicas.run(quick=args.quick, ours_root=ours_root),
    }
    for name in chosen:
        _part(results, name, work[name])
    results["seconds"] = round(time.perf_counter() - started)
    RESULTS.write_text(json.dumps(results, indent=2), encoding="utf-8")
    _print_summary(results, chosen)
    if ours_root != ROOT:
        shutil.rmtree(ours_root, ignore_errors=True)
    print(f"wrote {RESULTS.relative_to(ROOT)} ({results['seconds']} s)")
    return 0


def _map_cpu() -> dict:
    import map_cpu  # bench/map_cpu.py, beside this script

    return map_cpu.bench_map_cpu()


def _postcodes() -> dict:
    import postcodes as postcode_bench  # bench/postcodes.py, beside this script

    return postcode_bench.main()


def _print_summary(results: dict, chosen: tuple[str, ...]) -> None:
    import browser
    import sessions

    def ok(name: str) -> bool:
        return name in chosen and "error" not in results.get(name, {"error": "missing"})

    _print_in_process(results, ok)
    if ok("browser"):
        print()
        browser.print_table(results["browser"])
    if ok("sessions"):
        print()
        sessions.print_table(results["sessions"])
    if ok("replicas"):
        r = results["replicas"]
        print(
            f"\ntwo replicas behind nginx, {r['sessions']} sessions: p50 {r['change_p50_s']} s, "
            f"p95 {r['change_p95_s']} s, errors {r['errors']}, websockets per replica "
            f"{r.get('websockets_per_replica')}, peak RSS MB {r['server_rss_peak_mb']}"
        )
    for name in chosen:
        if "error" in results.get(name, {}):
            print(f"{name}: FAILED {results[name]['error']}")


def _print_in_process(results: dict, ok) -> None:
    if ok("data"):
        data = results["data"]
        print(
            f"seat data load: {data['seat_data_load_s']} s; boundaries: "
            f"{data['boundaries_load_s']} s; peak RSS growth "
            f"{data['peak_rss_growth_bytes'] / 2**20:.0f} MiB"
        )
        print(
            f"seat data kept on disk: {data['seat_data_kept_over_built']}x the time to build it"
            f"; CSV repair line by line: {data['csv_repair_line_by_line_over_ftfy']}x ftfy's"
        )
    if ok("maps"):
        for name, size in results["maps"]["figure_json_bytes"].items():
            print(f"figure JSON {name:>18}: {size / KB:7.1f} KB")
        print(f"largest region view: {results['maps']['largest_region_name']}")
    if ok("rerun"):
        for page, timing in results["rerun"]["filter_rerun"].items():
            print(
                f"filter rerun {page}: median {timing['median_ms']} ms "
                f"(min {timing['min_ms']}, max {timing['max_ms']})"
            )
    if ok("map_cpu"):
        cpu = results["map_cpu"]["cpu_ms_median"]
        print(
            f"map CPU per filter change: inline {cpu['inline']} ms, by address "
            f"{cpu['by_address']} ms, kept {cpu['kept']} ms"
        )
    if ok("uploads"):
        uploads.print_uploads(results["uploads"])


if __name__ == "__main__":
    sys.exit(main())
