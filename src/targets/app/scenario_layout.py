"""The Scenario page's parts: the change boxes and the tables of what the scenario does.

The page runs the scenario and lays these out; the arithmetic is ``targets.scenario`` and
the boxes' state ``targets.app.scenario_state``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd
import streamlit as st

from targets.app import columns as seat_columns
from targets.app import scenario_state as state
from targets.app import url_state
from targets.views import labels as display

CHANGE_LIMITS = {"min_value": -100.0, "max_value": 100.0, "step": 0.5, "format": "%.2f"}
NEAR_MISS_POINTS = 2.0
TOTAL_COLUMNS = {
    "party": "Party",
    "seats_2024": "2024",
    "seats_projected": "Projected",
    "change": st.column_config.TextColumn("Change", alignment="right"),
}
SHARE_COLUMNS = {
    "party": "Party",
    "area": "Across",
    "share_2024": st.column_config.NumberColumn("2024 %", format="%.2f"),
    "share_projected": st.column_config.NumberColumn("Projected %", format="%.2f"),
    "change": st.column_config.NumberColumn("Change (pts)", format="%+.2f"),
}
CHANGE_COLUMNS = {
    display.SEAT_LINK: seat_columns.seat_link_column(),
    "from_party": "From",
    "to_party": "To",
    "to_candidate": "Projected winner",
    "new_margin_pct": st.column_config.NumberColumn("Margin (pts)", format="%.1f"),
}
NEAR_COLUMNS = {
    display.SEAT_LINK: seat_columns.seat_link_column(),
    "projected_party": "Winner",
    "projected_second_party": "Runner-up",
    "projected_margin_pct": st.column_config.NumberColumn("Margin (pts)", format="%.1f"),
    "changes_hands": st.column_config.CheckboxColumn("Changes hands"),
}


class ChangeBoxes:
    """One number box per party and area, each captioned with its share then and projected."""

    def __init__(
        self,
        names: Mapping[str, str],
        shares_2024: pd.DataFrame,
        projected_shares: pd.DataFrame | None,
    ):
        self.names = names
        self.shares_2024 = shares_2024
        self.projected_shares = projected_shares

    def boxes(self, group: state.InputGroup, columns) -> None:
        """A group's boxes, one to a column."""
        for column, party in zip(columns, group.parties, strict=False):
            key = state.change_key(group.scope, party)
            column.number_input(self.names.get(party, party), key=key, **CHANGE_LIMITS)
            caption = state.share_caption(
                self.shares_2024, self.projected_shares, party, group.area
            )
            column.caption(caption)
            url_state.remember(key)

    def rows(self, group: state.InputGroup, per_row: int = 5) -> None:
        """A group's boxes in rows of ``per_row``."""
        for start in range(0, len(group.parties), per_row):
            part = group.parties[start : start + per_row]
            row = state.InputGroup(group.scope, group.area, part, group.blank)
            self.boxes(row, st.columns(per_row))

    def render(
        self, own_groups: Sequence[state.InputGroup], nation_groups: Sequence[state.InputGroup]
    ) -> None:
        """Every party's own area, other parties as text, then the per-nation boxes."""
        st.subheader("Change in vote share (points)")
        singles = [group for group in own_groups if len(group.parties) == 1]  # SNP, Plaid
        for group in own_groups:
            if singles and group is singles[0]:
                widths = [1] * len(singles) + [max(5 - len(singles), 1)]  # as the rows above
                for column, single in zip(st.columns(widths), singles, strict=False):
                    column.markdown(f"**{single.area}**")
                    self.boxes(single, [column])
            elif group not in singles:
                st.markdown(f"**{group.area}**")
                self.rows(group)
        st.text_input(
            "Other parties",
            key=state.OTHER_KEY,
            placeholder="e.g. WPB=+2, Yrks=+1",
            help="Any party that stood, as PARTY=±points across its own area, separated by commas.",
        )
        url_state.remember(state.OTHER_KEY)
        with st.expander("Per nation within Great Britain (optional)"):
            st.caption(
                "A nation's box moves the party's share in that nation; its Great Britain "
                "change still holds, the rest of Great Britain making up the difference. "
                "Blank: no change of its own; 0: held at its 2024 share there."
            )
            tabs = st.tabs([group.area for group in nation_groups])
            for group, tab in zip(nation_groups, tabs, strict=True):
                with tab:
                    self.rows(group)


def leading_parties(totals: pd.DataFrame, names: Mapping[str, str], count: int) -> None:
    """The ``count`` parties with most projected seats, each with its change since 2024."""
    leaders = totals.head(count)
    for column, row in zip(st.columns(len(leaders) or 1), leaders.itertuples(), strict=False):
        column.metric(
            names.get(row.party, row.party),
            row.seats_projected,
            delta=state.seat_delta(int(row.change)),
            delta_color="off",
            delta_arrow="off",
        )


def seats_and_shares(shown, result, registry: pd.DataFrame, names: Mapping[str, str]) -> None:
    """Seats by party (the leaders as figures, then all), and the vote shares."""
    st.subheader("Seats by party")
    leading_parties(shown.totals, names, 6)
    totals = state.signed_seats(shown.totals)
    seat_columns.party_table(
        totals, registry, ["party"], column_config=TOTAL_COLUMNS, key="sc_totals"
    )
    st.subheader("Vote shares")
    st.caption(
        "Each party's share of the valid votes in the seats where it stood, across its own "
        "area (and in a nation where a change was asked for), in 2024 and projected."
    )
    seat_columns.party_table(
        result.main_vote_shares(),
        registry,
        ["party"],
        column_config=SHARE_COLUMNS,
        column_order=list(SHARE_COLUMNS),
        key="sc_shares",
    )


def changes_and_near_misses(shown, registry: pd.DataFrame) -> None:
    """Side by side: the seats that change hands, and those won by under two points."""
    near = shown.near_misses(NEAR_MISS_POINTS)
    moved_column, near_column = st.columns(2)
    with moved_column:
        st.subheader(f"{len(shown.seat_changes)} seats change hands")
        if not shown.seat_changes.empty:
            seat_columns.party_table(
                display.with_seat_links(shown.seat_changes),
                registry,
                ["from_party", "to_party"],
                column_config=CHANGE_COLUMNS,
                column_order=list(CHANGE_COLUMNS),
                key="sc_changes",
            )
    with near_column:
        st.subheader(f"{len(near)} seats won by under {NEAR_MISS_POINTS:g} points")
        if not near.empty:
            seat_columns.party_table(
                display.with_seat_links(near),
                registry,
                ["projected_party", "projected_second_party"],
                column_config=NEAR_COLUMNS,
                column_order=list(NEAR_COLUMNS),
                key="sc_near",
            )
