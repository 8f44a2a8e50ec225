"""The Seat profile page's parts, from a seat not found to who lives there.

A seat not found, group campaigns, the result, the candidates, what it took to win and the
place. The page finds the seat and lays these out; the profile is ``targets.seat_profile``.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from targets import place
from targets import seat_profile as profile
from targets.app import seat_columns
from targets.data import sources
from targets.data.sources import MEMBERS_AS_OF
from targets.views import charts
from targets.views.labels import escape_markdown
from targets.views.seat_campaign import group_campaign

CONTEXT_SOURCES = " ".join(
    sources.source_named(name).attribution
    for name in ("deprivation", "eu_referendum", "child_poverty", "population")
)


def seat_not_found(unknown: profile.UnknownSeatError, go_to: Callable[[str], None]) -> None:
    """Say nothing matched, and offer the seats whose name (or candidate) contains it."""
    st.title("Seat profile")
    query = escape_markdown(unknown.query)
    st.error(
        f"No seat matches “{query}” exactly. Choose one below, or type a seat's name or "
        "code, or a candidate's name, above."
        if unknown.suggestions
        else f"No seat matches “{query}”. Type another name or code above."
    )
    if unknown.suggestions:
        st.write("Seats whose name contains it, then seats where a candidate's name does:")
        for index, name in enumerate(unknown.suggestions):
            st.button(name, key=f"seat_suggestion_{index}", on_click=go_to, args=(name,))


def group_campaigns(seat) -> None:
    """Which groups back or oppose whom here, in words and as a table."""
    st.subheader("Group campaigns here")
    campaign = group_campaign(seat)
    if campaign.empty:
        st.caption("No group in our candidate data backs or opposes a candidate here.")
        return
    for _, stance in seat.stances.iterrows():
        st.markdown(f"- {escape_markdown(profile.describe_stance(stance))}")
    st.dataframe(
        campaign,
        column_config=seat_columns.CAMPAIGN_COLUMNS,
        hide_index=True,
        key="seat_campaign",
        placeholder="",
    )


def result_facts(seat) -> None:
    """The 2024 result, who holds the seat now, majority, electorate, turnout, 2019."""
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


def candidates(seat, registry: pd.DataFrame) -> None:
    """Every candidate of 2024 as a chart and a table, then what each challenger needed."""
    st.subheader("Candidates, 2024")
    st.plotly_chart(
        charts.build_candidate_chart(seat.candidates, registry),
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


def about_this_place(seats: pd.DataFrame, code: str) -> None:
    """Who lives there, each measure ranked among all seats, with the sources."""
    st.subheader("About this place")
    st.dataframe(
        place.rank_place(seats, code),
        column_config=seat_columns.PLACE_COLUMNS,
        hide_index=True,
        key="seat_place",
        placeholder="",
    )
    st.caption(CONTEXT_SOURCES)
