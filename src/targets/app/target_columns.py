"""The target list's table: its headers in words, and the columns a campaigner reads first."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from targets.app import columns
from targets.data.sources import MEMBERS_AS_OF
from targets.views import labels as display

TARGET_COLUMN_CONFIG = {
    "rank": st.column_config.NumberColumn("Rank", width="small", pinned=True),
    "constituency_code": "Code",
    # pinned and not too wide: on a phone the swing needed shows beside it
    display.SEAT_LINK: columns.seat_link_column(),
    "constituency_name": None,
    "nation": "Nation",
    "region": "Region",
    "holder_party": "Holder",
    "holder_candidate": "Holder's candidate",
    "current_party": st.column_config.TextColumn(
        "Held now by", help=f"The sitting MP's party, as of {MEMBERS_AS_OF}"
    ),
    "current_mp": "MP now",
    "holder_share": "Holder share %",
    "party": None,
    "party_candidate": "Party's candidate",
    "party_share": "Party share %",
    "party_position": st.column_config.NumberColumn("Party placed", width="small"),
    "votes_behind": st.column_config.NumberColumn(
        "Votes behind", help="The party's gap to the holder, in votes"
    ),
    "swing_needed": st.column_config.NumberColumn(
        "Swing (pts)",
        format="%.2f",
        help="Swing needed: points moved from the holder to the party that make it first",
    ),
    "swing_note": st.column_config.TextColumn(
        "Note",
        width="medium",
        help="Where the party was third or lower: the candidate it must also overtake",
    ),
    "also_overtake_party": None,
    "also_overtake_candidate": None,
    "also_overtake_share": None,
    "holder_majority": st.column_config.NumberColumn(
        "Holder's majority", help="The holder's lead over the runner-up, who may not be the party"
    ),
    "holder_majority_pct": "Holder's majority %",
    "cumulative_seats": "Cumulative seats",
    "speaker_seat": st.column_config.CheckboxColumn("Speaker's seat"),
}
# what a campaigner reads first; every other column follows
SHOWN_FIRST = [
    "rank",
    display.SEAT_LINK,
    "swing_needed",
    "swing_note",
    "votes_behind",
    "holder_party",
    "party_position",
    "party_share",
    "holder_share",
    "holder_majority",
    "current_party",
]


def target_table(targets: pd.DataFrame, registry: pd.DataFrame) -> None:
    """The ranked targets, each seat's name a link to its profile, holders in party colours."""
    st.dataframe(
        display.with_seat_links(targets)
        .style.format("{:.1f}", subset=["holder_share", "party_share", "holder_majority_pct"])
        .format("{:,.0f}", subset=["holder_majority", "votes_behind"])
        .map(display.party_cell_style(registry), subset=["holder_party"]),
        column_config=TARGET_COLUMN_CONFIG,
        column_order=SHOWN_FIRST + [c for c in targets.columns if c not in SHOWN_FIRST],
        hide_index=True,
        height=560,
        key="tg_table",
        placeholder="",
    )
