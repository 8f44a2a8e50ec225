"""Workspace: the team's endorsement list, every version: view, compare, restore, download."""

import streamlit as st

from targets.app import cache, columns, list_views, signin
from targets.app import workspace_state as ws
from targets.store import audit
from targets.store import endorsement_lists as lists
from targets.views.labels import escape_markdown

state = st.session_state
member = signin.require_member("viewer")
team = cache.team_list()
st.title("Workspace")
if team is None:
    st.warning("Your team's workspace cannot be reached just now: try again shortly.")
    st.stop()
engine = team.engine()
st.caption(
    f"Workspace **{escape_markdown(team.workspace)}**, signed in as "
    f"**{escape_markdown(member.name)}** ({member.role}). Every save of the list is a new "
    "version: any version can be viewed, compared, downloaded and made current again, and "
    "nothing is ever deleted."
)
if said := ws.take_message(state):
    getattr(st, said[0])(said[1])

names = lists.list_names(engine, team.workspace) or [team.list_name]
state[ws.LIST] = list_name = ws.chosen_list(state, names, team.list_name)
if len(names) > 1:
    st.selectbox("List", names, key=ws.LIST)
versions = lists.list_versions(engine, team.workspace, list_name)
if not versions:
    st.info("This list has no version yet: save one on the Import candidates page.")
    st.stop()
labels = ws.version_labels(versions)
numbers = list(labels)
current = versions[-1]

st.subheader("Versions")
columns.readable_table(ws.versions_table(versions), "ws_versions")

st.subheader("View a version")
state[ws.VIEW] = ws.chosen_version(state, ws.VIEW, numbers, current.number)
number = st.selectbox("Version", numbers, key=ws.VIEW, format_func=labels.get)
rows = lists.read_version(engine, number, team.workspace, list_name)
st.caption(f"v{number}: {len(rows)} row(s).")
columns.readable_table(rows, "ws_rows")
list_views.download_list(
    rows, f"{list_name}-v{number}", key="ws_download", label=f"Download v{number}"
)

st.subheader("Compare two versions")
pair = ws.comparison(state, numbers)
if pair is None:
    st.caption("There is only one version so far.")
else:
    state[ws.OLDER], state[ws.NEWER] = pair
    older_column, newer_column = st.columns(2)
    older_column.selectbox("Older", numbers, key=ws.OLDER, format_func=labels.get)
    newer_column.selectbox("Newer", numbers, key=ws.NEWER, format_func=labels.get)
    changes = lists.compare_versions(engine, *pair, team.workspace, list_name)
    list_views.show_changes(changes, "ws_compare", f"v{pair[0]}", f"v{pair[1]}")

if member.can_edit():
    st.subheader("Restore a version")
    default = numbers[1] if len(numbers) > 1 else current.number
    state[ws.RESTORE] = ws.chosen_version(state, ws.RESTORE, numbers, default)
    st.selectbox("Make this version current again", numbers, key=ws.RESTORE, format_func=labels.get)
    pending = state.get(ws.PENDING)
    if pending is None:
        st.button("Restore…", key="ws_restore_ask", on_click=ws.ask_restore, args=(state,))
    else:
        st.warning(
            f"Make v{pending}'s rows the current list again? They are saved as a new "
            f"version, v{current.number + 1}; every version stays as it is."
        )
        yes_column, no_column = st.columns(2)
        yes_column.button(
            f"Yes, restore v{pending}",
            key="ws_restore_yes",
            type="primary",
            on_click=ws.confirm_restore,
            args=(state, engine, member, current.number, team.workspace, list_name),
        )
        no_column.button("Cancel", key="ws_restore_no", on_click=ws.cancel_restore, args=(state,))
else:
    st.caption("Editors can restore an earlier version; you can view and download them.")

if member.is_admin():
    st.subheader("Audit log")
    st.caption("Every change to the workspace, newest first (the last 200).")
    columns.readable_table(audit.read_audit(engine, team.workspace), "ws_audit")
