"""What every ``targets`` command shares: exit codes, filter and output options, data loading."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from targets import filters
from targets.data import files, sources
from targets.data.candidates_file import default_path
from targets.data.sources import MEMBERS_AS_OF
from targets.errors import BadInputError
from targets.seats import SeatData, load_seat_data

EXIT_OK, EXIT_DATA, EXIT_USAGE = 0, 1, 2


class UsageError(BadInputError):
    """Bad input from the person at the keyboard: exit code 2 with the message."""


def add_filter_arguments(parser: argparse.ArgumentParser) -> None:
    """The seat filters shared by every command that lists seats."""
    group = parser.add_argument_group("seat filters (repeat an option to allow several values)")
    group.add_argument("--nation", action="append", default=[], help="e.g. Scotland")
    group.add_argument("--region", action="append", default=[], help="e.g. London")
    group.add_argument("--winner", action="append", default=[], help="2024 winning party")
    group.add_argument("--second", action="append", default=[], help="2024 runner-up party")
    group.add_argument(
        "--current-party",
        action="append",
        default=[],
        help=f"party holding the seat now (sitting MPs as of {MEMBERS_AS_OF})",
    )
    group.add_argument("--group", action="append", default=[], help="campaign group")
    group.add_argument("--stance", choices=filters.STANCE_CHOICES, help="the group's stance")
    group.add_argument("--min-majority-pct", type=float, help="majority at least X%% of votes")
    group.add_argument("--max-majority-pct", type=float, help="majority at most X%% of votes")
    group.add_argument("--search", default="", help="seat or candidate name contains TEXT")
    group.add_argument(
        "--where",
        action="append",
        default=[],
        metavar="COLUMN OP NUMBER",
        help="a numeric condition on a seat column, e.g. 'leave_pct>=55' (OP: < <= > >= = !=)",
    )


def filters_from_args(
    args: argparse.Namespace, data: SeatData, where: list[str] | None = None
) -> filters.SeatFilters:
    """Resolve the filter options against the data (raises UnknownChoiceError).

    ``where`` replaces ``--where`` (a command that applies some conditions elsewhere).
    """
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
        current_parties=args.current_party,
        where=args.where if where is None else where,
    )


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
    files.write_atomically(output, payload)
    print(f"wrote {output} ({len(payload):,} bytes)", file=sys.stderr)


def positive_int(text: str) -> int:
    """An argparse type: a whole number of at least 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


_loaded: dict[tuple, SeatData] = {}


def _files_state() -> tuple:
    """What the loaded data depends on: the data folder and each file's size and mtime."""
    folder = sources.data_dir()
    paths = [folder / source.path for source in sources.SOURCES] + [default_path()]
    return (str(folder), *((str(p), *_stat(p)) for p in paths))


def _stat(path: Path) -> tuple[int, int]:
    try:
        status = path.stat()
    except OSError:
        return (-1, -1)
    return (status.st_mtime_ns, status.st_size)


def load_data() -> SeatData:
    """The seat data, loaded once per process while the files it comes from are unchanged."""
    key = _files_state()
    if key not in _loaded:
        data = load_seat_data()
        _loaded.clear()
        _loaded[_files_state()] = data  # the state after loading: fetching may add files
        return data
    return _loaded[key]


def national_boundaries_for(output_format: str):
    """The national boundaries when the output is GeoJSON, else None."""
    if output_format != "geojson":
        return None
    from targets.data.boundaries import load_boundaries

    return load_boundaries("national")
