"""``targets scenario``: project every seat under vote-share changes."""

from __future__ import annotations

import argparse
import json

from targets import polls, scenario, scenario_tables
from targets.cli import common
from targets.data.polls import load_polls
from targets.errors import UnknownChoiceError
from targets.parties import party_names
from targets.scenario_changes import format_changes
from targets.values import json_value
from targets.views import export

SCENARIO_FORMATS: tuple[str, ...] = ("text", "json", "csv")
TABLES: tuple[str, ...] = ("seats", "shares")


def register(commands: argparse._SubParsersAction) -> None:
    """Add the ``scenario`` command."""
    swing = commands.add_parser(
        "scenario",
        help="project every seat under vote-share changes",
        description=(
            "Change parties' vote shares (points) and project every seat. A change P=±X "
            "moves P's share across the seats where it stood by exactly X points: in Great "
            "Britain for a party that stood in more than one of its nations, in its nation "
            "for the SNP and Plaid Cymru, and in one nation with --nation-change (Northern "
            "Ireland parties only so). Uniform swing adds X in every seat where the party "
            "stood (held at 0 where it would go below, the rest taken evenly from its other "
            "seats); proportional multiplies its share in every seat by (S+X)/S, S being its "
            f"2024 share across those seats. {scenario.RULE} {scenario.FIT_RULE} "
            "Independents are people, not a party: never named, they take their part of the "
            "difference. Refused: a share below 0 or above 100, a party that did not stand "
            "where its change applies, changes whose shares cannot fit in the seats where "
            "those parties stood. --from-polls projects the GB poll average (see targets "
            f"polls): {polls.CAVEAT}"
        ),
    )
    swing.add_argument(
        "--change",
        action="append",
        default=[],
        metavar="P=±X[,P=±X…]",
        help="change across each party's own area, in points, e.g. Lab=-5,RUK=+5 (repeatable)",
    )
    swing.add_argument(
        "--nation-change",
        action="append",
        default=[],
        metavar="NATION:P=±X[,…]",
        help=(
            "a change across one nation, e.g. Scotland:SNP=+5 or 'Northern Ireland:SF=+2'; a "
            "Great Britain change still holds for Great Britain, the other nations making up "
            "the difference"
        ),
    )
    swing.add_argument(
        "--from-polls",
        action="store_true",
        help=(
            "change each polled party from its 2024 share across the GB seats where it stood "
            "to its poll average (instead of --change; Northern Ireland stays as in 2024)"
        ),
    )
    swing.add_argument(
        "--window-days",
        type=common.positive_int,
        default=None,
        metavar="N",
        help=f"with --from-polls: the poll window in days (default {polls.DEFAULT_WINDOW_DAYS})",
    )
    swing.add_argument("--model", choices=scenario.MODELS, default="uniform")
    swing.add_argument(
        "--table",
        choices=TABLES,
        default="seats",
        help="for --format csv: every seat (default) or every party's vote share before/after",
    )
    common.add_output_arguments(swing, SCENARIO_FORMATS)
    swing.set_defaults(handler=run_scenario)


def _projection_from_args(args: argparse.Namespace, data) -> polls.PollProjection | None:
    """The poll projection asked for with --from-polls (None without it)."""
    if not args.from_polls:
        if args.window_days is not None:
            raise common.UsageError("--window-days goes with --from-polls")
        return None
    if args.change or args.nation_change:
        raise common.UsageError(
            "--from-polls sets the changes from the polls: leave out --change and --nation-change"
        )
    window = args.window_days or polls.DEFAULT_WINDOW_DAYS
    try:
        average = polls.average_polls(load_polls(), window)
        return polls.project_polls(data.candidates, average, args.model)
    except scenario.ScenarioError as error:
        raise common.UsageError(str(error)) from None


def _scenario_from_args(args: argparse.Namespace, data) -> scenario.Scenario:
    try:
        return scenario.scenario_from_text(
            ",".join(args.change),
            ";".join(args.nation_change),
            args.model,
            data.candidates,
            data.registry,
        )
    except (scenario.ScenarioError, UnknownChoiceError) as error:
        raise common.UsageError(str(error)) from None


def format_scenario_text(result: scenario.Scenario, names: dict[str, str] | None = None) -> str:
    """A plain-text report: the changes, the rule, seats, vote shares, seats changing hands."""
    names = names or {}
    described = format_changes(result.changes) or "no change across Great Britain"
    lines = [f"Scenario ({result.model} swing): {described}"]
    for nation, changes in result.nation_changes.items():
        lines.append(f"  in {nation}: {format_changes(changes)}")
    lines.append(scenario.RULE)
    lines += [f"  {note}" for note in scenario_tables.target_notes(result.targets, names)]
    lines += [f"  {note}" for note in scenario_tables.fit_notes(result.fit, result.targets, names)]
    lines += [f"  warning: {w}" for w in scenario_tables.multiplier_warnings(result.targets, names)]
    lines += ["", f"{'party':<8}{'2024':>6}{'projected':>11}{'change':>8}"]
    for row in result.totals.itertuples(index=False):
        lines.append(f"{row.party:<8}{row.seats_2024:>6}{row.seats_projected:>11}{row.change:>+8}")
    lines += ["", "vote share where the party stood (%)", f"{'party':<8}{'across':<18}"]
    lines[-1] += f"{'2024':>7}{'projected':>11}{'change':>8}"
    for row in result.main_vote_shares().itertuples(index=False):
        lines.append(
            f"{row.party:<8}{row.area:<18}{row.share_2024:>7.2f}{row.share_projected:>11.2f}"
            f"{row.change:>+8.2f}"
        )
    moved = result.seat_changes
    lines += ["", f"{len(moved)} seat(s) change hands"]
    for row in moved.itertuples(index=False):
        lines.append(
            f"  {row.constituency_code}  {row.constituency_name}: {row.from_party} -> "
            f"{row.to_party} ({row.to_candidate}), new margin {row.new_margin_pct:.2f} pts"
        )
    return "\n".join(lines) + "\n"


def format_projection_text(
    projection: polls.PollProjection, names: dict[str, str] | None = None
) -> str:
    """The poll projection: where the changes came from, then the scenario report."""
    names = names or {}
    average = projection.average
    lines = [
        f"Projecting the GB poll average to {polls.long_date(average.latest)}",
        projection.window_note(),
        f"Method: {average.method}.",
        projection.northern_ireland_note(),
        "",
        f"{'party':<8}{'2024 GB':>9}{'polls':>8}{'change':>9}",
    ]
    for party, change in projection.changes.items():
        lines.append(
            f"{party:<8}{projection.shares_2024[party]:>9.2f}{average.shares[party]:>8.2f}"
            f"{change:>+9.2f}"
        )
    return "\n".join(lines) + "\n\n" + format_scenario_text(projection.scenario, names)


def projection_json(projection: polls.PollProjection) -> dict:
    """The poll projection as JSON-ready data: the polls behind it, then the scenario."""
    average = projection.average
    return {
        "polls": {
            "latest_poll": average.latest.isoformat(),
            "window_start": average.window_start.isoformat(),
            "window_days": average.window_days,
            "method": average.method,
            "polls_averaged": len(average.polls),
            "average": average.shares,
            "share_2024": projection.shares_2024,
            "changes": projection.changes,
            "caveat": polls.CAVEAT,
            "northern_ireland": projection.northern_ireland_note(),
        },
        **scenario_json(projection.scenario),
    }


def _share_records(result: scenario.Scenario) -> list[dict]:
    return [
        {
            "party": str(row.party),
            "area": str(row.area),
            "home": bool(row.home),
            "candidates": int(row.candidates),
            "before": round(float(row.share_2024), 6),
            "after": round(float(row.share_projected), 6),
            "change": round(float(row.change), 6),
            "requested": json_value(row.requested),
        }
        for row in result.vote_shares.itertuples(index=False)
    ]


def scenario_json(result: scenario.Scenario) -> dict:
    """The scenario as JSON-ready data: inputs, ``seats`` per party, ``changes``, shares."""
    return {
        "model": result.model,
        "rule": scenario.RULE,
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
        "national_shares": _share_records(result),
        "applied": [
            {key: json_value(value) for key, value in record.items()}
            for record in result.targets.to_dict("records")
        ],
        "fit": result.fit.as_dict(),
    }


def run_scenario(args: argparse.Namespace) -> int:
    """Write the projection: a text report, JSON, or a CSV of the seats or the vote shares."""
    data = common.load_data()
    projection = _projection_from_args(args, data)
    result = _scenario_from_args(args, data) if projection is None else projection.scenario
    names = party_names(data.registry)
    if args.format == "json":
        document = scenario_json(result) if projection is None else projection_json(projection)
        payload = (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode()
    elif args.format == "csv":
        table = result.vote_shares if args.table == "shares" else result.seats
        payload = export.export_table(table, "csv")
    else:
        text = (
            format_scenario_text(result, names)
            if projection is None
            else format_projection_text(projection, names)
        )
        payload = text.encode("utf-8")
    common.write_output(payload, args.output)
    return common.EXIT_OK
