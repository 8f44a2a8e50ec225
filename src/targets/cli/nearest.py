"""``targets nearest``: the target seats nearest a postcode, with distance and swing needed."""

from __future__ import annotations

import argparse
import functools

from targets import nearest
from targets.cli import common
from targets.cli.postcode import postcode_index, records_json
from targets.postcodes import lookup_postcode
from targets.views import export

FORMATS: tuple[str, ...] = ("text", "csv", "json")


@functools.cache
def seat_shapes():
    """The generalised seat polygons in British National Grid metres (once per process)."""
    from targets.data.boundaries import load_boundaries

    return nearest.seat_shapes(load_boundaries("detailed"))


def _text(answer, seat_name: str, table, what: str) -> str:
    lines = [f"{answer.postcode} is in {seat_name} ({answer.constituency_code})."]
    if table.empty:
        lines.append(f"No {what} within the distance asked.")
    else:
        lines.append(f"Nearest {what}:")
    for _, row in table.iterrows():
        swing = (
            ""
            if row["swing_needed"] != row["swing_needed"]
            else (f", swing needed {row['swing_needed']:.1f} pts")
        )
        lines.append(
            f"{row['rank']:>3}. {row['constituency_name']} ({row['constituency_code']}): "
            f"{row['distance_km']:.1f} km{swing}; held by {row['holder_party']}, majority "
            f"{row['holder_majority_pct']:.1f}%"
        )
    return "\n".join(lines) + "\n"


def run_nearest(args: argparse.Namespace) -> int:
    """Write the nearest targets to the postcode in the chosen format."""
    data = common.load_data()
    answer = lookup_postcode(postcode_index(), args.postcode)
    if not answer.found:
        raise common.UsageError(answer.message)
    targets = nearest.select_targets(
        data, party=args.party, group=args.group, max_swing=args.max_swing
    )
    table = nearest.nearest_targets(
        targets,
        answer.easting,
        answer.northing,
        seat_shapes(),
        own_seat=answer.constituency_code,
        top=args.top,
        max_km=args.max_km,
    )
    if args.format == "text":
        what = (
            f"{args.party} targets"
            if args.party
            else f"seats of {args.group}"
            if args.group
            else "seats"
        )
        name = data.seat_names.get(answer.constituency_code, answer.constituency_code)
        payload = _text(answer, name, table, what).encode("utf-8")
    elif args.format == "json":
        payload = records_json(table)
    else:
        payload = export.export_table(table, "csv")
    common.write_output(payload, args.output)
    return common.EXIT_OK


def register(commands: argparse._SubParsersAction) -> None:
    """Add the ``nearest`` command."""
    parser = commands.add_parser(
        "nearest",
        help="the target seats nearest a postcode: distance in km (0 inside) and swing needed",
        description=(
            "The seats nearest a postcode by straight-line distance to each seat's "
            "generalised boundary (0 km for the seat it is in): a party's targets "
            "(--party), a group's seats (--group), or every seat."
        ),
    )
    parser.add_argument("postcode", metavar="PC", help="e.g. 'IG6 1AA'")
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--party", help="a party's target seats (seats it did not win)")
    which.add_argument("--group", help="a campaign group's seats")
    parser.add_argument(
        "--max-swing", type=float, help="only targets needing at most X points of swing"
    )
    parser.add_argument("--top", type=common.positive_int, default=10, help="N nearest (10)")
    parser.add_argument("--max-km", type=float, help="only seats within K km")
    common.add_output_arguments(parser, FORMATS)
    parser.set_defaults(handler=run_nearest)
