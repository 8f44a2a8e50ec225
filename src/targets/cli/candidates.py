"""``targets candidates validate|import``: bring in a campaigner's own candidate file.

``validate PATH`` prints the full report: exit 0 when every row imports, 1 when rows were
rejected or need confirmation, 2 when the file cannot be read at all.

``import PATH`` validates, then saves the cleaned rows (added to the current data, or
replacing it with ``--replace``) as ``data/candidates.csv`` or a named dataset, keeping the
previous file as a backup. It refuses (exit 1) while any row is rejected or unconfirmed,
unless ``--skip-rejected`` is given: then the rows not imported are written beside the
input as ``NAME.rejected.csv``, with the reason for each.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import pandas as pd

from targets import endorsements as endorsement_data
from targets.cli.common import UsageError
from targets.data import saved_lists as storage
from targets.data import sources
from targets.endorsements import STANCES
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
    """Add ``candidates validate`` and ``candidates import`` to the ``targets`` CLI."""
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
    target = load.add_mutually_exclusive_group()
    target.add_argument("--dataset", help="save as data/candidates-NAME.csv")
    target.add_argument("--to", type=Path, metavar="FILE", help="save to FILE")
    load.add_argument(
        "--replace", action="store_true", help="replace the saved data instead of adding to it"
    )
    load.set_defaults(handler=_import)


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


def _target_path(args: argparse.Namespace) -> Path:
    if args.to is not None:
        return args.to
    try:
        return storage.dataset_path(sources.data_dir(), args.dataset)
    except ValueError as error:
        raise UsageError(str(error)) from None


def _rejects_path(path: Path) -> Path:
    return path.with_name(f"{path.stem}.rejected.csv")


def _import(args: argparse.Namespace) -> int:
    try:
        report = _report(args)
    except reading.UploadError as error:
        return _unreadable(args, error)
    target = _target_path(args)
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
    new = report.imported
    if not args.replace and target.exists():
        seat_names, registry = _reference()
        current = endorsement_data.load_endorsements(seat_names, registry, target)
        new = imports.merge_endorsements(current, new)
    saved = storage.save_endorsements(new, target)
    print(f"saved {saved.rows} row(s) to {saved.path}", file=sys.stderr)
    if saved.backup:
        print(f"the previous file is kept as {saved.backup}", file=sys.stderr)
    if not report.is_clean:
        rejects = _rejects_path(args.path)
        rejects.write_bytes(export.export_table(report.not_imported, "csv"))
        skipped = len(report.rows) - len(report.imported)
        print(f"{skipped} row(s) not imported, with reasons, in {rejects}", file=sys.stderr)
    return EXIT_OK
