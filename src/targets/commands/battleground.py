"""``targets battleground`` (a party's target list) and ``targets scenario`` (a swingometer)."""

from __future__ import annotations

import argparse
import json

from targets import export, filters, scenario, targeting

SCENARIO_FORMATS: tuple[str, ...] = ("text", "json", "csv")


def register(commands: argparse._SubParsersAction) -> None:
    """Add the ``battleground`` and ``scenario`` commands."""
    from targets import cli

    battleground = commands.add_parser(
        "battleground",
        help="a party's target seats ranked by swing needed (CSV on stdout by default)",
        description="Seats where PARTY stood in 2024 and did not win, easiest first.",
    )
    battleground.add_argument("--party", required=True, help="party name or abbreviation")
    battleground.add_argument("--top", type=_positive_int, help="only the first N targets")
    cli.add_filter_arguments(battleground)
    cli.add_output_arguments(battleground, export.FORMATS)
    battleground.set_defaults(handler=run_battleground)

    swing = commands.add_parser(
        "scenario",
        help="project every seat under national vote-share changes",
        description=(
            "Change parties' national shares (points) and project every seat. Uniform swing "
            "adds the change where the party stood (floored at 0); proportional scales its "
            "share by the national new/old ratio. Independents are people, not a party: "
            "they keep their share. Shares are renormalised to 100 in each seat."
        ),
    )
    swing.add_argument(
        "--change",
        action="append",
        default=[],
        metavar="P=±X[,P=±X…]",
        help="UK-wide change in points, e.g. Lab=-5,RUK=+5 (repeatable)",
    )
    swing.add_argument(
        "--nation-change",
        action="append",
        default=[],
        metavar="NATION:P=±X[,…]",
        help="a change in one nation only, replacing the UK-wide one, e.g. Scotland:SNP=+5",
    )
    swing.add_argument("--model", choices=scenario.MODELS, default="uniform")
    cli.add_output_arguments(swing, SCENARIO_FORMATS)
    swing.set_defaults(handler=run_scenario)


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def _resolve_party(text: str, data) -> str:
    from targets import cli
    from targets.parties import INDEPENDENT, resolve_party

    standing = targeting.parties_standing(data.candidates)
    party = resolve_party(text, data.registry)
    if party == INDEPENDENT:
        raise cli.UsageError("independents are people, not a party: choose a registered party")
    if party is None or party not in standing:
        raise cli.UsageError(str(filters.UnknownChoiceError("party", text, standing)))
    return party


def run_battleground(args: argparse.Namespace) -> int:
    """Write the party's target list in the chosen format."""
    from targets import cli

    data = cli.load_data()
    party = _resolve_party(args.party, data)
    chosen = cli.filters_from_args(args, data)
    seats = filters.filter_seats(data.seats, chosen)
    table = targeting.rank_targets(seats, data.candidates, party)
    if args.top:
        table = table.head(args.top)
    boundaries = None
    if args.format == "geojson":
        from targets.boundaries import load_boundaries

        boundaries = load_boundaries("national")
    cli.write_output(export.export_table(table, args.format, boundaries), args.output)
    return cli.EXIT_OK


def _scenario_from_args(args: argparse.Namespace, data) -> scenario.Scenario:
    from targets import cli

    try:
        typed = scenario.parse_changes(",".join(args.change))
        typed_nations = scenario.parse_nation_changes(";".join(args.nation_change))
        changes = scenario.resolve_changes(typed, data.registry, data.candidates["party"])
        nations = scenario.resolve_nation_changes(typed_nations, data.registry, data.candidates)
        return scenario.run_scenario(data.candidates, changes, args.model, nations)
    except (scenario.ScenarioError, filters.UnknownChoiceError) as error:
        raise cli.UsageError(str(error)) from None


def format_scenario_text(result: scenario.Scenario) -> str:
    """A plain-text report: the changes, seat totals against 2024, seats changing hands."""
    described = scenario.format_changes(result.changes) or "no UK-wide change"
    lines = [f"Scenario ({result.model} swing): {described}"]
    for nation, changes in result.nation_changes.items():
        lines.append(f"  in {nation}: {scenario.format_changes(changes)}")
    lines += ["", f"{'party':<8}{'2024':>6}{'projected':>11}{'change':>8}"]
    for row in result.totals.itertuples(index=False):
        lines.append(f"{row.party:<8}{row.seats_2024:>6}{row.seats_projected:>11}{row.change:>+8}")
    moved = result.seat_changes
    lines += ["", f"{len(moved)} seat(s) change hands"]
    for row in moved.itertuples(index=False):
        lines.append(
            f"  {row.constituency_code}  {row.constituency_name}: {row.from_party} -> "
            f"{row.to_party} ({row.to_candidate}), new margin {row.new_margin_pct:.2f} pts"
        )
    return "\n".join(lines) + "\n"


def scenario_json(result: scenario.Scenario) -> dict:
    """The scenario as JSON-ready data: inputs, ``seats`` per party and ``changes``."""
    return {
        "model": result.model,
        "scenario": {
            "changes": result.changes,
            "nation_changes": result.nation_changes,
        },
        "seats": result.seats_by_party(),
        "seats_2024": {
            str(row.party): int(row.seats_2024)
            for row in result.totals.itertuples(index=False)
            if row.seats_2024 > 0
        },
        "changes": [
            {
                "constituency_code": str(row.constituency_code),
                "constituency_name": str(row.constituency_name),
                "from": str(row.from_party),
                "from_candidate": str(row.from_candidate),
                "to": str(row.to_party),
                "to_candidate": str(row.to_candidate),
                "new_margin_pct": round(float(row.new_margin_pct), 4),
            }
            for row in result.seat_changes.itertuples(index=False)
        ],
    }


def run_scenario(args: argparse.Namespace) -> int:
    """Write the projection: a text report, JSON, or the seat-by-seat CSV."""
    from targets import cli

    data = cli.load_data()
    result = _scenario_from_args(args, data)
    if args.format == "json":
        payload = (json.dumps(scenario_json(result), ensure_ascii=False, indent=2) + "\n").encode()
    elif args.format == "csv":
        payload = export.export_table(result.seats, "csv")
    else:
        payload = format_scenario_text(result).encode("utf-8")
    cli.write_output(payload, args.output)
    return cli.EXIT_OK
