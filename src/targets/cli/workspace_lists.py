"""``targets candidates versions|restore|export``: the workspace's list, version by version.

Every command opens the workspace database (``TARGETS_DATABASE_URL``, else
``workspace.sqlite3`` in the data folder); the first use of a list seeds it from
``data/candidates.csv`` (``candidates-NAME.csv`` for ``--list NAME``) and its CSV backups.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from sqlalchemy.engine import Engine

from targets.cli.common import UsageError
from targets.data import saved_lists, sources
from targets.data.candidates_file import ENDORSEMENT_COLUMNS, checked_endorsements_csv
from targets.store import database
from targets.store import endorsement_lists as lists
from targets.store.workspaces import DEFAULT_WORKSPACE
from targets.views import export


def _default_author() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no user name in this environment
        return "cli"


def add_list_arguments(parser: argparse.ArgumentParser, author: bool = False) -> None:
    """``--workspace`` and ``--list`` (and ``--as`` for commands that save)."""
    parser.add_argument(
        "--workspace", default=DEFAULT_WORKSPACE, help=f"workspace (default {DEFAULT_WORKSPACE})"
    )
    parser.add_argument(
        "--list", default=lists.DEFAULT_LIST, help=f"list name (default {lists.DEFAULT_LIST})"
    )
    if author:
        parser.add_argument(
            "--as",
            dest="author",
            default=_default_author(),
            metavar="NAME",
            help="who is saving (default: your user name)",
        )


def register(actions) -> None:
    """Add ``versions``, ``restore`` and ``export`` under ``targets candidates``."""
    versions = actions.add_parser("versions", help="list every version of the workspace's list")
    add_list_arguments(versions)
    versions.set_defaults(handler=_versions)

    restore = actions.add_parser("restore", help="make version N current again, as a new version")
    restore.add_argument("number", type=int, metavar="N", help="the version to restore")
    add_list_arguments(restore, author=True)
    restore.set_defaults(handler=_restore)

    export = actions.add_parser("export", help="write the current list as CSV (stdout by default)")
    export.add_argument("-o", "--output", type=Path, metavar="PATH", help="write to PATH")
    export.add_argument("--version", type=int, metavar="N", help="a version other than the current")
    add_list_arguments(export)
    export.set_defaults(handler=_export)


def where(args: argparse.Namespace) -> str:
    """The list and workspace, as a person would say them."""
    return f"list {args.list!r} of workspace {args.workspace!r}"


def _seed_files(list_name: str) -> tuple[Path, list[Path]]:
    try:
        path = saved_lists.dataset_path(sources.data_dir(), list_name)
    except ValueError as error:
        raise UsageError(str(error)) from None
    return path, saved_lists.list_backups(path)


def open_list(args: argparse.Namespace) -> Engine:
    """The workspace database, the list seeded from its CSV and backups on first use."""
    if not str(args.workspace).strip() or not str(args.list).strip():
        raise UsageError("--workspace and --list must not be empty")
    path, backups = _seed_files(args.list)
    engine = database.open_database()
    made = lists.seed_workspace(engine, path, backups, args.workspace, args.list)
    if made:
        print(
            f"seeded {where(args)} from {path.name} and its backups: "
            f"{len(made)} version(s), v{made[-1].number} current",
            file=sys.stderr,
        )
    return engine


def _versions(args: argparse.Namespace) -> int:
    engine = open_list(args)
    found = lists.list_versions(engine, args.workspace, args.list)
    if not found:
        print(f"targets: {where(args)} has no version yet", file=sys.stderr)
    for version in found:
        extra = f" · {version.source}"
        if version.note:
            extra += f" · {version.note}"
        print(f"{version.describe()} · {version.row_count} row(s){extra}")
    return 0


def _restore(args: argparse.Namespace) -> int:
    engine = open_list(args)
    current = lists.current_version(engine, args.workspace, args.list)
    restored = lists.restore_version(
        engine,
        args.number,
        author=args.author,
        based_on=current.number if current is not None else None,
        workspace=args.workspace,
        list_name=args.list,
    )
    print(f"restored v{args.number} as {restored.describe()} in {where(args)}", file=sys.stderr)
    return 0


def _export(args: argparse.Namespace) -> int:
    engine = open_list(args)
    if args.version is None and lists.current_version(engine, args.workspace, args.list) is None:
        print(f"targets: {where(args)} has no version to export", file=sys.stderr)
        return 1
    frame = lists.read_version(engine, args.version, args.workspace, args.list)
    checked_endorsements_csv(frame)  # refuse rows that would not load again
    # formula-like text gets an apostrophe for spreadsheets; importing takes it off again
    payload = export.export_csv(frame[list(ENDORSEMENT_COLUMNS)])
    if args.output is None:
        sys.stdout.write(payload.decode("utf-8"))
    else:
        args.output.write_bytes(payload)
        print(f"wrote {len(frame)} row(s) to {args.output}", file=sys.stderr)
    return 0
