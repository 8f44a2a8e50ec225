"""Scenario: change parties' national vote shares and see who would win every seat."""

import streamlit as st

from targets import filters, scenario
from targets.app import cache, downloads, sidebar, url_state
from targets.errors import UnknownChoiceError
from targets.views import labels as display
from targets.views import maps
from targets.views.labels import escape_markdown

MODEL_LABELS = {"uniform": "Uniform swing", "proportional": "Proportional swing"}
VIEWS = {"geo": "Geographic", "hex": "Hex (equal area)"}
UK = "UK"
CHANGE_LIMITS = {"min_value": -100.0, "max_value": 100.0, "step": 0.5, "format": "%.2f"}
TOTAL_COLUMNS = {
    "party": "Party",
    "seats_2024": "2024",
    "seats_projected": "Projected",
    "change": "Change",
}
CHANGE_COLUMNS = {
    "constituency_code": "Code",
    "constituency_name": "Seat",
    "nation": "Nation",
    "from_party": "From",
    "from_candidate": "2024 winner",
    "to_party": "To",
    "to_candidate": "Projected winner",
    "new_margin_pct": st.column_config.NumberColumn("New margin (pts)", format="%.2f"),
}

data = cache.current_data()
candidates = data.candidates
chosen = sidebar.active_filters()
mask = filters.filter_mask(data.seats, chosen)
nations = sorted(candidates["nation"].unique())
parties = {UK: scenario.main_parties(candidates)}
parties |= {nation: scenario.main_parties(candidates, nation) for nation in nations}


def change_key(scope: str, party: str) -> str:
    return "sc_" + f"{scope}_{party}".replace(" ", "_")


def seed_from_url() -> None:
    """On the page's first run in a session, take the scenario from the link."""
    if st.session_state.get("_sc_url_loaded"):
        return
    st.session_state["_sc_url_loaded"] = True
    try:
        typed = scenario.parse_changes(st.query_params.get("change", ""))
        changes = scenario.resolve_changes(typed, data.registry, candidates["party"])
        typed_nations = scenario.parse_nation_changes(st.query_params.get("nations", ""))
        by_nation = scenario.resolve_nation_changes(typed_nations, data.registry, candidates)
    except (scenario.ScenarioError, UnknownChoiceError) as error:
        st.warning(
            f"Ignored the scenario in the link: {escape_markdown(error)}",
            icon=":material/link_off:",
        )
        return
    shown, other = scenario.split_changes(changes, parties[UK])
    for party, value in shown.items():
        st.session_state[change_key(UK, party)] = value
    st.session_state["sc_other"] = scenario.format_changes(other)
    for nation, scoped in by_nation.items():
        shown, ignored = scenario.split_changes(scoped, parties[nation])
        for party, value in shown.items():
            st.session_state[change_key(nation, party)] = value
        if ignored:
            st.warning(
                f"Ignored small parties in {nation} from the link: "
                f"{escape_markdown(', '.join(ignored))}"
            )
    model = st.query_params.get("model", "uniform")
    st.session_state["sc_model"] = model if model in MODEL_LABELS else "uniform"


def prepare(key: str, default: object) -> None:
    """Give a widget its value: kept from an earlier visit to the page, or the default."""
    if key not in st.session_state:
        st.session_state[key] = st.session_state.get(f"_keep_{key}", default)


def number_inputs(scope: str, default: float | None) -> dict[str, float]:
    """One change box per main party in ``scope``; the changes that are set."""
    columns = st.columns(4)
    values = {}
    for index, party in enumerate(parties[scope]):
        key = change_key(scope, party)
        prepare(key, default)
        value = columns[index % 4].number_input(party, key=key, **CHANGE_LIMITS)
        url_state.remember(key)
        if value is not None and (scope != UK or value != 0):
            values[party] = float(value)
    return values


st.title("Swing scenario")
seed_from_url()

prepare("sc_model", "uniform")
prepare("sc_view", "geo")
prepare("sc_other", "")
model = st.segmented_control(
    "Model",
    list(MODEL_LABELS),
    format_func=MODEL_LABELS.get,
    key="sc_model",
    required=True,
    help=(
        "Uniform: the change is added to the party's share in every seat where it stood "
        "(floored at 0). Proportional: its share in every seat is scaled by its national "
        "new/old ratio. Shares are then renormalised to 100 in each seat."
    ),
)
url_state.remember("sc_model")

st.subheader("Change in national vote share (points)")
changes = number_inputs(UK, 0.0)
other_text = st.text_input(
    "Other parties",
    key="sc_other",
    placeholder="e.g. WPB=+2, PC=+1",
    help="Any party that stood, as PARTY=±points, separated by commas.",
)
url_state.remember("sc_other")
with st.expander("Per nation (optional): replaces the UK-wide change in that nation"):
    nation_changes = {}
    for nation, tab in zip(nations, st.tabs(nations), strict=True):
        with tab:
            scoped = number_inputs(nation, None)
            if scoped:
                nation_changes[nation] = scoped
st.caption(
    "Independents are people, not a party: no change applies to them. They keep their 2024 "
    "share, and gain or lose ground only as the parties around them move."
)

try:
    other = scenario.resolve_changes(
        scenario.parse_changes(other_text), data.registry, candidates["party"]
    )
    overlap = sorted(set(other) & set(changes))
    if overlap:
        raise scenario.ScenarioError(f"{', '.join(overlap)} already has a change above")
    changes |= other
    result = scenario.run_scenario(candidates, changes, model, nation_changes)
except (scenario.ScenarioError, UnknownChoiceError) as error:
    st.error(f"This scenario cannot be run: {escape_markdown(error)}")
    st.stop()

url_state.set_query_state("change", scenario.format_changes(changes), "")
url_state.set_query_state("nations", scenario.format_nation_changes(nation_changes), "")
url_state.set_query_state("model", model, "uniform")

shown = result.for_seats(data.seats.loc[mask, "constituency_code"])
described = scenario.format_changes(changes) or "no UK-wide change"
st.caption(
    f"{MODEL_LABELS[model]}: {described}"
    + "".join(f" · {n}: {scenario.format_changes(c)}" for n, c in nation_changes.items())
    + f" · {len(shown.seats)} of {len(data.seats)} seats · {filters.describe_filters(chosen)}"
)

st.subheader("Seats by party")
leaders = shown.totals.head(6)
for column, row in zip(st.columns(len(leaders) or 1), leaders.itertuples(), strict=False):
    column.metric(row.party, row.seats_projected, delta=int(row.change), delta_color="off")
st.dataframe(
    shown.totals.style.map(display.party_cell_style(data.registry), subset=["party"]),
    column_config=TOTAL_COLUMNS,
    hide_index=True,
    key="sc_totals",
)

st.subheader(f"{len(shown.seat_changes)} seats change hands")
if not shown.seat_changes.empty:
    st.dataframe(
        shown.seat_changes.style.map(
            display.party_cell_style(data.registry), subset=["from_party", "to_party"]
        ),
        column_config=CHANGE_COLUMNS,
        hide_index=True,
        key="sc_changes",
    )

st.subheader("Projected winner")
view = st.segmented_control("Map", list(VIEWS), format_func=VIEWS.get, key="sc_view", required=True)
url_state.remember("sc_view")
figure = maps.build_seat_map(
    scenario.as_seat_table(data.seats, result.seats),
    mask,
    "winner",
    cache.map_layers(),
    data.registry,
    hex_view=view == "hex",
)
figure.update_layout(legend_title_text="Projected winner")
st.plotly_chart(figure, key="sc_map", config={"displaylogo": False, "scrollZoom": True})
st.caption(
    "Hover majorities in votes are estimates on 2024 turnout. Seats outside the filters are grey."
)

st.subheader("Download the projection")
downloads.download_buttons(
    shown.seats,
    "scenario",
    scenario.scenario_slug(changes, model, nation_changes),
    key="scenario_download",
)
