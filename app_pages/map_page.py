"""Map: all 650 seats, geographic or equal-area hex, coloured by result, majority or stance."""

import streamlit as st

from targets import filters
from targets.app import cache, filter_choices, live_chart, seat_links, sidebar, url_state
from targets.data.context import CONTEXT_EXPLANATIONS, CONTEXT_LABELS
from targets.views import maps

data = cache.current_data()
chosen = sidebar.active_filters()
mask = filters.filter_mask(data.seats, chosen)

st.title("Seat map")
st.caption(f"{int(mask.sum())} of {len(data.seats)} seats match · {sidebar.filters_text(chosen)}")

VIEWS = {"geo": "Geographic", "hex": "Hex (equal area)"}
target_parties = filter_choices.parties_standing(data)

controls = st.columns([2, 2, 2])
view = controls[0].segmented_control(
    "Map",
    list(VIEWS),
    format_func=VIEWS.get,
    default=url_state.start_value("map_view", "view", list(VIEWS), default="geo"),
    key="map_view",
    required=True,
)
colour = controls[1].selectbox(
    "Colour seats by",
    list(maps.COLOUR_MODES),
    format_func=maps.COLOUR_MODES.get,
    index=url_state.start_choice("map_colour", "colour", list(maps.COLOUR_MODES), "winner"),
    key="map_colour",
)
party = measure = None
if colour == "swing":
    party = controls[2].selectbox(
        "Party",
        target_parties,
        index=url_state.start_choice("map_party", "party", target_parties),
        key="map_party",
    )
    st.caption(
        "Swing needed: points moved from the holder to the party that make it first; where "
        "the party was third or lower it may also have to overtake the runner-up (see the "
        "hover)."
    )
if colour == "context":
    measure = controls[2].selectbox(
        "Measure",
        list(CONTEXT_LABELS),
        format_func=CONTEXT_LABELS.get,
        index=url_state.start_choice(
            "map_measure", "measure", list(CONTEXT_LABELS), "deprivation_score"
        ),
        key="map_measure",
    )
    st.caption(f"{CONTEXT_LABELS[measure]}: {CONTEXT_EXPLANATIONS[measure]}.")
url_state.set_query_state("view", view, "geo")
url_state.set_query_state("colour", colour, "winner")
url_state.set_query_state("party", party if colour == "swing" else None)
url_state.set_query_state("measure", measure)

figure = cache.seat_map(
    data,
    mask,
    colour,
    hex_view=view == "hex",
    party=party,
    measure=measure,
    phone=cache.on_a_phone(),
)
clicked = live_chart.live_chart(
    figure,
    key="seat_map",
    config=live_chart.MAP_CONFIG,
)
if not mask.any():
    st.button("Reset filters", key="map_reset", on_click=sidebar.reset_filters, type="primary")
st.caption("Click a seat to open its profile. Seats outside the filters are grey.")

listed = maps.listed_seats(data.seats, mask)
opened = None
if listed:
    st.subheader(f"The {len(listed)} matching seats" if len(listed) > 1 else "The matching seat")
    opened = seat_links.seat_links(listed, key="map_listed_seats")

if clicked or opened:
    st.switch_page("app_pages/seat_page.py", query_params={"seat": clicked or opened})
