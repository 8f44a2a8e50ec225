"""``targets polls``: the GB poll average, its method and the polls behind it."""

from __future__ import annotations

import argparse
import datetime as dt
import json

from targets import polls
from targets.cli import common
from targets.data.polls import load_polls
from targets.parties import build_party_registry, party_names
from targets.views import export

POLL_FORMATS: tuple[str, ...] = ("text", "csv", "json")


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-01-31") from None


def register(commands: argparse._SubParsersAction) -> None:
    """Add ``polls``."""
    parser = commands.add_parser(
        "polls",
        help="the GB voting-intention poll average and the polls behind it",
        description="Poll average: " + polls.METHOD.format(days="N", latest="its date") + ".",
    )
    parser.add_argument("--since", type=_date, help="only polls with fieldwork ending from DATE")
    parser.add_argument(
        "--window-days",
        type=common.positive_int,
        default=polls.DEFAULT_WINDOW_DAYS,
        help="days before the most recent poll to include (default 30)",
    )
    common.add_output_arguments(parser, POLL_FORMATS)
    parser.set_defaults(handler=run_polls)


def describe_average(average: polls.PollAverage) -> str:
    """The average as text: method, window, one line per party, the polls used."""
    lines = [
        f"Poll average to {average.latest:%d %B %Y} (GB voting intention)",
        f"Method: {average.method}.",
        "",
    ]
    names = party_names(build_party_registry())
    for party, share in sorted(average.shares.items(), key=lambda item: -item[1]):
        lines.append(f"  {names.get(party, party):<18}{share:>6.1f}%")
    lines += ["", f"{len(average.polls)} poll(s) averaged:"]
    for row in average.polls.itertuples(index=False):
        lines.append(f"  {row.fieldwork_end:%Y-%m-%d}  {row.pollster}  {row.source_url}")
    return "\n".join(lines) + "\n"


def run_polls(args: argparse.Namespace) -> int:
    """Write the average (text, JSON) or the polls series (CSV)."""
    series = polls.polls_since(load_polls(), args.since)
    average = polls.average_polls(series, args.window_days)
    if args.format == "csv":
        table = series.assign(fieldwork_end=series["fieldwork_end"].dt.strftime("%Y-%m-%d"))
        payload = export.export_table(table, "csv")
    elif args.format == "json":
        document = {
            "latest_poll": average.latest.isoformat(),
            "window_start": average.window_start.isoformat(),
            "window_days": average.window_days,
            "method": average.method,
            "average": average.shares,
            "polls_averaged": [
                {
                    "pollster": str(row.pollster),
                    "fieldwork_end": row.fieldwork_end.date().isoformat(),
                    "source_url": str(row.source_url),
                }
                for row in average.polls.itertuples(index=False)
            ],
            "polls_in_series": len(series),
        }
        payload = (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode()
    else:
        payload = describe_average(average).encode("utf-8")
    common.write_output(payload, args.output)
    return common.EXIT_OK
