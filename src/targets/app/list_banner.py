"""The banner every page shows while the endorsement list in use cannot be read.

The app then shows the 2024 results without any group's stances; the banner names the
wrong rows (the first few and how many) and offers the last version that loads: an
editor restores it with one click (a new version, so nothing is lost), a viewer is told
to ask an editor, and an unsigned session is told the published list could not be read.
"""

from __future__ import annotations

from collections.abc import Callable, MutableMapping, Sequence
from typing import TYPE_CHECKING

import streamlit as st

from targets.app.workspace_state import changed_since
from targets.errors import BadInputError, DataError
from targets.store.list_changes import ListChangedError, VersionInfo
from targets.views.labels import escape_markdown

if TYPE_CHECKING:
    from targets.app.cache import TeamList
    from targets.seats import SeatData

PROBLEMS_SHOWN = 5
MESSAGE = "ws_list_banner_message"  # "ws_": forgotten on sign-out
RESTORE_KEY = "list_banner_restore"


def problems_markdown(problems: Sequence[str], shown: int = PROBLEMS_SHOWN) -> str:
    """The first ``shown`` problems as a markdown list (escaped), and how many more."""
    lines = [f"- {escape_markdown(problem)}" for problem in problems[:shown]]
    if len(problems) > shown:
        lines.append(f"- … and {len(problems) - shown} more")
    return "\n".join(lines)


def restore_last_good(
    state: MutableMapping, team: TeamList, number: int, based_on: int | None
) -> None:
    """Make version ``number`` current again as a new version (editor and above)."""
    if not team.member.can_edit():
        state[MESSAGE] = ("error", "Only an editor can restore a version.")
        return
    from targets.store import endorsement_lists  # the database libraries, only now

    try:
        info = endorsement_lists.restore_version(
            team.engine(),
            number,
            author=team.member.name,
            based_on=based_on,
            workspace=team.workspace,
            list_name=team.list_name,
        )
    except ListChangedError as error:
        state[MESSAGE] = ("warning", changed_since(error.current) + ": look again.")
        return
    except (BadInputError, DataError) as error:
        state[MESSAGE] = ("error", f"Not restored: {escape_markdown(error)}")
        return
    state[MESSAGE] = ("success", f"Restored v{number} as v{info.number}.")


def show_message() -> None:
    """What the last restore from the banner did, once."""
    if said := st.session_state.pop(MESSAGE, None):
        getattr(st, said[0])(said[1])


def show_list_problems(
    data: SeatData,
    team: TeamList | None,
    last_good: Callable[[str, str, str, int], VersionInfo | None],
) -> None:
    """The banner: what is wrong with the list in use, and the last version that loads."""
    state = st.session_state
    problems = data.endorsement_problems
    listed = problems_markdown(problems)
    if team is None or team.version is None:
        st.warning(
            "**The published endorsement list (`data/candidates.csv`) could not be read**, "
            "so every page shows the 2024 results without any group's stances. "
            f"{len(problems)} problem(s):\n\n{listed}\n\nWhoever looks after this server can "
            "fix these rows in the file, or make an earlier version current again.",
            icon=":material/warning:",
        )
        return
    current = team.version
    st.warning(
        f"**Your team's list ({escape_markdown(current.describe())}) cannot be used**, so "
        "every page shows the 2024 results without any group's stances. "
        f"{len(problems)} problem(s):\n\n{listed}",
        icon=":material/warning:",
    )
    good = last_good(team.url, team.workspace, team.list_name, current.number)
    if good is None:
        st.info("No earlier version loads either: import a corrected list (Import candidates).")
    elif team.member.can_edit():
        st.button(
            f"Restore v{good.number}, the last version that loads",
            key=RESTORE_KEY,
            on_click=restore_last_good,
            args=(state, team, good.number, current.number),
            help=escape_markdown(good.describe()),
        )
    else:
        st.info(
            f"v{good.number} ({escape_markdown(good.describe())}) is the last version that "
            "loads: ask an editor to restore it on the Workspace page."
        )
