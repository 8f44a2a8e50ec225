"""Code run in separate processes by the race tests (``python tests/store/workers.py ...``).

Each worker opens the database, says it is ready (a file), waits for the go file, then
does its one thing and prints the outcome as JSON on stdout.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path


def _wait_for_go(folder: Path, name: str) -> None:
    (folder / f"ready-{name}").write_text("ready")
    deadline = time.monotonic() + 60
    while not (folder / "go").exists():
        if time.monotonic() > deadline:
            raise SystemExit("no go signal")
        time.sleep(0.005)


def save(url: str, folder: str, name: str, based_on: str) -> dict:
    """Save a one-row list as ``name`` on ``based_on`` and report what happened."""
    import pandas as pd

    from targets.data.candidates_file import checked_endorsements_csv
    from targets.store import database, endorsement_lists

    engine = database.open_database(url)
    frame = pd.DataFrame(
        [
            {
                "constituency_code": "E14001300",
                "constituency_name": "Ilford North",
                "candidate_name": f"Candidate {name}",
                "party": "Independent",
                "group": "We Deserve Better",
                "stance": "support",
            }
        ]
    )
    checked_endorsements_csv(frame)  # warm up (imports) before the start line
    _wait_for_go(Path(folder), name)
    based = None if based_on == "none" else int(based_on)
    try:
        info = endorsement_lists.save_version(engine, frame, author=name, based_on=based)
    except endorsement_lists.ListChangedError as error:
        current = error.current.number if error.current else None
        return {"outcome": "changed", "current": current, "theirs": len(error.theirs)}
    return {"outcome": "saved", "number": info.number}


def seed(url: str, folder: str, name: str, csv_path: str, *backups: str) -> dict:
    """Seed the workspace and report how many versions this process made."""
    from targets.data.candidates_file import checked_endorsements_csv, read_endorsement_file
    from targets.store import database, endorsement_lists

    engine = database.open_database(url)
    checked_endorsements_csv(read_endorsement_file(Path(csv_path)))  # warm up first
    _wait_for_go(Path(folder), name)
    made = endorsement_lists.seed_workspace(engine, Path(csv_path), [Path(b) for b in backups])
    return {"outcome": "seeded", "made": len(made)}


if __name__ == "__main__":
    action, *arguments = sys.argv[1:]
    result = {"save": save, "seed": seed}[action](*arguments)
    print(json.dumps(result))
