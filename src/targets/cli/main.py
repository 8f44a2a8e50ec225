"""The ``targets`` command line: a thin layer over the library, with a stable contract.

Exit codes: 0 success, 1 data could not be had or a file has problems, 2 bad usage (an
unknown option value, listed with the valid choices).
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Sequence

from targets.errors import BadInputError, DataError

# The commands' modules, imported when the parser is built (``serve`` alone does not need
# them: it hands the process to Streamlit at once, without pandas and the rest loaded).
COMMANDS = (
    "data",
    "seats",
    "profile",
    "battleground",
    "scenario",
    "polls",
    "candidates",
    "postcode",
    "nearest",
    "deploy",
    "users",
    "serve",
)


def build_parser() -> argparse.ArgumentParser:
    """The full ``targets`` argument parser."""
    parser = argparse.ArgumentParser(
        prog="targets", description="Seat Targets: UK Westminster campaign targeting."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMANDS:
        importlib.import_module(f"targets.cli.{name}").register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``targets`` console script."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["serve"] and not {"-h", "--help"} & set(argv[1:2]):
        from targets.cli import serve  # about 0.1 s to import, against 2 s for every command

        return serve.run_serve(argparse.Namespace(streamlit_args=argv[1:]))
    parser = build_parser()
    args, unknown = parser.parse_known_args(argv)
    if args.command == "serve":  # everything after "serve" goes to streamlit, in order
        args.streamlit_args = argv[argv.index("serve") + 1 :]
    elif unknown:
        parser.error(f"unrecognized arguments: {' '.join(unknown)}")
    handler: Callable[[argparse.Namespace], int] = args.handler
    from targets.cli import common  # loaded with the commands by build_parser

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
