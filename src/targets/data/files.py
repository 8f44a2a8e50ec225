"""Writing files so a reader never sees half of one: a unique temporary name, fsync, rename."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO


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
