"""The postcode index: OS Code-Point Open read from its zip, each postcode placed in a seat.

Built once into the data cache (``data/postcodes/postcode_index.parquet``, with
``postcode_index.json`` beside it recording what it was built from) and rebuilt when the
Code-Point zip, the boundaries or this module's format change. For every postcode in the
zip it holds the British National Grid easting/northing, latitude/longitude (pyproj,
EPSG:27700 -> EPSG:4326) and the July 2024 seat (PCON24CD) found by point-in-polygon
against the generalised (20 m) boundaries, in EPSG:27700.

How each postcode was placed (``placement``):

- ``inside``: the point is inside the seat's polygon;
- ``nearest``: the point is just outside every polygon (a generalised coastline or a
  sliver between two seats): it goes to the nearest seat within ``NEAREST_LIMIT_M``
  metres, and ``distance_to_seat_m`` says how far;
- ``outside``: farther than that from every seat (no seat is given);
- ``no_location``: Code-Point gives the postcode no coordinates (quality 90, easting 0).

Lookups go through :class:`PostcodeIndex`: each postcode as an int64 key (7 symbols in
base 37), sorted, so one lookup is a binary search and a batch is one ``searchsorted``.
The index holds no personal data: it is built from the published file only.
"""

from __future__ import annotations

import io
import json
import re
import time
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from targets.data import sources
from targets.data.files import locked, write_atomically
from targets.errors import DataError

INDEX_FORMAT = 1  # bump when the columns or the placement rules change
INDEX_NAME = "postcodes/postcode_index.parquet"
MANIFEST_NAME = "postcodes/postcode_index.json"
BNG = "EPSG:27700"
WGS84 = "EPSG:4326"
NEAREST_LIMIT_M = 250.0
NO_COORDINATES_QUALITY = 90
PLACEMENTS: tuple[str, ...] = ("inside", "nearest", "outside", "no_location")
INSIDE, NEAREST, OUTSIDE, NO_LOCATION = range(4)
_CHUNK = 100_000

# The pattern of a full UK postcode (the outward code, a space, the inward code), after
# upper-casing and putting one space before the last three characters. Letters that are
# never used in a position are left out, as in the government's data standard.
POSTCODE_PATTERN = re.compile(
    r"^(?:GIR 0AA|"
    r"(?:[A-PR-UWYZ][0-9][0-9]?"  # A9, A99
    r"|[A-PR-UWYZ][A-HK-Y][0-9][0-9]?"  # AA9, AA99
    r"|[A-PR-UWYZ][0-9][A-HJKPSTUW]"  # A9A
    r"|[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY])"  # AA9A
    r" [0-9][ABD-HJLNP-UW-Z]{2})$"
)
_WHITESPACE = re.compile(r"\s+")
_SYMBOLS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_SYMBOL_VALUE = np.zeros(256, dtype=np.int64)
for _value, _char in enumerate(_SYMBOLS, start=1):
    _SYMBOL_VALUE[ord(_char)] = _value


def normalise_postcode(text: object) -> str:
    """A postcode as the index spells it: upper case, one space before the last three.

    Whatever is typed ("ig11ag", " IG1  1AG ") comes out the same ("IG1 1AG"). Text too
    short to hold an inward code comes back upper-cased with its spaces removed.
    """
    compact = _WHITESPACE.sub("", str(text)).upper()
    if len(compact) < 5:
        return compact
    return f"{compact[:-3]} {compact[-3:]}"


def is_postcode(normalised: str) -> bool:
    """Whether a normalised postcode has the form of a real one (not whether it exists)."""
    return POSTCODE_PATTERN.match(normalised) is not None


def postcode_keys(normalised: Iterable[str]) -> np.ndarray:
    """Int64 keys for normalised postcodes: the outward code padded to 4, then the inward.

    Each of the 7 symbols is a base-37 digit (0 pads, 1-10 digits, 11-36 letters), so keys
    sort and compare as the postcodes do. Text that is not a postcode gets some key too:
    check :func:`is_postcode` first.
    """
    padded = [_pad(code) for code in normalised]
    if not padded:
        return np.zeros(0, dtype=np.int64)
    raw = np.frombuffer("".join(padded).encode("ascii", "replace"), dtype=np.uint8)
    digits = _SYMBOL_VALUE[raw.reshape(-1, 7)]
    weights = 37 ** np.arange(6, -1, -1, dtype=np.int64)
    return digits @ weights


def _pad(code: str) -> str:
    outward, _, inward = code.partition(" ")
    return (outward[:4].ljust(4, "\0") + inward[:3].ljust(3, "\0"))[:7]


# ---------------------------------------------------------------- reading the zip


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


# ---------------------------------------------------------------- the cached index


def index_path(cache: Path | None = None) -> Path:
    """Where the built index lives in the data cache."""
    return (cache or sources.data_dir()) / INDEX_NAME


def _manifest_path(cache: Path | None = None) -> Path:
    return (cache or sources.data_dir()) / MANIFEST_NAME


def _wanted_stamp(zip_path: Path, boundaries_path: Path) -> dict:
    return {
        "format": INDEX_FORMAT,
        "source_sha256": sources.sha256_of(zip_path),
        "boundaries_sha256": sources.sha256_of(boundaries_path),
    }


def read_manifest(cache: Path | None = None) -> dict:
    """What the built index records about itself ({} when there is none)."""
    try:
        return json.loads(_manifest_path(cache).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _is_current(stamp: dict, cache: Path | None) -> bool:
    manifest = read_manifest(cache)
    recorded = {key: manifest.get(key) for key in stamp}
    return recorded == stamp and index_path(cache).is_file()


def ensure_index(
    cache: Path | None = None,
    progress: bool = False,
    report: Callable[[str], None] | None = None,
) -> Path:
    """The built index's path, building it first if it is missing or out of date.

    Out of date: the Code-Point zip or the boundaries file is not the one it was built
    from (by sha256), or the index format changed. Two processes asking at once build it
    once (a lock); the file is written whole or not at all.
    """
    zip_path = sources.data_path("postcodes")
    boundaries_path = sources.data_path("boundaries_bgc")
    stamp = _wanted_stamp(zip_path, boundaries_path)
    if _is_current(stamp, cache):
        return index_path(cache)
    with locked(index_path(cache)):
        if _is_current(stamp, cache):
            return index_path(cache)
        build_index(zip_path, cache, stamp, progress=progress, report=report)
    return index_path(cache)


def build_index(
    zip_path: Path,
    cache: Path | None,
    stamp: dict,
    progress: bool = False,
    report: Callable[[str], None] | None = None,
) -> dict:
    """Build the index from the zip into the cache; returns the manifest written."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from targets.data.boundaries import load_boundaries

    started = time.perf_counter()
    codepoint, skipped = read_codepoint(zip_path, progress)
    table, counts = build_index_table(codepoint, load_boundaries("detailed"), progress)
    buffer = io.BytesIO()
    pq.write_table(pa.Table.from_pandas(table, preserve_index=False), buffer, compression="zstd")
    payload = buffer.getvalue()
    write_atomically(index_path(cache), payload)
    manifest = {
        **stamp,
        "rows_not_postcodes": skipped,
        **counts,
        "nearest_limit_m": NEAREST_LIMIT_M,
        "build_seconds": round(time.perf_counter() - started, 1),
        "bytes": len(payload),
        "built_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }
    write_atomically(_manifest_path(cache), json.dumps(manifest, indent=2).encode("utf-8"))
    if report:
        report(
            f"built the postcode index: {counts['postcodes']:,} postcodes in "
            f"{manifest['build_seconds']} s, {len(payload) / 2**20:.1f} MiB on disk"
        )
    return manifest


@dataclass(frozen=True)
class PostcodeIndex:
    """Every postcode's place, as arrays sorted by key (see :func:`postcode_keys`)."""

    keys: np.ndarray  # int64, sorted
    easting: np.ndarray  # int32, BNG metres
    northing: np.ndarray
    latitude: np.ndarray  # float64, NaN where no location
    longitude: np.ndarray
    seat: np.ndarray  # int16: position in seat_codes, -1 for none
    placement: np.ndarray  # int8: position in PLACEMENTS
    distance_to_seat_m: np.ndarray  # float32: 0 inside, the gap for "nearest"
    seat_codes: tuple[str, ...]
    manifest: dict = field(default_factory=dict)

    def find(self, keys: np.ndarray) -> np.ndarray:
        """Each key's row, -1 where the index does not hold it."""
        keys = np.asarray(keys, dtype=np.int64)
        rows = np.searchsorted(self.keys, keys)
        rows = np.minimum(rows, len(self.keys) - 1)
        return np.where(self.keys[rows] == keys, rows, -1)

    @property
    def nbytes(self) -> int:
        """The memory the arrays hold."""
        arrays = (
            self.keys,
            self.easting,
            self.northing,
            self.latitude,
            self.longitude,
            self.seat,
            self.placement,
            self.distance_to_seat_m,
        )
        return int(sum(array.nbytes for array in arrays))

    def __len__(self) -> int:
        return len(self.keys)


LOOKUP_COLUMNS: tuple[str, ...] = (
    "key",
    "easting",
    "northing",
    "latitude",
    "longitude",
    "constituency_code",
    "placement",
    "distance_to_seat_m",
)


def read_index(path: Path, manifest: dict | None = None) -> PostcodeIndex:
    """Load a built index file into memory (only the columns lookups need)."""
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(path, columns=list(LOOKUP_COLUMNS))
    except (OSError, ValueError) as error:
        raise DataError(
            f"the postcode index cannot be read ({error}): delete it to rebuild"
        ) from None
    seats = table.column("constituency_code").combine_chunks()
    placement = table.column("placement").combine_chunks()
    seat_codes = tuple(seats.dictionary.to_pylist())
    seat = seats.indices.to_numpy(zero_copy_only=False)
    seat = np.where(seats.is_null().to_numpy(zero_copy_only=False), -1, seat).astype(np.int16)
    order = {name: i for i, name in enumerate(PLACEMENTS)}
    recode = np.array([order[name] for name in placement.dictionary.to_pylist()], dtype=np.int8)
    return PostcodeIndex(
        keys=table.column("key").to_numpy(),
        easting=table.column("easting").to_numpy(),
        northing=table.column("northing").to_numpy(),
        latitude=table.column("latitude").to_numpy(),
        longitude=table.column("longitude").to_numpy(),
        seat=seat,
        placement=recode[placement.indices.to_numpy(zero_copy_only=False)],
        distance_to_seat_m=table.column("distance_to_seat_m").to_numpy(zero_copy_only=False),
        seat_codes=seat_codes,
        manifest=manifest or {},
    )


def load_postcode_index(progress: bool = False, report=None) -> PostcodeIndex:
    """The postcode index, built first if needed (see :func:`ensure_index`)."""
    path = ensure_index(progress=progress, report=report)
    return read_index(path, read_manifest())


def read_index_frame(columns: list[str] | None = None) -> pd.DataFrame:
    """The built index as a DataFrame (for checks and benchmarks), building it if needed."""
    import pyarrow.parquet as pq

    return pq.read_table(ensure_index(), columns=columns).to_pandas()
