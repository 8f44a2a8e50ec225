"""Map geometry: boundary layers turned into map features, and the close-up detail levels.

Shapes are prepared once per process (``prepare_layers``). With layer files served as static
files (``targets.views.map_files``) the seat maps name the file's address instead of
carrying shapes: the geographic views draw every seat from the 20 m layer (fetched once by
the browser), the hex view from the hex file. Without files (tests of figures alone) shapes
go inline: the 500 m layer nationally, close-ups from the 20 m layer at a detail level.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import shapely

from targets.data.boundaries import simplify_coverage

HEX_SPAN_DEGREES = 8.0  # the hex plane is drawn as a small patch of "degrees" at 0°, 0°
DETAIL_SEAT_LIMIT = 120  # at most this many matching seats: draw the generalised boundaries
# Close-up detail by the span of the view (degrees): (largest span, simplify tolerance in
# degrees, decimals kept). Measured to keep every region view under 600 KB of figure JSON.
DETAIL_LEVELS: tuple[tuple[float, float, int], ...] = (
    (1.2, 0.0004, 4),
    (3.5, 0.0015, 4),
    (math.inf, 0.006, 3),
)


def hex_as_lonlat(hexes: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Scale the hex plane into a small patch of pseudo-degrees so map traces can draw it."""
    minx, miny, maxx, maxy = hexes.total_bounds
    scale = HEX_SPAN_DEGREES / max(maxx - minx, maxy - miny)
    centre_x, centre_y = (minx + maxx) / 2, (miny + maxy) / 2
    moved = hexes.copy()
    moved["geometry"] = shapely.transform(
        hexes.geometry.values, lambda xy: (xy - [centre_x, centre_y]) * scale
    )
    return moved.set_crs("EPSG:4326", allow_override=True)


def detailed_features(detailed: gpd.GeoDataFrame, level: int) -> dict[str, dict]:
    """Generalised boundaries simplified together for a detail level (borders stay shared)."""
    _, tolerance, decimals = DETAIL_LEVELS[level]
    return layer_geojson(simplify_coverage(detailed, tolerance), decimals)


def detail_level(layer: gpd.GeoDataFrame, codes: list[str]) -> int:
    """Which of ``DETAIL_LEVELS`` suits a close-up on these seats."""
    minx, miny, maxx, maxy = layer[layer["constituency_code"].isin(codes)].total_bounds
    span = max(maxx - minx, maxy - miny)
    return next(i for i, (largest, _, _) in enumerate(DETAIL_LEVELS) if span <= largest)


def layer_geojson(layer: gpd.GeoDataFrame, decimals: int = 4) -> dict[str, dict]:
    """Compact GeoJSON features keyed by seat code: id only, coordinates rounded."""
    rounded = shapely.transform(layer.geometry.values, lambda xy: np.round(xy, decimals))
    features = {}
    for code, geometry in zip(layer["constituency_code"], rounded, strict=True):
        features[code] = {"type": "Feature", "id": code, "geometry": _array_geometry(geometry)}
    return features


def _array_geometry(geometry) -> dict:
    """GeoJSON geometry whose rings are numpy arrays: cheap for Plotly to copy per rerun."""

    def rings(polygon) -> list[np.ndarray]:
        return [shapely.get_coordinates(polygon.exterior)] + [
            shapely.get_coordinates(ring) for ring in polygon.interiors
        ]

    if geometry.geom_type == "Polygon":
        return {"type": "Polygon", "coordinates": rings(geometry)}
    return {"type": "MultiPolygon", "coordinates": [rings(part) for part in geometry.geoms]}


def choose_detail(matching_seats: int, total_seats: int) -> str:
    """Which boundaries to draw: "national" for the country, "detailed" for a close-up."""
    if 0 < matching_seats <= DETAIL_SEAT_LIMIT and matching_seats < total_seats:
        return "detailed"
    return "national"


def closeup_codes(national: gpd.GeoDataFrame, codes: list[str], margin: float = 0.25) -> list[str]:
    """The chosen seats and every seat that falls in the view around them."""
    chosen = national[national["constituency_code"].isin(codes)]
    minx, miny, maxx, maxy = chosen.total_bounds
    pad_x, pad_y = (maxx - minx) * margin + 0.05, (maxy - miny) * margin + 0.05
    around = national.cx[minx - pad_x : maxx + pad_x, miny - pad_y : maxy + pad_y]
    return sorted(set(around["constituency_code"]) | set(codes))


REGION_FILE_PREFIX = "region-"  # a region close-up's layer file: "region-E12000007" (London)


def region_views(national: gpd.GeoDataFrame, hexes: gpd.GeoDataFrame) -> dict[str, list[str]]:
    """Each region's close-up layer: its seats and every seat in the view around them.

    Any close-up on seats of one region shows a subset of these (its view lies inside the
    region's), so it can draw from that region's small file instead of the whole country's.
    Regions come from the hex layout's ``region_code``.
    """
    return {
        f"{REGION_FILE_PREFIX}{region}": closeup_codes(national, group.tolist())
        for region, group in hexes.groupby("region_code")["constituency_code"]
    }


def closeup_features(
    national: gpd.GeoDataFrame,
    national_features: dict[str, dict],
    detailed_features: dict[str, dict],
    codes: list[str],
    margin: float = 0.25,
) -> dict[str, dict]:
    """Features for a close-up: the chosen seats and their surroundings, in the same detail.

    Context seats (drawn grey) come from the same detailed layer as the chosen seats, so
    their borders meet without slivers, and only where they fall in the view.
    ``national_features`` is kept for callers; shapes missing from the detail use it.
    """
    around = closeup_codes(national, codes, margin)
    return {code: detailed_features.get(code) or national_features[code] for code in around}


@dataclass(frozen=True)
class GeometryUrl:
    """A layer file a map trace fetches by address, and the seats it holds."""

    url: str
    codes: frozenset[str]


@dataclass(frozen=True)
class MapLayers:
    """Prepared shapes for every map: built once per process and shared read-only."""

    national: gpd.GeoDataFrame
    national_features: dict[str, dict]
    hexes: gpd.GeoDataFrame
    hex_features: dict[str, dict]
    detailed: Callable[[int], dict[str, dict]]  # detail level -> features (cached by caller)
    urls: dict[str, str] = field(default_factory=dict)  # layer -> file address (map_files)
    label_points: dict[str, tuple[float, float]] = field(default_factory=dict)  # code -> lon, lat

    regions: dict[str, frozenset[str]] = field(default_factory=dict)  # region layer -> seats

    def closeup_geometry(self, in_view: list[str]) -> GeometryUrl | None:
        """The smallest layer file holding every seat in a close-up's view, 20 m detail.

        A region's file when the view lies in one region (London: a few hundred kilobytes),
        else the whole country's 20 m file; None without files.
        """
        wanted = set(in_view)
        holding = [layer for layer, codes in self.regions.items() if wanted <= codes]
        layer = min(holding, key=lambda name: len(self.regions[name]), default="detailed")
        if layer not in self.urls:
            return None
        return GeometryUrl(self.urls[layer], frozenset(in_view))

    def geometry(self, layer: str) -> GeometryUrl | None:
        """The layer's file address ("detailed", "national", "hex"), None without files."""
        if layer not in self.urls:
            return None
        codes = self.hexes if layer == "hex" else self.national
        return GeometryUrl(self.urls[layer], frozenset(codes["constituency_code"]))


def prepare_layers(
    national: gpd.GeoDataFrame,
    hexes: gpd.GeoDataFrame,
    detailed: Callable[[int], dict[str, dict]],
    urls: dict[str, str] | None = None,
    label_points: dict[str, tuple[float, float]] | None = None,
) -> MapLayers:
    """Turn loaded boundary layers into map-ready features (and the layer files' addresses)."""
    hexes = hex_as_lonlat(hexes)
    points = label_points or dict(
        zip(
            national["constituency_code"],
            map(tuple, shapely.get_coordinates(shapely.point_on_surface(national.geometry.values))),
            strict=True,
        )
    )
    urls = dict(urls or {})
    regions = {
        layer: frozenset(codes)
        for layer, codes in region_views(national, hexes).items()
        if layer in urls
    }
    return MapLayers(
        national,
        layer_geojson(national),
        hexes,
        layer_geojson(hexes),
        detailed,
        urls,
        points,
        regions,
    )
