"""Region outlines and names on the hex map, from hand-made hexes."""

from __future__ import annotations

import math

import geopandas as gpd
import pandas as pd
import pytest
import shapely

from targets.data.boundaries import hex_centre
from targets.views import hex_regions


def hexagon(q: int, r: int) -> shapely.Polygon:
    """A pointy-top hexagon of radius 1 at a cell of the layout: neighbours share edges."""
    x, y = hex_centre(q, r, "odd-r")
    corners = [math.radians(30 + 60 * k) for k in range(6)]
    return shapely.Polygon([(x + math.cos(a), y + math.sin(a)) for a in corners])


def made_hexes() -> gpd.GeoDataFrame:
    rows = [("A1", "R1", 0, 0), ("A2", "R1", 1, 0)]
    rows += [("B1", "R2", 3, 0), ("B2", "R2", 3, 1), ("B3", "R2", 4, 0)]
    return gpd.GeoDataFrame(
        {
            "constituency_code": [row[0] for row in rows],
            "region_code": [row[1] for row in rows],
            "region": ["North", "North", "South", "South", "South"],
        },
        geometry=[hexagon(q, r) for _, _, q, r in rows],
    )


def test_neighbouring_hexes_dissolve_into_one_shape_per_region():
    hexes = made_hexes()
    hexes.loc[4, "region"] = "Suth"  # one seat misnamed: the region takes its seats' usual name
    regions = hex_regions.region_shapes(hexes).set_index("region_code")
    assert list(regions.index) == ["R1", "R2"]
    assert regions.loc["R2", "region"] == "South"
    for shape in regions.geometry:
        assert shape.geom_type == "Polygon"  # the shared edges are gone
    # two hexes' area, nothing lost or added
    single = made_hexes().geometry.iloc[0].area
    assert regions.loc["R1", "geometry"].area == pytest.approx(2 * single)


def test_a_name_is_written_centred_at_the_height_asked():
    strokes = hex_regions.text_strokes("London", (10.0, 20.0), 0.5)
    points = shapely.MultiLineString([s for s in strokes if len(s) > 1])
    minx, miny, maxx, maxy = points.bounds
    assert (minx + maxx) / 2 == pytest.approx(10.0, abs=1e-9)
    assert maxy - miny == pytest.approx(0.5, rel=0.02)  # capitals and no descenders
    assert (miny + maxy) / 2 == pytest.approx(20.0, abs=0.05)
    assert maxx - minx > 4 * 0.5 * 0.6  # six letters wide


def test_a_long_name_wraps_onto_a_second_line_below_the_first():
    one = hex_regions.text_strokes("Yorkshire", (0.0, 0.0), 1.0)
    two = hex_regions.text_strokes("Yorkshire and The Humber", (0.0, 0.0), 1.0)
    one_box = shapely.MultiLineString([s for s in one if len(s) > 1]).bounds
    two_box = shapely.MultiLineString([s for s in two if len(s) > 1]).bounds
    assert two_box[3] - two_box[1] > 2 * (one_box[3] - one_box[1])  # two lines tall
    assert two_box[2] - two_box[0] < 14 * 1.0  # no line much longer than 14 letters


def test_regions_not_in_the_seat_table_keep_their_code():
    hexes = made_hexes().drop(columns="region")  # the traces take names from the seat table
    seats = pd.DataFrame({"constituency_code": ["A1"], "region": ["North"]})
    names = [t for t in hex_regions.hex_region_traces(hexes, seats) if t.name == "Region names"]
    assert names and len(names[0].lon) > 0
