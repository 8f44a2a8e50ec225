"""The Workspace page's state: the versions table, what to view and compare, restore.

Every function works on a plain mutable mapping (``st.session_state`` in the app, a dict in
the tests). Every key starts with ``ws_``, so signing out forgets it.
"""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping, Sequence

import pandas as pd

from targets.errors import BadInputError, DataError
from targets.store.list_changes import ListChangedError, ListChanges, VersionInfo
from targets.store.members import Member
from targets.views.labels import escape_markdown

LIST, VIEW, OLDER, NEWER, RESTORE, PENDING, MESSAGE = (
    "ws_list",
    "ws_view",
    "ws_older",
    "ws_newer",
    "ws_restore",
    "ws_restore_pending",
    "ws_message",
)
VERSION_COLUMNS = ("version", "saved", "by", "changes", "rows", "source", "note")


def saved_at(info: VersionInfo) -> str:
    """When a version was saved, in UTC: "2026-12-01 14:02 UTC"."""
    return f"{info.created_at:%Y-%m-%d %H:%M} UTC"


def change_counts(added: int, removed: int, changed: int) -> str:
    """Rows added, removed and changed, as the versions table shows them: "+2 −0 ~1"."""
    return f"+{added} −{removed} ~{changed}"


def source_text(info: VersionInfo) -> str:
    """Where a version came from, in words ("restore of v2", "app", "seed", …)."""
    if info.restored_from is not None:
        return f"restore of v{info.restored_from}"
    return info.source


def versions_table(versions: Sequence[VersionInfo]) -> pd.DataFrame:
    """One row per version, newest first: version, saved, by, changes, rows, source, note."""
    rows = [
        {
            "version": info.number,
            "saved": saved_at(info),
            "by": info.author,
            "changes": change_counts(info.rows_added, info.rows_removed, info.rows_changed),
            "rows": info.row_count,
            "source": source_text(info),
            "note": info.note,
        }
        for info in reversed(list(versions))
    ]
    return pd.DataFrame(rows, columns=list(VERSION_COLUMNS))


def version_labels(versions: Sequence[VersionInfo]) -> dict[int, str]:
    """Each version's one-line description by number, newest first (for choosers)."""
    return {info.number: info.describe() for info in reversed(list(versions))}


def chosen_list(state: Mapping, names: Sequence[str], default: str) -> str:
    """The list chosen on the page (``ws_list``), or ``default`` when none or unknown."""
    chosen = state.get(LIST)
    return chosen if chosen in names else default


def chosen_version(state: Mapping, key: str, numbers: Sequence[int], default: int) -> int:
    """The version chosen under ``key`` if it exists, else ``default``."""
    chosen = state.get(key)
    return chosen if chosen in numbers else default


def comparison(state: Mapping, numbers: Sequence[int]) -> tuple[int, int] | None:
    """The two versions to compare (older, newer): by default the one before the newest."""
    if len(numbers) < 2:
        return None
    ordered = sorted(numbers)
    older = chosen_version(state, OLDER, ordered, ordered[-2])
    newer = chosen_version(state, NEWER, ordered, ordered[-1])
    return (min(older, newer), max(older, newer))


def describe_changes(changes: ListChanges) -> str:
    """How many rows were added, removed and changed, in words."""
    added, removed, changed = changes.counts()
    return f"{added} row(s) added, {removed} removed, {changed} changed"


def say(state: MutableMapping, kind: str, text: str) -> None:
    """Keep a message ("success", "error", …) for the next run."""
    state[MESSAGE] = (kind, text)


def take_message(state: MutableMapping) -> tuple[str, str] | None:
    """The message to show once, if any: (kind, text)."""
    return state.pop(MESSAGE, None)


def ask_restore(state: MutableMapping) -> None:
    """Ask to restore the version chosen in ``ws_restore``: the page then asks to confirm."""
    if state.get(RESTORE) is not None:
        state[PENDING] = state[RESTORE]


def cancel_restore(state: MutableMapping) -> None:
    """Do not restore after all."""
    state.pop(PENDING, None)


def changed_since(current: VersionInfo) -> str:
    """What a save or restore is told when the list changed since its person opened it."""
    return (
        f"The list changed since you opened it (now v{current.number} by "
        f"{escape_markdown(current.author)} at {saved_at(current)})"
    )


def confirm_restore(
    state: MutableMapping,
    engine,
    member: Member,
    based_on: int | None,
    workspace: str,
    list_name: str,
) -> VersionInfo | None:
    """Restore the version waiting in ``ws_restore_pending`` as a new version (editors only).

    ``based_on`` is the version the page showed: if another save came first nothing is
    written and the message says who saved what and when.
    """
    number = state.pop(PENDING, None)
    if number is None:
        return None
    if not member.can_edit():
        say(state, "error", "Only an editor can restore a version.")
        return None
    from targets.store import endorsement_lists  # the database libraries, only now

    try:
        info = endorsement_lists.restore_version(
            engine,
            int(number),
            author=member.name,
            based_on=based_on,
            workspace=workspace,
            list_name=list_name,
        )
    except ListChangedError as error:
        say(state, "warning", f"Not restored: {changed_since(error.current)}. Look again.")
        return None
    except (BadInputError, DataError) as error:
        say(state, "error", f"Not restored: {escape_markdown(error)}")
        return None
    say(state, "success", f"Restored v{number} as v{info.number}, now the current list.")
    return info
