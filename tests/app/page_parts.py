"""Reading what a page drew in AppTest: its one table and its one chart."""

from __future__ import annotations

import json
import re

import pandas as pd


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
