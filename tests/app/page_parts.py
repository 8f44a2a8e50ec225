"""Reading what a page drew in AppTest: its one table and its one chart."""

from __future__ import annotations

import json
import re

import pandas as pd

from targets.views.labels import SEAT_LINK_TEXT


def only_table(at) -> pd.DataFrame:
    """The page's one dataframe, as a DataFrame."""
    assert len(at.dataframe) == 1
    return at.dataframe[0].value


def only_chart(at) -> dict:
    """The page's one Plotly chart, as its JSON spec."""
    charts = at.get("plotly_chart")
    assert len(charts) == 1
    return json.loads(charts[0].proto.spec)


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
