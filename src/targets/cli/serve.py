"""``targets serve``: start the dashboard (``streamlit run app.py``)."""

from __future__ import annotations

import argparse
import os
import sys

from targets.data import sources

# A served dashboard does not reload when its source changes (without watchdog, Streamlit's
# watcher polls every imported module every 0.2 s). Pass ``--server.fileWatcherType auto``
# to get reloading on save back while developing.
SERVED_DEFAULTS = {"--server.fileWatcherType": "none"}


def register(commands: argparse._SubParsersAction) -> None:
    """Add ``serve``; everything after it goes to Streamlit, in order."""
    serve = commands.add_parser("serve", help="start the dashboard (streamlit run app.py)")
    serve.add_argument("streamlit_args", nargs=argparse.REMAINDER, help="passed to streamlit")
    serve.set_defaults(handler=run_serve)


def run_serve(args: argparse.Namespace) -> int:
    """Become Streamlit on ``app.py``, with the given options placed before the script path.

    The process is handed over (``os.execv``): no parent stays alive holding this command's
    imports, and signals reach Streamlit directly.
    """
    app = sources.PROJECT_ROOT / "app.py"
    options = [arg for arg in args.streamlit_args if arg != "--"]
    given = {arg.split("=", 1)[0] for arg in options}
    for option, value in SERVED_DEFAULTS.items():
        if option not in given:
            options += [option, value]
    # streamlit reads its own options before the script path; after it they go to the script
    command = [sys.executable, "-m", "streamlit", "run", *options, str(app)]
    os.chdir(sources.PROJECT_ROOT)
    os.execv(sys.executable, command)
    return 0  # pragma: no cover - execv does not return
