"""``targets serve``: start the dashboard (``streamlit run app.py``)."""

from __future__ import annotations

import argparse
import subprocess
import sys

from targets.data import sources


def register(commands: argparse._SubParsersAction) -> None:
    """Add ``serve``; everything after it goes to Streamlit, in order."""
    serve = commands.add_parser("serve", help="start the dashboard (streamlit run app.py)")
    serve.add_argument("streamlit_args", nargs=argparse.REMAINDER, help="passed to streamlit")
    serve.set_defaults(handler=run_serve)


def run_serve(args: argparse.Namespace) -> int:
    """Run Streamlit on ``app.py`` with the given options placed before the script path."""
    app = sources.PROJECT_ROOT / "app.py"
    options = [arg for arg in args.streamlit_args if arg != "--"]
    # streamlit reads its own options before the script path; after it they go to the script
    command = [sys.executable, "-m", "streamlit", "run", *options, str(app)]
    return subprocess.call(command, cwd=sources.PROJECT_ROOT)
