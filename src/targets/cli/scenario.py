"""``targets scenario``: project every seat under national vote-share changes."""

from __future__ import annotations

import argparse
import json

from targets import scenario
from targets.cli import common
from targets.errors import UnknownChoiceError
from targets.views import export

SCENARIO_FORMATS: tuple[str, ...] = ("text", "json", "csv")


def register(commands: argparse._SubParsersAction) -> None:
    """Add the ``scenario`` command."""
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
    common.add_output_arguments(swing, SCENARIO_FORMATS)
    swing.set_defaults(handler=run_scenario)


def _scenario_from_args(args: argparse.Namespace, data) -> scenario.Scenario:
    try:
        typed = scenario.parse_changes(",".join(args.change))
        typed_nations = scenario.parse_nation_changes(";".join(args.nation_change))
        changes = scenario.resolve_changes(typed, data.registry, data.candidates["party"])
        nations = scenario.resolve_nation_changes(typed_nations, data.registry, data.candidates)
        return scenario.run_scenario(data.candidates, changes, args.model, nations)
    except (scenario.ScenarioError, UnknownChoiceError) as error:
        raise common.UsageError(str(error)) from None


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
    data = common.load_data()
    result = _scenario_from_args(args, data)
    if args.format == "json":
        payload = (json.dumps(scenario_json(result), ensure_ascii=False, indent=2) + "\n").encode()
    elif args.format == "csv":
        payload = export.export_table(result.seats, "csv")
    else:
        payload = format_scenario_text(result).encode("utf-8")
    common.write_output(payload, args.output)
    return common.EXIT_OK
