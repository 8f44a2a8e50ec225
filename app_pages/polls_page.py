"""Polls: GB voting intention since 2025, the poll average and what it would mean."""

import streamlit as st

from targets import polls
from targets.app import cache, url_state
from targets.data import sources
from targets.views import charts

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
)
st.caption(sources.source_named("polls").attribution)
