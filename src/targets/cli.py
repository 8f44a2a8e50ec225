"""The ``targets`` command line: a thin layer over the library, with a stable contract.

Exit codes: 0 success, 1 data could not be had or a file has problems, 2 bad usage (an
unknown option value, listed with the valid choices).
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from targets import export, filters, sources

EXIT_OK, EXIT_DATA, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """Bad input from the person at the keyboard: exit code 2 with the message."""


def add_filter_arguments(parser: argparse.ArgumentParser) -> None:
    """The seat filters shared by every command that lists seats."""
    group = parser.add_argument_group("seat filters (repeat an option to allow several values)")
    group.add_argument("--nation", action="append", default=[], help="e.g. Scotland")
    group.add_argument("--region", action="append", default=[], help="e.g. London")
    group.add_argument("--winner", action="append", default=[], help="2024 winning party")
    group.add_argument("--second", action="append", default=[], help="2024 runner-up party")
    group.add_argument("--group", action="append", default=[], help="campaign group")
    group.add_argument("--stance", choices=filters.STANCE_CHOICES, help="the group's stance")
    group.add_argument("--min-majority-pct", type=float, help="majority at least X%% of votes")
    group.add_argument("--max-majority-pct", type=float, help="majority at most X%% of votes")
    group.add_argument("--search", default="", help="seat or candidate name contains TEXT")


def filters_from_args(args: argparse.Namespace, data) -> filters.SeatFilters:
    """Resolve the filter options against the data (raises UsageError on unknown values)."""
    try:
        return filters.resolve_filters(
            data.seats,
            data.registry,
            nations=args.nation,
            regions=args.region,
            winners=args.winner,
            seconds=args.second,
            groups=args.group,
            stance=args.stance,
            min_majority_pct=args.min_majority_pct,
            max_majority_pct=args.max_majority_pct,
            search=args.search,
        )
    except filters.UnknownChoiceError as error:
        raise UsageError(str(error)) from None


def add_output_arguments(parser: argparse.ArgumentParser, formats: Sequence[str]) -> None:
    """``--format`` and ``-o/--output`` for commands that write a table."""
    parser.add_argument("--format", choices=formats, default=formats[0])
    parser.add_argument("-o", "--output", type=Path, help="write to PATH instead of stdout")


def write_output(payload: bytes, output: Path | None) -> None:
    """Write bytes to a file (atomically) or to stdout."""
    if output is None:
        sys.stdout.buffer.write(payload)
        sys.stdout.buffer.flush()
        return
    output.parent.mkdir(parents=True, exist_ok=True)
    temporary = output.with_name(f".{output.name}.part")
    temporary.write_bytes(payload)
    temporary.replace(output)
    print(f"wrote {output} ({len(payload):,} bytes)", file=sys.stderr)


def load_data():
    """The seat data, loaded once per command."""
    from targets.seats import load_seat_data

    return load_seat_data()


# ---------------------------------------------------------------- commands


def _data_fetch(args: argparse.Namespace) -> int:
    def report(source: sources.DataSource, path: Path, origin: str) -> None:
        print(f"{source.path}: {origin} -> {path}", file=sys.stderr)

    sources.fetch_all(mirror=sources.mirror_dir(), progress=sys.stderr.isatty(), report=report)
    print("all data present and valid", file=sys.stderr)
    return EXIT_OK


def _seats(args: argparse.Namespace) -> int:
    data = load_data()
    chosen = filters_from_args(args, data)
    table = filters.filter_seats(data.seats, chosen)
    boundaries = None
    if args.format == "geojson":
        from targets.boundaries import load_boundaries

        boundaries = load_boundaries("national")
    write_output(export.export_table(table, args.format, boundaries), args.output)
    return EXIT_OK


def _serve(args: argparse.Namespace) -> int:
    app = sources.PROJECT_ROOT / "app.py"
    options = [arg for arg in args.streamlit_args if arg != "--"]
    # streamlit reads its own options before the script path; after it they go to the script
    command = [sys.executable, "-m", "streamlit", "run", *options, str(app)]
    return subprocess.call(command, cwd=sources.PROJECT_ROOT)


def build_parser() -> argparse.ArgumentParser:
    """The full ``targets`` argument parser."""
    parser = argparse.ArgumentParser(
        prog="targets", description="Seat Targets: UK Westminster campaign targeting."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    data = commands.add_parser("data", help="manage the data cache")
    data_commands = data.add_subparsers(dest="data_command", required=True, metavar="ACTION")
    fetch = data_commands.add_parser("fetch", help="fetch and verify every data file")
    fetch.set_defaults(handler=_data_fetch)

    seats = commands.add_parser("seats", help="list seats (CSV on stdout by default)")
    add_filter_arguments(seats)
    add_output_arguments(seats, export.FORMATS)
    seats.set_defaults(handler=_seats)

    serve = commands.add_parser("serve", help="start the dashboard (streamlit run app.py)")
    serve.add_argument("streamlit_args", nargs=argparse.REMAINDER, help="passed to streamlit")
    serve.set_defaults(handler=_serve)

    for module in _command_modules():
        module.register(commands)
    return parser


def _command_modules() -> list:
    """Every module in ``targets.commands``, in name order."""
    package = importlib.import_module("targets.commands")
    names = sorted(info.name for info in pkgutil.iter_modules(package.__path__))
    return [importlib.import_module(f"targets.commands.{name}") for name in names]


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``targets`` console script."""
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    args, unknown = parser.parse_known_args(argv)
    if args.command == "serve":  # everything after "serve" goes to streamlit, in order
        args.streamlit_args = argv[argv.index("serve") + 1 :]
    elif unknown:
        parser.error(f"unrecognized arguments: {' '.join(unknown)}")
    handler: Callable[[argparse.Namespace], int] = args.handler
    try:
        return handler(args)
    except UsageError as error:
        print(f"targets: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except sources.DataError as error:
        print(f"targets: {error}", file=sys.stderr)
        return EXIT_DATA


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
