"""Target list: a party's seats ranked by the swing it needs, a battleground chart, downloads."""

import streamlit as st

from targets import filters, targeting
from targets.app import cache, downloads, filter_choices, sidebar, target_columns, url_state
from targets.data.context import CONTEXT_EXPLANATIONS, CONTEXT_LABELS
from targets.parties import party_label
from targets.views import charts

# a measure that often decides a party's targets: young seats for the Greens, Leave for Reform
SUGGESTED_MEASURE = {"Green": "age_18_29_pct", "RUK": "leave_pct"}

data = cache.current_data()
chosen = sidebar.active_filters()
seats = filters.filter_seats(data.seats, chosen)
parties = filter_choices.parties_standing(data)

st.title("Target list")

party = st.selectbox(
    "Party",
    parties,
    index=url_state.start_choice("tg_party", "party", parties),
    key="tg_party",
    format_func=party_label(data.registry),
    help="Any party that stood in 2024. Independents are people, not a party: no list.",
)
url_state.set_query_state("party", party, parties[0])
include_speaker = st.checkbox(
    "Include the Speaker's seat",
    key="tg_speaker",
    help="Left out by default: the main parties do not stand against the Speaker.",
)

targets = targeting.rank_targets(seats, data.candidates, party, include_speaker=include_speaker)
held = targeting.count_seats_won(data.candidates, party)
st.caption(
    f"{len(targets)} target seats for {party} among {len(seats)} of {len(data.seats)} seats · "
    f"{sidebar.filters_text(chosen)} · {party} won {held} seats in 2024"
)

if targets.empty:
    st.info(f"{party} has no target seats among the filtered seats.")
else:
    curve = targeting.battleground_curve(targets, seats_held=held)
    # The whole country: seats held against the majority line; filtered: gains among them.
    chart = charts.build_battleground_chart(curve, party, data.registry, chosen.is_empty())
    st.plotly_chart(chart, key="tg_chart", config={"displaylogo": False})

    st.subheader("Targets by who lives there")
    suggested = SUGGESTED_MEASURE.get(party, "deprivation_score")
    measure = st.selectbox(
        "Swing needed against",
        list(CONTEXT_LABELS),
        index=url_state.start_choice("tg_measure", "measure", list(CONTEXT_LABELS), suggested),
        format_func=CONTEXT_LABELS.get,
        key="tg_measure",
    )
    url_state.set_query_state("measure", measure, suggested)
    scatter = charts.build_target_scatter(
        targeting.with_measure(targets, data.seats, measure),
        measure,
        CONTEXT_LABELS[measure],
        data.registry,
    )
    picked = st.plotly_chart(scatter, key="tg_scatter", on_select="rerun", selection_mode="points")
    st.caption(
        f"{CONTEXT_LABELS[measure]}: {CONTEXT_EXPLANATIONS[measure]}. Click a dot to open the seat."
    )
    if clicked := charts.seat_code_from_point(picked):
        st.switch_page("app_pages/seat_page.py", query_params={"seat": clicked})

    downloads.download_buttons(
        targets,
        f"targets-{party}",
        filters.filters_slug(chosen),
        key="targets_download",
        title=f"{party} targets",
    )
    target_columns.target_table(targets, data.registry)
    st.caption(
        "Swing needed: points moved from the holder to the party that make it first. Where "
        "the party was third or lower that can take more than half the gap to the holder, "
        "as it must also overtake the runner-up. Votes behind: the party's gap to the holder. "
        "Holder's majority: the holder's lead over the runner-up. "
        "Cumulative seats: the party's 2024 seats plus every gain down to that row. "
        "Click a seat's name to open its profile."
    )
