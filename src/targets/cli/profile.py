"""``targets seat`` (one seat's profile) and ``targets group`` (a group's campaign table)."""

from __future__ import annotations

import argparse
import json

from targets import groups
from targets import seat_profile as profile
from targets.cli import common
from targets.errors import UnknownChoiceError
from targets.views import export

SEAT_FORMATS: tuple[str, ...] = ("text", "json")


def _seat(args: argparse.Namespace) -> int:
    data = common.load_data()
    try:
        seat = profile.build_seat_profile(data, args.seat)
    except profile.UnknownSeatError as error:
        raise common.UsageError(str(error)) from None
    if args.format == "json":
        payload = json.dumps(seat.to_dict(), ensure_ascii=False, indent=2) + "\n"
    else:
        payload = profile.describe_seat_profile(seat)
    common.write_output(payload.encode("utf-8"), args.output)
    return common.EXIT_OK


def _group(args: argparse.Namespace) -> int:
    data = common.load_data()
    try:
        group = groups.resolve_group(data.endorsements, args.group)
    except UnknownChoiceError as error:
        raise common.UsageError(str(error)) from None
    table = groups.build_group_table(data.endorsements, data.seats, group)
    boundaries = None
    if args.format == "geojson":
        from targets.data.boundaries import load_boundaries

        boundaries = load_boundaries("national")
    payload = export.export_table(
        table, args.format, boundaries, title=group, filters=f"the seats of {group}"
    )
    common.write_output(payload, args.output)
    return common.EXIT_OK


def register(commands: argparse._SubParsersAction) -> None:
    """Add ``seat`` and ``group`` to the ``targets`` command line."""
    seat = commands.add_parser(
        "seat", help="one seat's profile: facts, candidates, swing needed, group stances"
    )
    seat.add_argument("seat", metavar="CODE_OR_NAME", help="e.g. E14001300 or 'Ilford North'")
    common.add_output_arguments(seat, SEAT_FORMATS)
    seat.set_defaults(handler=_seat)

    group = commands.add_parser(
        "group", help="a group's seats: backed and opposed candidates, outcome, swing needed"
    )
    group.add_argument("group", metavar="NAME", help="e.g. 'We Deserve Better'")
    common.add_output_arguments(group, export.FORMATS)
    group.set_defaults(handler=_group)
