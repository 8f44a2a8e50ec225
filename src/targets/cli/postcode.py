"""``targets postcode``: the seat of each postcode, who holds it now and its 2024 result."""

from __future__ import annotations

import argparse
import functools
import json
import sys

from targets import postcodes
from targets.cli import common
from targets.data.postcodes import PostcodeIndex, load_postcode_index
from targets.values import json_value
from targets.views import export

FORMATS: tuple[str, ...] = ("text", "csv", "json")


@functools.cache
def postcode_index() -> PostcodeIndex:
    """The postcode index, built on first use (with a progress bar on stderr)."""
    return load_postcode_index(
        progress=sys.stderr.isatty(), report=lambda line: print(line, file=sys.stderr)
    )


def records_json(table) -> bytes:
    """A table as a JSON list of records (NA as null), UTF-8."""
    records = [
        {key: json_value(value) for key, value in row.items()}
        for row in table.to_dict(orient="records")
    ]
    return (json.dumps(records, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def run_postcode(args: argparse.Namespace) -> int:
    """Look up each postcode; exit 2 when any of them cannot be placed in a seat."""
    data = common.load_data()
    answers = postcodes.lookup_postcodes(postcode_index(), args.postcodes)
    table = postcodes.postcode_table(answers, data.seats)
    if args.format == "json":
        payload = records_json(table)
    elif args.format == "csv":
        payload = export.export_table(table, "csv")
    else:
        payload = postcodes.describe_postcodes(table, common.MEMBERS_AS_OF).encode("utf-8")
    common.write_output(payload, args.output)
    unplaced = table[table["status"] != postcodes.FOUND]
    for _, row in unplaced.iterrows():
        print(f"targets: {row['message']}", file=sys.stderr)
    return common.EXIT_OK if unplaced.empty else common.EXIT_USAGE


def register(commands: argparse._SubParsersAction) -> None:
    """Add the ``postcode`` command."""
    parser = commands.add_parser(
        "postcode",
        help="the seat of each postcode (Great Britain), its holder now and 2024 result",
        description=(
            "Find the seat of each postcode, typed any way ('ig11ag', 'IG1 1AG'). Northern "
            "Ireland (BT) postcodes are not in Code-Point Open. Exit 2 when any postcode "
            "cannot be placed (each one's reason on stderr)."
        ),
    )
    parser.add_argument("postcodes", metavar="PC", nargs="+", help="e.g. 'BS8 1TH' or ig61aa")
    common.add_output_arguments(parser, FORMATS)
    parser.set_defaults(handler=run_postcode)
