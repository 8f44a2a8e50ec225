"""``targets seats``: the filtered seat table as CSV, Excel or GeoJSON."""

from __future__ import annotations

import argparse

from targets import filters
from targets.cli import common
from targets.views import export


def register(commands: argparse._SubParsersAction) -> None:
    """Add ``seats``."""
    seats = commands.add_parser("seats", help="list seats (CSV on stdout by default)")
    common.add_filter_arguments(seats)
    common.add_output_arguments(seats, export.FORMATS)
    seats.set_defaults(handler=run_seats)


def run_seats(args: argparse.Namespace) -> int:
    """Write the seats matching the filters."""
    data = common.load_data()
    chosen = common.filters_from_args(args, data)
    table = filters.filter_seats(data.seats, chosen)
    boundaries = common.national_boundaries_for(args.format)
    payload = export.export_table(
        table, args.format, boundaries, filters=filters.describe_filters(chosen)
    )
    common.write_output(payload, args.output)
    return common.EXIT_OK
