"""``targets data fetch``: fetch and verify every data file into the ``data/`` cache."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from targets.cli import common
from targets.data import integrity, sources
from targets.seats import load_kept_seat_data
from targets.views import map_files


def register(commands: argparse._SubParsersAction) -> None:
    """Add ``data fetch``."""
    data = commands.add_parser("data", help="manage the data cache")
    actions = data.add_subparsers(dest="data_command", required=True, metavar="ACTION")
    fetch = actions.add_parser("fetch", help="fetch and verify every data file")
    fetch.set_defaults(handler=run_fetch)


def run_fetch(args: argparse.Namespace) -> int:
    """Fetch every source, saying where each came from."""

    def report(source: sources.DataSource, path: Path, origin: str) -> None:
        print(f"{source.path}: {origin} -> {path}", file=sys.stderr)

    sources.fetch_all(mirror=sources.mirror_dir(), progress=sys.stderr.isatty(), report=report)
    for line in integrity.check_fetched_data():
        print(f"checked: {line}", file=sys.stderr)
    # the map's geometry files, so the app's first visitor never waits for them
    for layer, name in map_files.prepare_map_files().items():
        print(f"map layer {layer}: static/maps/{name}", file=sys.stderr)
    # the seat tables joined from the published files and data/candidates.csv, likewise
    kept = load_kept_seat_data()
    print(f"seat data prepared: {len(kept.seats)} seats", file=sys.stderr)
    print("all data present and valid", file=sys.stderr)
    return common.EXIT_OK
