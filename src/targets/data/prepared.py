"""Tables prepared from the published files, kept on disk so a new server skips the work.

A new server's first visitor waited for every published CSV to be read, repaired and
joined (about a second and a half here). The prepared tables are written once as Parquet
in the data cache (``prepared/`` under :func:`targets.data.sources.data_dir`, git-ignored
like the rest) under a key made of everything they are built from: the published files'
checksums, the text of our own files read (such as ``data/candidates.csv``), the code of
the ``targets`` package and the versions of pandas and pyarrow. Change any of them and
the key changes, so a kept table is never stale; older keys are removed.

Parquet keeps each column's type; an index is written as columns and set again, because
Parquet would turn a ``string`` index into a ``str`` one (and an index may share its name
with a column: the party registry's does).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import shutil
import tempfile
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

import pandas as pd

from targets.data.sources import data_dir, source_named

FOLDER = "prepared"
_INDEX_NAMES = "index_names.json"
_PACKAGE = Path(__file__).resolve().parents[1]  # src/targets


def _code_digest() -> str:
    digest = hashlib.sha256()
    for path in sorted(_PACKAGE.rglob("*.py")):
        digest.update(path.relative_to(_PACKAGE).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def preparation_key(published: Iterable[str], own_files: Iterable[Path]) -> str:
    """A digest of what prepared tables are built from (see the module docstring)."""
    import pyarrow

    own = {}
    for path in own_files:
        own[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else ""
    text = json.dumps(
        {
            "published": {name: source_named(name).sha256 for name in sorted(published)},
            "own": own,
            "code": _code_digest(),
            "libraries": [pd.__version__, pyarrow.__version__],
        },
        sort_keys=True,
    )
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def kept_tables(
    name: str,
    key: str,
    prepare: Callable[[], Mapping[str, pd.DataFrame]],
    folder: Path | None = None,
) -> dict[str, pd.DataFrame]:
    """The tables ``prepare`` makes, read from disk when kept under ``key``, else made and kept.

    A folder that cannot be written (a read-only deployment) only means the tables are
    made again on the next start.
    """
    root = (folder or data_dir()) / FOLDER
    place = root / f"{name}-{key}"
    if place.is_dir():
        try:
            return _read(place)
        except (OSError, ValueError, KeyError):  # half-removed or foreign: make it again
            shutil.rmtree(place, ignore_errors=True)
    tables = dict(prepare())
    with contextlib.suppress(OSError):
        _write(root, place, tables)
    return tables


def _read(place: Path) -> dict[str, pd.DataFrame]:
    index_names = json.loads((place / _INDEX_NAMES).read_text())
    tables = {}
    for table, names in index_names.items():
        frame = pd.read_parquet(place / f"{table}.parquet")
        if names:
            columns = [_index_column(level) for level in range(len(names))]
            frame = frame.set_index(columns)
            frame.index.names = names
        tables[table] = frame
    return tables


def _index_column(level: int) -> str:
    return f"__index_level_{level}__"  # never one of ours: an index named like a column


def _write(root: Path, place: Path, tables: Mapping[str, pd.DataFrame]) -> None:
    root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=root, prefix=".writing-"))
    try:
        index_names = {}
        for table, frame in tables.items():
            plain = isinstance(frame.index, pd.RangeIndex) and frame.index.name is None
            index_names[table] = [] if plain else list(frame.index.names)
            if not plain:
                levels = [_index_column(level) for level in range(frame.index.nlevels)]
                frame = frame.rename_axis(levels).reset_index()
            frame.to_parquet(staging / f"{table}.parquet", index=False)
        (staging / _INDEX_NAMES).write_text(json.dumps(index_names))
        for older in root.glob(f"{place.name.rsplit('-', 1)[0]}-*"):
            if older != place:
                shutil.rmtree(older, ignore_errors=True)
        staging.rename(place)  # all at once; another process that got there first wins
    finally:
        shutil.rmtree(staging, ignore_errors=True)
