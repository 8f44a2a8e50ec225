"""Polls: GB voting intention since 2025, the poll average and what it would mean."""

import streamlit as st

from targets import filters, polls, scenario, scenario_tables
from targets.app import cache, polls_layout, sidebar, url_state
from targets.data import sources
from targets.scenario_changes import describe_changes
from targets.views import charts, maps
from targets.views.labels import escape_markdown

LABELS = polls_layout.LABELS

data = cache.current_data()
table = cache.polls_table()
st.title("Polls")
st.caption(
    "GB voting intention from the published polls (Wikipedia's tables, CC BY-SA 4.0), "
    "each with its source. Northern Ireland is not polled."
)

WINDOWS = ["7", "14", "21", "30", "45", "60", "90"]
window = st.select_slider(
    "Average over the last … days before the most recent poll",
    options=WINDOWS,
    value=url_state.start_value(
        "pl_window", "window", WINDOWS, default=str(polls.DEFAULT_WINDOW_DAYS)
    ),
    key="pl_window",
)
url_state.set_query_state("window", window, str(polls.DEFAULT_WINDOW_DAYS))
average = polls.average_polls(table, int(window))
parties = polls.polled_parties(table)

st.subheader(f"Poll average to {average.latest:%d %B %Y}")
columns = st.columns(len(average.shares))
names = dict(zip(data.registry["party"], data.registry["party_name"], strict=True))
for column, (party, share) in zip(
    columns, sorted(average.shares.items(), key=lambda item: -item[1]), strict=True
):
    column.metric(names.get(party, party), f"{share:.1f}%")
st.caption(f"Method: {average.method}. {len(average.polls)} polls averaged.")

st.plotly_chart(
    charts.build_poll_trend_chart(table, cache.poll_trend(int(window)), parties, data.registry),
    key="poll_trend",
    config={"displaylogo": False},
)

st.subheader("Every poll")
st.dataframe(
    table.sort_values("fieldwork_end", ascending=False),
    column_config=polls_layout.POLL_COLUMN_CONFIG,
    hide_index=True,
    width="stretch",
    height=400,
    placeholder="",
)
st.caption(sources.source_named("polls").attribution)

# ---------------------------------------------------------------- projecting the polls

st.header("Project these polls")
projections = {model: cache.poll_projection(int(window), model) for model in scenario.MODELS}
first = projections["uniform"]
st.markdown(f"**{escape_markdown(polls.CAVEAT)}**")
st.caption(escape_markdown(first.window_note().removeprefix(polls.CAVEAT).strip()))
st.markdown(
    "Each polled party moves from its 2024 share across the Great Britain seats where it "
    f"stood to its poll average: {escape_markdown(describe_changes(first.changes, names))}. "
    "The parties not polled take up the rest, in proportion to their shares in each seat. "
    f"{escape_markdown(first.northern_ireland_note())}"
)
chosen = sidebar.active_filters()
mask = filters.filter_mask(data.seats, chosen)
codes = data.seats.loc[mask, "constituency_code"]
shown = {model: projection.scenario.for_seats(codes) for model, projection in projections.items()}
st.caption(
    f"{int(mask.sum())} of {len(data.seats)} seats · "
    f"{escape_markdown(filters.describe_filters(chosen))}"
)

polls_layout.seats_by_model(projections, shown, names, data.registry)
polls_layout.changes_by_model(shown, data.registry)

st.subheader("Projected winner")
map_model = st.segmented_control(
    "Model", list(LABELS), format_func=LABELS.get, key="pl_map_model", default="uniform"
)
map_model = map_model or "uniform"
figure = maps.build_seat_map(
    scenario_tables.as_seat_table(data.seats, projections[map_model].scenario.seats),
    mask,
    "winner",
    cache.map_layers(),
    data.registry,
)
figure.update_layout(legend_title_text="Projected winner")
st.plotly_chart(figure, key="pl_map", config={"displaylogo": False, "scrollZoom": True})
st.caption(
    f"{LABELS[map_model]}. Hover majorities in votes are estimates on 2024 turnout. Seats "
    "outside the filters are grey."
)

polls_layout.group_seats(projections, data.endorsements, names)
