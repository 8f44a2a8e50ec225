"""Server CPU per filter change on the Map page (issue 17): build + serialise, three ways.

"inline": the shapes in the figure and the hover made each time (as before issue 17);
"by_address": the layer files named by address and the hover made once per data version (a
filter change that changes the map: a new figure is built, as the app does); "kept":
the same figure from the figure cache (a rerun that changes nothing on the map). What is
timed is ``time.process_time`` around building and what the live map chart does with the
figure (``targets.app.live_chart``: to a dict, then JSON, kept per shared figure). Run
alone: ``.venv/bin/python bench/map_cpu.py``.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]


def bench_map_cpu(repeats: int = 5) -> dict:
    """Median CPU ms per filter change, figure bytes (national, London), layer file bytes."""
    from targets.app import live_chart, map_cache
    from targets.seats import load_seat_data
    from targets.views import map_colours, map_files, maps

    data = load_seat_data()
    seats = data.seats
    files = map_files.prepare_map_files()
    with_files = map_cache.map_layers()
    inline = replace(with_files, urls={})
    hover = map_colours.hover_fields(seats)  # the app makes these once per data version
    masks = {
        "all": pd.Series(True, index=seats.index),
        "Lab": seats["winner_party"] == "Lab",
        "Con": seats["winner_party"] == "Con",
        "London": seats["region"] == "London",
        "Scotland": seats["region"] == "Scotland",
    }

    def serialise(figure) -> bytes:
        return live_chart._payload(figure, {"displaylogo": False, "scrollZoom": True})

    def cpu_ms(build) -> float:
        started = time.process_time()
        serialise(build())
        return (time.process_time() - started) * 1000

    for mask in masks.values():  # warm: detail levels read, figures kept once
        maps.build_seat_map(seats, mask, "winner", inline, data.registry)
        map_cache.seat_map(data, mask, "winner")
    samples: dict[str, list[float]] = {"inline": [], "by_address": [], "kept": []}
    for _ in range(repeats):
        for mask in masks.values():
            samples["inline"].append(
                cpu_ms(
                    lambda m=mask: maps.build_seat_map(seats, m, "winner", inline, data.registry)
                )
            )
            samples["by_address"].append(
                cpu_ms(
                    lambda m=mask: maps.build_seat_map(
                        seats, m, "winner", with_files, data.registry, hover=hover
                    )
                )
            )
            samples["kept"].append(cpu_ms(lambda m=mask: map_cache.seat_map(data, m, "winner")))
    sizes = {
        name: len(serialise(map_cache.seat_map(data, masks[key], "winner")))
        for name, key in (("national", "all"), ("london", "London"))
    }
    return {
        "cpu_ms_median": {k: round(statistics.median(v), 1) for k, v in samples.items()},
        "figure_json_bytes": sizes,
        "layer_file_bytes": {
            layer: (map_files.MAP_FOLDER / name).stat().st_size for layer, name in files.items()
        },
    }


if __name__ == "__main__":
    os.environ.setdefault("TARGETS_DATA_MIRROR", str(ROOT.parent / "shared" / "data"))
    print(json.dumps(bench_map_cpu(), indent=2))
    sys.exit(0)
