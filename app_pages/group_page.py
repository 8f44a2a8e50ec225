"""Group campaign: the seats a group contests, who it backs and opposes there, and the outcome."""

import streamlit as st

from targets import filters, groups
from targets.app import cache, downloads, live_chart, sidebar, url_state
from targets.views import focus_maps
from targets.views.labels import escape_markdown

GROUP_COLUMNS = {
    "constituency_code": "Code",
    "constituency_name": "Seat",
    "group": None,
    "group_stance": "Stance",
    "backed_candidate": "Backed candidate",
    "backed_party": "Backed party",
    "backed_votes": st.column_config.NumberColumn("Backed votes", format="localized"),
    "backed_share": st.column_config.NumberColumn("Backed share %", format="%.1f"),
    "backed_position": st.column_config.NumberColumn("Backed placed", width="small"),
    "opposed_candidate": "Opposed candidate",
    "opposed_party": "Opposed party",
    "opposed_votes": st.column_config.NumberColumn("Opposed votes", format="localized"),
    "opposed_share": st.column_config.NumberColumn("Opposed share %", format="%.1f"),
    "opposed_position": st.column_config.NumberColumn("Opposed placed", width="small"),
    "outcome": "Outcome",
    "margin_votes": st.column_config.NumberColumn(
        "Margin", format="localized", help="Backed candidate: + won by, − lost by (votes)"
    ),
    "swing_needed": st.column_config.NumberColumn(
        "Swing needed (pts)",
        format="%.2f",
        help=(
            "Points moved from the winner to the backed candidate that make them first "
            "(from third or lower, also past the runner-up)"
        ),
    ),
    "winner_candidate": "Winner",
    "winner_party": "Winner's party",
    "runner_up_candidate": "Runner-up",
    "runner_up_party": "Runner-up's party",
    "backed_not_best_challenger": st.column_config.CheckboxColumn("Backed 3rd or lower"),
    "party_conflict": st.column_config.CheckboxColumn("Party backed and opposed"),
    "also_backed": "Also backed",
    "also_opposed": "Also opposed",
}

# what a campaigner reads first; every other column follows
SHOWN_FIRST = ["constituency_name", "outcome", "margin_votes", "swing_needed"]

data = cache.current_data()
choices = groups.list_groups(data.endorsements)

st.title("Group campaign")
if not choices:
    st.info("No group backs or opposes anyone in the candidate data in use.")
    st.stop()

group = st.selectbox(
    "Group",
    choices,
    index=url_state.start_choice("group_pick", "campaign", choices),
    key="group_pick",
)
url_state.set_query_state("campaign", group, choices[0])

whole = groups.build_group_table(data.endorsements, data.seats, group)
chosen = sidebar.active_filters()
table = groups.limit_to_seats(whole, sidebar.filtered_seats())
summary = groups.summarise_group(data.endorsements, group)

st.markdown(
    f"**{escape_markdown(group)}:** {escape_markdown(groups.describe_group_summary(summary))}"
)
st.caption(
    f"Showing {len(table)} of the group's {len(whole)} seats · {sidebar.filters_text(chosen)}"
)
for flag in groups.list_group_flags(whole, data.endorsements, group, data.seats):
    st.warning(escape_markdown(flag), icon=":material/flag:")
st.page_link(
    "app_pages/team_targets_page.py",
    label="Our targets (the team's own list: sign in)",
    icon=":material/checklist:",
    query_params={"group": group},
)

clicked = live_chart.live_chart(
    focus_maps.build_group_map(data.seats, table, cache.map_layers()),
    key="group_map",
    config=live_chart.MAP_CONFIG,
)
if clicked:
    st.switch_page("app_pages/seat_page.py", query_params={"seat": clicked})
st.caption("Click a seat, or a row of the table, to open its profile.")

downloads.download_buttons(
    table,
    "group",
    filters.filters_slug(filters.SeatFilters(groups=(group,))),
    key="group_download",
    title=group,
    described=f"the seats of {group} · {filters.describe_filters(chosen)}",
)
picked = st.dataframe(
    table,
    column_config=GROUP_COLUMNS,
    column_order=SHOWN_FIRST + [c for c in table.columns if c not in SHOWN_FIRST],
    hide_index=True,
    key="group_table",
    on_select="rerun",
    selection_mode="single-row",
    placeholder="",
)
rows = picked.selection.rows if picked else []
if rows:
    st.switch_page(
        "app_pages/seat_page.py", query_params={"seat": table.iloc[rows[0]]["constituency_code"]}
    )
