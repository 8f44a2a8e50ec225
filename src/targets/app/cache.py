"""Data for the app, prepared once per server process and shared between sessions.

Heavy read-only data (the seat table, boundary layers, map shapes) is cached with
``st.cache_resource``. A session may use its own endorsements (from the import page)
instead of ``data/candidates.csv``; :func:`current_data` returns whichever applies.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from pathlib import Path

import pandas as pd
import streamlit as st

from targets import polls
from targets.app.map_cache import load_layer, map_layers, seat_map, seat_shapes  # noqa: F401
from targets.data.polls import load_polls
from targets.data.sources import PROJECT_ROOT, data_dir
from targets.errors import DataError
from targets.seats import SeatData, load_seat_data
from targets.views.labels import escape_markdown

SESSION_ENDORSEMENTS = "session_endorsements"
_OVERRIDE_CACHE = "_data_with_session_endorsements"


@st.cache_resource(show_spinner="Loading the 2024 results and our endorsement data…")
def _base_data() -> SeatData:
    return load_seat_data()


def current_data() -> SeatData:
    """The seat data for this session: shared data, or with this session's own endorsements."""
    base = _base_data()
    override = st.session_state.get(SESSION_ENDORSEMENTS)
    if override is None:
        return base
    cached = st.session_state.get(_OVERRIDE_CACHE)
    if cached is not None and cached[0] is override:
        return cached[1]
    data = base.with_endorsements(override)
    st.session_state[_OVERRIDE_CACHE] = (override, data)
    return data


def set_session_endorsements(
    endorsements: pd.DataFrame | None, state: MutableMapping | None = None
) -> None:
    """Use these endorsements in this session (None goes back to data/candidates.csv)."""
    state = st.session_state if state is None else state
    state[SESSION_ENDORSEMENTS] = endorsements
    state.pop(_OVERRIDE_CACHE, None)


def reload_shared_data() -> None:
    """Forget the shared data so the next run reads data/candidates.csv again."""
    _base_data.clear()


def load_data_or_stop() -> SeatData:
    """The session's data, or a clear message (never a traceback) when it cannot be had."""
    try:
        return current_data()
    except DataError as error:
        st.error(f"The data could not be loaded.\n\n{escape_markdown(without_server_paths(error))}")
        st.info(
            "Run `targets data fetch` (or `./dev run`), or set TARGETS_DATA_MIRROR to a "
            "folder holding a copy of the data, then reload this page."
        )
        st.stop()


def without_server_paths(message: object) -> str:
    """A message with the server's folders named as people know them, not as absolute paths."""
    text = str(message)
    for folder, name in ((data_dir(), "the data folder"), (PROJECT_ROOT, "the project folder")):
        text = text.replace(str(Path(folder).resolve()), name).replace(str(folder), name)
    return text


@st.cache_resource(show_spinner="Loading the polls…")
def polls_table() -> pd.DataFrame:
    """Every GB voting-intention poll (once per process)."""
    return load_polls()


@st.cache_resource(show_spinner="Averaging the polls…")
def poll_trend(window_days: int) -> pd.DataFrame:
    """The rolling poll average for a window (once per process and window)."""
    return polls.rolling_average(polls_table(), window_days)


@st.cache_resource(show_spinner="Projecting the polls onto every seat…")
def poll_projection(window_days: int, model: str) -> polls.PollProjection:
    """The poll average for a window projected onto every seat (once per window and model).

    The 2024 results are the same whichever endorsements a session uses.
    """
    average = polls.average_polls(polls_table(), window_days)
    return polls.project_polls(_base_data().candidates, average, model)


@st.cache_resource(show_spinner="Loading the postcode index (built once from Code-Point Open)…")
def postcode_index():
    """The postcode index, built on first use and loaded once per process (about 65 MB)."""
    from targets.data.postcodes import load_postcode_index

    return load_postcode_index()
