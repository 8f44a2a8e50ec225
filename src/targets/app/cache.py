"""Data for the app, prepared once per server process and shared between sessions.

Heavy read-only data (the seat table, boundary layers, map shapes) is cached with
``st.cache_resource``. Which endorsement list a session sees: its own applied upload (the
import page) if any; else, for a signed-in member, their workspace's current list (one
cheap query per run finds its version number; the seat data is cached per database,
workspace, list and version, so another session's save shows on the next run); else the
published ``data/candidates.csv``. :func:`load_data_or_stop` works this out once per run
and :func:`current_data` returns it. A list with problems never stops the app: the
results are shown without it and a banner names the wrong rows (``list_banner``).
"""

from __future__ import annotations

from collections.abc import MutableMapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import streamlit as st

from targets import polls
from targets.app import list_banner, signin
from targets.app.map_cache import (  # noqa: F401
    load_layer,
    map_layers,
    on_a_phone,
    seat_map,
    seat_shapes,
)
from targets.data import saved_lists
from targets.data.candidates_file import default_path
from targets.data.polls import load_polls
from targets.data.sources import PROJECT_ROOT, data_dir
from targets.endorsements import check_endorsements
from targets.errors import DataError
from targets.seats import SeatData, load_kept_seat_data
from targets.store.list_changes import VersionInfo
from targets.store.members import DEFAULT_LIST, Member
from targets.views.labels import escape_markdown

SESSION_ENDORSEMENTS = "session_endorsements"
SESSION_ENDORSEMENTS_OWNER = "session_endorsements_owner"  # the member who applied them
_OVERRIDE_CACHE = "_data_with_session_endorsements"
# workspace-derived keys start with "ws_": signing out forgets them (targets.app.signin)
RUN_TEAM, RUN_DATA = "ws_run_team", "ws_run_data"
WORKSPACES_KEPT = 8  # seat tables kept per process, one per (database, workspace, list, version)


@dataclass(frozen=True)
class TeamList:
    """The workspace list a signed-in member sees this run (``version`` None: no list yet)."""

    member: Member
    url: str
    list_name: str
    version: VersionInfo | None

    @property
    def workspace(self) -> str:
        """The member's workspace."""
        return self.member.workspace

    @property
    def number(self) -> int | None:
        """The current version's number (None when the workspace has no list)."""
        return self.version.number if self.version else None

    def engine(self):
        """The workspace database (one engine per URL per process)."""
        from targets.store.database import open_database

        return open_database(self.url)


@st.cache_resource(show_spinner="Loading the 2024 results and our endorsement data…")
def _base_data() -> SeatData:
    return load_kept_seat_data()


@st.cache_resource(show_spinner=False, max_entries=16)
def _seeded(url: str, workspace: str, list_name: str) -> bool:
    """Seed a workspace's list from data/candidates.csv and its backups (once per process)."""
    from targets.store import endorsement_lists
    from targets.store.database import open_database

    seed = default_path()
    engine = open_database(url)
    endorsement_lists.seed_workspace(
        engine, seed, saved_lists.list_backups(seed), workspace=workspace, list_name=list_name
    )
    return True


@st.cache_resource(
    show_spinner="Loading your team's endorsement list…", max_entries=WORKSPACES_KEPT
)
def _workspace_data(url: str, workspace: str, list_name: str, number: int) -> SeatData:
    from targets.store import endorsement_lists
    from targets.store.database import open_database

    rows = endorsement_lists.read_version(
        open_database(url), number, workspace=workspace, list_name=list_name
    )
    return _base_data().with_endorsement_list(rows)


@st.cache_resource(show_spinner=False, max_entries=WORKSPACES_KEPT)
def last_good_version(url: str, workspace: str, list_name: str, number: int) -> VersionInfo | None:
    """The newest version before ``number`` whose rows load, for the banner to offer."""
    from targets.store import endorsement_lists
    from targets.store.database import open_database

    engine = open_database(url)
    base = _base_data()
    versions = endorsement_lists.list_versions(engine, workspace=workspace, list_name=list_name)
    for info in reversed(versions):
        if info.number >= number:
            continue
        rows = endorsement_lists.read_version(
            engine, info.number, workspace=workspace, list_name=list_name
        )
        if not check_endorsements(rows, base.seat_names, base.registry)[1]:
            return info
    return None


def find_team_list(member: Member | None) -> TeamList | None:
    """The member's workspace list as it is now (seeded on first open); None when unsigned.

    Raises:
        DataError: the workspace database cannot be reached.
    """
    if member is None:
        return None  # an unsigned visitor never loads the database libraries
    from targets.store import endorsement_lists
    from targets.store.database import database_url, open_database

    url = database_url()
    engine = open_database(url)
    version = endorsement_lists.current_version(engine, member.workspace, DEFAULT_LIST)
    if version is None and _seeded(url, member.workspace, DEFAULT_LIST):
        version = endorsement_lists.current_version(engine, member.workspace, DEFAULT_LIST)
    return TeamList(member, url, DEFAULT_LIST, version)


def team_list(state: MutableMapping | None = None) -> TeamList | None:
    """This run's workspace list, as :func:`load_data_or_stop` found it (None: unsigned)."""
    state = st.session_state if state is None else state
    return state.get(RUN_TEAM)


def _shared_data(team: TeamList | None) -> SeatData:
    if team is None or team.version is None:
        return _base_data()
    return _workspace_data(team.url, team.workspace, team.list_name, team.version.number)


def _resolve_data(state: MutableMapping, team: TeamList | None) -> SeatData:
    base = _shared_data(team)
    override = state.get(SESSION_ENDORSEMENTS)
    owner = state.get(SESSION_ENDORSEMENTS_OWNER)
    if override is not None and owner is not None and (team is None or team.member.name != owner):
        set_session_endorsements(None, state)  # applied while signed in: not for another
        override = None
    if override is None:
        return base
    cached = state.get(_OVERRIDE_CACHE)
    if cached is not None and cached[0] is override:
        return cached[1]
    data = _base_data().with_endorsements(override)
    state[_OVERRIDE_CACHE] = (override, data)
    return data


def current_data() -> SeatData:
    """This session's seat data this run: its own endorsements, its team's or the published."""
    state = st.session_state
    data = state.get(RUN_DATA)
    if data is None:
        data = _resolve_data(state, state.get(RUN_TEAM))
    return data


def set_session_endorsements(
    endorsements: pd.DataFrame | None, state: MutableMapping | None = None
) -> None:
    """Use these endorsements in this session (None goes back to the team's or published list).

    Rows applied while signed in may hold the team's list: they are dropped once the
    session is no longer that member's.
    """
    state = st.session_state if state is None else state
    state[SESSION_ENDORSEMENTS] = endorsements
    team = state.get(RUN_TEAM)
    owner = team.member.name if endorsements is not None and team is not None else None
    state[SESSION_ENDORSEMENTS_OWNER] = owner
    state.pop(_OVERRIDE_CACHE, None)
    state.pop(RUN_DATA, None)


def reload_shared_data() -> None:
    """Forget the shared data so the next run reads data/candidates.csv and the lists again."""
    _base_data.clear()
    _seeded.clear()
    _workspace_data.clear()
    last_good_version.clear()


def load_data_or_stop() -> SeatData:
    """This run's data (with a banner if its list has problems), or a clear message and stop.

    The results are needed; the team's list is not: when the workspace database cannot be
    reached the published list is shown with a warning.
    """
    state = st.session_state
    state.pop(RUN_DATA, None)
    try:
        _base_data()
    except DataError as error:
        st.error(f"The data could not be loaded.\n\n{escape_markdown(without_server_paths(error))}")
        st.info(
            "Run `targets data fetch` (or `./dev run`), or set TARGETS_DATA_MIRROR to a "
            "folder holding a copy of the data, then reload this page."
        )
        st.stop()
    team = _find_team_or_warn(signin.current_member())
    state[RUN_TEAM] = team
    try:
        data = _resolve_data(state, team)
    except DataError as error:
        _warn_unreachable(error)
        state[RUN_TEAM] = team = None
        data = _resolve_data(state, None)
    state[RUN_DATA] = data
    list_banner.show_message()
    if data.endorsement_problems:
        list_banner.show_list_problems(data, team, last_good_version)
    return data


def _find_team_or_warn(member: Member | None) -> TeamList | None:
    try:
        return find_team_list(member)
    except DataError as error:
        _warn_unreachable(error)
        return None


def _warn_unreachable(error: DataError) -> None:
    text = without_server_paths(error)  # the store's messages never hold a password
    st.warning(
        "Your team's workspace cannot be reached, so this shows the published list. "
        f"{escape_markdown(text)}",
        icon=":material/cloud_off:",
    )


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
