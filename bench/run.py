"""Benchmarks: figure sizes, filter rerun time and memory. Prints figures, writes results.json.

Budgets (issue 3): national map <= 450 KB, any region view <= 600 KB of figure JSON;
a filter rerun <= 150 ms median on a 2-core machine. Figures are reported, not asserted.
Hostile and large uploads are measured by ``bench/uploads.py`` (under "uploads").
"""

from __future__ import annotations

import gc
import json
import os
import resource
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
        "boundaries_load_s": round(boundary_seconds, 3),
        "peak_rss_growth_bytes": _rss_bytes() - before,
        "seat_table_bytes": int(data.seats.memory_usage(deep=True).sum()),
        "candidate_table_bytes": int(data.candidates.memory_usage(deep=True).sum()),
        "layers": len(layers),
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


def main() -> int:
    os.environ.setdefault("TARGETS_DATA_MIRROR", str(ROOT.parent / "shared" / "data"))
    results = {"python": sys.version.split()[0], "cpus": os.cpu_count()}
    results["data"] = bench_data()
    results["maps"] = bench_maps()
    results["rerun"] = bench_rerun()
    import postcodes as postcode_bench  # bench/postcodes.py, beside this script

    results["postcodes"] = postcode_bench.main()
    results["uploads"] = uploads.bench_uploads()
    RESULTS.write_text(json.dumps(results, indent=2), encoding="utf-8")
    sizes = results["maps"]["figure_json_bytes"]
    print(
        f"seat data load: {results['data']['seat_data_load_s']} s; boundaries: "
        f"{results['data']['boundaries_load_s']} s; peak RSS growth "
        f"{results['data']['peak_rss_growth_bytes'] / 2**20:.0f} MiB"
    )
    for name, size in sizes.items():
        print(f"figure JSON {name:>18}: {size / KB:7.1f} KB")
    print(f"largest region view: {results['maps']['largest_region_name']}")
    for page, timing in results["rerun"]["filter_rerun"].items():
        print(
            f"filter rerun {page}: median {timing['median_ms']} ms "
            f"(min {timing['min_ms']}, max {timing['max_ms']})"
        )
    uploads.print_uploads(results["uploads"])
    print(f"wrote {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
