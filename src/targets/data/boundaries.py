"""Constituency shapes: ONS boundaries (two resolutions) and the equal-area hex layout."""

from __future__ import annotations

import json
import math
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely
from shapely.geometry import Polygon

from targets.data import sources
from targets.errors import DataError

WGS84 = "EPSG:4326"
HEX_SIZE = 1.0  # circumradius of one hex in the plain hex plane


class BoundaryMismatchError(DataError):
    """The boundary files do not hold the same constituency codes."""


def _keyed(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    frame = frame.rename(columns={"PCON24CD": "constituency_code", "PCON24NM": "constituency_name"})
    frame = frame[["constituency_code", "constituency_name", "geometry"]]
    if frame.crs is None:
        frame = frame.set_crs(WGS84)
    frame = frame.to_crs(WGS84)
    invalid = ~frame.is_valid
    if invalid.any():  # the generalised files carry self-touching rings; keep them polygonal
        frame.loc[invalid, "geometry"] = shapely.make_valid(
            frame.geometry.values[invalid.to_numpy()], method="structure", keep_collapsed=False
        )
    # RFC 7946 winding, after the repair (make_valid's rings come out clockwise): exterior
    # rings anticlockwise, holes clockwise.
    frame["geometry"] = orient_rfc7946(frame.geometry.values)
    return frame.sort_values("constituency_code").reset_index(drop=True)


def orient_rfc7946(geometries):
    """Polygons wound as RFC 7946 asks: exterior rings anticlockwise, holes clockwise."""
    return shapely.orient_polygons(geometries, exterior_cw=False)


def load_boundaries(detail: str = "national", path: Path | None = None) -> gpd.GeoDataFrame:
    """Constituency polygons in WGS84, keyed by ``constituency_code``.

    Args:
        detail: "national" for the ultra-generalised (500 m) GeoJSON, light enough to map
            all 650 seats; "detailed" for the generalised (20 m) TopoJSON, for close-ups.
        path: read this file instead of the cached source.
    """
    source = {"national": "boundaries_buc", "detailed": "boundaries_bgc"}[detail]
    path = path or sources.data_path(source)
    return _keyed(gpd.read_file(path))


def _hex_polygon(centre_x: float, centre_y: float, size: float = HEX_SIZE) -> Polygon:
    """A pointy-topped hexagon around a centre."""
    corners = [
        (
            centre_x + size * math.cos(math.radians(60 * i - 30)),
            centre_y + size * math.sin(math.radians(60 * i - 30)),
        )
        for i in range(6)
    ]
    return Polygon(corners)


def hex_centre(
    q: int, r: int, layout: str = "odd-r", size: float = HEX_SIZE
) -> tuple[float, float]:
    """Plane coordinates of a HexJSON cell; rows run upwards as ``r`` grows.

    Supports the row-offset layouts ("odd-r", "even-r") used by pointy-topped hexes.
    """
    width = math.sqrt(3) * size
    odd_row = r % 2 == 1
    shifted = odd_row if layout == "odd-r" else not odd_row
    if layout not in ("odd-r", "even-r"):
        raise ValueError(f"unsupported HexJSON layout {layout!r}")
    return q * width + (width / 2 if shifted else 0.0), r * 1.5 * size


def load_hex_layout(path: Path | None = None) -> gpd.GeoDataFrame:
    """The HexJSON cartogram as hexagon polygons in a plain plane (no CRS).

    Columns: constituency_code, constituency_name, region_code, q, r, geometry.
    """
    path = path or sources.data_path("hexjson")
    document = json.loads(Path(path).read_text(encoding="utf-8-sig"))
    layout = document.get("layout", "odd-r")
    rows = []
    for code, cell in document["hexes"].items():
        x, y = hex_centre(int(cell["q"]), int(cell["r"]), layout)
        rows.append(
            {
                "constituency_code": code,
                "constituency_name": cell.get("n", ""),
                "region_code": cell.get("region"),
                "q": int(cell["q"]),
                "r": int(cell["r"]),
                "geometry": _hex_polygon(x, y),
            }
        )
    frame = gpd.GeoDataFrame(rows, geometry="geometry", crs=None)
    return frame.sort_values("constituency_code").reset_index(drop=True)


def check_same_codes(**layers: pd.DataFrame) -> set[str]:
    """Check every layer holds the same constituency codes; returns the shared set.

    Raises:
        BoundaryMismatchError: naming, per layer, the codes it lacks or has extra.
    """
    code_sets = {name: set(frame["constituency_code"]) for name, frame in layers.items()}
    union = set().union(*code_sets.values())
    problems = []
    for name, codes in code_sets.items():
        missing = sorted(union - codes)
        if missing:
            problems.append(f"{name} lacks {', '.join(missing[:20])}")
    if problems:
        raise BoundaryMismatchError("Boundary layers disagree: " + "; ".join(problems))
    return union


def simplify_coverage(frame: gpd.GeoDataFrame, tolerance: float) -> gpd.GeoDataFrame:
    """Simplify polygons together so neighbouring seats keep sharing their borders."""
    simplified = frame.copy()
    simplified["geometry"] = shapely.coverage_simplify(frame.geometry.values, tolerance)
    return simplified
