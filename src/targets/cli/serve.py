"""``targets serve``: start the dashboard (``streamlit run app.py``)."""

from __future__ import annotations

import argparse
import compileall
import os
import sys
from pathlib import Path

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
    compile_own_modules()
    os.chdir(sources.PROJECT_ROOT)
    os.execv(sys.executable, command)
    return 0  # pragma: no cover - execv does not return


PACKAGE_FOLDER = Path(__file__).resolve().parents[1]  # src/targets


def compile_own_modules(package: Path = PACKAGE_FOLDER) -> bool:
    """Write bytecode for the ``targets`` package where it is missing or stale.

    pip compiles the packages it installs, but this one is installed editable, so where
    ``PYTHONDONTWRITEBYTECODE`` is set every server start compiled each of its modules
    again (about 0.3 s of the first visitor's wait here). Up-to-date files are only
    compared by date; a folder that cannot be written is left alone.
    """
    try:
        return bool(compileall.compile_dir(package, quiet=2, workers=1))
    except OSError:
        return False
