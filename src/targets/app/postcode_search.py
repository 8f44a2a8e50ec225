"""'Find a seat by postcode': a box that opens the seat a postcode is in, or says why not."""

from __future__ import annotations

import streamlit as st

from targets import postcodes
from targets.app.cache import postcode_index
from targets.views.labels import escape_markdown

SEAT_PAGE = "app_pages/seat_page.py"


def postcode_box(container, key: str) -> None:
    """A postcode box in ``container``; a postcode in a seat opens that seat's page.

    Not a postcode, a postcode that does not exist and a Northern Ireland postcode each get
    their own message, kept while the text stays the same. The index is loaded only once a
    postcode is typed.
    """
    typed = container.text_input(
        "Find a seat by postcode", key=key, placeholder="e.g. IG6 1AA", max_chars=20
    )
    answered = f"_{key}_answer"
    if not typed.strip():
        st.session_state.pop(answered, None)
        return
    previous = st.session_state.get(answered)
    if previous is not None and previous[0] == typed:
        if previous[1]:
            container.error(escape_markdown(previous[1]))
        return
    answer = postcodes.lookup_postcode(postcode_index(), typed)
    st.session_state[answered] = (typed, "" if answer.found else answer.message)
    if answer.found:
        st.switch_page(SEAT_PAGE, query_params={"seat": answer.constituency_code})
    container.error(escape_markdown(answer.message))
