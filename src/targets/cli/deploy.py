"""``targets deploy``: a volunteer deployment plan from a volunteers file and target seats."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from targets import deploy, nearest
from targets.cli import common
from targets.cli.nearest import seat_shapes
from targets.cli.postcode import postcode_index
from targets.uploads.volunteers import read_volunteers
from targets.views import export

FORMATS: tuple[str, ...] = ("text", "csv", "xlsx")


def plan_files(plan: deploy.DeploymentPlan, fmt: str) -> bytes:
    """The plan per volunteer as CSV or Excel bytes, with the personal-data note."""
    if fmt == "csv":
        return f"# {deploy.PERSONAL_DATA_NOTE}\r\n".encode() + export.export_table(
            plan.volunteers, "csv"
        )
    return export.export_table(
        plan.volunteers,
        "xlsx",
        title="Volunteer plan",
        filters=f"{deploy.PERSONAL_DATA_NOTE} {deploy.describe_plan(plan.summary())}",
    )


def describe_text(plan: deploy.DeploymentPlan) -> str:
    """The plan as text: per seat, then every volunteer not sent and why."""
    lines = [deploy.describe_plan(plan.summary()), "", "Seats:"]
    for _, seat in plan.seats.iterrows():
        lines.append(
            f"  {seat['constituency_name']} ({seat['constituency_code']}), priority "
            f"{seat['priority']:g}: {seat['hours_delivered']:g} of {seat['hours_needed']:g} h "
            f"from {seat['volunteer_count']} volunteer(s)"
            + (f": {seat['volunteers']}" if seat["volunteers"] else "")
        )
    lines.append("")
    lines.append("Volunteers:")
    for _, person in plan.volunteers.iterrows():
        if person["status"] == deploy.ASSIGNED:
            where = (
                f"-> {person['constituency_name']}, {person['distance_km']:.1f} km, "
                f"{person['hours_assigned']:g} h"
            )
        else:
            where = f"{person['status']}: {person['reason']}"
        lines.append(f"  row {person['row']}: {person['name']} ({person['postcode']}) {where}")
    return "\n".join(lines) + "\n"


def run_deploy(args: argparse.Namespace) -> int:
    """Plan the volunteers' deployment and write it (a file only when -o is given)."""
    data = common.load_data()
    raw = Path(args.volunteers).read_bytes()
    volunteers = read_volunteers(raw, Path(args.volunteers).name, postcode_index())
    targets = nearest.select_targets(
        data, party=args.party, group=args.group, seats=args.seat, max_swing=args.max_swing
    )
    if targets.empty:
        raise common.UsageError("no target seats: loosen --max-swing or choose others")
    needs = deploy.build_seat_needs(targets, args.hours_per_seat)
    plan = deploy.plan_deployment(
        volunteers.frame,
        needs,
        seat_shapes(),
        default_max_km=args.default_max_km,
        time_limit=args.time_limit,
    )
    for _, problem in volunteers.problems.iterrows():
        print(f"targets: row {problem['row']}: {problem['problem']}", file=sys.stderr)
    fmt = args.format
    if args.output is not None and fmt == "text":
        fmt = "xlsx" if args.output.suffix.lower() in (".xlsx", ".xlsm") else "csv"
    payload = describe_text(plan).encode("utf-8") if fmt == "text" else plan_files(plan, fmt)
    common.write_output(payload, args.output)
    if args.output is not None:
        print(f"targets: {deploy.PERSONAL_DATA_NOTE}", file=sys.stderr)
    return common.EXIT_OK


def register(commands: argparse._SubParsersAction) -> None:
    """Add the ``deploy`` command."""
    parser = commands.add_parser(
        "deploy",
        help="a volunteer deployment plan: who goes to which target seat",
        description=(
            "Send each volunteer (CSV or Excel: name, postcode, hours, optional max_km) to "
            "at most one target seat within their travel limit, maximising priority-weighted "
            "hours delivered (no seat over its need), then the least travel. Priority: 10 "
            "for the smallest swing needed, down to 1 for the largest. Rows with a bad or "
            "unknown postcode are listed, never dropped. The plan holds personal data: it "
            "is written to a file only with -o."
        ),
    )
    parser.add_argument("volunteers", metavar="VOLUNTEERS", help="a CSV or XLSX file")
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--party", help="a party's target seats")
    which.add_argument("--group", help="a campaign group's seats")
    which.add_argument(
        "--seat", action="append", default=[], help="a seat by code or name (repeatable)"
    )
    parser.add_argument("--max-swing", type=float, help="targets needing at most X points")
    parser.add_argument(
        "--hours-per-seat",
        type=float,
        default=deploy.DEFAULT_HOURS_PER_SEAT,
        help=f"hours each seat needs ({deploy.DEFAULT_HOURS_PER_SEAT:g})",
    )
    parser.add_argument(
        "--default-max-km",
        type=float,
        default=deploy.DEFAULT_MAX_KM,
        help=f"travel limit for volunteers who gave none ({deploy.DEFAULT_MAX_KM:g} km)",
    )
    parser.add_argument(
        "--time-limit",
        type=float,
        default=deploy.DEFAULT_TIME_LIMIT_S,
        help=f"seconds for the solver ({deploy.DEFAULT_TIME_LIMIT_S:g}); the best plan found",
    )
    common.add_output_arguments(parser, FORMATS)
    parser.set_defaults(handler=run_deploy)
