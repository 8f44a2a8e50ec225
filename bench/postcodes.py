"""Postcode and deployment figures: index build, size, memory, lookups, accuracy, solver.

Run by ``bench/run.py`` (``./dev bench``) or alone: ``python bench/postcodes.py``.
Figures are printed and returned, never asserted.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]


def bench_index() -> dict:
    from targets import postcodes
    from targets.data import postcodes as data_pc

    started = time.perf_counter()
    path = data_pc.ensure_index(report=print)
    ensure_s = time.perf_counter() - started
    started = time.perf_counter()
    index = data_pc.load_postcode_index()
    load_s = time.perf_counter() - started
    manifest = index.manifest
    all_postcodes = data_pc.read_index_frame(["postcode"])["postcode"].tolist()
    chosen = random.Random(1).sample(all_postcodes, 10_000)
    singles = []
    for text in chosen[:500]:
        begun = time.perf_counter()
        postcodes.lookup_postcode(index, text.lower().replace(" ", ""))
        singles.append(time.perf_counter() - begun)
    begun = time.perf_counter()
    postcodes.lookup_postcodes(index, chosen)
    batch_s = time.perf_counter() - begun
    return {
        "build_seconds": manifest.get("build_seconds"),
        "ensure_seconds_now": round(ensure_s, 2),
        "load_seconds": round(load_s, 2),
        "index_bytes_on_disk": path.stat().st_size,
        "index_bytes_in_memory": index.nbytes,
        "postcodes": len(index),
        "placements": {k: manifest.get(k) for k in ("inside", "nearest", "outside", "no_location")},
        "lookup_one_median_ms": round(statistics.median(singles) * 1000, 3),
        "lookup_one_max_ms": round(max(singles) * 1000, 3),
        "lookup_10000_seconds": round(batch_s, 3),
    }


def bench_accuracy() -> dict:
    """Agreement with independent references (see the figures' names)."""
    import shapely

    from targets.data import postcodes as data_pc
    from targets.data import sources
    from targets.data.boundaries import load_boundaries
    from targets.data.codepoint import BNG

    frame = data_pc.read_index_frame()
    placed = frame[frame["constituency_code"].notna()].reset_index(drop=True)
    codes = placed["constituency_code"].astype(str).to_numpy()
    members = pd.read_csv(sources.data_path("members"), dtype=str)
    pairs = {
        (code, district.strip())
        for code, districts in zip(
            members["pcon_code"], members["lad_codes_2024"].fillna(""), strict=True
        )
        for district in districts.split("/")
    }
    districts = placed["admin_district_code"].astype(str).to_numpy()
    in_district = np.fromiter(
        ((c, d) in pairs for c, d in zip(codes, districts, strict=True)), bool, len(codes)
    )
    detailed = load_boundaries("detailed").to_crs(BNG)
    polygons = detailed.geometry.values
    points = shapely.points(placed["easting"].to_numpy(), placed["northing"].to_numpy())
    deep = np.zeros(len(placed), dtype=bool)
    _, inside = shapely.STRtree(points).query(shapely.buffer(polygons, -20), predicate="contains")
    deep[inside] = True
    candidates = np.flatnonzero(~deep)
    near_point, _ = shapely.STRtree(polygons).query(
        points[candidates], predicate="dwithin", distance=20
    )
    straddling = np.zeros(len(placed), dtype=bool)
    straddling[candidates[np.bincount(near_point, minlength=len(candidates)) > 1]] = True
    national = load_boundaries("national").to_crs(BNG)
    seat = np.full(len(placed), -1)
    found, where = shapely.STRtree(points).query(national.geometry.values, predicate="contains")
    seat[where] = found
    coarse = np.where(seat >= 0, national["constituency_code"].to_numpy()[np.maximum(seat, 0)], "")
    return {
        "placed_postcodes": len(placed),
        "in_a_district_their_seat_spans_pct": round(100 * in_district.mean(), 3),
        "not_in_such_a_district": int((~in_district).sum()),
        "no_other_seat_within_20m_pct": round(100 * (1 - straddling.mean()), 3),
        "boundary_straddling_20m": int(straddling.sum()),
        "same_seat_on_500m_boundaries_pct": round(100 * (coarse == codes).mean(), 3),
    }


def bench_deploy(volunteers: int = 5_000, seats: int = 100) -> dict:
    from targets import deploy, nearest, postcodes
    from targets.data import postcodes as data_pc
    from targets.data.boundaries import load_boundaries
    from targets.seats import load_seat_data

    index = data_pc.load_postcode_index()
    data = load_seat_data()
    shapes = nearest.seat_shapes(load_boundaries("detailed"))
    frame = data_pc.read_index_frame(["postcode", "placement"])
    chosen = frame[frame["placement"] == "inside"]["postcode"].sample(volunteers, random_state=5)
    found = postcodes.lookup_postcodes(index, chosen.tolist())
    rng = np.random.default_rng(5)
    people = pd.DataFrame(
        {
            "row": np.arange(2, volunteers + 2),
            "name": [f"Volunteer {i}" for i in range(volunteers)],
            "postcode": found["postcode"],
            "hours": rng.integers(2, 21, volunteers).astype(float),
            "max_km": rng.choice([5.0, 10.0, 20.0, 50.0], volunteers),
            "easting": found["easting"].astype(float),
            "northing": found["northing"].astype(float),
            "latitude": found["latitude"],
            "longitude": found["longitude"],
            "constituency_code": found["constituency_code"],
            "problem": "",
        }
    )
    needs = deploy.build_seat_needs(nearest.select_targets(data, party="RUK").head(seats), 100)
    begun = time.perf_counter()
    plan = deploy.plan_deployment(people, needs, shapes, time_limit=25)
    return {
        "volunteers": volunteers,
        "seats": seats,
        "plan_seconds": round(time.perf_counter() - begun, 2),
        **plan.summary(),
        "budget_seconds": 30,
    }


def main() -> dict:
    os.environ.setdefault("TARGETS_DATA_MIRROR", str(ROOT.parent / "shared" / "data"))
    results = {"index": bench_index(), "accuracy": bench_accuracy(), "deploy": bench_deploy()}
    print(json.dumps(results, indent=2))
    return results


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    main()
    sys.exit(0)
