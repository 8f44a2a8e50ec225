"""Text from links, uploads and the data is text: no live link, image, HTML or directive.

Every page is opened with hostile query values, and with a session whose endorsements
carry hostile candidate, group and note text; everything rendered as Markdown must show
that text as typed, and every figure must carry it HTML-escaped.
"""

import json
import re

import pandas as pd
import pytest
from conftest import APP
from page_parts import chart_specs
from streamlit.testing.v1 import AppTest

from targets.app.cache import SESSION_ENDORSEMENTS
from targets.app.pages import PAGES
from targets.endorsements import REQUIRED_COLUMNS, validate_endorsements

HOSTILE = (
    "[click](https://evil.example/q) ![x](https://evil.example/p.png) <b>bold</b> "
    ":red[red] https://evil.example/bare www.evil.example"
)
HOSTILE_GROUP = "Evil [group](https://evil.example/g)"
QUERY = {
    name: HOSTILE
    for name in ("q", "seat", "campaign", "party", "change", "measure", "window", "colour")
}
# Markup that would be live: an unescaped link or image, an HTML tag, a colour directive,
# a bare web or mail address (the browser links those even when escaped: "https\://";
# kept text by a zero-width space after "https" or "www" and before "@").
LIVE = [
    re.compile(r"(?<!\\)\[[^\]]*(?<!\\)\]\("),
    re.compile(r"(?<!\\)<[a-zA-Z/]"),
    re.compile(r"(?<!\\):[a-z]+(?<!\\)\["),
    re.compile(r"(?i)https?\\?:"),
    re.compile(r"(?i)www\\?\."),
    re.compile(r"\w\\?@\w"),
]


def markdown_texts(at: AppTest) -> list[str]:
    kinds = ("markdown", "caption", "error", "warning", "info", "success", "title", "subheader")
    return [str(element.value) for kind in kinds for element in getattr(at, kind)]


def figures_text(at: AppTest) -> str:
    """Every figure's JSON as plain text (Streamlit's spec escapes < and & as \\u003c …)."""
    return " ".join(json.dumps(spec) for spec in chart_specs(at))


def live_markup(text: str) -> list[str]:
    return [pattern.pattern for pattern in LIVE if pattern.search(text)]


@pytest.fixture(scope="module")
def hostile_endorsements(seat_data):
    rows = pd.DataFrame(
        [
            ("E14001300", "Ilford North", HOSTILE, "Independent", HOSTILE_GROUP, "support"),
            ("E14001300", "Ilford North", "Wes Streeting", "Labour", HOSTILE_GROUP, "oppose"),
        ],
        columns=list(REQUIRED_COLUMNS),
    )
    rows["source_url"] = pd.NA
    rows["notes"] = HOSTILE
    clean, _ = validate_endorsements(rows, seat_data.seat_names, seat_data.registry)
    return clean


def open_hostile(page: str, endorsements: pd.DataFrame, **query: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state[SESSION_ENDORSEMENTS] = endorsements
    at.query_params.update(query)
    at.run()
    at.switch_page(f"app_pages/{page}")
    at.query_params.update(query)
    at.run()
    assert not at.exception, at.exception
    return at


@pytest.mark.parametrize("page", [spec.script for spec in PAGES])
def test_hostile_links_and_names_render_as_text_on_every_page(page, hostile_endorsements):
    at = open_hostile(page, hostile_endorsements, **QUERY)
    found = {text: live_markup(text) for text in markdown_texts(at) if live_markup(text)}
    assert found == {}
    figures = figures_text(at)
    assert "<b>bold</b>" not in figures and "<a " not in figures


def test_hostile_names_on_the_seat_and_group_pages_are_escaped(hostile_endorsements):
    seat = open_hostile("seat_page.py", hostile_endorsements, seat="E14001300")
    texts = " ".join(markdown_texts(seat))
    assert "Evil \\[group\\]" in texts  # the group's name is shown, as text
    assert all(not live_markup(text) for text in markdown_texts(seat))
    chart = figures_text(seat)
    assert "&lt;b&gt;bold&lt;/b&gt;" in chart and "<b>bold</b>" not in chart

    group = open_hostile("group_page.py", hostile_endorsements, campaign=HOSTILE_GROUP)
    assert group.selectbox(key="group_pick").value == HOSTILE_GROUP
    assert all(not live_markup(text) for text in markdown_texts(group))
    group_map = figures_text(group)
    assert "<b>bold</b>" not in group_map

    world = open_hostile("map_page.py", hostile_endorsements, colour="stance")
    hover = figures_text(world)
    assert "&lt;b&gt;bold&lt;/b&gt;" in hover and "<b>bold</b>" not in hover
