"""Region outlines and names on the real hex layout."""

from __future__ import annotations

import shapely

from targets.data.boundaries import load_hex_layout
from targets.views import hex_regions
from targets.views.map_layers import hex_as_lonlat


def test_the_real_layout_has_twelve_regions_named_and_outlined(data_paths, seats):
    hexes = hex_as_lonlat(load_hex_layout())
    names = hexes["constituency_code"].map(seats.set_index("constituency_code")["region"])
    regions = hex_regions.region_shapes(hexes.assign(region=names))
    assert sorted(regions["region"]) == sorted(seats["region"].unique())
    assert len(regions) == 12  # nine English regions, Scotland, Wales, Northern Ireland
    traces = hex_regions.hex_region_traces(hexes, seats)
    assert [trace.name for trace in traces] == [
        "Region outlines",
        "Region names (halo)",
        "Region names",
    ]
    for trace in traces:
        assert trace.hoverinfo == "skip"  # a click goes to the hex underneath
        assert trace.mode == "lines" and not trace.showlegend
    # every outline point lies on a region's edge
    outline = [
        shapely.Point(lon, lat)
        for lon, lat in zip(traces[0].lon, traces[0].lat, strict=True)
        if lon is not None
    ]
    edges = shapely.union_all([shape.boundary for shape in regions.geometry])
    assert max(edges.distance(point) for point in outline) < 1e-3
    # the second call is the cached one: the same traces
    assert hex_regions.hex_region_traces(hexes, seats)[2].lon == traces[2].lon
