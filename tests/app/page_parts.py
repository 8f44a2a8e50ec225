"""Reading what a page drew in AppTest: its one table and its one chart."""

from __future__ import annotations

import json
import re

import pandas as pd

from targets.app import live_chart, seat_links
from targets.views.labels import SEAT_LINK_TEXT


def only_table(at) -> pd.DataFrame:
    """The page's one dataframe, as a DataFrame."""
    assert len(at.dataframe) == 1
    return at.dataframe[0].value


def chart_specs(at) -> list[dict]:
    """Every Plotly chart the page drew, as JSON specs: Streamlit's own, then the live maps."""
    specs = [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]
    live = [
        element
        for element in at.get("bidi_component")
        if element.proto.component_name == live_chart.COMPONENT_NAME
    ]
    return specs + [json.loads(element.proto.bytes) for element in live]


def listed_seat_links(at) -> list[tuple[str, str]]:
    """The seats listed under a map as links to their profiles: (code, name), in order."""
    lists = [
        element
        for element in at.get("bidi_component")
        if element.proto.component_name == seat_links.COMPONENT_NAME
    ]
    assert len(lists) <= 1
    if not lists:
        return []
    data = json.loads(lists[0].proto.json)
    assert data["page"] == "seat"  # each name links to seat?seat=CODE
    return [(code, name) for code, name in data["seats"]]


def only_chart(at) -> dict:
    """The page's one Plotly chart, as its JSON spec."""
    specs = chart_specs(at)
    assert len(specs) == 1
    return specs[0]


def rendered(markdown: object) -> str:
    """Markdown source as a person reads it: backslash escapes removed."""
    return re.sub(r"\\(.)", r"\1", str(markdown))


def assert_seat_links(frame) -> None:
    """The table's seat column is a link to each seat's profile, showing the seat's name."""
    config = json.loads(frame.proto.columns)["seat_link"]
    assert config["label"] == "Seat"
    assert config["type_config"]["type"] == "link"
    assert config["type_config"]["display_text"] == SEAT_LINK_TEXT
    for link in frame.value["seat_link"]:
        assert re.fullmatch(r"/seat\?seat=[EWSN]\d{8}#.+", link), link
