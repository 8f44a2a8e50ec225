"""Scenario: change parties' vote shares and see who would win every seat."""

import streamlit as st

from targets import filters, polls, scenario, scenario_tables
from targets.app import cache, downloads, live_chart, sidebar, url_state
from targets.app import columns as seat_columns
from targets.app import scenario_state as state
from targets.errors import UnknownChoiceError
from targets.parties import party_names
from targets.views import export, maps
from targets.views import labels as display
from targets.views.labels import escape_markdown

VIEWS = {"geo": "Geographic", "hex": "Hex (equal area)"}
CHANGE_LIMITS = {"min_value": -100.0, "max_value": 100.0, "step": 0.5, "format": "%.2f"}
NEAR_MISS_POINTS = 2.0
TOTAL_COLUMNS = {
    "party": "Party",
    "seats_2024": "2024",
    "seats_projected": "Projected",
    "change": st.column_config.TextColumn("Change", alignment="right"),
}
SHARE_COLUMNS = {
    "party": "Party",
    "area": "Across",
    "share_2024": st.column_config.NumberColumn("2024 %", format="%.2f"),
    "share_projected": st.column_config.NumberColumn("Projected %", format="%.2f"),
    "change": st.column_config.NumberColumn("Change (pts)", format="%+.2f"),
}
CHANGE_COLUMNS = {
    display.SEAT_LINK: seat_columns.seat_link_column(),
    "from_party": "From",
    "to_party": "To",
    "to_candidate": "Projected winner",
    "new_margin_pct": st.column_config.NumberColumn("Margin (pts)", format="%.1f"),
}
NEAR_COLUMNS = {
    display.SEAT_LINK: seat_columns.seat_link_column(),
    "projected_party": "Winner",
    "projected_second_party": "Runner-up",
    "projected_margin_pct": st.column_config.NumberColumn("Margin (pts)", format="%.1f"),
    "changes_hands": st.column_config.CheckboxColumn("Changes hands"),
}

data = cache.current_data()
candidates = data.candidates
names = party_names(data.registry)
chosen = sidebar.active_filters()
mask = filters.filter_mask(data.seats, chosen)
shares_2024 = scenario.vote_shares_2024(candidates)
own_groups, nation_groups = state.input_groups(shares_2024)
groups = [*own_groups, *nation_groups]

st.title("Swing scenario")
for note in state.seed_from_query(
    st.session_state, st.query_params.to_dict(), groups, candidates, data.registry
):
    st.warning(escape_markdown(note), icon=":material/link_off:")
state.prepare_inputs(st.session_state, groups)
change_text, nations_text = state.scenario_texts(st.session_state, groups)
try:
    result = scenario.scenario_from_text(
        change_text, nations_text, st.session_state[state.MODEL_KEY], candidates, data.registry
    )
    problem = None
except (scenario.ScenarioError, UnknownChoiceError) as error:
    result, problem = None, error
projected_shares = None if result is None else result.vote_shares


def boxes(group: state.InputGroup, columns) -> None:
    """One change box per party, each with its share in 2024 and projected."""
    for column, party in zip(columns, group.parties, strict=False):
        key = state.change_key(group.scope, party)
        column.number_input(names.get(party, party), key=key, **CHANGE_LIMITS)
        column.caption(state.share_caption(shares_2024, projected_shares, party, group.area))
        url_state.remember(key)


def box_rows(group: state.InputGroup, per_row: int = 5) -> None:
    for start in range(0, len(group.parties), per_row):
        part = group.parties[start : start + per_row]
        boxes(state.InputGroup(group.scope, group.area, part, group.blank), st.columns(per_row))


st.segmented_control(
    "Model",
    list(state.MODEL_LABELS),
    format_func=state.MODEL_LABELS.get,
    key=state.MODEL_KEY,
    required=True,
    help=(
        "Uniform: the change is added to the party's share in every seat where it stood (at "
        "0 where it would go below, the rest taken evenly from its other seats). "
        "Proportional: its share in every seat is multiplied by (S+X)/S, S being its 2024 "
        "share across those seats."
    ),
)
url_state.remember(state.MODEL_KEY)
st.caption(
    f"{scenario.RULE} A change moves the party's share across the seats where it stood in "
    "that area. A box at 0 names no change: that party takes its part of the difference. "
    "Independents are people, not a party: they take their part too."
)

st.subheader("Change in vote share (points)")
singles = [group for group in own_groups if len(group.parties) == 1]  # SNP, Plaid Cymru
for group in own_groups:
    if singles and group is singles[0]:
        widths = [1] * len(singles) + [max(5 - len(singles), 1)]  # aligned with the rows above
        for column, single in zip(st.columns(widths), singles, strict=False):
            column.markdown(f"**{single.area}**")
            boxes(single, [column])
    elif group not in singles:
        st.markdown(f"**{group.area}**")
        box_rows(group)
st.text_input(
    "Other parties",
    key=state.OTHER_KEY,
    placeholder="e.g. WPB=+2, Yrks=+1",
    help="Any party that stood, as PARTY=±points across its own area, separated by commas.",
)
url_state.remember(state.OTHER_KEY)
with st.expander("Per nation within Great Britain (optional)"):
    st.caption(
        "A nation's box moves the party's share in that nation; its Great Britain change "
        "still holds, the rest of Great Britain making up the difference. Blank: no change "
        "of its own; 0: held at its 2024 share there."
    )
    for group, tab in zip(nation_groups, st.tabs([g.area for g in nation_groups]), strict=True):
        with tab:
            box_rows(group)

if result is None:
    st.error(f"This scenario cannot be run: {escape_markdown(problem)}")
    st.stop()

written = state.query_values(result)
for param, value in written.items():
    url_state.set_query_state(param, value, "uniform" if param == "model" else "")
state.note_written(st.session_state, written)
if state.from_polls(st.session_state):
    url_state.set_query_state("from", state.FROM_POLLS)
    st.info(
        f"{polls.CAVEAT} These changes take each polled party from its 2024 share to its "
        "poll average (see the Polls page); Northern Ireland is not polled.",
        icon=":material/monitoring:",
    )
else:
    url_state.set_query_state("from", None)

shown = result.for_seats(data.seats.loc[mask, "constituency_code"])
st.markdown(f"**{escape_markdown(state.describe_scenario(result, names))}**")
st.caption(f"{len(shown.seats)} of {len(data.seats)} seats · {sidebar.filters_text(chosen)}")
for warning in scenario_tables.multiplier_warnings(result.targets, names):
    st.warning(escape_markdown(warning), icon=":material/warning:")
for note in scenario_tables.target_notes(result.targets, names):
    st.info(escape_markdown(note), icon=":material/info:")
for note in scenario_tables.fit_notes(result.fit, result.targets, names):
    st.info(escape_markdown(note), icon=":material/info:")

st.subheader("Seats by party")
leaders = shown.totals.head(6)
for column, row in zip(st.columns(len(leaders) or 1), leaders.itertuples(), strict=False):
    column.metric(
        names.get(row.party, row.party),
        row.seats_projected,
        delta=state.seat_delta(int(row.change)),
        delta_color="off",
        delta_arrow="off",
    )
st.dataframe(
    state.signed_seats(shown.totals).style.map(
        display.party_cell_style(data.registry), subset=["party"]
    ),
    column_config=TOTAL_COLUMNS,
    hide_index=True,
    key="sc_totals",
    placeholder="",
)

st.subheader("Vote shares")
st.caption(
    "Each party's share of the valid votes in the seats where it stood, across its own area "
    "(and in a nation where a change was asked for), in 2024 and projected."
)
st.dataframe(
    result.main_vote_shares().style.map(display.party_cell_style(data.registry), subset=["party"]),
    column_config=SHARE_COLUMNS,
    column_order=list(SHARE_COLUMNS),
    hide_index=True,
    key="sc_shares",
    placeholder="",
)

near = shown.near_misses(NEAR_MISS_POINTS)
moved_column, near_column = st.columns(2)
with moved_column:
    st.subheader(f"{len(shown.seat_changes)} seats change hands")
    if not shown.seat_changes.empty:
        st.dataframe(
            display.with_seat_links(shown.seat_changes).style.map(
                display.party_cell_style(data.registry), subset=["from_party", "to_party"]
            ),
            column_config=CHANGE_COLUMNS,
            column_order=list(CHANGE_COLUMNS),
            hide_index=True,
            key="sc_changes",
            placeholder="",
        )
with near_column:
    st.subheader(f"{len(near)} seats won by under {NEAR_MISS_POINTS:g} points")
    if not near.empty:
        st.dataframe(
            display.with_seat_links(near).style.map(
                display.party_cell_style(data.registry),
                subset=["projected_party", "projected_second_party"],
            ),
            column_config=NEAR_COLUMNS,
            column_order=list(NEAR_COLUMNS),
            hide_index=True,
            key="sc_near",
            placeholder="",
        )

st.subheader("Projected winner")
view = st.segmented_control(
    "Map", list(VIEWS), format_func=VIEWS.get, key=state.VIEW_KEY, required=True
)
url_state.remember(state.VIEW_KEY)
figure = maps.build_seat_map(
    scenario_tables.as_seat_table(data.seats, result.seats),
    mask,
    "winner",
    cache.map_layers(),
    data.registry,
    hex_view=view == "hex",
)
figure.update_layout(legend_title_text="Projected winner")
live_chart.live_chart(figure, key="sc_map", config=live_chart.MAP_CONFIG)
st.caption(
    "Hover majorities in votes are estimates on 2024 turnout. Seats outside the filters are grey."
)

st.subheader("Download the projection")
slug = scenario_tables.scenario_slug(result.changes, result.model, result.nation_changes)
downloads.download_buttons(shown.seats, "scenario", slug, key="scenario_download")
st.download_button(
    "Download vote shares (CSV)",
    data=export.export_table(result.vote_shares, "csv"),
    file_name=export.export_filename("scenario_shares", slug, "csv"),
    mime=export.MEDIA_TYPES["csv"],
    key="scenario_shares_csv",
    icon=":material/download:",
)
