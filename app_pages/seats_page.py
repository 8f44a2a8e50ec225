"""Seats: the filtered seat table, a summary by winning party, and downloads."""

import streamlit as st

from targets import filters
from targets.app import cache, columns, downloads, sidebar
from targets.seats import seats_won_by_party
from targets.views import labels as display

data = cache.current_data()
chosen = sidebar.active_filters()
rows = filters.filter_seats(data.seats, chosen)

st.title("Seats")
st.caption(f"{len(rows)} of {len(data.seats)} seats · {sidebar.filters_text(chosen)}")

summary = seats_won_by_party(rows, data.registry)
if not summary.empty:
    st.markdown(
        " · ".join(f"**{row.party}** {row.seats}" for row in summary.itertuples()),
        help="Seats won in 2024 among the filtered seats, by winning party.",
    )

downloads.download_buttons(rows, "seats", filters.filters_slug(chosen), key="seats_download")
if rows.empty:
    st.info("No seat matches these filters.")
else:
    shown = display.with_seat_links(rows)
    st.dataframe(
        display.seat_table_for_display(shown),
        column_config=columns.seat_column_config(data.registry, list(shown.columns)),
        column_order=display.lead_columns(list(shown.columns)),
        hide_index=True,
        height=display.table_height(len(rows)),
        key="seats_table",
        placeholder="",
    )
    st.caption("Click a seat's name to open its profile.")
