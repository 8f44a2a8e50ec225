"""Writing files so a reader never sees half of one: a unique temporary name, fsync, rename.

Also the lock that serialises writers of one file across processes, the clean-up of
temporary files an interrupted write left behind, and how a path is shown to people.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

TEMPORARY_SUFFIXES: tuple[str, ...] = (".part", ".download")
LEFTOVER_AGE_SECONDS = 3600  # younger temporary files may belong to a write in progress


@contextlib.contextmanager
def _temporary_beside(path: Path) -> Iterator[tuple[BinaryIO, Path]]:
    """A new temporary file in ``path``'s folder; renamed onto ``path`` if the block succeeds."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    temporary = Path(name)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            yield handle, temporary
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def write_atomically(path: Path, payload: bytes) -> None:
    """Write ``payload`` to ``path`` whole or not at all."""
    with _temporary_beside(Path(path)) as (handle, _):
        handle.write(payload)


def copy_atomically(source: Path, path: Path) -> None:
    """Copy the file ``source`` to ``path`` whole or not at all."""
    with _temporary_beside(Path(path)) as (handle, _), Path(source).open("rb") as original:
        shutil.copyfileobj(original, handle)


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock for ``path`` (on ``path.lock``) across processes."""
    lock_path = Path(path).with_name(Path(path).name + ".lock")
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with lock_path.open("a") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def remove_leftovers(folder: Path, older_than: float = LEFTOVER_AGE_SECONDS) -> list[Path]:
    """Delete temporary files (``.NAME.*.part``, ``.NAME.download``) an interrupted write left.

    Only files older than ``older_than`` seconds go, so a write in progress is left alone.
    Returns the files removed.
    """
    removed = []
    cutoff = time.time() - older_than
    for path in Path(folder).rglob(".*"):
        if not path.is_file() or not path.name.endswith(TEMPORARY_SUFFIXES):
            continue
        with contextlib.suppress(OSError):
            if path.stat().st_mtime < cutoff:
                path.unlink()
                removed.append(path)
    return removed


def shown_path(path: Path, folder: Path) -> str:
    """A path as people are shown it: relative to ``folder`` when inside it, else its name."""
    path = Path(path)
    try:
        return str(path.resolve().relative_to(Path(folder).resolve()))
    except ValueError:
        return path.name
