"""OS Code-Point Open read from its zip, and every postcode placed in a seat.

Points are placed by point-in-polygon against the generalised (20 m) boundaries in
EPSG:27700; a point just outside every polygon goes to the nearest seat within
``NEAREST_LIMIT_M`` metres (see ``targets.data.postcodes`` for the placements).
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd

from targets.data.postcode_text import POSTCODE_PATTERN, postcode_keys
from targets.errors import DataError

BNG = "EPSG:27700"
WGS84 = "EPSG:4326"
NEAREST_LIMIT_M = 250.0
NO_COORDINATES_QUALITY = 90
PLACEMENTS: tuple[str, ...] = ("inside", "nearest", "outside", "no_location")
INSIDE, NEAREST, OUTSIDE, NO_LOCATION = range(4)
_CHUNK = 100_000


def _header(archive: zipfile.ZipFile) -> list[str]:
    doc = next((n for n in archive.namelist() if n.lower().endswith("column_headers.csv")), None)
    if doc is None:
        raise DataError("the Code-Point zip has no Doc/..._Column_Headers.csv")
    return [
        name.strip() for name in archive.read(doc).decode("utf-8-sig").splitlines()[0].split(",")
    ]


def read_codepoint(path: Path, progress: bool = False) -> tuple[pd.DataFrame, int]:
    """Every row of Code-Point Open that holds a postcode, and how many rows did not.

    Returns:
        A frame with ``postcode`` (normalised), ``quality``, ``easting``, ``northing``,
        ``country_code``, ``admin_district_code`` and ``admin_ward_code``; and the count of
        rows left out because their first cell is not a postcode (the copy in the mirror
        carries 3,780 such rows in ``Data/CSV/fake_ni.csv``).
    """
    from tqdm import tqdm

    frames, skipped = [], 0
    with zipfile.ZipFile(path) as archive:
        header = _header(archive)
        members = [
            n for n in archive.namelist() if n.startswith("Data/") and n.lower().endswith(".csv")
        ]
        wanted = {
            "Postcode": "postcode",
            "Positional_quality_indicator": "quality",
            "Eastings": "easting",
            "Northings": "northing",
            "Country_code": "country_code",
            "Admin_district_code": "admin_district_code",
            "Admin_ward_code": "admin_ward_code",
        }
        for name in tqdm(
            members, desc="reading Code-Point Open", unit="file", disable=not progress
        ):
            with archive.open(name) as member:
                frame = pd.read_csv(
                    io.BufferedReader(member),
                    header=None,
                    names=header,
                    usecols=list(wanted),
                    dtype=str,
                    keep_default_na=False,
                )
            frame = frame.rename(columns=wanted)
            compact = frame["postcode"].str.replace(r"\s+", "", regex=True).str.upper()
            postcodes = compact.str[:-3] + " " + compact.str[-3:]
            valid = postcodes.str.match(POSTCODE_PATTERN.pattern)
            skipped += int((~valid).sum())
            frame = frame[valid].assign(postcode=postcodes[valid])
            frames.append(frame)
    table = pd.concat(frames, ignore_index=True)
    for column in ("quality", "easting", "northing"):
        table[column] = pd.to_numeric(table[column], errors="coerce").fillna(0).astype("int32")
    for column in ("country_code", "admin_district_code", "admin_ward_code"):
        table[column] = table[column].astype("category")
    table = table.drop_duplicates("postcode").reset_index(drop=True)
    return table, skipped


# ---------------------------------------------------------------- placing postcodes


def place_points(
    easting: np.ndarray,
    northing: np.ndarray,
    polygons,
    progress: bool = False,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """The seat polygon each point falls in, else the nearest within ``NEAREST_LIMIT_M``.

    Args:
        easting: the points' eastings, in the polygons' CRS (metres).
        northing: their northings.
        polygons: shapely polygons (one per seat), in EPSG:27700.
        progress: show a progress bar on stderr.

    Returns:
        For each point the polygon's position (-1 for none), its placement (``INSIDE``,
        ``NEAREST`` or ``OUTSIDE``) and the distance to the seat in metres (0 inside); and
        how many points fell inside two polygons (where generalised borders overlap; the
        first by position is kept).
    """
    import shapely
    from tqdm import tqdm

    polygons = np.asarray(polygons)
    count = len(easting)
    points = shapely.points(easting, northing)
    # A tree of the points, queried by each (prepared) polygon: about 7 times faster than
    # a tree of polygons queried by each point.
    point_tree = shapely.STRtree(points)
    seat = np.full(count, -1, dtype=np.int32)
    overlaps = 0
    step = 10
    starts = range(0, len(polygons), step)
    for start in tqdm(
        starts, desc="placing postcodes in seats", unit="10 seats", disable=not progress
    ):
        found_seat, found_point = point_tree.query(
            polygons[start : start + step], predicate="contains"
        )
        found_seat = found_seat + start
        taken = seat[found_point] >= 0
        overlaps += int(taken.sum())
        fresh = ~taken
        # within one batch a point may be in two polygons: the first by position is kept
        unique_points, first = np.unique(found_point[fresh], return_index=True)
        overlaps += int(fresh.sum()) - len(unique_points)
        seat[unique_points] = found_seat[fresh][first]
    tree = shapely.STRtree(polygons)
    placement = np.where(seat >= 0, INSIDE, OUTSIDE).astype(np.int8)
    distance = np.zeros(count, dtype=np.float32)
    missing = np.flatnonzero(seat < 0)
    if len(missing):
        (near_point, near_seat), gap = tree.query_nearest(
            points[missing], max_distance=NEAREST_LIMIT_M, return_distance=True, all_matches=False
        )
        seat[missing[near_point]] = near_seat
        placement[missing[near_point]] = NEAREST
        distance[missing] = np.nan
        distance[missing[near_point]] = gap
    return seat, placement, distance, overlaps


def to_lonlat(easting: np.ndarray, northing: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """British National Grid metres to WGS84 longitude and latitude (pyproj)."""
    from pyproj import Transformer

    transformer = Transformer.from_crs(BNG, WGS84, always_xy=True)
    lon, lat = transformer.transform(easting.astype("float64"), northing.astype("float64"))
    return np.asarray(lon), np.asarray(lat)


def build_index_table(
    codepoint: pd.DataFrame, boundaries, progress: bool = False
) -> tuple[pd.DataFrame, dict]:
    """The index rows for Code-Point rows, placed in seats; and counts for the manifest.

    Args:
        codepoint: from :func:`read_codepoint`.
        boundaries: seat polygons keyed by ``constituency_code`` (any CRS; projected to
            EPSG:27700 here).
        progress: show a progress bar on stderr.
    """
    shapes = boundaries.to_crs(BNG).reset_index(drop=True)
    codes = shapes["constituency_code"].to_numpy()
    located = (codepoint["quality"] != NO_COORDINATES_QUALITY) & (codepoint["easting"] > 0)
    easting = codepoint["easting"].to_numpy()
    northing = codepoint["northing"].to_numpy()
    seat = np.full(len(codepoint), -1, dtype=np.int32)
    placement = np.full(len(codepoint), NO_LOCATION, dtype=np.int8)
    distance = np.full(len(codepoint), np.nan, dtype=np.float32)
    where = np.flatnonzero(located.to_numpy())
    seat[where], placement[where], distance[where], overlaps = place_points(
        easting[where], northing[where], shapes.geometry.values, progress
    )
    lon = np.full(len(codepoint), np.nan)
    lat = np.full(len(codepoint), np.nan)
    lon[where], lat[where] = to_lonlat(easting[where], northing[where])
    table = pd.DataFrame(
        {
            "key": postcode_keys(codepoint["postcode"]),
            "postcode": codepoint["postcode"].to_numpy(),
            "easting": easting.astype("int32"),
            "northing": northing.astype("int32"),
            "latitude": lat,
            "longitude": lon,
            "constituency_code": pd.Categorical.from_codes(
                seat, categories=pd.Index(codes, dtype=object)
            ),
            "placement": pd.Categorical.from_codes(placement, categories=list(PLACEMENTS)),
            "distance_to_seat_m": distance,
            "quality": codepoint["quality"].astype("int8").to_numpy(),
            "country_code": codepoint["country_code"].to_numpy(),
            "admin_district_code": codepoint["admin_district_code"].to_numpy(),
            "admin_ward_code": codepoint["admin_ward_code"].to_numpy(),
        }
    )
    table = table.sort_values("key", kind="stable").reset_index(drop=True)
    counts = {
        "postcodes": len(table),
        "inside": int((placement == INSIDE).sum()),
        "nearest": int((placement == NEAREST).sum()),
        "outside": int((placement == OUTSIDE).sum()),
        "no_location": int((placement == NO_LOCATION).sum()),
        "inside_two_polygons": overlaps,
    }
    return table, counts
