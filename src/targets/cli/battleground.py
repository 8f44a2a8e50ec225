"""``targets battleground``: a party's target seats ranked by swing needed."""

from __future__ import annotations

import argparse

from targets import filters, targeting
from targets.cli import common
from targets.conditions import meets_all, numeric_columns, parse_condition, split_conditions
from targets.errors import UnknownChoiceError
from targets.parties import INDEPENDENT, resolve_party
from targets.views import export


def register(commands: argparse._SubParsersAction) -> None:
    """Add the ``battleground`` command."""
    battleground = commands.add_parser(
        "battleground",
        help="a party's target seats ranked by swing needed (CSV on stdout by default)",
        description=(
            "Seats where PARTY stood in 2024 and did not win, easiest first: ranked by swing "
            "needed, the points moved from the holder to the party that make it first "
            "(where the party was third or lower, that can mean overtaking the runner-up "
            "too). The Speaker's seat is left out unless --include-speaker."
        ),
    )
    battleground.add_argument("--party", required=True, help="party name or abbreviation")
    battleground.add_argument("--top", type=common.positive_int, help="only the first N targets")
    battleground.add_argument(
        "--include-speaker",
        action="store_true",
        help="keep the Speaker's seat (left out by default: the main parties do not stand)",
    )
    common.add_filter_arguments(battleground)
    common.add_output_arguments(battleground, export.FORMATS)
    battleground.set_defaults(handler=run_battleground)


def _resolve_party(text: str, data) -> str:
    standing = targeting.parties_standing(data.candidates)
    party = resolve_party(text, data.registry)
    if party == INDEPENDENT:
        raise common.UsageError("independents are people, not a party: choose a registered party")
    if party is None or party not in standing:
        raise common.UsageError(str(UnknownChoiceError("party", text, standing)))
    return party


def run_battleground(args: argparse.Namespace) -> int:
    """Write the party's target list in the chosen format."""
    data = common.load_data()
    party = _resolve_party(args.party, data)
    seat_where, list_where = split_conditions(args.where, numeric_columns(data.seats))
    chosen = common.filters_from_args(args, data, where=seat_where)
    seats = filters.filter_seats(data.seats, chosen)
    table = targeting.rank_targets(
        seats, data.candidates, party, include_speaker=args.include_speaker
    )
    if list_where:
        columns = sorted(set(numeric_columns(table)) | set(numeric_columns(data.seats)))
        table = table[meets_all(table, [parse_condition(text, columns) for text in list_where])]
    if args.top:
        table = table.head(args.top)
    boundaries = common.national_boundaries_for(args.format)
    payload = export.export_table(
        table,
        args.format,
        boundaries,
        title=f"{party} targets",
        filters=filters.describe_filters(chosen),
    )
    common.write_output(payload, args.output)
    return common.EXIT_OK
