"""Scenario: change parties' vote shares and see who would win every seat."""

import streamlit as st

from targets import filters, polls, scenario, scenario_tables
from targets.app import cache, downloads, live_chart, scenario_layout, sidebar, url_state
from targets.app import scenario_state as state
from targets.errors import UnknownChoiceError
from targets.parties import party_names
from targets.views import export, maps
from targets.views.labels import escape_markdown

VIEWS = {"geo": "Geographic", "hex": "Hex (equal area)"}

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

scenario_layout.ChangeBoxes(names, shares_2024, projected_shares).render(own_groups, nation_groups)

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

scenario_layout.seats_and_shares(shown, result, data.registry, names)
scenario_layout.changes_and_near_misses(shown, data.registry)

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
