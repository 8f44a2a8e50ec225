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


def kept_key(key: str) -> str:
    """Where a widget's value is kept between pages; a workspace key's keeper is one too."""
    if key.startswith(WORKSPACE_PREFIX):  # forgotten at sign-out with the widget
        return f"{WORKSPACE_PREFIX}keep_{key[len(WORKSPACE_PREFIX) :]}"
    return f"_keep_{key}"


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
    keep = kept_key(key)
    if key in st.session_state:
        st.session_state[keep] = st.session_state[key]
        return
    if keep in st.session_state:
        st.session_state[key] = st.session_state[keep]
        return
    values = param_values(param)
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
        st.session_state[kept_key(key)] = st.session_state[key]
