"""Seat profile: one seat's facts, every candidate, what each challenger needed, group stances.

Reached by a link such as ``?seat=E14001131`` (a code or a name), from the map, or by
typing a seat's name; previous/next walk through the seats matching the sidebar filters.
"""

import streamlit as st

from targets import seat_profile as profile
from targets.app import cache, pages, seat_layout, sidebar, url_state
from targets.app.postcode_search import postcode_box
from targets.views import focus_maps

QUERY_KEY = "seat_query"
LINK_KEY = "_seat_link"  # the seat the URL last named, so a new link wins over typing


def go_to(code: str) -> None:
    st.session_state[QUERY_KEY] = code


data = cache.current_data()
filtered_codes = sidebar.filtered_seats()["constituency_code"].tolist()

url_state.query_state(QUERY_KEY, "seat")
link = st.query_params.get("seat")
if link and link != st.session_state.get(LINK_KEY):
    st.session_state[QUERY_KEY] = link

query = st.session_state.get(QUERY_KEY, "").strip()
seat, unknown = None, None
if query:
    try:
        seat = profile.build_seat_profile(data, query)
    except profile.UnknownSeatError as error:
        unknown = error
if seat is not None:
    st.session_state[QUERY_KEY] = seat.constituency_name
shown = seat.constituency_code if seat is not None else query or None
url_state.set_query_state("seat", shown)
st.session_state[LINK_KEY] = shown

st.text_input(
    "Find a seat",
    key=QUERY_KEY,
    placeholder="Seat, code or candidate, e.g. Ilford, E14001300 or Corbyn",
)
url_state.remember(QUERY_KEY)
postcode_box(st, "seat_postcode")

if unknown is not None:
    seat_layout.seat_not_found(unknown, go_to)
    st.stop()
if seat is None:
    st.title("Seat profile")
    st.info("Type a seat's name or ONS code above, or click a seat on the map.")
    st.stop()

code = seat.constituency_code
names = data.seat_names
previous, following = profile.neighbour_seats(filtered_codes, code)

st.set_page_config(page_title=pages.tab_title(seat.constituency_name), page_icon=pages.APP_ICON)
st.title(seat.constituency_name)
st.caption(
    f"{code} · {seat.region}, {seat.nation} · {profile.describe_place(filtered_codes, code)}"
)
steps = st.columns(2)
if previous:
    steps[0].button(f"← {names[previous]}", key="seat_previous", on_click=go_to, args=(previous,))
if following:
    steps[1].button(f"{names[following]} →", key="seat_next", on_click=go_to, args=(following,))

seat_layout.group_campaigns(seat)

facts, locator = st.columns([3, 2])
with facts:
    seat_layout.result_facts(seat)
with locator:
    st.plotly_chart(
        focus_maps.build_locator_map(data.seats, code, cache.map_layers(), data.registry),
        key="seat_locator",
        config={"displayModeBar": False},
    )

seat_layout.candidates(seat, data.registry)
seat_layout.about_this_place(data.seats, code)
