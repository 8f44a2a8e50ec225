"""The Polls page: the library's average, the window in the URL, the trend chart, sources,
and "Project these polls": both models side by side, the seats changing hands, the map and
a group's seats, every figure the library's.
"""

import json
from urllib.parse import parse_qs

import pandas as pd
import pytest
from page_parts import rendered

from targets import polls
from targets.app.scenario_state import signed_seats
from targets.data.polls import load_polls
from targets.parties import party_names
from targets.polls import average_polls
from targets.scenario_changes import format_changes

PAGE = "app_pages/polls_page.py"
SCENARIO_PAGE = "app_pages/scenario_page.py"
MODELS = ("uniform", "proportional")


def metric_values(at) -> dict[str, str]:
    """The poll average's metrics (the first row of metrics: one per polled party)."""
    return {metric.label: metric.value for metric in at.metric[:5]}


def table(at) -> pd.DataFrame:
    """The table of every poll."""
    return next(t.value for t in at.dataframe if "pollster" in t.value.columns)


def chart(at) -> dict:
    """The trend chart, as its JSON spec."""
    specs = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    return next(s for s in specs if any(t.get("mode") == "markers" for t in s["data"]))


def map_spec(at) -> dict:
    specs = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    return next(s for s in specs if s["layout"].get("legend", {}).get("title"))


def frames_with(at, column: str) -> list[pd.DataFrame]:
    return [t.value for t in at.dataframe if column in t.value.columns]


@pytest.fixture(scope="module")
def projections(seat_data):
    average = average_polls(load_polls(), 30)
    return {model: polls.project_polls(seat_data.candidates, average, model) for model in MODELS}


def test_the_average_is_the_librarys(open_page, data_paths):
    at = open_page(PAGE)
    expected = average_polls(load_polls(), 30)
    shown = metric_values(at)
    assert shown["Reform UK"] == f"{expected.shares['RUK']:.1f}%"
    assert shown["Labour"] == f"{expected.shares['Lab']:.1f}%"
    assert any("Method: the latest poll of each pollster" in c.value for c in at.caption)
    assert any("30 March 2026" in header.value for header in at.subheader)


def test_every_poll_is_listed_with_its_source(open_page, data_paths):
    at = open_page(PAGE)
    polls = table(at)
    assert len(polls) == len(load_polls())
    assert polls["source_url"].str.startswith("http").all()


def test_the_window_comes_from_the_link_and_changes_the_average(open_page, data_paths):
    at = open_page(PAGE, window="7")
    assert at.select_slider(key="pl_window").value == "7"
    expected = average_polls(load_polls(), 7)
    assert metric_values(at)["Reform UK"] == f"{expected.shares['RUK']:.1f}%"
    at.select_slider(key="pl_window").set_value("60").run()
    assert at.query_params["window"] == "60"


def test_trend_chart_has_dots_and_a_line_per_party(open_page, data_paths):
    spec = chart(open_page(PAGE))
    modes = [(trace["name"], trace["mode"]) for trace in spec["data"]]
    assert ("Reform UK", "markers") in modes and ("Reform UK", "lines") in modes
    assert len(spec["data"]) == 10


def test_a_bad_window_in_the_link_is_ignored_with_a_note(open_page, data_paths):
    at = open_page(PAGE, window="abc")
    assert at.select_slider(key="pl_window").value == "30"
    assert any("Ignored" in warning.value for warning in at.warning)


# ---------------------------------------------------------------- project these polls


def test_the_projection_says_what_it_is(open_page, projections):
    at = open_page(PAGE)
    assert "Project these polls" in [h.value for h in at.header]
    text = " ".join(rendered(m.value) for m in at.markdown)
    assert polls.CAVEAT in text
    captions = " ".join(rendered(c.value) for c in at.caption)
    assert "fieldwork ending 1 March 2026 to 30 March 2026" in captions
    assert "latest poll 30 March 2026" in captions
    assert "Northern Ireland's 18 seats stay as they were in 2024." in text
    assert "Labour −15.37, Conservative −6.04, Reform UK +11.17" in text


def test_seats_per_party_side_by_side_are_the_librarys(open_page, seat_data, projections):
    at = open_page(PAGE)
    shown = frames_with(at, "seats_uniform")[0]
    expected = polls.seats_side_by_side({m: p.scenario for m, p in projections.items()})
    changes = ("change_uniform", "change_proportional")
    pd.testing.assert_frame_equal(
        shown.reset_index(drop=True), signed_seats(expected, changes), check_dtype=False
    )
    assert shown.loc[shown["party"] == "Lab", "change_uniform"].iloc[0].startswith("\u2212")
    names = party_names(seat_data.registry)
    metrics = [(m.label, m.value, m.delta) for m in at.metric[5:]]
    wanted = []
    for model in MODELS:
        for row in projections[model].scenario.totals.head(4).itertuples():
            change = int(row.change)
            delta = (
                "no change" if change == 0 else f"{'−' if change < 0 else '+'}{abs(change)} seats"
            )
            wanted.append((names.get(row.party, row.party), str(row.seats_projected), delta))
    assert metrics == wanted
    assert wanted[0] == ("Reform UK", "254", "+249 seats")


def test_seats_changing_hands_are_the_librarys(open_page, projections):
    at = open_page(PAGE)
    bold = [rendered(m.value) for m in at.markdown if "seats change hands" in m.value]
    tables = frames_with(at, "from_party")
    for model, line, shown in zip(MODELS, bold, tables, strict=True):
        moved = projections[model].scenario.seat_changes
        assert line == f"**{model.capitalize()} swing: {len(moved)} seats change hands**"
        assert shown["constituency_code"].tolist() == moved["constituency_code"].tolist()
        assert not shown["constituency_code"].str.startswith("N").any()
        links = "/seat?seat=" + moved["constituency_code"] + "#" + moved["constituency_name"]
        assert shown["seat_link"].tolist() == links.tolist()  # each seat opens its profile


def test_the_map_shows_the_projected_winner(open_page, seat_data, projections):
    at = open_page(PAGE)
    spec = map_spec(at)
    assert spec["layout"]["legend"]["title"]["text"] == "Projected winner"
    seats = projections["uniform"].scenario.seats
    reform = int((seats["projected_party"] == "RUK").sum())
    names = [trace["name"] for trace in spec["data"]]
    assert any(name.startswith("Reform UK") for name in names)
    at.segmented_control(key="pl_map_model").set_value("proportional").run()
    assert not at.exception
    assert any("Proportional swing. Hover" in c.value for c in at.caption)
    assert reform != int(
        (projections["proportional"].scenario.seats["projected_party"] == "RUK").sum()
    )


def test_the_groups_seats_under_each_model(open_page, seat_data, projections):
    at = open_page(PAGE)
    assert at.selectbox(key="pl_group").value == "We Deserve Better"
    shown = frames_with(at, "backed_candidate")[0]
    expected = polls.group_seats_projected(projections, seat_data.endorsements, "We Deserve Better")
    assert shown["constituency_code"].tolist() == ["E14001131", "E14001300"]
    for model in MODELS:
        assert shown[f"{model}_candidate"].tolist() == expected[f"{model}_candidate"].tolist()
        assert shown[f"{model}_margin_pct"].tolist() == pytest.approx(
            expected[f"{model}_margin_pct"].tolist()
        )
    lines = polls.describe_group_seats(expected, party_names(seat_data.registry))
    bullets = [rendered(m.value) for m in at.markdown if m.value.startswith("- ")]
    assert bullets == [f"- {line}" for line in lines]
    assert lines[1].startswith("Ilford North (Labour in 2024; the group backs Leanne Mohamad")


def _links(at) -> list:
    return [element.proto for element in at.get("page_link")]


def test_each_model_opens_the_scenario_page_with_the_changes(open_page, seat_data, projections):
    at = open_page(PAGE)
    links = _links(at)
    assert len(links) == 2
    for link, model in zip(links, MODELS, strict=True):
        query = {k: v[0] for k, v in parse_qs(link.query_string).items()}
        changes = format_changes(projections[model].changes)
        assert query == {"change": changes, "model": model, "from": "polls"}
        assert "scenario" in link.page
        # the Scenario page, opened with that link, shows the same projection
        scenario_at = open_page(SCENARIO_PAGE, **query)
        shown = next(t.value for t in scenario_at.dataframe if "seats_2024" in t.value.columns)
        totals = projections[model].scenario.totals
        assert dict(zip(shown["party"], shown["seats_projected"], strict=True)) == dict(
            zip(totals["party"], totals["seats_projected"], strict=True)
        )
        assert polls.CAVEAT in " ".join(rendered(i.value) for i in scenario_at.info)
        # once the person changes a box, the changes are no longer the polls'
        scenario_at.number_input(key="sc_UK_Green").set_value(8.0).run()
        assert not scenario_at.error
        assert polls.CAVEAT not in " ".join(rendered(i.value) for i in scenario_at.info)
        assert "from" not in scenario_at.query_params
