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
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from targets.data import sources
from targets.data.codepoint import NEAREST_LIMIT_M, PLACEMENTS, build_index_table, read_codepoint
from targets.data.files import locked, write_atomically
from targets.errors import DataError

INDEX_FORMAT = 1  # bump when the columns or the placement rules change
INDEX_NAME = "postcodes/postcode_index.parquet"
MANIFEST_NAME = "postcodes/postcode_index.json"


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
