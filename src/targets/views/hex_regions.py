"""Region outlines and names on the hex map.

The names are drawn as strokes of a Hershey vector font (public domain letter shapes)
rather than map text: text on a map trace makes the browser fetch font glyphs from a
server, and the map must work with no internet. As lines they also grow when zoomed.
"""

from __future__ import annotations

import textwrap
from functools import cache

import geopandas as gpd
import pandas as pd
import plotly.graph_objects as go
import shapely
from HersheyFonts import HersheyFonts
from shapely.ops import polylabel

OUTLINE_COLOUR = "#303030"
LABEL_COLOUR = "#202020"
HALO_COLOUR = "rgba(255,255,255,0.85)"
LABEL_HEIGHT = 0.13  # capital letters' height, in the hex map's pseudo-degrees (~2/3 of a hex)
LINE_CHARACTERS = 14  # longer names wrap onto a second line
FONT = "futural"  # Hershey's simplex sans serif
DECIMALS = 3
SIMPLIFY = 0.04  # of a capital's height: strokes kept within that of the font's curves
_SNAP = 1e-6  # neighbouring hexes' shared edges meet exactly once snapped to this grid


@cache
def _font() -> HersheyFonts:
    font = HersheyFonts()
    font.load_default_font(FONT)
    font.normalize_rendering(1.0)
    return font


def text_strokes(text: str, centre: tuple[float, float], height: float) -> list[list[tuple]]:
    """The strokes (polylines) that write ``text`` centred on ``centre``, capitals ``height``.

    Lines wrap at ``LINE_CHARACTERS``; each line is centred.
    """
    font = _font()
    lines = textwrap.wrap(text, LINE_CHARACTERS) or [""]
    base, cap = _capital_line()
    scale = height / cap
    leading = 1.6 * height
    strokes = []
    for number, line in enumerate(lines):
        drawn = [list(stroke) for stroke in font.strokes_for_text(line)]
        if not drawn:
            continue
        xs = [x for stroke in drawn for x, _ in stroke]
        middle = (min(xs) + max(xs)) / 2
        # the block of lines is centred vertically on the centre too
        baseline = centre[1] + (len(lines) / 2 - number - 1) * leading + (leading - height) / 2
        for stroke in drawn:
            strokes.append(
                [
                    (centre[0] + (x - middle) * scale, baseline + (y - base) * scale)
                    for x, y in stroke
                ]
            )
    return strokes


@cache
def _capital_line() -> tuple[float, float]:
    """The baseline and a capital letter's height, in the font's own units."""
    ys = [y for stroke in _font().strokes_for_text("H") for _, y in stroke]
    return min(ys), max(ys) - min(ys)


def region_shapes(hexes: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The hexes dissolved into one shape per region, named by its seats' most common name.

    Args:
        hexes: hexagons with ``region_code`` and ``region`` (the region's name) per seat.

    Returns:
        Columns region_code, region, geometry; one row per region, by code.
    """
    rows = []
    for code, group in hexes.groupby("region_code", sort=True):
        shape = shapely.union_all(group.geometry.values, grid_size=_SNAP)
        name = group["region"].mode().iloc[0]
        rows.append({"region_code": code, "region": name, "geometry": shape})
    return gpd.GeoDataFrame(rows, geometry="geometry", crs=hexes.crs)


def _rings(shape) -> list:
    parts = getattr(shape, "geoms", [shape])
    return [ring for part in parts for ring in [part.exterior, *part.interiors]]


def _line_coordinates(polylines) -> tuple[list, list]:
    """Longitudes and latitudes of polylines, one trace's worth, split by None."""
    lon: list = []
    lat: list = []
    for line in polylines:
        for x, y in line:
            lon.append(round(x, DECIMALS))
            lat.append(round(y, DECIMALS))
        lon.append(None)
        lat.append(None)
    return lon, lat


def _label_point(shape) -> tuple[float, float]:
    """Well inside the region's largest part (not on a coast or a neighbour's edge)."""
    largest = max(getattr(shape, "geoms", [shape]), key=lambda part: part.area)
    point = polylabel(largest, tolerance=0.01)
    return point.x, point.y


@cache
def _traces_for(shapes: tuple[bytes, ...], codes: tuple, names: tuple) -> tuple[dict, ...]:
    hexes = gpd.GeoDataFrame(
        {"region_code": codes, "region": names}, geometry=list(shapely.from_wkb(shapes))
    )
    regions = region_shapes(hexes)
    outline_lon, outline_lat = _line_coordinates(
        [list(ring.coords) for shape in regions.geometry for ring in _rings(shape)]
    )
    strokes = [
        stroke
        for name, shape in zip(regions["region"], regions.geometry, strict=True)
        for stroke in text_strokes(str(name), _label_point(shape), LABEL_HEIGHT)
    ]
    # the font's curves have more points than a label this size needs
    simpler = [
        shapely.LineString(stroke).simplify(LABEL_HEIGHT * SIMPLIFY).coords
        for stroke in strokes
        if len(stroke) > 1
    ]
    label_lon, label_lat = _line_coordinates(simpler)
    lines = {"mode": "lines", "hoverinfo": "skip", "showlegend": False}
    return (
        {
            **lines,
            "lon": outline_lon,
            "lat": outline_lat,
            "name": "Region outlines",
            "line": {"width": 1.6, "color": OUTLINE_COLOUR},
        },
        {
            **lines,
            "lon": label_lon,
            "lat": label_lat,
            "name": "Region names (halo)",
            "line": {"width": 4, "color": HALO_COLOUR},
        },
        {
            **lines,
            "lon": label_lon,
            "lat": label_lat,
            "name": "Region names",
            "line": {"width": 1.3, "color": LABEL_COLOUR},
        },
    )


def hex_region_traces(hexes: gpd.GeoDataFrame, seats: pd.DataFrame) -> list[go.Scattermap]:
    """Outline and name each region on the hex map: line traces that take no hover or click.

    Args:
        hexes: the hex layout in map coordinates (``region_code`` per seat).
        seats: the seat table (the ``region`` name of each seat).

    Built once per layout and naming (cached on their values), so a rerun only copies them.
    """
    names = hexes["constituency_code"].map(seats.set_index("constituency_code")["region"])
    return [
        go.Scattermap(**spec)
        for spec in _traces_for(
            tuple(shapely.to_wkb(hexes.geometry.values)),
            tuple(hexes["region_code"]),
            tuple(names.fillna(hexes["region_code"])),
        )
    ]
