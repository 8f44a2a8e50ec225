"""Keeping endorsement data: save as ``data/candidates.csv`` or a named dataset, safely.

Every save keeps the previous file as a timestamped backup, writes the new file to a
temporary name in the same folder and renames it into place (so a reader never sees half a
file), and holds an exclusive lock (``fcntl.flock`` on a ``.lock`` file beside it) so two
sessions saving at the same moment cannot interleave their writes or lose a backup. Before
any of that, the bytes to be written are read back with the loader's own reader and rules:
a file that would not load again is refused, and the file on disk is left as it was.

Retention: the newest ``BACKUPS_KEPT`` backups of each dataset stay; older ones are deleted
as new ones are made. (The team workspace keeps its lists in the database, ``targets.store``;
these files are the seed and exchange format, and their backups seed a workspace's history.)
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from targets.data.candidates_file import checked_endorsements_csv
from targets.data.files import locked, write_atomically

DEFAULT_DATASET = "candidates"
BACKUP_FOLDER = "backups"
BACKUPS_KEPT = 50  # per dataset: the oldest go once there are more
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

    Raises:
        NotSavedError: the bytes about to be written would not load again (they are read
            back first: see ``checked_endorsements_csv``); nothing is written or backed up.
    """
    path = Path(path)
    payload = checked_endorsements_csv(frame)
    path.parent.mkdir(parents=True, exist_ok=True)
    with locked(path):
        backup = None
        if path.exists():
            backup = _backup_path(path, now or dt.datetime.now(dt.UTC))
            backup.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, backup)
        write_atomically(path, payload)
        _keep_newest(list_backups(path), BACKUPS_KEPT)
    return SavedDataset(path=path, backup=backup, rows=len(frame))


def _keep_newest(paths: list[Path], count: int) -> None:
    """Delete all but the newest ``count`` of time-stamped files (sorted oldest first)."""
    for old in paths[: max(len(paths) - count, 0)]:
        old.unlink(missing_ok=True)


def list_backups(path: Path) -> list[Path]:
    """The backups of a dataset file, oldest first."""
    path = Path(path)
    folder = path.parent / BACKUP_FOLDER
    return sorted(folder.glob(f"{path.stem}.*{path.suffix}"))
