"""Helpers for the storage tests: spare PostgreSQL databases, processes racing each other."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

WORKERS = Path(__file__).resolve().with_name("workers.py")


def race(folder: Path, action: str, runs: list[list[str]]) -> list[dict]:
    """Run ``workers.py ACTION URL FOLDER NAME ...`` for each of ``runs``; all go at once."""
    folder.mkdir(parents=True, exist_ok=True)
    processes = [
        subprocess.Popen(
            [sys.executable, str(WORKERS), action, run[0], str(folder), *run[1:]],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for run in runs
    ]
    deadline = time.monotonic() + 120
    while len(list(folder.glob("ready-*"))) < len(runs):
        if any(process.poll() is not None for process in processes) or time.monotonic() > deadline:
            break
        time.sleep(0.01)
    (folder / "go").write_text("go")
    results = []
    for process in processes:
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
        results.append(json.loads(out.strip().splitlines()[-1]))
    return results
