"""Streamlit glue shared by every page: cached data, sidebar filters, URL state, downloads.

Heavy read-only data is prepared once per server process (``st.cache_resource``) and
shared between sessions. Each session's choices live in ``st.session_state`` and are
mirrored to ``st.query_params`` so a copied link restores the same view.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pandas as pd
import streamlit as st

from targets import export, filters, maps, sources
from targets.boundaries import load_boundaries, load_hex_layout
from targets.display import escape_markdown
from targets.seats import SeatData, load_seat_data

SESSION_ENDORSEMENTS = "session_endorsements"
_URL_NOTES = "_url_notes"
_URL_LOADED = "_url_loaded"
_OVERRIDE_CACHE = "_data_with_session_endorsements"
ANY_STANCE = "any"
MAJORITY_RANGE = (0.0, 100.0)

# sidebar widget key -> query parameter
FILTER_PARAMS: dict[str, str] = {
    "f_nation": "nation",
    "f_region": "region",
    "f_winner": "winner",
    "f_second": "second",
    "f_group": "group",
    "f_stance": "stance",
    "f_majority": "majority",
    "f_search": "q",
}


# ---------------------------------------------------------------- data


@st.cache_resource(show_spinner="Loading the 2024 results and our endorsement data…")
def _base_data() -> SeatData:
    return load_seat_data()


def current_data() -> SeatData:
    """The seat data for this session: shared data, or with this session's own endorsements."""
    base = _base_data()
    override = st.session_state.get(SESSION_ENDORSEMENTS)
    if override is None:
        return base
    cached = st.session_state.get(_OVERRIDE_CACHE)
    if cached is not None and cached[0] is override:
        return cached[1]
    data = base.with_endorsements(override)
    st.session_state[_OVERRIDE_CACHE] = (override, data)
    return data


def set_session_endorsements(endorsements: pd.DataFrame | None) -> None:
    """Use these endorsements in this session (None goes back to data/candidates.csv)."""
    st.session_state[SESSION_ENDORSEMENTS] = endorsements
    st.session_state.pop(_OVERRIDE_CACHE, None)


def reload_shared_data() -> None:
    """Forget the shared data so the next run reads data/candidates.csv again."""
    _base_data.clear()


def load_data_or_stop() -> SeatData:
    """The session's data, or a clear message (never a traceback) when it cannot be had."""
    try:
        return current_data()
    except sources.DataError as error:
        st.error(f"The data could not be loaded.\n\n{error}")
        st.info(
            "Run `targets data fetch` (or `./dev run`), or set TARGETS_DATA_MIRROR to a "
            "folder holding a copy of the data, then reload this page."
        )
        st.stop()


@st.cache_resource(show_spinner=False)
def load_layer(name: str):
    """A boundary layer, read once per process: "national", "detailed" or "hex" (plane)."""
    return load_hex_layout() if name == "hex" else load_boundaries(name)


@st.cache_resource(show_spinner="Preparing close-up boundaries…")
def _detailed_features(level: int) -> dict[str, dict]:
    return maps.detailed_features(load_layer("detailed"), level)


@st.cache_resource(show_spinner="Preparing the maps…")
def map_layers() -> maps.MapLayers:
    """Map-ready shapes for the national, hex and close-up maps (once per process)."""
    return maps.prepare_layers(load_layer("national"), load_layer("hex"), _detailed_features)


# ---------------------------------------------------------------- URL state


def _note(message: str) -> None:
    st.session_state.setdefault(_URL_NOTES, []).append(message)


def show_url_notes() -> None:
    """Say which values in the link were ignored, until the person changes the filters."""
    notes = st.session_state.get(_URL_NOTES)
    if not notes:
        return
    view = active_filters()
    shown_for = st.session_state.setdefault("_url_notes_view", view)
    if shown_for != view:
        st.session_state.pop(_URL_NOTES, None)
        st.session_state.pop("_url_notes_view", None)
        return
    for message in notes:
        st.warning(message, icon=":material/link_off:")


def _param_values(param: str) -> list[str]:
    return [value for value in st.query_params.get_all(param) if value != ""]


def set_query_state(param: str, value: object, default: object = None) -> None:
    """Mirror a choice into the URL; a default or empty value is left out."""
    empty = value is None or value == "" or value == [] or value == ()
    if empty or value == default:
        if param in st.query_params:
            del st.query_params[param]
        return
    if isinstance(value, list | tuple):
        new = [str(item) for item in value]
        if st.query_params.get_all(param) != new:
            st.query_params[param] = new
    elif st.query_params.get(param) != str(value):
        st.query_params[param] = str(value)


def query_state(
    key: str,
    param: str,
    choices: Sequence[str] | None = None,
    default: object = None,
    *,
    many: bool = False,
) -> None:
    """Seed a page widget's session state from the URL, once; keep it across pages.

    Call before rendering the widget with ``key``. Values not among ``choices`` are
    ignored with a visible note.
    """
    keep = f"_keep_{key}"
    if key in st.session_state:
        st.session_state[keep] = st.session_state[key]
        return
    if keep in st.session_state:
        st.session_state[key] = st.session_state[keep]
        return
    values = _param_values(param)
    if not values:
        if default is not None:
            st.session_state[key] = default
        return
    if choices is not None:
        valid = [v for v in values if v in choices]
        for bad in sorted(set(values) - set(valid)):
            st.warning(
                f"Ignored “{escape_markdown(bad)}” for “{param}” in the link: "
                "not one of the choices.",
                icon=":material/link_off:",
            )
        values = valid
    if many:
        st.session_state[key] = values
    elif values:
        st.session_state[key] = values[-1]
    elif default is not None:
        st.session_state[key] = default


def remember(key: str) -> None:
    """Keep a page widget's value for when the person comes back to the page."""
    if key in st.session_state:
        st.session_state[f"_keep_{key}"] = st.session_state[key]


# ---------------------------------------------------------------- sidebar filters


def _filter_choices(data: SeatData) -> dict[str, list[str]]:
    seats = data.seats
    parties = seats["winner_party"].value_counts().index.tolist()
    seconds = seats["second_party"].value_counts().index.tolist()
    return {
        "f_nation": sorted(seats["nation"].unique()),
        "f_region": sorted(seats["region"].unique()),
        "f_winner": parties,
        "f_second": seconds,
        "f_group": filters.seat_groups(seats),
        "f_stance": [ANY_STANCE, *filters.STANCE_CHOICES],
    }


def _parse_majority(text: str) -> tuple[float, float] | None:
    try:
        low, high = (float(part) for part in text.split("-", 1))
    except ValueError:
        return None
    if not MAJORITY_RANGE[0] <= low <= high <= MAJORITY_RANGE[1]:
        return None
    return (low, high)


def _seed_filters_from_url(choices: dict[str, list[str]]) -> None:
    """On a session's first run, take the filters from the link, ignoring bad values."""
    if st.session_state.get(_URL_LOADED):
        return
    st.session_state[_URL_LOADED] = True
    for key, param in FILTER_PARAMS.items():
        values = _param_values(param)
        if not values:
            continue
        if key == "f_majority":
            parsed = _parse_majority(values[-1])
            if parsed is None:
                _note(
                    f"Ignored “{escape_markdown(values[-1])}” for “majority” in the link: "
                    "use e.g. 0-5."
                )
            else:
                st.session_state[key] = parsed
        elif key == "f_search":
            st.session_state[key] = values[-1]
        else:
            folded = {choice.casefold(): choice for choice in choices[key]}
            valid = [folded[v.casefold()] for v in values if v.casefold() in folded]
            for bad in [v for v in values if v.casefold() not in folded]:
                _note(
                    f"Ignored “{escape_markdown(bad)}” for “{param}” in the link: "
                    "not one of the choices."
                )
            if valid:
                st.session_state[key] = valid[-1] if key == "f_stance" else valid


def _defaults() -> dict[str, object]:
    return {
        "f_nation": [],
        "f_region": [],
        "f_winner": [],
        "f_second": [],
        "f_group": [],
        "f_stance": ANY_STANCE,
        "f_majority": MAJORITY_RANGE,
        "f_search": "",
    }


def reset_filters() -> None:
    """Put every sidebar filter back to its default (a button callback)."""
    for key, value in _defaults().items():
        st.session_state[key] = value


def active_filters() -> filters.SeatFilters:
    """The filters set in the sidebar, as the library's SeatFilters."""
    state = st.session_state
    low, high = state.get("f_majority", MAJORITY_RANGE)
    stance = state.get("f_stance", ANY_STANCE)
    return filters.SeatFilters(
        nations=tuple(state.get("f_nation", [])),
        regions=tuple(state.get("f_region", [])),
        winners=tuple(state.get("f_winner", [])),
        seconds=tuple(state.get("f_second", [])),
        groups=tuple(state.get("f_group", [])),
        stance=None if stance == ANY_STANCE else stance,
        min_majority_pct=None if low <= MAJORITY_RANGE[0] else float(low),
        max_majority_pct=None if high >= MAJORITY_RANGE[1] else float(high),
        search=state.get("f_search", ""),
    )


def filtered_seats() -> pd.DataFrame:
    """The seats passing the sidebar filters."""
    return filters.filter_seats(current_data().seats, active_filters())


def _party_label(data: SeatData) -> Callable[[str], str]:
    names = dict(zip(data.registry["party"], data.registry["party_name"], strict=True))
    return lambda party: f"{party} · {names.get(party, party)}"


def render_sidebar(data: SeatData) -> filters.SeatFilters:
    """The shared filters, applied on every page; mirrored to the URL."""
    choices = _filter_choices(data)
    _seed_filters_from_url(choices)
    for key, value in _defaults().items():
        st.session_state.setdefault(key, value)
    party_label = _party_label(data)
    with st.sidebar:
        st.header("Filters")
        st.multiselect("Nation", choices["f_nation"], key="f_nation", placeholder="All nations")
        st.multiselect("Region", choices["f_region"], key="f_region", placeholder="All regions")
        st.multiselect(
            "Winning party (2024)",
            choices["f_winner"],
            key="f_winner",
            format_func=party_label,
            placeholder="Any winner",
        )
        st.multiselect(
            "Runner-up party (2024)",
            choices["f_second"],
            key="f_second",
            format_func=party_label,
            placeholder="Any runner-up",
        )
        st.slider(
            "Majority (% of valid votes)",
            *MAJORITY_RANGE,
            key="f_majority",
            step=0.5,
            format="%.1f%%",
        )
        st.multiselect("Group", choices["f_group"], key="f_group", placeholder="Any group")
        st.selectbox(
            "Group stance",
            choices["f_stance"],
            key="f_stance",
            format_func={
                ANY_STANCE: "Any stance",
                "support": "Backs a candidate",
                "oppose": "Opposes a candidate",
            }.get,
        )
        st.text_input("Search seat or candidate", key="f_search", placeholder="e.g. Ilford")
        st.button("Reset filters", key="f_reset", on_click=reset_filters, width="stretch")
        chosen = active_filters()
        matching = int(filters.filter_mask(data.seats, chosen).sum())
        st.caption(
            f"**{matching} of {len(data.seats)} seats** · {filters.describe_filters(chosen)}"
        )
    _mirror_filters_to_url()
    return chosen


def _mirror_filters_to_url() -> None:
    defaults = _defaults()
    for key, param in FILTER_PARAMS.items():
        value = st.session_state.get(key, defaults[key])
        if key == "f_majority":
            value = f"{value[0]:g}-{value[1]:g}" if tuple(value) != MAJORITY_RANGE else None
        set_query_state(param, value, defaults[key] if key != "f_majority" else None)


def about_the_data() -> None:
    """An expander with every source, its licence and the attribution lines."""
    with st.sidebar.expander("About the data"):
        for source in sources.SOURCES:
            st.markdown(f"**{source.title}**  \n{source.licence}.  \n{source.attribution}")
        st.caption(
            "Shares are % of valid votes. derived_2019_share_* columns are derived "
            "(2024 share minus change), not published figures."
        )


# ---------------------------------------------------------------- downloads


def download_buttons(
    frame: pd.DataFrame,
    stem: str,
    slug: str,
    boundaries=None,
    key: str = "download",
) -> None:
    """CSV, Excel and GeoJSON downloads of exactly ``frame``, via the shared export module."""
    columns = st.columns(3)
    columns[0].download_button(
        "Download CSV",
        data=export.export_table(frame, "csv"),
        file_name=export.export_filename(stem, slug, "csv"),
        mime=export.MEDIA_TYPES["csv"],
        key=f"{key}_csv",
        icon=":material/download:",
    )
    columns[1].download_button(
        "Download Excel",
        data=lambda: export.export_table(frame, "xlsx"),
        file_name=export.export_filename(stem, slug, "xlsx"),
        mime=export.MEDIA_TYPES["xlsx"],
        key=f"{key}_xlsx",
        icon=":material/download:",
    )
    shapes = boundaries if boundaries is not None else load_layer("national")
    columns[2].download_button(
        "Download GeoJSON",
        data=lambda: export.export_table(frame, "geojson", shapes),
        file_name=export.export_filename(stem, slug, "geojson"),
        mime=export.MEDIA_TYPES["geojson"],
        key=f"{key}_geojson",
        icon=":material/download:",
    )
