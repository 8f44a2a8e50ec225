"""Boundary layers on the real files."""

import pytest

from targets.data.boundaries import (
    BoundaryMismatchError,
    check_same_codes,
    load_boundaries,
    load_hex_layout,
    simplify_coverage,
)


@pytest.fixture(scope="module")
def layers(data_paths):
    return {
        "national": load_boundaries("national"),
        "detailed": load_boundaries("detailed"),
        "hex": load_hex_layout(),
    }


def test_three_layers_hold_the_same_650_codes(layers):
    codes = check_same_codes(**layers)
    assert len(codes) == 650
    for frame in layers.values():
        assert frame["constituency_code"].is_unique and len(frame) == 650


def test_geographic_layers_are_wgs84_and_valid(layers):
    for name in ("national", "detailed"):
        frame = layers[name]
        assert frame.crs.to_epsg() == 4326
        assert frame.is_valid.all()
        minx, miny, maxx, maxy = frame.total_bounds
        assert -9 < minx < maxx < 2 and 49 < miny < maxy < 61


def test_hexes_do_not_overlap_and_keep_regions(layers):
    hexes = layers["hex"]
    assert hexes["region_code"].notna().all()
    assert hexes.geometry.area.round(6).nunique() == 1
    total = hexes.geometry.area.sum()
    assert abs(hexes.geometry.union_all().area - total) < 1e-6 * total


def test_mismatch_names_the_codes(layers):
    short = layers["hex"].iloc[:-1]
    missing = layers["hex"]["constituency_code"].iloc[-1]
    with pytest.raises(BoundaryMismatchError, match=missing):
        check_same_codes(national=layers["national"], hex=short)


def test_coverage_simplification_keeps_shared_borders(layers):
    london = layers["detailed"][layers["detailed"]["constituency_code"].str.startswith("E1400")]
    london = london.iloc[:40]
    simplified = simplify_coverage(london, 0.001)
    before = sum(len(g.exterior.coords) if g.geom_type == "Polygon" else 0 for g in london.geometry)
    after = sum(
        len(g.exterior.coords) if g.geom_type == "Polygon" else 0 for g in simplified.geometry
    )
    assert after < before
    # shared borders stay shared: no overlaps appear between neighbours (areas in m²)
    projected = simplified.to_crs(27700)
    assert abs(projected.union_all().area - projected.geometry.area.sum()) < 1.0
