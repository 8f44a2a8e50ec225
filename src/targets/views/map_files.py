"""Map geometry as static files: sent once, cached by the browser, never resent on a rerun.

Each boundary layer is written as compact GeoJSON (each feature's ``id`` its seat code) to
``static/maps/`` beside ``app.py``, which Streamlit serves at ``app/static/maps/…``. A
file's name carries a hash of its content (``seats-detailed-1a2b3c4d5e6f.json``), so a new
build is never served stale from a browser's cache. ``manifest.json`` says which inputs the
files were built from; they are prepared by ``targets data fetch`` and, if missing, once
when the app starts, never on a person's click. The folder is derived data: git-ignored.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely

from targets.data import files, registry
from targets.data.boundaries import load_boundaries, load_hex_layout, simplify_coverage
from targets.data.sources import PROJECT_ROOT
from targets.views.map_layers import DETAIL_LEVELS, hex_as_lonlat, region_views

MAP_FOLDER = PROJECT_ROOT / "static" / "maps"
URL_PATH = "app/static/maps"  # relative, so it works under any server.baseUrlPath
MANIFEST = "manifest.json"
FORMAT_VERSION = 3  # 3: region close-up files
NATIONAL_DECIMALS = 3  # the 500 m layer: 3 decimals (about 100 m) are plenty
INPUTS = ("boundaries_buc", "boundaries_bgc", "hexjson")
# layer -> what it is; "detailed" is the 20 m layer at detail level 0
LAYERS: dict[str, str] = {
    "national": "500 m generalised boundaries (BUC), 3 decimals",
    "detailed": "20 m generalised boundaries (BGC), detail level 0",
    "level-1": "20 m boundaries simplified for detail level 1",
    "level-2": "20 m boundaries simplified for detail level 2",
    "hex": "equal-area hex layout",
    "style": "map style: a white background and no glyph server (names in the browser's font)",
}
# besides these, one "region-<region code>" file per region: its close-up view at 20 m
# (targets.views.map_layers.region_views)
# Plotly's white-bg without its glyphs address; served as a file because a style object in
# the figure loses its empty "sources" on the way to the browser and maplibre refuses it
BLANK_STYLE: dict = {
    "version": 8,
    "name": "white-bg",
    "sources": {},
    "layers": [{"id": "white-bg", "type": "background", "paint": {"background-color": "#FFFFFF"}}],
}


def inputs_stamp() -> str:
    """A digest of what the files are built from: the published files and these settings."""
    published = {name: registry.source_named(name).sha256 for name in INPUTS}
    settings = [FORMAT_VERSION, NATIONAL_DECIMALS, [list(level) for level in DETAIL_LEVELS]]
    text = json.dumps({"inputs": published, "settings": repr(settings)}, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


def geojson_bytes(layer: gpd.GeoDataFrame, decimals: int) -> bytes:
    """Compact GeoJSON: one feature per seat, ``id`` its code, coordinates rounded."""
    rounded = shapely.transform(layer.geometry.values, lambda xy: np.round(xy, decimals))
    parts = []
    for code, geometry in zip(layer["constituency_code"], rounded, strict=True):
        shape = json.dumps(shapely.geometry.mapping(geometry), separators=(",", ":"))
        parts.append(f'{{"type":"Feature","id":{json.dumps(code)},"geometry":{shape}}}')
    return ('{"type":"FeatureCollection","features":[' + ",".join(parts) + "]}").encode()


def build_layer_files(
    national: gpd.GeoDataFrame, detailed: gpd.GeoDataFrame, hexes: gpd.GeoDataFrame
) -> dict[str, bytes]:
    """Every layer's GeoJSON bytes (hexes as drawn: the plane scaled to pseudo-degrees)."""
    built = {
        "national": geojson_bytes(national, NATIONAL_DECIMALS),
        "hex": geojson_bytes(hex_as_lonlat(hexes), 4),
        "style": json.dumps(BLANK_STYLE, separators=(",", ":")).encode(),
    }
    levels = [simplify_coverage(detailed, tolerance) for _, tolerance, _ in DETAIL_LEVELS]
    for level, (shapes, (_, _, decimals)) in enumerate(zip(levels, DETAIL_LEVELS, strict=True)):
        built["detailed" if level == 0 else f"level-{level}"] = geojson_bytes(shapes, decimals)
    finest, decimals = levels[0], DETAIL_LEVELS[0][2]  # a region's file: the same shapes
    for name, codes in region_views(national, hexes).items():
        built[name] = geojson_bytes(finest[finest["constituency_code"].isin(codes)], decimals)
    return built


def file_name(layer: str, payload: bytes) -> str:
    """``seats-<layer>-<first 12 hex digits of the content's sha256>.json``."""
    return f"seats-{layer}-{hashlib.sha256(payload).hexdigest()[:12]}.json"


def read_manifest(folder: Path = MAP_FOLDER) -> dict:
    """The manifest, or an empty one when there is none (or it cannot be read)."""
    try:
        return json.loads((Path(folder) / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def current_files(folder: Path = MAP_FOLDER) -> dict[str, str] | None:
    """Each layer's file name, when all are there and built from today's inputs; else None."""
    manifest = read_manifest(folder)
    names = manifest.get("files", {})
    if manifest.get("stamp") != inputs_stamp() or not set(LAYERS) <= set(names):
        return None
    if not all((Path(folder) / name).is_file() for name in names.values()):
        return None
    return names


def label_points(detailed: gpd.GeoDataFrame) -> dict[str, list[float]]:
    """A point inside each seat's 20 m shape (where its name goes on a close-up): [lon, lat]."""
    points = shapely.point_on_surface(detailed.geometry.values)
    lonlat = np.round(shapely.get_coordinates(points), 4).tolist()
    return dict(zip(detailed["constituency_code"], lonlat, strict=True))


def write_layer_files(
    built: dict[str, bytes], folder: Path = MAP_FOLDER, labels: dict | None = None
) -> dict[str, str]:
    """Write each layer under its hashed name, then the manifest; older files are removed."""
    folder = Path(folder)
    names = {layer: file_name(layer, payload) for layer, payload in built.items()}
    for layer, payload in built.items():
        if not (folder / names[layer]).is_file():
            files.write_atomically(folder / names[layer], payload)
    manifest = {
        "stamp": inputs_stamp(),
        "files": names,
        "bytes": {layer: len(payload) for layer, payload in built.items()},
        "layers": LAYERS,
        "label_points": labels or {},
    }
    files.write_atomically(folder / MANIFEST, json.dumps(manifest, indent=2).encode())
    for old in folder.glob("seats-*.json"):
        if old.name not in names.values():
            old.unlink(missing_ok=True)
    return names


def prepare_map_files(
    folder: Path = MAP_FOLDER,
    load: Callable[[], tuple[gpd.GeoDataFrame, ...]] | None = None,
) -> dict[str, str]:
    """The layer files, built and written once if missing or stale: layer -> file name.

    Writers in several processes take turns (a lock on the manifest); whoever comes second
    finds the files ready.
    """
    names = current_files(folder)
    if names is not None:
        return names
    with files.locked(Path(folder) / MANIFEST):
        names = current_files(folder)
        if names is not None:
            return names
        national, detailed, hexes = load() if load else _load_layers()
        built = build_layer_files(national, detailed, hexes)
        return write_layer_files(built, folder, label_points(detailed))


def _load_layers() -> tuple[gpd.GeoDataFrame, ...]:
    return load_boundaries("national"), load_boundaries("detailed"), load_hex_layout()


def layer_url(name: str) -> str:
    """The address a map trace fetches a layer file from (relative to the page)."""
    return f"{URL_PATH}/{name}"


def read_features(name: str, folder: Path = MAP_FOLDER) -> dict[str, dict]:
    """A layer file's features keyed by seat code (rings as numpy arrays), for inline maps."""
    document = json.loads((Path(folder) / name).read_text(encoding="utf-8"))
    features = {}
    for feature in document["features"]:
        geometry = feature["geometry"]
        if geometry["type"] == "Polygon":
            rings = [np.asarray(ring) for ring in geometry["coordinates"]]
        else:
            rings = [[np.asarray(ring) for ring in part] for part in geometry["coordinates"]]
        features[feature["id"]] = {
            "type": "Feature",
            "id": feature["id"],
            "geometry": {"type": geometry["type"], "coordinates": rings},
        }
    return features
