"""Near me: your seat from a postcode, the nearest targets on a map, and a volunteer plan."""

import streamlit as st

from targets import deploy, groups, nearest, postcodes
from targets.app import cache, filter_choices, near_me_plans
from targets.app import near_me_state as state
from targets.app.near_me_plans import NEAREST_COLUMNS, NEED_COLUMNS
from targets.errors import BadInputError, DataError
from targets.uploads import reading
from targets.uploads.volunteers import read_volunteers
from targets.views.labels import escape_markdown
from targets.views.near_me import build_nearest_map

SOURCES = {"party": "A party's targets", "group": "A group's seats"}

data = cache.current_data()
st.title("Near me")
st.caption(
    "Your seat from a postcode (Great Britain: Code-Point Open has no Northern Ireland "
    "postcodes), the nearest target seats, and a plan for where your volunteers should go."
)

typed = st.text_input("Find a seat by postcode", key="near_postcode", placeholder="e.g. IG6 1AA")
left, middle, right = st.columns([2, 3, 1])
source = left.radio("Targets", list(SOURCES), format_func=SOURCES.get, key="near_source")
choices = {
    "party": filter_choices.parties_standing(data),
    "group": groups.list_groups(data.endorsements),
}
choice = middle.selectbox(source.title(), choices[source], key=f"near_{source}")
top = right.number_input("How many", 1, 50, 10, key="near_top")
max_swing = st.slider("At most this swing needed (pts)", 0.5, 30.0, 10.0, 0.5, key="near_swing")

try:
    targets = nearest.select_targets(data, **{source: choice}, max_swing=max_swing)
except BadInputError as error:
    st.error(escape_markdown(error))
    st.stop()

if typed.strip():
    answer = postcodes.lookup_postcode(cache.postcode_index(), typed)
    if not answer.found:
        st.error(escape_markdown(answer.message))
    else:
        seat = data.seats.set_index("constituency_code").loc[answer.constituency_code]
        st.markdown(
            f"**{escape_markdown(answer.postcode)}** is in "
            f"**{escape_markdown(seat['constituency_name'])}** ({answer.constituency_code}), "
            f"{escape_markdown(seat['region'])}: {escape_markdown(seat['result'])} in 2024, "
            f"majority {seat['majority']:,}; held now by {escape_markdown(seat['current_mp'])} "
            f"({escape_markdown(seat['current_party'])})."
        )
        if answer.message:
            st.caption(escape_markdown(answer.message))
        st.page_link(
            "app_pages/seat_page.py",
            label=f"Open {seat['constituency_name']}",
            query_params={"seat": answer.constituency_code},
            icon=":material/place:",
        )
        table = nearest.nearest_targets(
            targets,
            answer.easting,
            answer.northing,
            cache.seat_shapes(),
            own_seat=answer.constituency_code,
            top=int(top),
        )
        shown = table.assign(
            seat_link="/seat?seat=" + table["constituency_code"] + "#" + table["constituency_name"]
        )
        st.subheader(f"The {len(table)} nearest targets")
        st.dataframe(
            shown,
            column_config=NEAREST_COLUMNS,
            hide_index=True,
            key="near_table",
            column_order=[c for c in NEAREST_COLUMNS if NEAREST_COLUMNS[c] is not None],
            placeholder="",
        )
        st.plotly_chart(
            build_nearest_map(
                cache.map_layers(),
                table,
                answer.constituency_code,
                str(seat["constituency_name"]),
                answer.postcode,
                answer.longitude,
                answer.latitude,
            ),
            key="near_map",
            config={"displaylogo": False, "scrollZoom": True},
        )
        st.caption("Distance: straight line from the postcode to the seat's boundary (0 inside).")
else:
    st.info("Type a postcode above to see your seat and the nearest targets.")

st.divider()
st.header("Volunteer plan")
st.caption(
    "Upload your volunteers (CSV or Excel with columns name, postcode, hours and optionally "
    f"max_km; {reading.UPLOAD_LIMITS}). Each goes to at most one of the targets above within "
    "their travel limit, to deliver the most priority-weighted hours, then the least travel. "
    "Names and postcodes are personal data: they stay in this session and are never saved "
    "(a plan saved for the team keeps only its seats and totals)."
)
near_me_plans.open_saved_plans(choices)
upload = st.file_uploader("Volunteers file", type=["csv", "tsv", "txt", "xlsx"], key="near_file")
columns = st.columns(2)
hours_per_seat = columns[0].number_input(
    "Hours each seat needs", 1.0, 10_000.0, 100.0, 10.0, key="near_hours"
)
default_km = columns[1].number_input(
    "Travel limit when none is given (km)", 0.0, 500.0, deploy.DEFAULT_MAX_KM, 5.0, key="near_km"
)
if targets.empty:
    st.warning("No target seats under this swing: loosen the cut-off.")
    st.stop()
signature = state.targets_signature(source, str(choice), max_swing, hours_per_seat)
needs = state.seat_needs(st.session_state, signature, targets, hours_per_seat)
st.caption("Priority: 10 for the smallest swing needed, down to 1 for the largest; edit it.")
edited = st.data_editor(
    needs, column_config=NEED_COLUMNS, hide_index=True, key="near_needs", num_rows="fixed"
)
if upload is None:
    state.forget_plan(st.session_state)
    st.stop()
raw = upload.getvalue()
try:
    volunteers = read_volunteers(raw, upload.name, cache.postcode_index())
except DataError as error:
    st.error(f"That file cannot be read: {escape_markdown(error)}")
    st.stop()
st.caption(escape_markdown(volunteers.describe_source()))
if not volunteers.problems.empty:
    st.warning(f"{len(volunteers.problems)} row(s) cannot be planned; they are listed below.")
    st.dataframe(volunteers.problems, hide_index=True, key="near_problems", placeholder="")
key = state.plan_signature(state.fingerprint(raw), edited, default_km)
if st.button("Plan the deployment", type="primary", key="near_plan"):
    with st.spinner("Solving (HiGHS)…"):
        plan = deploy.plan_deployment(
            volunteers.frame, edited, cache.seat_shapes(), default_max_km=default_km
        )
    state.remember_plan(st.session_state, key, plan)
plan = state.current_plan(st.session_state, key)
if plan is None:
    st.stop()
near_me_plans.show_plan(plan, cache.map_layers())
near_me_plans.offer_to_save(plan, signature, default_km)
