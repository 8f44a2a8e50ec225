"""Seat profile: one seat's facts, every candidate, what each challenger needed, group stances.

Reached by a link such as ``?seat=E14001131`` (a code or a name), from the map, or by
typing a seat's name; previous/next walk through the seats matching the sidebar filters.
"""

import streamlit as st

from targets import place
from targets import seat_profile as profile
from targets.app import cache, pages, seat_columns, sidebar, url_state
from targets.app.postcode_search import postcode_box
from targets.data import sources
from targets.views import charts, focus_maps
from targets.views.labels import escape_markdown
from targets.views.seat_campaign import group_campaign

QUERY_KEY = "seat_query"
LINK_KEY = "_seat_link"  # the seat the URL last named, so a new link wins over typing

MEMBERS_AS_OF = sources.source_named("members").as_of
CONTEXT_SOURCES = " ".join(
    sources.source_named(name).attribution
    for name in ("deprivation", "eu_referendum", "child_poverty", "population")
)


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
    st.title("Seat profile")
    st.error(
        f"No seat matches “{escape_markdown(unknown.query)}” exactly. Choose one below, or "
        "type a seat's name or code, or a candidate's name, above."
        if unknown.suggestions
        else f"No seat matches “{escape_markdown(unknown.query)}”. Type another name or code above."
    )
    if unknown.suggestions:
        st.write("Seats whose name contains it, then seats where a candidate's name does:")
        for index, name in enumerate(unknown.suggestions):
            st.button(name, key=f"seat_suggestion_{index}", on_click=go_to, args=(name,))
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

st.subheader("Group campaigns here")
campaign = group_campaign(seat)
if campaign.empty:
    st.caption("No group in our candidate data backs or opposes a candidate here.")
else:
    for _, stance in seat.stances.iterrows():
        st.markdown(f"- {escape_markdown(profile.describe_stance(stance))}")
    st.dataframe(
        campaign,
        column_config=seat_columns.CAMPAIGN_COLUMNS,
        hide_index=True,
        key="seat_campaign",
        placeholder="",
    )

facts, locator = st.columns([3, 2])
with facts:
    st.markdown(
        f"**{escape_markdown(seat.result)}.** {escape_markdown(seat.winner_candidate)} "
        f"({escape_markdown(seat.winner_party)}) won by {seat.majority:,} votes."
    )
    st.markdown(escape_markdown(profile.describe_holder_now(seat, MEMBERS_AS_OF)))
    first, second, third = st.columns(3)
    first.metric("Majority", f"{seat.majority:,}")
    second.metric("Majority %", f"{seat.majority_pct:.1f}%", help="Of valid votes")
    third.metric("Electorate", f"{seat.electorate:,}")
    first, second, _ = st.columns(3)
    first.metric(
        "Turnout (valid votes)",
        f"{seat.turnout_pct:.1f}%",
        help="Valid votes over the electorate: the base of every share and majority here",
    )
    second.metric(
        "Official turnout",
        f"{seat.official_turnout_pct:.1f}%",
        help=f"Every ballot paper over the electorate, {seat.rejected_ballots:,} rejected "
        "ballots included: the figure declared at the count",
    )
    if seat.notional_2019_majority is not None:
        st.markdown(
            f"2019 notional result on these boundaries: **{seat.notional_2019_winner}**, "
            f"majority {seat.notional_2019_majority:,}."
        )
    else:
        st.markdown("2019 notional result on these boundaries: not available.")
with locator:
    st.plotly_chart(
        focus_maps.build_locator_map(data.seats, code, cache.map_layers(), data.registry),
        key="seat_locator",
        config={"displayModeBar": False},
    )

st.subheader("Candidates, 2024")
st.plotly_chart(
    charts.build_candidate_chart(seat.candidates, data.registry),
    key="seat_chart",
    config={"displaylogo": False},
)
st.dataframe(
    profile.candidates_for_display(seat.candidates),
    column_config=seat_columns.CANDIDATE_COLUMNS,
    hide_index=True,
    key="seat_candidates",
    placeholder="",
)

st.subheader("What it took to win")
for _, challenger in profile.key_challengers(seat.candidates).iterrows():
    st.markdown(f"- {escape_markdown(profile.describe_challenger(challenger))}")
st.caption(
    "Swing needed: points moved from the winner to the candidate that make them first. "
    "From third or lower that can take more than half the gap to the winner, as the "
    "candidate must also overtake the runner-up. "
    "Candidates are people: two independents are two candidates."
)

st.subheader("About this place")
st.dataframe(
    place.rank_place(data.seats, code),
    column_config=seat_columns.PLACE_COLUMNS,
    hide_index=True,
    key="seat_place",
    placeholder="",
)
st.caption(CONTEXT_SOURCES)
