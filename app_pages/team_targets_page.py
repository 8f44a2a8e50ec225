"""Our targets: a group's own target list, shared with its team in the workspace."""

import functools

import streamlit as st

from targets import filters, groups, target_seats
from targets.app import cache, downloads, signin, url_state
from targets.app import team_targets_state as state
from targets.errors import DataError
from targets.store import database, target_lists
from targets.views.labels import escape_markdown

COLUMNS = {
    "seat_link": st.column_config.LinkColumn(
        "Seat", display_text=r"seat=[^#]*#(.*)$", width="medium", pinned=True
    ),
    "priority": st.column_config.NumberColumn("Priority", width="small"),
    "status": "Status",
    "owner": "Owner",
    "notes": st.column_config.TextColumn("Notes", width="medium"),
    "winner_party": "Won 2024",
    "winner_candidate": "Winner",
    "majority_pct": st.column_config.NumberColumn("Majority %", format="%.1f"),
    "backed_candidate": "Backed",
    "backed_position": st.column_config.NumberColumn("Backed finished", width="small"),
    "votes_behind": st.column_config.NumberColumn("Votes behind", format="localized"),
    "swing_needed": st.column_config.NumberColumn("Swing needed (pts)", format="%.1f"),
    "updated_at": st.column_config.DatetimeColumn("Updated (UTC)", format="YYYY-MM-DD HH:mm"),
    "updated_by": "By",
}

member = signin.require_member("viewer")
data = cache.current_data()
st.title("Our targets")
st.caption(
    "A group's own target list, shared with your team: each seat's priority, status "
    "(considering, target, dropped), owner and notes, beside its 2024 result and how the "
    "group's backed candidate did there."
)
try:
    engine = database.open_database()
    saved_groups = target_lists.target_list_groups(engine, workspace=member.workspace)
except DataError as error:
    st.error(f"The team workspace cannot be reached: {escape_markdown(error)}")
    st.stop()
choices = state.group_choices(groups.list_groups(data.endorsements), saved_groups)
url_state.query_state("ws_tt_group", "group", choices)
group = st.selectbox(
    "Group",
    choices,
    key="ws_tt_group",
    accept_new_options=member.can_edit(),
    placeholder="Type a group's name to start its list" if member.can_edit() else "No group yet",
)
if not group:
    st.info("No group has a target list yet.")
    st.stop()

saved = target_lists.read_target_list(engine, group, workspace=member.workspace)
backed = state.backed_in(data.endorsements, data.seats, group)
table = target_seats.build_target_seats(saved, data.seats, backed)
st.subheader(f"{escape_markdown(group)}: {target_seats.describe_target_seats(table)}")
if not table.empty:
    st.dataframe(
        state.with_seat_links(table),
        column_config=COLUMNS,
        column_order=list(COLUMNS),
        hide_index=True,
        key="ws_tt_table",
        placeholder="",
    )
    downloads.download_buttons(
        state.downloadable(table),
        "our_targets",
        filters.filters_slug(filters.SeatFilters(groups=(group,))),
        key="ws_tt_download",
        title=f"{group} targets",
        described=f"the target list of {group} (workspace {member.workspace})",
    )
message = state.pop_message(st.session_state)
if message:
    getattr(st, message[0])(escape_markdown(message[1]))
if not member.can_edit():
    st.caption("You can read this list; an editor or admin can change it.")
    st.stop()

save = functools.partial(target_lists.save_target_seat, engine, workspace=member.workspace)
names = data.seat_names.to_dict()
st.subheader("Add a seat")
left, right = st.columns([3, 1])
left.selectbox(
    "Seat",
    [code for code in sorted(names, key=names.get) if code not in set(table["constituency_code"])],
    index=None,
    format_func=names.get,
    placeholder="Type a seat's name",
    key=state.ADD_SEAT,
)
right.number_input("Priority", 1, 650, 1, key=state.ADD_PRIORITY)
st.button(
    "Add to our targets",
    key="ws_tt_add",
    icon=":material/add:",
    on_click=state.add_seat,
    args=(st.session_state, save, member.name, group),
)
if table.empty:
    st.stop()

st.subheader("Edit a seat")
codes = table["constituency_code"].tolist()
state.pick_seat(st.session_state, state.EDIT_SEAT, codes)
code = st.selectbox("Seat to edit", codes, format_func=names.get, key=state.EDIT_SEAT)
row = state.saved_row(saved, code)
state.open_row(st.session_state, group, code, row)
columns = st.columns([1, 1, 2])
columns[0].number_input("Priority", 1, 650, key=state.FORM_KEYS["priority"])
columns[1].selectbox("Status", target_lists.STATUSES, key=state.FORM_KEYS["status"])
columns[2].text_input("Owner", key=state.FORM_KEYS["owner"], max_chars=100)
st.text_area("Notes", key=state.FORM_KEYS["notes"], max_chars=5000)
found = state.conflict(st.session_state, group, code)
if found is None:
    st.button(
        "Save",
        key="ws_tt_save",
        type="primary",
        on_click=state.save_edit,
        args=(st.session_state, save, member.name),
    )
    st.stop()
st.warning(escape_markdown(state.describe_theirs(found)), icon=":material/sync_problem:")
st.dataframe(
    state.conflict_table(found), hide_index=True, key="ws_tt_conflict_table", placeholder=""
)
mine, theirs = st.columns(2)
mine.button(
    "Save mine over theirs",
    key="ws_tt_save_mine",
    type="primary",
    on_click=state.save_mine_over_theirs,
    args=(st.session_state, save, member.name),
)
theirs.button(
    "Take theirs", key="ws_tt_take_theirs", on_click=state.take_theirs, args=(st.session_state,)
)
