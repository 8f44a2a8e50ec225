"""The one registry of data sources, and the one fetcher that fills the data cache.

Source order for every file: the cache (``data/``) if it is already valid, then the folder
named by ``TARGETS_DATA_MIRROR`` (checked against the published sha256), then the official
source over HTTPS (checked by content, since upstream bytes may change). Nothing is ever
half-written into the cache: files land in a temporary name and are renamed into place.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path

from targets.data.files import copy_atomically, locked, remove_leftovers, write_atomically
from targets.data.registry import (
    MEMBERS_AS_OF,  # noqa: F401  (re-exported: sources.MEMBERS_AS_OF)
    SOURCES,
    DataSource,
    source_named,
)
from targets.errors import DataError

PROJECT_ROOT = Path(__file__).resolve().parents[3]
MIRROR_ENV = "TARGETS_DATA_MIRROR"
DATA_DIR_ENV = "TARGETS_DATA_DIR"


def data_dir() -> Path:
    """The data cache folder: ``TARGETS_DATA_DIR`` if set, else ``data/`` in the project."""
    return Path(os.environ.get(DATA_DIR_ENV) or PROJECT_ROOT / "data")


def mirror_dir() -> Path | None:
    """The local mirror named by ``TARGETS_DATA_MIRROR``, if set."""
    value = os.environ.get(MIRROR_ENV)
    return Path(value).expanduser().resolve() if value else None


def sha256_of(path: Path) -> str:
    """Hex sha256 of a file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# ---------------------------------------------------------------- content validation


def _codes_in_csv(text: str, source: DataSource) -> list[str]:
    lines = text.splitlines()
    start = next(
        (i for i, line in enumerate(lines) if line.lstrip('\ufeff"').startswith(source.header)),
        None,
    )
    if start is None:
        raise DataError(f"{source.path}: no header row starting with {source.header!r}")
    reader = csv.DictReader(io.StringIO("\n".join(lines[start:])))
    header = [name.strip().lstrip("\ufeff") for name in reader.fieldnames or []]
    missing = [column for column in source.required_columns if column not in header]
    if missing:
        raise DataError(f"{source.path}: missing columns {', '.join(missing)}")
    reader.fieldnames = header
    return [row[source.code_field].strip() for row in reader if row.get(source.code_field)]


def _codes_in_json(text: str, source: DataSource) -> list[str]:
    document = json.loads(text)
    if source.kind == "hexjson":
        return list(document["hexes"])
    if source.kind == "topojson":
        objects = document["objects"].values()
        geometries = [geom for obj in objects for geom in obj.get("geometries", [])]
    else:
        geometries = document["features"]
    return [geom["properties"][source.code_field] for geom in geometries]


def _check_codepoint_zip(path: Path, source: DataSource) -> None:
    """A Code-Point Open zip: the column headers in Doc/, at least ``min_rows`` data rows."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
            doc = next((n for n in names if n.lower().endswith("column_headers.csv")), None)
            if doc is None:
                raise DataError(f"{source.path}: no Doc/..._Column_Headers.csv in the zip")
            header = archive.read(doc).decode("utf-8-sig").splitlines()[0].split(",")
            missing = [c for c in source.required_columns if c not in header]
            if missing:
                raise DataError(f"{source.path}: the header lacks {', '.join(missing)}")
            rows = 0
            for name in names:
                if name.startswith("Data/") and name.lower().endswith(".csv"):
                    with archive.open(name) as member:
                        rows += sum(1 for _ in member)
    except (zipfile.BadZipFile, OSError, UnicodeDecodeError) as error:
        raise DataError(f"{source.path}: not a readable zip ({error})") from None
    if rows < source.min_rows:
        raise DataError(
            f"{source.path}: expected at least {source.min_rows:,} rows, found {rows:,}"
        )


def validate_content(path: Path, source: DataSource) -> None:
    """Check a fetched file by content: it parses and holds 650 distinct seat codes.

    A file not keyed by seat (the polls) must hold at least ``min_rows`` rows instead.

    Raises:
        DataError: naming the file and what is wrong with it.
    """
    if source.kind == "zip":
        return _check_codepoint_zip(path, source)
    try:
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = raw.decode("cp1252")
        if source.kind == "csv":
            codes = _codes_in_csv(text, source)
        else:
            codes = _codes_in_json(text, source)
    except DataError:
        raise
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise DataError(
            f"{source.path}: cannot be read ({type(error).__name__}: {error})"
        ) from None
    if source.expected_codes is None:
        if len(codes) < source.min_rows:
            raise DataError(
                f"{source.path}: expected at least {source.min_rows} rows, found {len(codes)}"
            )
    elif len(set(codes)) != source.expected_codes:
        raise DataError(
            f"{source.path}: expected {source.expected_codes} distinct constituency codes, "
            f"found {len(set(codes))}"
        )


MANIFEST = ".fetched.json"  # in the cache: each file's sha256 when it was fetched


def _manifest(cache: Path) -> dict[str, str]:
    try:
        return json.loads((cache / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _record_fetched(cache: Path, source: DataSource, digest: str) -> None:
    """Remember the sha256 of the bytes fetched, so later loads trust exactly those."""
    with locked(cache / MANIFEST):
        manifest = _manifest(cache) | {source.path: digest}
        payload = json.dumps(manifest, indent=2, sort_keys=True).encode()
        write_atomically(cache / MANIFEST, payload)


def _is_valid_cached(path: Path, source: DataSource, cache: Path) -> bool:
    """Whether the cached file holds exactly the bytes that were fetched and checked."""
    if not path.is_file():
        return False
    digest = sha256_of(path)
    return digest == source.sha256 or digest == _manifest(cache).get(source.path)


# ---------------------------------------------------------------- fetching


def _from_mirror(source: DataSource, mirror: Path, dest: Path) -> bool:
    if not mirror.is_dir():
        raise DataError(f"{MIRROR_ENV} is set to {mirror}, which is not a folder.")
    candidate = mirror / source.path
    if not candidate.is_file():
        return False
    actual = sha256_of(candidate)
    if actual != source.sha256:
        raise DataError(
            f"Refusing {candidate}: its sha256 is {actual}, expected {source.sha256} "
            "(the file is corrupted or truncated). Restore it from the official source: "
            f"{source.url}"
        )
    copy_atomically(candidate, dest)
    return True


def _download(source: DataSource, dest: Path, progress: bool) -> None:
    import pooch  # imported here: only the network path needs it

    dest.parent.mkdir(parents=True, exist_ok=True)
    temp_name = f".{dest.name}.download"
    temp_path = dest.parent / temp_name
    temp_path.unlink(missing_ok=True)
    try:
        pooch.retrieve(
            source.url,
            known_hash=None,
            fname=temp_name,
            path=dest.parent,
            progressbar=progress,
        )
        validate_content(temp_path, source)
        os.replace(temp_path, dest)
    except DataError:
        raise
    except Exception as error:  # noqa: BLE001 - any network failure becomes one clear message
        raise DataError(
            f"Could not download {source.path} from {source.url} "
            f"({type(error).__name__}: {error}).\n"
            f"Without internet, point {MIRROR_ENV} at a folder holding a copy of the data, "
            f"e.g. export {MIRROR_ENV}=../shared/data"
        ) from None
    finally:
        temp_path.unlink(missing_ok=True)


def fetch_source(
    source: DataSource,
    *,
    cache: Path | None = None,
    mirror: Path | None = None,
    allow_network: bool = True,
    progress: bool = False,
) -> tuple[Path, str]:
    """Make one source present and valid in the cache.

    Returns:
        The cached path and where it came from: "cache", "mirror" or "download".

    Raises:
        DataError: the mirror copy is corrupted, or the file could not be had at all.
    """
    cache = cache or data_dir()
    dest = cache / source.path
    if _is_valid_cached(dest, source, cache):
        return dest, "cache"
    try:
        if mirror is not None and _from_mirror(source, mirror, dest):
            _record_fetched(cache, source, source.sha256)
            return dest, "mirror"
        if not allow_network:
            where = f"in the mirror {mirror}" if mirror else f"({MIRROR_ENV} is not set)"
            raise DataError(
                f"{source.path} is not in the cache and not available {where}; "
                f"set {MIRROR_ENV} to a folder holding the data."
            )
        _download(source, dest, progress)
        _record_fetched(cache, source, sha256_of(dest))
    except OSError as error:
        problem = "a folder is in the way" if dest.is_dir() else error.strerror or str(error)
        raise DataError(
            f"Cannot write {source.path} into the data folder {cache}: {problem}. "
            f"Make the folder writable, or point {DATA_DIR_ENV} at one that is."
        ) from None
    return dest, "download"


def fetch_all(
    sources: Iterable[DataSource] = SOURCES,
    *,
    cache: Path | None = None,
    mirror: Path | None = None,
    allow_network: bool = True,
    progress: bool = False,
    report: Callable[[DataSource, Path, str], None] | None = None,
) -> dict[str, Path]:
    """Fetch every source into the cache; returns name -> cached path.

    Pass ``mirror=mirror_dir()`` to honour ``TARGETS_DATA_MIRROR``.
    """
    remove_leftovers(cache or data_dir())
    paths: dict[str, Path] = {}
    for source in sources:
        path, origin = fetch_source(
            source, cache=cache, mirror=mirror, allow_network=allow_network, progress=progress
        )
        paths[source.name] = path
        if report:
            report(source, path, origin)
    return paths


def data_path(name: str) -> Path:
    """The cached path of a source, fetching it first if needed."""
    source = source_named(name)
    path, _ = fetch_source(source, mirror=mirror_dir())
    return path
