"""A session's choices mirrored to the link, so a copied URL restores the same view."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from targets.app.signin import WORKSPACE_KEY_PREFIX as WORKSPACE_PREFIX
from targets.views.labels import escape_markdown

_URL_NOTES = "_url_notes"


def note_ignored(message: str) -> None:
    """Keep a note about a value in the link that was ignored, to show on the page."""
    st.session_state.setdefault(_URL_NOTES, []).append(message)


def url_notes() -> list[str]:
    """The notes kept about ignored link values."""
    return st.session_state.get(_URL_NOTES) or []


def forget_url_notes() -> None:
    """Drop the notes (the person has changed the view since)."""
    st.session_state.pop(_URL_NOTES, None)


def param_values(param: str) -> list[str]:
    """The non-empty values of a query parameter, in order."""
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


def _beside(key: str, role: str) -> str:
    """A session-state key kept for widget ``key``; a workspace key's is a workspace key too."""
    if key.startswith(WORKSPACE_PREFIX):  # forgotten at sign-out with the widget
        return f"{WORKSPACE_PREFIX}{role}_{key[len(WORKSPACE_PREFIX) :]}"
    return f"_{role}_{key}"


def kept_key(key: str) -> str:
    """Where a widget's value is kept between pages."""
    return _beside(key, "keep")


def _start_key(key: str) -> str:
    return _beside(key, "start")


def start_value(
    key: str,
    param: str,
    choices: Sequence[str] | None = None,
    default: object = None,
) -> object:
    """The value a page widget starts with: as the person left it on the page, else the link's.

    Call before rendering the widget with ``key`` and give the widget this value as its
    default (``index``, ``value``). Not through ``st.session_state``: a value set there marks
    the widget as set on its first run, so the next change would send it again in full. The
    value is worked out when the widget appears and kept, so its default stays the same from
    run to run. Values not among ``choices`` are ignored with a visible note.
    """
    start = _start_key(key)
    keep = kept_key(key)
    if key in st.session_state:  # on the page already: its value is the person's
        st.session_state[keep] = st.session_state[key]
        return st.session_state.get(start, st.session_state[key])
    if keep in st.session_state:
        value = st.session_state[keep]
    else:
        value = _from_link(param, choices, default)
    st.session_state[start] = value
    return value


def _from_link(param: str, choices: Sequence[str] | None, default: object) -> object:
    values = param_values(param)
    if values and choices is not None:
        valid = [v for v in values if v in choices]
        for bad in sorted(set(values) - set(valid)):
            st.warning(
                f"Ignored “{escape_markdown(bad)}” for “{param}” in the link: "
                "not one of the choices.",
                icon=":material/link_off:",
            )
        values = valid
    return values[-1] if values else default


def start_index(choices: Sequence[str], value: object) -> int:
    """Where ``value`` is among a select box's ``choices`` (the first if it is not there)."""
    return list(choices).index(value) if value in choices else 0


def start_choice(key: str, param: str, choices: Sequence[str], default: object = None) -> int:
    """A select box's starting ``index``: :func:`start_value` among its ``choices``."""
    return start_index(choices, start_value(key, param, choices, default))


def query_state(
    key: str,
    param: str,
    choices: Sequence[str] | None = None,
    default: object = None,
) -> None:
    """Seed a page widget's session state from the URL, once; keep it across pages.

    For a widget the page also sets from its own code (the seat search): any other widget
    takes :func:`start_value` as its default instead.
    """
    appeared = key not in st.session_state
    value = start_value(key, param, choices, default)
    if appeared and value is not None:
        st.session_state[key] = value


def remember(key: str) -> None:
    """Keep a page widget's value for when the person comes back to the page."""
    if key in st.session_state:
        st.session_state[kept_key(key)] = st.session_state[key]
