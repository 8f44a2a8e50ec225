"""The Polls page: the library's average, the window in the URL, the trend chart, sources."""

from page_parts import only_chart as chart
from page_parts import only_table as table

from targets.data.polls import load_polls
from targets.polls import average_polls

PAGE = "app_pages/polls_page.py"


def metric_values(at) -> dict[str, str]:
    return {metric.label: metric.value for metric in at.metric}


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
