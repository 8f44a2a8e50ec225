"""Target list: a party's seats ranked by the swing it needs, a battleground chart, downloads."""

import streamlit as st

from targets import filters, targeting
from targets.app import cache, downloads, sidebar, url_state
from targets.parties import party_label
from targets.views import charts
from targets.views import labels as display

TARGET_COLUMN_CONFIG = {
    "rank": "Rank",
    "constituency_code": "Code",
    "constituency_name": "Seat",
    "nation": "Nation",
    "region": "Region",
    "holder_party": "Holder",
    "holder_candidate": "Holder's candidate",
    "holder_share": "Holder share %",
    "party": "Party",
    "party_candidate": "Party's candidate",
    "party_share": "Party share %",
    "party_position": "Party placed",
    "majority": "Majority",
    "majority_pct": "Majority %",
    "swing_needed": st.column_config.NumberColumn("Swing needed (pts)", format="%.2f"),
    "cumulative_seats": "Cumulative seats",
}

data = cache.current_data()
chosen = sidebar.active_filters()
seats = filters.filter_seats(data.seats, chosen)
parties = targeting.parties_standing(data.candidates)

st.title("Target list")

url_state.query_state("tg_party", "party", parties, default=parties[0])
party = st.selectbox(
    "Party",
    parties,
    key="tg_party",
    format_func=party_label(data.registry),
    help="Any party that stood in 2024. Independents are people, not a party: no list.",
)
url_state.set_query_state("party", party, parties[0])

targets = targeting.rank_targets(seats, data.candidates, party)
held = targeting.count_seats_won(data.candidates, party)
st.caption(
    f"{len(targets)} target seats for {party} among {len(seats)} of {len(data.seats)} seats · "
    f"{filters.describe_filters(chosen)} · {party} won {held} seats in 2024"
)

if targets.empty:
    st.info(f"{party} has no target seats among the filtered seats.")
else:
    curve = targeting.battleground_curve(targets, seats_held=held)
    # The whole country: seats held against the majority line; filtered: gains among them.
    chart = charts.build_battleground_chart(curve, party, data.registry, chosen.is_empty())
    st.plotly_chart(chart, key="tg_chart", config={"displaylogo": False})

    downloads.download_buttons(
        targets, f"targets-{party}", filters.filters_slug(chosen), key="targets_download"
    )
    st.dataframe(
        targets.style.format("{:.1f}", subset=["holder_share", "party_share", "majority_pct"])
        .format("{:,.0f}", subset=["majority"])
        .map(display.party_cell_style(data.registry), subset=["holder_party", "party"]),
        column_config=TARGET_COLUMN_CONFIG,
        hide_index=True,
        height=560,
        key="tg_table",
    )
    st.caption(
        "Swing needed is half the gap between the holder's share and the party's, in points. "
        "Cumulative seats: the party's 2024 seats plus every gain down to that row."
    )
