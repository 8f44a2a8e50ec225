"""The Polls page's parts: the projections side by side, and a group's seats under them.

The page averages the polls and lays these out; the projections are ``targets.polls``.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import streamlit as st

from targets import groups, polls
from targets.app import columns as seat_columns
from targets.app import scenario_state as scenario_boxes
from targets.app import url_state
from targets.app.scenario_layout import leading_parties
from targets.scenario_changes import format_changes
from targets.views import labels as display
from targets.views.labels import escape_markdown

POLL_COLUMN_CONFIG = {
    "pollster": "Pollster",
    "fieldwork_end": st.column_config.DateColumn("Fieldwork ended", format="D MMM YYYY"),
    "Lab": st.column_config.NumberColumn("Labour %", format="%.0f"),
    "Con": st.column_config.NumberColumn("Conservative %", format="%.0f"),
    "RUK": st.column_config.NumberColumn("Reform UK %", format="%.0f"),
    "LD": st.column_config.NumberColumn("Lib Dem %", format="%.0f"),
    "Green": st.column_config.NumberColumn("Green %", format="%.0f"),
    "source_url": st.column_config.LinkColumn("Source", display_text="open"),
}
LABELS = scenario_boxes.MODEL_LABELS
SIDE_COLUMNS = {
    "party": "Party",
    "seats_2024": "2024",
    "seats_uniform": "Uniform",
    "change_uniform": st.column_config.TextColumn("± uniform", alignment="right"),
    "seats_proportional": "Proportional",
    "change_proportional": st.column_config.TextColumn("± proportional", alignment="right"),
}
CHANGE_COLUMNS = {
    display.SEAT_LINK: seat_columns.seat_link_column(),
    "from_party": st.column_config.TextColumn("From", width="small"),
    "to_party": st.column_config.TextColumn("To", width="small"),
    "new_margin_pct": st.column_config.NumberColumn("Margin (pts)", format="%.1f", width="small"),
    "to_candidate": st.column_config.TextColumn("Projected winner", width="medium"),
}
GROUP_COLUMNS = {
    "constituency_name": "Seat",
    "backed_candidate": "Backed",
    "party_2024": "2024 winner",
    "uniform_candidate": "Uniform: winner",
    "uniform_margin_pct": st.column_config.NumberColumn("Uniform: margin (pts)", format="%.1f"),
    "proportional_candidate": "Proportional: winner",
    "proportional_margin_pct": st.column_config.NumberColumn(
        "Proportional: margin (pts)", format="%.1f"
    ),
}
GROUP_DEFAULT = "We Deserve Better"


def seats_by_model(
    projections: Mapping, shown: Mapping, names: Mapping[str, str], registry: pd.DataFrame
) -> None:
    """Each model's leading parties, how hard the fit worked, a link to try it; then all."""
    st.subheader("Seats by party")
    for column, (model, projection) in zip(st.columns(2), projections.items(), strict=True):
        with column:
            st.markdown(f"**{LABELS[model]}**")
            leading_parties(shown[model].totals, names, 4)
            fit = projection.scenario.fit
            st.caption(
                f"{fit.seats} seats needed the fit (the parties not polled could not make up "
                f"the difference there); {fit.iterations} refits to land on the poll average."
            )
            st.page_link(
                "app_pages/scenario_page.py",
                label=f"Open in the Scenario page ({LABELS[model].lower()})",
                icon=":material/tune:",
                query_params={
                    "change": format_changes(projection.changes),
                    "model": model,
                    "from": scenario_boxes.FROM_POLLS,
                },
            )
    side_by_side = scenario_boxes.signed_seats(
        polls.seats_side_by_side(shown), ("change_uniform", "change_proportional")
    )
    seat_columns.party_table(
        side_by_side, registry, ["party"], column_config=SIDE_COLUMNS, key="pl_seats"
    )


def changes_by_model(shown: Mapping, registry: pd.DataFrame) -> None:
    """The seats changing hands under each model, side by side."""
    st.subheader("Seats changing hands")
    for column, (model, part) in zip(st.columns(2), shown.items(), strict=True):
        with column:
            st.markdown(f"**{LABELS[model]}: {len(part.seat_changes)} seats change hands**")
            if not part.seat_changes.empty:
                seat_columns.party_table(
                    display.with_seat_links(part.seat_changes),
                    registry,
                    ["from_party", "to_party"],
                    column_config=CHANGE_COLUMNS,
                    column_order=list(CHANGE_COLUMNS),
                    height=300,
                    key=f"pl_changes_{model}",
                )


def group_seats(projections: Mapping, endorsements: pd.DataFrame, names: Mapping[str, str]):
    """A group's seats (We Deserve Better's by default) as each model projects them."""
    st.subheader("A group's seats")
    choices = groups.list_groups(endorsements)
    if not choices:
        st.info("No group backs or opposes anyone in the candidate data in use.")
        return
    default = GROUP_DEFAULT if GROUP_DEFAULT in choices else choices[0]
    group = st.selectbox(
        "Group",
        choices,
        index=url_state.start_choice("pl_group", "campaign", choices, default),
        key="pl_group",
    )
    url_state.set_query_state("campaign", group, default)
    table = polls.group_seats_projected(projections, endorsements, group)
    for line in polls.describe_group_seats(table, names):
        st.markdown(f"- {escape_markdown(line)}")
    st.dataframe(
        table,
        column_config=GROUP_COLUMNS,
        column_order=list(GROUP_COLUMNS),
        hide_index=True,
        key="pl_group_seats",
        placeholder="",
    )
