"""Helpers for the storage tests: spare PostgreSQL databases, processes racing each other."""

from __future__ import annotations

import json
import secrets
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Engine, make_url

WORKERS = Path(__file__).resolve().with_name("workers.py")


def admin_engine(url: str) -> Engine:
    """An engine that can create and drop databases (no transaction around statements)."""
    return sa.create_engine(url, isolation_level="AUTOCOMMIT")


def empty_postgres_database(server_url: str) -> tuple[str, Callable[[], None]]:
    """Another fresh, empty database on the server (for migration tests) and its dropper."""
    name = f"targets_test_{secrets.token_hex(4)}"
    admin = admin_engine(server_url)
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()

    return make_url(server_url).set(database=name).render_as_string(hide_password=False), drop


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
