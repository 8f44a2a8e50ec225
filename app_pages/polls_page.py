"""Polls: GB voting intention since 2025, the poll average and what it would mean."""

import streamlit as st

from targets import filters, groups, polls, scenario, scenario_tables
from targets.app import cache, sidebar, url_state
from targets.app import columns as seat_columns
from targets.app import scenario_state as scenario_boxes
from targets.data import sources
from targets.scenario_changes import describe_changes, format_changes
from targets.views import charts, maps
from targets.views import labels as display
from targets.views.labels import escape_markdown

POLL_COLUMN_CONFIG = {
    "pollster": "Pollster",
    "fieldwork_end": st.column_config.DateColumn("Fieldwork ended", format="D MMM YYYY"),
    "Lab": st.column_config.NumberColumn("Labour %", format="%.0f"),
    "Con": st.column_config.NumberColumn("Conservative %", format="%.0f"),
    "RUK": st.column_config.NumberColumn("Reform UK %", format="%.0f"),
    "LD": st.column_config.NumberColumn("Lib Dem %", format="%.0f"),
    "Green": st.column_config.NumberColumn("Green %", format="%.0f"),
    "source_url": st.column_config.LinkColumn("Source", display_text="open"),
}
LABELS = scenario_boxes.MODEL_LABELS
SIDE_COLUMNS = {
    "party": "Party",
    "seats_2024": "2024",
    "seats_uniform": "Uniform",
    "change_uniform": st.column_config.TextColumn("± uniform", alignment="right"),
    "seats_proportional": "Proportional",
    "change_proportional": st.column_config.TextColumn("± proportional", alignment="right"),
}
CHANGE_COLUMNS = {
    display.SEAT_LINK: seat_columns.seat_link_column(),
    "from_party": st.column_config.TextColumn("From", width="small"),
    "to_party": st.column_config.TextColumn("To", width="small"),
    "new_margin_pct": st.column_config.NumberColumn("Margin (pts)", format="%.1f", width="small"),
    "to_candidate": st.column_config.TextColumn("Projected winner", width="medium"),
}
GROUP_COLUMNS = {
    "constituency_name": "Seat",
    "backed_candidate": "Backed",
    "party_2024": "2024 winner",
    "uniform_candidate": "Uniform: winner",
    "uniform_margin_pct": st.column_config.NumberColumn("Uniform: margin (pts)", format="%.1f"),
    "proportional_candidate": "Proportional: winner",
    "proportional_margin_pct": st.column_config.NumberColumn(
        "Proportional: margin (pts)", format="%.1f"
    ),
}
GROUP_DEFAULT = "We Deserve Better"

data = cache.current_data()
table = cache.polls_table()
st.title("Polls")
st.caption(
    "GB voting intention from the published polls (Wikipedia's tables, CC BY-SA 4.0), "
    "each with its source. Northern Ireland is not polled."
)

WINDOWS = ["7", "14", "21", "30", "45", "60", "90"]
url_state.query_state("pl_window", "window", WINDOWS, default=str(polls.DEFAULT_WINDOW_DAYS))
window = st.select_slider(
    "Average over the last … days before the most recent poll",
    options=WINDOWS,
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
    column_config=POLL_COLUMN_CONFIG,
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

st.subheader("Seats by party")
for column, (model, projection) in zip(st.columns(2), projections.items(), strict=True):
    with column:
        st.markdown(f"**{LABELS[model]}**")
        leaders = shown[model].totals.head(4)
        for metric, row in zip(st.columns(len(leaders) or 1), leaders.itertuples(), strict=False):
            metric.metric(
                names.get(row.party, row.party),
                row.seats_projected,
                delta=scenario_boxes.seat_delta(int(row.change)),
                delta_color="off",
                delta_arrow="off",
            )
        fit = projection.scenario.fit
        st.caption(
            f"{fit.seats} seats needed the fit (the parties not polled could not make up the "
            f"difference there); {fit.iterations} refits to land on the poll average."
        )
        st.page_link(
            "app_pages/scenario_page.py",
            label=f"Open in the Scenario page ({LABELS[model].lower()})",
            icon=":material/tune:",
            query_params={
                "change": format_changes(projection.changes),
                "model": model,
                "from": scenario_boxes.FROM_POLLS,
            },
        )
st.dataframe(
    scenario_boxes.signed_seats(
        polls.seats_side_by_side(shown), ("change_uniform", "change_proportional")
    ).style.map(display.party_cell_style(data.registry), subset=["party"]),
    column_config=SIDE_COLUMNS,
    hide_index=True,
    key="pl_seats",
    placeholder="",
)

st.subheader("Seats changing hands")
for column, (model, part) in zip(st.columns(2), shown.items(), strict=True):
    with column:
        st.markdown(f"**{LABELS[model]}: {len(part.seat_changes)} seats change hands**")
        if not part.seat_changes.empty:
            st.dataframe(
                display.with_seat_links(part.seat_changes).style.map(
                    display.party_cell_style(data.registry), subset=["from_party", "to_party"]
                ),
                column_config=CHANGE_COLUMNS,
                column_order=list(CHANGE_COLUMNS),
                hide_index=True,
                height=300,
                key=f"pl_changes_{model}",
                placeholder="",
            )

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

st.subheader("A group's seats")
choices = groups.list_groups(data.endorsements)
if not choices:
    st.info("No group backs or opposes anyone in the candidate data in use.")
else:
    default = GROUP_DEFAULT if GROUP_DEFAULT in choices else choices[0]
    url_state.query_state("pl_group", "campaign", choices, default=default)
    group = st.selectbox("Group", choices, key="pl_group")
    url_state.set_query_state("campaign", group, default)
    table = polls.group_seats_projected(projections, data.endorsements, group)
    for line in polls.describe_group_seats(table, names):
        st.markdown(f"- {escape_markdown(line)}")
    st.dataframe(
        table,
        column_config=GROUP_COLUMNS,
        column_order=list(GROUP_COLUMNS),
        hide_index=True,
        key="pl_group_seats",
        placeholder="",
    )
