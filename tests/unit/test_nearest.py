"""Distances from a point to seats (0 inside) and the nearest targets, on hand-made shapes."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from targets import nearest

SHAPES = gpd.GeoSeries(
    [
        shapely.box(0, 0, 10_000, 10_000),
        shapely.box(13_000, 0, 20_000, 10_000),
        shapely.Polygon([(0, 20_000), (10_000, 20_000), (5_000, 30_000)]),
    ],
    index=pd.Index(["A", "B", "C"], name="constituency_code"),
    crs=nearest.BNG,
)


def targets_frame() -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "constituency_code": ["A", "B", "C"],
            "constituency_name": ["Aton", "Bton", "Cton"],
            "swing_needed": [4.0, 1.0, np.nan],
        }
    )
    for column in nearest.TARGET_COLUMNS:
        if column not in frame:
            frame[column] = "x" if column != "holder_majority_pct" else 1.0
    return frame[list(nearest.TARGET_COLUMNS)]


def test_distance_is_zero_inside_and_to_the_edge_outside():
    distance = nearest.distances_km(5_000, 5_000, SHAPES)
    assert distance["A"] == 0
    assert distance["B"] == pytest.approx(8.0)
    assert distance["C"] == pytest.approx(15.0)


def test_the_seat_a_postcode_is_in_counts_as_zero():
    distance = nearest.distances_km(11_000, 5_000, SHAPES, own_seat="B")
    assert distance["B"] == 0 and distance["A"] == pytest.approx(1.0)


def test_nearest_targets_ranked_by_distance_then_swing():
    table = nearest.nearest_targets(targets_frame(), 11_500, 5_000, SHAPES, top=None)
    assert table["constituency_code"].tolist() == ["B", "A", "C"]  # 1.5 km tie, B has less swing
    assert table["distance_km"].tolist() == [1.5, 1.5, pytest.approx(15.07, abs=0.01)]
    assert table["rank"].tolist() == [1, 2, 3]
    assert list(table.columns) == list(nearest.NEAREST_COLUMNS)


def test_top_and_max_km_limit_the_list():
    frame = targets_frame()
    assert len(nearest.nearest_targets(frame, 5_000, 5_000, SHAPES, top=1)) == 1
    within = nearest.nearest_targets(frame, 5_000, 5_000, SHAPES, top=None, max_km=10)
    assert within["constituency_code"].tolist() == ["A", "B"]
