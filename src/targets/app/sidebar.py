"""The sidebar filters shared by every page, seeded from and mirrored to the link."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd
import streamlit as st

from targets import filters, targeting
from targets.app.cache import current_data
from targets.app.filter_choices import ANY_STANCE, NO_SWING, filter_choices
from targets.app.postcode_search import postcode_box
from targets.app.url_state import (
    forget_url_notes,
    note_ignored,
    param_values,
    set_query_state,
    start_index,
    url_notes,
)
from targets.data import sources
from targets.data.context import CONTEXT_EXPLANATIONS, CONTEXT_LABELS
from targets.data.sources import MEMBERS_AS_OF
from targets.parties import party_label, resolve_party
from targets.seats import SeatData
from targets.views.labels import escape_markdown

_START_VALUES = "_filter_start_values"
_PARTY_FILTERS = frozenset({"f_winner", "f_second", "f_current"})
MAJORITY_RANGE = (0.0, 100.0)
MAJORITY_TYPED = ("f_majority_low", "f_majority_high")  # the typed ends of the range
SWING_DEFAULT = 5.0
# a multiselect whose search and Enter pick the first match, never every match
# ("Labour" + Enter is Labour, not Labour and the SDLP)
PICK_ONE = {"select_all": False, "filter_mode": "contains"}
_STEPS = {"population": 1000.0, "deprivation_decile": 1.0, "two_child_limit_pct": 1.0}

# sidebar widget key -> query parameter
FILTER_PARAMS: dict[str, str] = {
    "f_nation": "nation",
    "f_region": "region",
    "f_winner": "winner",
    "f_second": "second",
    "f_current": "now",
    "f_group": "group",
    "f_stance": "stance",
    "f_majority": "majority",
    "f_search": "q",
    "f_swing_party": "swing_for",
    "f_swing_max": "swing_max",
}


def show_url_notes() -> None:
    """Say which values in the link were ignored, until the person changes the filters."""
    notes = url_notes()
    if not notes:
        return
    view = active_filters()
    shown_for = st.session_state.setdefault("_url_notes_view", view)
    if shown_for != view:
        forget_url_notes()
        st.session_state.pop("_url_notes_view", None)
        return
    for message in notes:
        st.warning(message, icon=":material/link_off:")


def _parse_range(text: str, bounds: tuple[float, float]) -> tuple[float, float] | None:
    try:
        low, high = (float(part) for part in text.split("-", 1))
    except ValueError:
        return None
    if not bounds[0] <= low <= high <= bounds[1]:
        return None
    return (low, high)


def _start_values(choices: Mapping[str, Sequence[str]]) -> Mapping[str, object]:
    """The filters a session starts with: the defaults, overlaid with the link's good values.

    Worked out on the session's first run and kept. The widgets take them as their default
    values rather than through ``st.session_state``: a value set through session state marks
    the first run's widgets as set, so the first filter change would resend every widget.
    """
    start = st.session_state.get(_START_VALUES)
    if start is None:
        start = _defaults() | _filters_from_url(choices)
        st.session_state[_START_VALUES] = start
    return start


def _filters_from_url(choices: Mapping[str, Sequence[str]]) -> dict[str, object]:
    """The filters in the link, noting and leaving out the values that are not good."""
    seeded: dict[str, object] = {}
    for key, param in FILTER_PARAMS.items():
        values = param_values(param)
        if not values:
            continue
        if key == "f_majority":
            parsed = _parse_range(values[-1], MAJORITY_RANGE)
            if parsed is None:
                note_ignored(
                    f"Ignored “{escape_markdown(values[-1])}” for “majority” in the link: "
                    "use e.g. 0-5."
                )
            else:
                seeded[key] = parsed
        elif key == "f_search":
            seeded[key] = values[-1]
        elif key == "f_swing_max":
            seeded |= _swing_max_from_url(values[-1])
        else:
            folded = {choice.casefold(): choice for choice in choices[key]}
            if key in _PARTY_FILTERS or key == "f_swing_party":  # by name too: ?winner=Labour
                registry = current_data().registry
                named = {v.casefold(): resolve_party(v, registry) for v in values}
                folded |= {v: p for v, p in named.items() if p in choices[key]}
            valid = [folded[v.casefold()] for v in values if v.casefold() in folded]
            for bad in [v for v in values if v.casefold() not in folded]:
                note_ignored(
                    f"Ignored “{escape_markdown(bad)}” for “{param}” in the link: "
                    "not one of the choices."
                )
            if valid:
                single = key in ("f_stance", "f_swing_party")
                seeded[key] = valid[-1] if single else valid
    return seeded | _context_from_url(_context_bounds())


def _swing_max_from_url(text: str) -> dict[str, float]:
    try:
        points = float(text)
    except ValueError:
        points = -1.0
    if 0 <= points <= 100:
        return {"f_swing_max": points}
    note_ignored(
        f"Ignored “{escape_markdown(text)}” for “swing_max” in the link: use points, e.g. 5."
    )
    return {}


def _context_bounds() -> Mapping[str, tuple[float, float]]:
    return filter_choices(current_data()).bounds


def _context_key(column: str) -> str:
    return f"fx_{column}"


def _context_from_url(
    bounds: Mapping[str, tuple[float, float]],
) -> dict[str, tuple[float, float]]:
    seeded = {}
    for column, (low, high) in bounds.items():
        values = param_values(column)
        if not values:
            continue
        parsed = _parse_range(values[-1], (low, high))
        if parsed is None:
            note_ignored(
                f"Ignored “{escape_markdown(values[-1])}” for “{column}” in the link: "
                f"use e.g. {low:g}-{high:g}."
            )
        else:
            seeded[_context_key(column)] = parsed
    return seeded


def _defaults() -> dict[str, object]:
    context = {_context_key(column): bounds for column, bounds in _context_bounds().items()}
    return context | {
        "f_nation": [],
        "f_region": [],
        "f_winner": [],
        "f_second": [],
        "f_current": [],
        "f_group": [],
        "f_stance": ANY_STANCE,
        "f_majority": MAJORITY_RANGE,
        "f_search": "",
        "f_swing_party": NO_SWING,
        "f_swing_max": SWING_DEFAULT,
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
        current_parties=tuple(state.get("f_current", [])),
        groups=tuple(state.get("f_group", [])),
        stance=None if stance == ANY_STANCE else stance,
        min_majority_pct=None if low <= MAJORITY_RANGE[0] else float(low),
        max_majority_pct=None if high >= MAJORITY_RANGE[1] else float(high),
        search=state.get("f_search", ""),
        conditions=_context_conditions(),
        swing=_swing_limit(state.get("f_swing_party", NO_SWING), state.get("f_swing_max")),
    )


def _swing_limit(party: str, points: float | None) -> filters.SwingLimit | None:
    """The chosen party's targets within the swing typed, the swing worked out once a party."""
    if not party or points is None:
        return None
    known = st.session_state.setdefault("_swing_needed", {})
    if party not in known:
        known[party] = targeting.swing_needed_by_seat(current_data().candidates, party)
    return filters.swing_limit(party, float(points), known[party]["swing_needed"])


def majority_box_keys(range_shown: tuple[float, float]) -> tuple[str, str]:
    """The typed boxes' keys for the slider's range: new boxes whenever the slider moves.

    A box the browser had not yet redrawn (a slider press during a rerun) then belongs to a
    range gone by and is ignored: it can never move the slider back.
    """
    low, high = range_shown
    return tuple(f"{key}@{low:g}-{high:g}" for key in MAJORITY_TYPED)


def _typed_majority(keys: tuple[str, str]) -> None:
    """The majority typed in the boxes moves the slider (a callback; ends put in order)."""
    low, high = (float(st.session_state[key]) for key in keys)
    st.session_state["f_majority"] = (min(low, high), max(low, high))


def _majority_filter(start: Mapping[str, object]) -> None:
    """The majority range: a slider, and two boxes to type its ends, kept the same."""
    st.slider(
        "Majority (% of valid votes)",
        *MAJORITY_RANGE,
        value=start["f_majority"],
        key="f_majority",
        step=0.5,
        format="%.1f%%",
    )
    shown = tuple(float(value) for value in st.session_state["f_majority"])
    keys = majority_box_keys(shown)
    low, high = st.columns(2)
    for column, key, label, value in (
        (low, keys[0], "from %", shown[0]),
        (high, keys[1], "to %", shown[1]),
    ):
        column.number_input(
            label,
            *MAJORITY_RANGE,
            value=value,
            key=key,
            step=0.1,
            format="%.1f",
            on_change=_typed_majority,
            args=(keys,),
            help="Type an exact majority, e.g. 2.5",
        )


def _swing_filter(choices: Sequence[str], label, start: Mapping[str, object]) -> None:
    """A party's targets within a swing of N points (no party: no limit)."""
    party, points = st.columns([3, 2])
    party.selectbox(
        "Swing needed for",
        choices,
        index=start_index(choices, start["f_swing_party"]),
        key="f_swing_party",
        format_func=lambda p: "Any (no swing limit)" if p == NO_SWING else label(p),
        help="Keep the seats this party did not win where the swing it needs (points from "
        "the holder to it) is at most the figure beside.",
    )
    points.number_input(
        "up to (pts)",
        0.0,
        100.0,
        value=start["f_swing_max"],
        key="f_swing_max",
        step=0.5,
        format="%.1f",
        disabled=not st.session_state.get("f_swing_party"),
    )


def _context_conditions() -> tuple:
    bounds = _context_bounds()
    ranges = {
        column: tuple(st.session_state[_context_key(column)])
        for column in bounds
        if _context_key(column) in st.session_state
    }
    return filters.range_conditions(ranges, bounds)


def _more_filters(start: Mapping[str, object]) -> None:
    """A range for each context measure (deprivation, Leave, child poverty, age)."""
    bounds = _context_bounds()
    narrowed = len(_context_conditions())
    title = "More filters" + (f" ({narrowed} set)" if narrowed else "")
    with st.expander(title, icon=":material/tune:"):
        st.caption("Who lives there. Seats with no figure drop out once a range is narrowed.")
        for column, (low, high) in bounds.items():
            st.slider(
                CONTEXT_LABELS[column],
                low,
                high,
                value=start[_context_key(column)],
                key=_context_key(column),
                step=_STEPS.get(column, 0.5),
                help=CONTEXT_EXPLANATIONS[column],
            )


def filters_text(chosen: filters.SeatFilters) -> str:
    """The filters in words, safe to put in Markdown (a search from a link is text)."""
    return escape_markdown(filters.describe_filters(chosen))


def filtered_seats() -> pd.DataFrame:
    """The seats passing the sidebar filters."""
    return filters.filter_seats(current_data().seats, active_filters())


def render_sidebar(data: SeatData) -> filters.SeatFilters:
    """The shared filters, applied on every page; mirrored to the URL."""
    choices = filter_choices(data).options
    start = _start_values(choices)
    label = party_label(data.registry)

    def pick(key: str, title: str, placeholder: str, **options) -> None:
        # a team's list may have dropped a group the link named
        chosen = [value for value in start[key] if value in choices[key]]
        st.multiselect(
            title, choices[key], chosen, key=key, placeholder=placeholder, **options, **PICK_ONE
        )

    with st.sidebar:
        st.header("Filters")
        pick("f_nation", "Nation", "All nations")
        pick("f_region", "Region", "All regions")
        pick("f_winner", "Winning party (2024)", "Any winner", format_func=label)
        pick("f_second", "Runner-up party (2024)", "Any runner-up", format_func=label)
        pick(
            "f_current",
            "Held now by",
            "Any party",
            format_func=label,
            help=f"The sitting MP's party, as of {MEMBERS_AS_OF} (after by-elections and "
            "changes of party since July 2024).",
        )
        _majority_filter(start)
        _swing_filter(choices["f_swing_party"], label, start)
        pick("f_group", "Group", "Any group")
        st.selectbox(
            "Group stance",
            choices["f_stance"],
            index=start_index(choices["f_stance"], start["f_stance"]),
            key="f_stance",
            format_func={
                ANY_STANCE: "Any stance",
                "support": "Backs a candidate",
                "oppose": "Opposes a candidate",
            }.get,
        )
        st.text_input(
            "Search seat or candidate",
            value=start["f_search"],
            key="f_search",
            placeholder="e.g. Ilford",
        )
        postcode_box(st, "f_postcode")
        _more_filters(start)
        st.button("Reset filters", key="f_reset", on_click=reset_filters, width="stretch")
        chosen = active_filters()
        matching = int(filters.filter_mask(data.seats, chosen).sum())
        st.caption(f"**{matching} of {len(data.seats)} seats** · {filters_text(chosen)}")
    _mirror_filters_to_url()
    return chosen


def _mirror_filters_to_url() -> None:
    defaults = _defaults()
    for key, param in FILTER_PARAMS.items():
        value = st.session_state.get(key, defaults[key])
        if key == "f_majority":
            value = f"{value[0]:g}-{value[1]:g}" if tuple(value) != MAJORITY_RANGE else None
        if key == "f_swing_max" and not st.session_state.get("f_swing_party"):
            value = None  # no party: the figure means nothing
        set_query_state(param, value, defaults[key] if key != "f_majority" else None)
    for column, bounds in _context_bounds().items():
        low, high = st.session_state.get(_context_key(column), bounds)
        set_query_state(column, f"{low:g}-{high:g}" if (low, high) != bounds else None)


def about_the_data() -> None:
    """An expander with every source, its licence and the attribution lines.

    One Markdown element for all of them: it is sent on every rerun, and each element is a
    message of its own down the websocket.
    """
    with st.sidebar.expander("About the data"):
        st.markdown(
            "\n\n".join(
                f"**{source.title}**  \n{source.licence}.  \n{source.attribution}"
                for source in sources.SOURCES
            )
        )
        st.caption(
            "Shares are % of valid votes. derived_2019_share_* columns are derived "
            "(2024 share minus change), not published figures."
        )
