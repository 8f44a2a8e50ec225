"""The ``targets`` command line: a thin layer over the library, with a stable contract.

Exit codes: 0 success, 1 data could not be had or a file has problems, 2 bad usage (an
unknown option value, listed with the valid choices).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from targets.cli import (
    battleground,
    candidates,
    common,
    data,
    deploy,
    nearest,
    polls,
    postcode,
    profile,
    scenario,
    seats,
    serve,
    users,
)
from targets.errors import BadInputError, DataError

COMMANDS = (
    data,
    seats,
    profile,
    battleground,
    scenario,
    polls,
    candidates,
    postcode,
    nearest,
    deploy,
    users,
    serve,
)


def build_parser() -> argparse.ArgumentParser:
    """The full ``targets`` argument parser."""
    parser = argparse.ArgumentParser(
        prog="targets", description="Seat Targets: UK Westminster campaign targeting."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in COMMANDS:
        module.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``targets`` console script."""
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    args, unknown = parser.parse_known_args(argv)
    if args.command == "serve":  # everything after "serve" goes to streamlit, in order
        args.streamlit_args = argv[argv.index("serve") + 1 :]
    elif unknown:
        parser.error(f"unrecognized arguments: {' '.join(unknown)}")
    handler: Callable[[argparse.Namespace], int] = args.handler
    try:
        return handler(args)
    except BadInputError as error:
        print(f"targets: error: {error}", file=sys.stderr)
        return common.EXIT_USAGE
    except DataError as error:
        print(f"targets: {error}", file=sys.stderr)
        return common.EXIT_DATA
    except OSError as error:  # a file we were asked to read or write: say which, no traceback
        where = f" {error.filename}" if error.filename else ""
        print(f"targets: cannot use{where}: {error.strerror or error}", file=sys.stderr)
        return common.EXIT_DATA


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
