"""The seat page's tables: their headers in words and one number format per measure."""

import streamlit as st

CANDIDATE_COLUMNS = {
    "position": st.column_config.NumberColumn("#", width="small"),
    "candidate_name": "Candidate",
    "party": "Party",
    "party_name": "Party name",
    "votes": st.column_config.NumberColumn("Votes", format="localized"),
    "share": st.column_config.NumberColumn("Share %", format="%.1f"),
    "votes_behind_winner": st.column_config.NumberColumn("Votes behind", format="localized"),
    "swing_needed": st.column_config.NumberColumn(
        "Swing needed (pts)",
        format="%.2f",
        help="Points moved from the winner to this candidate that make them first",
    ),
    "swing_note": st.column_config.TextColumn(
        "Also to overtake",
        help="Third or lower: the runner-up, whom the swing must also take them past",
    ),
    "share_of_others_needed": st.column_config.TextColumn(
        "% of others' votes needed",
        help="Share of all other candidates' votes this candidate needed to finish ahead",
    ),
    "backed_by": "Backed by",
    "opposed_by": "Opposed by",
    "also_overtake_candidate": None,
    "also_overtake_party": None,
    "also_overtake_share": None,
}


CAMPAIGN_COLUMNS = {
    "group": "Group",
    "stance": "Stance",
    "candidate": "Candidate",
    "party": "Party",
    "result": "Result",
    "margin": st.column_config.NumberColumn(
        "Margin (votes)", format="localized", help="The winner's majority, else votes behind"
    ),
    "swing_needed": st.column_config.NumberColumn(
        "Swing needed (pts)", format="%.1f", help="Points from the winner that make them first"
    ),
    "source_url": st.column_config.LinkColumn("Source", display_text="open"),
    "notes": st.column_config.TextColumn("Notes", width="large"),
}
PLACE_COLUMNS = {
    "measure": None,
    "label": "Measure",
    "value": st.column_config.NumberColumn("Value", format="localized"),
    "where": "Against every seat",
    "percentile": None,
    "rank": None,
    "seats_ranked": None,
    "explanation": "What it is",
}
