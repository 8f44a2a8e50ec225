"""Keeping endorsement data: save as ``data/candidates.csv`` or a named dataset, safely.

Every save keeps the previous file as a timestamped backup, writes the new file to a
temporary name in the same folder and renames it into place (so a reader never sees half a
file), and holds an exclusive lock (``fcntl.flock`` on a ``.lock`` file beside it) so two
sessions saving at the same moment cannot interleave their writes or lose a backup.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from targets.data.candidates_file import endorsements_csv
from targets.data.files import write_atomically

DEFAULT_DATASET = "candidates"
BACKUP_FOLDER = "backups"
_DATASET_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")


@dataclass(frozen=True)
class SavedDataset:
    """Where a save went: the file, the backup of the file it replaced, the row count."""

    path: Path
    backup: Path | None
    rows: int


def dataset_path(data_dir: Path, name: str | None = None) -> Path:
    """The file for a dataset: ``candidates.csv`` by default, else ``candidates-NAME.csv``.

    Raises:
        ValueError: the name is not lower-case letters, digits, '-' or '_' (so it can
            never point outside ``data_dir``).
    """
    if name is None or name == DEFAULT_DATASET:
        return Path(data_dir) / f"{DEFAULT_DATASET}.csv"
    slug = str(name).strip().lower().replace(" ", "-")
    if not _DATASET_NAME.match(slug):
        raise ValueError(
            f"dataset name {name!r} may use only letters, digits, '-' and '_' (64 at most)"
        )
    return Path(data_dir) / f"{DEFAULT_DATASET}-{slug}.csv"


def list_datasets(data_dir: Path) -> list[Path]:
    """Every saved endorsement dataset in ``data_dir``, the default first."""
    folder = Path(data_dir)
    default = folder / f"{DEFAULT_DATASET}.csv"
    named = sorted(folder.glob(f"{DEFAULT_DATASET}-*.csv"))
    return ([default] if default.exists() else []) + named


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock for ``path`` (on ``path.lock``) across processes."""
    lock_path = path.with_name(path.name + ".lock")
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with lock_path.open("a") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def _backup_path(path: Path, now: dt.datetime) -> Path:
    folder = path.parent / BACKUP_FOLDER
    stamp = now.strftime("%Y%m%dT%H%M%S.%fZ")
    candidate = folder / f"{path.stem}.{stamp}{path.suffix}"
    counter = 1
    while candidate.exists():
        candidate = folder / f"{path.stem}.{stamp}-{counter}{path.suffix}"
        counter += 1
    return candidate


def save_endorsements(
    frame: pd.DataFrame, path: Path, now: dt.datetime | None = None
) -> SavedDataset:
    """Save endorsements to ``path``, keeping any previous file as a timestamped backup.

    Args:
        frame: the cleaned endorsements (``targets.endorsements.ENDORSEMENT_COLUMNS``).
        path: where to save, e.g. ``dataset_path(data_dir)``.
        now: the time for the backup's name (UTC now by default).

    Returns:
        The saved file, the backup of the file it replaced (None if there was none) and
        how many rows were written.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = endorsements_csv(frame)
    with locked(path):
        backup = None
        if path.exists():
            backup = _backup_path(path, now or dt.datetime.now(dt.UTC))
            backup.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, backup)
        write_atomically(path, payload)
    return SavedDataset(path=path, backup=backup, rows=len(frame))


def list_backups(path: Path) -> list[Path]:
    """The backups of a dataset file, oldest first."""
    path = Path(path)
    folder = path.parent / BACKUP_FOLDER
    return sorted(folder.glob(f"{path.stem}.*{path.suffix}"))


def keep_upload(raw: bytes, filename: str, data_dir: Path, now: dt.datetime | None = None) -> Path:
    """Keep a copy of an uploaded file, as uploaded, in ``data_dir/uploads`` (time-stamped)."""
    folder = Path(data_dir) / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", Path(str(filename)).name).strip("._") or "upload"
    stamp = (now or dt.datetime.now(dt.UTC)).strftime("%Y%m%dT%H%M%S.%fZ")
    path = folder / f"{stamp}-{safe}"
    write_atomically(path, raw)
    return path
