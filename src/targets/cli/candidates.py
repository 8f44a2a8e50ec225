"""``targets candidates``: a campaigner's own candidate file, and the workspace's list versions.

``validate PATH`` prints the full report: exit 0 when every row imports, 1 when rows were
rejected or need confirmation, 2 when the file cannot be read at all.

``import PATH`` validates, then saves the cleaned rows (added to the current list, or
replacing it with ``--replace``) as a new version of the workspace's list in the database
(``TARGETS_DATABASE_URL``, else ``workspace.sqlite3`` in the data folder), printing what
changed. It refuses (exit 1) while any row is rejected or unconfirmed, unless
``--skip-rejected`` is given: then the rows not imported are written beside the input as
``NAME.rejected.csv``, with the reason for each.

``versions`` lists the list's versions, ``restore N`` makes version N current again (as a
new version), ``export [-o PATH]`` writes the current one as CSV. The first use of a list
seeds it from ``data/candidates.csv`` (``candidates-NAME.csv`` for ``--list NAME``) and its
CSV backups.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import pandas as pd

from targets import endorsements as endorsement_data
from targets.cli import workspace_lists
from targets.cli.common import UsageError
from targets.endorsements import STANCES
from targets.store import endorsement_lists as lists
from targets.uploads import reading
from targets.uploads import report as imports
from targets.views import export

EXIT_OK, EXIT_PROBLEMS, EXIT_UNREADABLE = 0, 1, 2


def _confirmation(text: str) -> tuple[int, str]:
    row, separator, code = text.partition("=")
    if not separator or not row.strip().isdigit() or not code.strip():
        raise argparse.ArgumentTypeError(f"{text!r} is not ROW=CODE, e.g. 3=E14001131")
    return int(row), code.strip().upper()


def _add_shared_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", type=Path, metavar="PATH", help="CSV or XLSX file")
    parser.add_argument("--group", help="campaign group for rows that have none")
    parser.add_argument(
        "--stance", choices=STANCES, help="stance for rows that have none (with --group)"
    )
    parser.add_argument(
        "--confirm",
        type=_confirmation,
        action="append",
        default=[],
        metavar="ROW=CODE",
        help="confirm the seat for a row that needs confirmation (repeatable)",
    )


def register(commands) -> None:
    """Add ``candidates validate|import|versions|restore|export`` to the ``targets`` CLI."""
    parser = commands.add_parser(
        "candidates", help="validate or import your own candidates and endorsements"
    )
    actions = parser.add_subparsers(dest="candidates_command", required=True, metavar="ACTION")

    validate = actions.add_parser(
        "validate", help="report on a file: exit 0 clean, 1 problems, 2 unreadable"
    )
    _add_shared_arguments(validate)
    validate.add_argument("--format", choices=("text", "json"), default="text")
    validate.set_defaults(handler=_validate)

    load = actions.add_parser("import", help="validate a file, then save it as our data")
    _add_shared_arguments(load)
    load.add_argument(
        "--skip-rejected",
        action="store_true",
        help="import the good rows; write the others beside PATH as NAME.rejected.csv",
    )
    load.add_argument(
        "--replace", action="store_true", help="replace the current list instead of adding to it"
    )
    load.add_argument("--note", default="", help="a note kept with the new version")
    workspace_lists.add_list_arguments(load, author=True)
    load.set_defaults(handler=_import)
    workspace_lists.register(actions)


def _reference() -> tuple[pd.Series, pd.DataFrame]:
    """Official seat names by code, and the party registry."""
    from targets.data import results
    from targets.parties import build_party_registry

    constituencies = results.load_constituency_results()
    registry = build_party_registry(results.load_candidate_results())
    return constituencies.set_index("constituency_code")["constituency_name"], registry


def _report(args: argparse.Namespace) -> imports.ImportReport:
    """Read, assign and check the file (raises UploadError, UsageError)."""
    if (args.group is None) != (args.stance is None):
        raise UsageError("--group and --stance go together: give both or neither")
    try:
        raw = args.path.read_bytes()
    except OSError as error:
        raise reading.UploadError(f"cannot open {args.path}: {error.strerror}") from None
    upload = reading.read_upload(raw, args.path.name)
    if args.group is not None:
        try:
            upload = reading.assign_group_stance(upload, args.group, args.stance, only_blank=True)
        except ValueError as error:
            raise UsageError(str(error)) from None
    seat_names, registry = _reference()
    return imports.build_import_report(upload, seat_names, registry, dict(args.confirm))


def _unreadable(args: argparse.Namespace, error: reading.UploadError) -> int:
    print(f"targets: cannot read {args.path}: {error}", file=sys.stderr)
    return EXIT_UNREADABLE


def _validate(args: argparse.Namespace) -> int:
    try:
        report = _report(args)
    except reading.UploadError as error:
        return _unreadable(args, error)
    if args.format == "json":
        sys.stdout.write(json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(imports.format_report(report, str(args.path)))
    return EXIT_OK if report.is_clean else EXIT_PROBLEMS


def _rejects_path(path: Path) -> Path:
    return path.with_name(f"{path.stem}.rejected.csv")


def _import(args: argparse.Namespace) -> int:
    try:
        report = _report(args)
    except reading.UploadError as error:
        return _unreadable(args, error)
    sys.stderr.write(imports.format_report(report, str(args.path)))
    if not report.is_clean and not args.skip_rejected:
        print(
            "targets: nothing saved: fix or confirm the rows above, "
            "or give --skip-rejected to import the rest",
            file=sys.stderr,
        )
        return EXIT_PROBLEMS
    if report.imported.empty:
        print("targets: nothing saved: no row could be imported", file=sys.stderr)
        return EXIT_PROBLEMS
    engine = workspace_lists.open_list(args)
    new = report.imported
    based_on = lists.current_version(engine, args.workspace, args.list)
    if not args.replace and based_on is not None:
        seat_names, registry = _reference()
        current, problems = endorsement_data.check_endorsements(
            lists.read_version(engine, based_on.number, args.workspace, args.list),
            seat_names,
            registry,
        )
        if problems:
            shown = "; ".join(str(problem) for problem in problems[:5])
            print(
                f"targets: nothing saved: the current version v{based_on.number} has problems "
                f"({shown}); give --replace to replace it, or restore a good version",
                file=sys.stderr,
            )
            return EXIT_PROBLEMS
        new = imports.merge_endorsements(current, new)
    saved = lists.save_version(
        engine,
        new,
        author=args.author,
        based_on=based_on.number if based_on is not None else None,
        note=args.note or f"imported from {args.path.name}",
        source="import",
        workspace=args.workspace,
        list_name=args.list,
    )
    print(
        f"saved {saved.describe()}: {saved.row_count} row(s) in {workspace_lists.where(args)}",
        file=sys.stderr,
    )
    if not report.is_clean:
        rejects = _rejects_path(args.path)
        rejects.write_bytes(export.export_table(report.not_imported, "csv"))
        skipped = len(report.rows) - len(report.imported)
        print(f"{skipped} row(s) not imported, with reasons, in {rejects}", file=sys.stderr)
    return EXIT_OK
