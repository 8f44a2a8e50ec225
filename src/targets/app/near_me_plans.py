"""The Near me page's volunteer plan: the plan shown, its downloads, and the team's saved plans.

A plan made in a session holds volunteers' personal data and stays in that session. A
signed-in editor may save it for the team: only what :func:`near_me_state.plan_to_save`
keeps (no names, no postcodes). Any signed-in member may open the team's saved plans.
Nothing here logs a plan or a volunteer.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from targets import deploy
from targets.app import near_me_state as state
from targets.app.columns import readable_table
from targets.app.signin import current_member
from targets.errors import BadInputError, DataError
from targets.store import database, plans
from targets.views import export
from targets.views.labels import escape_markdown
from targets.views.near_me import build_plan_map

NEAREST_COLUMNS = {
    "rank": st.column_config.NumberColumn("#", width="small"),
    "constituency_code": None,
    "seat_link": st.column_config.LinkColumn(
        "Seat", display_text=r"seat=[^#]*#(.*)$", width="medium", pinned=True
    ),
    "constituency_name": None,
    "distance_km": st.column_config.NumberColumn("Distance km", format="%.1f"),
    "swing_needed": st.column_config.NumberColumn("Swing needed (pts)", format="%.1f"),
    "holder_party": "Held 2024 by",
    "holder_candidate": None,
    "holder_majority_pct": st.column_config.NumberColumn("Majority %", format="%.1f"),
    "current_mp": "MP now",
    "current_party": "Party now",
    "region": None,
    "nation": None,
}
NEED_COLUMNS = {
    "constituency_code": None,
    "constituency_name": st.column_config.TextColumn("Seat", disabled=True),
    "swing_needed": st.column_config.NumberColumn("Swing needed", format="%.1f", disabled=True),
    "priority": st.column_config.NumberColumn("Priority", min_value=0.0, max_value=100.0),
    "hours_needed": st.column_config.NumberColumn("Hours needed", min_value=0.0),
}


def _workspace_engine():
    """The workspace database, or None (with a message) when it cannot be opened."""
    try:
        return database.open_database()
    except DataError as error:
        st.warning(f"The team's saved plans cannot be reached: {escape_markdown(error)}")
        return None


def show_plan(plan: deploy.DeploymentPlan, map_layers) -> None:
    """The plan: its sentence, the seats, the volunteers, the map and the downloads."""
    st.success(escape_markdown(deploy.describe_plan(plan.summary())))
    st.subheader("Seats")
    readable_table(plan.seats, "near_plan_seats")
    st.subheader("Volunteers")
    readable_table(plan.volunteers, "near_plan_volunteers")
    st.plotly_chart(
        build_plan_map(map_layers, plan.seats, plan.lines),
        key="near_plan_map",
        config={"displaylogo": False, "scrollZoom": True},
    )
    st.caption(deploy.PERSONAL_DATA_NOTE)
    downloads = st.columns(2)
    note = f"# {deploy.PERSONAL_DATA_NOTE}\r\n".encode()
    downloads[0].download_button(
        "Download plan (CSV)",
        note + export.export_table(plan.volunteers, "csv"),
        "volunteer_plan.csv",
        "text/csv",
        key="near_csv",
        icon=":material/download:",
    )
    downloads[1].download_button(
        "Download plan (Excel)",
        lambda: export.export_table(
            pd.DataFrame(plan.volunteers),
            "xlsx",
            title="Volunteer plan",
            filters=f"{deploy.PERSONAL_DATA_NOTE} {deploy.describe_plan(plan.summary())}",
        ),
        "volunteer_plan.xlsx",
        export.MEDIA_TYPES["xlsx"],
        key="near_xlsx",
        icon=":material/download:",
    )


def offer_to_save(plan: deploy.DeploymentPlan, signature: tuple, default_max_km: float) -> None:
    """*Save this plan for the team*, for a signed-in editor.

    ``signature`` is the page's ``near_me_state.targets_signature`` (targets, choice, swing
    cut-off, hours per seat).
    """
    member = current_member()
    if member is None or not member.can_edit():
        st.caption("Sign in as an editor to save this plan for the team.")
        return
    st.subheader("Save this plan for the team")
    st.caption(state.WHAT_IS_SAVED)
    name = st.text_input("Plan name", key="near_plan_name", placeholder="e.g. Saturday canvass")
    if not st.button("Save this plan for the team", key="near_save_plan"):
        return
    engine = _workspace_engine()
    if engine is None:
        return
    try:
        named = state.clean_plan_name(name)
        source, choice, max_swing, hours = signature
        saved, seats = state.plan_to_save(
            plan,
            source=source,
            choice=choice,
            max_swing=max_swing,
            hours_per_seat=hours,
            default_max_km=default_max_km,
        )
        plans.save_plan(engine, named, saved, seats, author=member.name, workspace=member.workspace)
    except (BadInputError, DataError) as error:
        st.error(f"Not saved: {escape_markdown(error)}")
        return
    st.success(f"Saved for the team as “{escape_markdown(named)}”.")


def open_saved_plans(choices: dict[str, list[str]]) -> None:
    """The team's saved plans, for a signed-in member: pick one to see it or use its settings."""
    member = current_member()
    if member is None:
        return
    engine = _workspace_engine()
    if engine is None:
        return
    saved = plans.list_plans(engine, workspace=member.workspace)
    with st.expander(f"The team's saved plans ({len(saved)})"):
        if saved.empty:
            st.caption("None yet: make a plan below and save it for the team.")
            return
        labels = {
            int(
                row.id
            ): f"{row.name} · {pd.Timestamp(row.created_at):%Y-%m-%d %H:%M} · {row.author}"
            for row in saved.itertuples(index=False)
        }
        picked = st.selectbox(
            "Open a saved plan", list(labels), format_func=labels.get, key=state.SAVED_PLAN
        )
        settings, seats = plans.read_plan(engine, int(picked), workspace=member.workspace)
        st.caption(escape_markdown(state.describe_settings(settings)))
        if "summary" in settings:
            st.markdown(escape_markdown(deploy.describe_plan(settings["summary"])))
        readable_table(seats, "near_saved_seats")
        st.button(
            "Use these settings",
            key="near_use_saved",
            on_click=state.use_saved_settings,
            args=(st.session_state, settings, seats, choices),
            help="Put its targets, cut-off, hours and seat priorities back; then upload your "
            "volunteers to plan who goes where.",
        )
