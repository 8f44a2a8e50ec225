"""The Near me page: a postcode's seat, the nearest targets, and a volunteer plan."""

from __future__ import annotations

import json

import pytest

from targets.app import near_me_state
from targets.data import sources
from targets.deploy import PERSONAL_DATA_NOTE

PAGE = "app_pages/near_me_page.py"
VOLUNTEERS = (
    b"name,postcode,hours,max_km\n"
    b"Ann <b>Lee</b>,bs8 1th,10,\n"
    b"Bob Roy,IG6 1AA,6,5\n"
    b"Cat Ng,BT7 1NN,4,\n"
)


@pytest.fixture(scope="module", autouse=True)
def built_index(postcode_index):
    """The index is built before the page first needs it (not inside an AppTest run)."""


def frame_with(at, column: str):
    """The first table shown that has this column."""
    return next(df.value for df in at.dataframe if column in df.value.columns)


def page_text(at) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [e.value for e in at.error] + [s.value for s in at.success]
    return "\n".join(parts)


def test_asks_for_a_postcode_first(open_page):
    at = open_page(PAGE)
    assert "Type a postcode above" in at.info[0].value
    assert at.text_input(key="near_postcode").label == "Find a seat by postcode"


def test_a_postcode_shows_its_seat_and_the_nearest_targets(open_page):
    at = open_page(PAGE)
    at.radio(key="near_source").set_value("group").run()
    at.text_input(key="near_postcode").set_value("bs81th").run()
    assert not at.exception
    text = page_text(at)
    assert "**BS8 1TH** is in **Bristol Central** (E14001131)" in text
    table = frame_with(at, "distance_km")
    assert table["constituency_name"].tolist() == ["Bristol Central", "Ilford North"]
    assert table["distance_km"].iloc[0] == 0
    assert table["seat_link"].iloc[1].startswith("/seat?seat=E14001300")
    figure = json.loads(at.get("plotly_chart")[0].proto.spec)
    names = [trace.get("name") for trace in figure["data"]]
    assert "Your seat" in names and "Nearest targets" in names
    assert figure["layout"]["map"]["style"] == "white-bg"  # no tiles fetched


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("hello", "is not a postcode"),
        ("SW1A 9ZZ", "is written like a postcode but is not in"),
        ("bt71nn", "Northern Ireland postcode"),
    ],
)
def test_the_three_clear_answers(open_page, typed, message):
    at = open_page(PAGE)
    at.text_input(key="near_postcode").set_value(typed).run()
    assert not at.exception
    assert message in at.error[0].value.replace("\\", "")


def test_a_volunteer_plan_in_the_session_only(open_page):
    before = {p for p in sources.data_dir().rglob("*") if p.is_file()}
    at = open_page(PAGE)
    at.radio(key="near_source").set_value("group").run()
    at.number_input(key="near_hours").set_value(15.0).run()
    at.file_uploader(key="near_file").set_value(("team.csv", VOLUNTEERS, "text/csv")).run()
    assert not at.exception
    assert "1 row(s) cannot be planned" in at.warning[0].value
    at.button(key="near_plan").click().run()
    assert not at.exception
    assert "2 of 3 volunteers sent to 2 target seats" in at.success[0].value
    seats = frame_with(at, "hours_delivered").set_index("constituency_name")
    assert seats.loc["Bristol Central", "hours_delivered"] == 10
    assert seats.loc["Ilford North", "hours_delivered"] == 6
    people = frame_with(at, "hours_assigned").set_index("name")
    assert people.loc["Cat Ng", "status"] == "not planned"
    assert "Northern Ireland" in people.loc["Cat Ng", "reason"]
    assert PERSONAL_DATA_NOTE in page_text(at)
    figure = json.loads(at.get("plotly_chart")[-1].proto.spec)
    hovers = [t.get("hovertext") for t in figure["data"] if t.get("name") == "Volunteers"][0]
    assert any("Ann &lt;b&gt;Lee&lt;/b&gt;" in text for text in hovers)  # escaped
    assert near_me_state.PLAN in at.session_state
    # privacy: no file was written in the data folder
    assert {p for p in sources.data_dir().rglob("*") if p.is_file()} == before
