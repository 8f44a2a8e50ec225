"""The live map chart: plotly.js served from the plotly package, figures sent as data."""

import json
import re
from pathlib import Path

import plotly
import plotly.graph_objects as go
import pytest

from targets.app import live_chart, pages, plotly_script


def test_plotly_js_is_copied_once_under_its_version_and_served_relative(tmp_path):
    url = plotly_script.plotly_script_url(tmp_path)
    name = url.rsplit("/", 1)[1]
    assert url == f"app/static/vendor/{name}"  # relative: works under any base URL path
    assert name.startswith("plotly-4.") and name.endswith(".min.js")
    copied = tmp_path / name
    package_copy = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    assert copied.read_bytes() == package_copy.read_bytes()
    before = copied.stat().st_mtime_ns
    assert plotly_script.plotly_script_url(tmp_path) == url
    assert copied.stat().st_mtime_ns == before  # not copied again
    assert list(tmp_path.iterdir()) == [copied]  # no temporary file left behind


def test_the_payload_is_the_figure_as_data_without_plotlys_python_template():
    figure = go.Figure(go.Bar(x=["a", "b"], y=[1, 2], customdata=[["<b>x</b>"], ["y"]]))
    payload = json.loads(live_chart._payload(figure, {"scrollZoom": True}))
    assert set(payload) == {"data", "layout", "config", "script"}
    assert payload["data"][0]["y"] == [1, 2]
    assert payload["data"][0]["customdata"] == [["<b>x</b>"], ["y"]]  # data, never markup
    assert "template" not in payload["layout"]
    assert payload["layout"]["font"]["family"] == live_chart.APP_FONT
    assert payload["config"] == {"scrollZoom": True}
    assert payload["script"].startswith("app/static/vendor/plotly-")


def test_a_shared_figure_is_serialised_once_per_config():
    figure = go.Figure(go.Scatter(x=[1], y=[2]))
    first = live_chart._payload(figure, {"a": 1})
    assert live_chart._payload(figure, {"a": 1}) is first
    again = live_chart._payload(figure, {"a": 2})
    assert again is not first and json.loads(again)["config"] == {"a": 2}


def test_the_pages_with_a_live_map_start_loading_plotly_from_their_address():
    assert pages.opens_a_live_map("http://127.0.0.1:8501/")  # the Map page
    assert pages.opens_a_live_map("http://127.0.0.1:8501/?region=London")
    assert pages.opens_a_live_map("http://127.0.0.1:8501/group?group=We+Deserve+Better")
    assert pages.opens_a_live_map("https://example.org/targets/scenario", "targets")
    assert pages.opens_a_live_map("https://example.org/targets/", "/targets/")
    assert not pages.opens_a_live_map("http://127.0.0.1:8501/seats")
    assert not pages.opens_a_live_map("http://127.0.0.1:8501/seat?seat=E14001300")
    assert not pages.opens_a_live_map("https://example.org/targets/seats", "targets")


def test_component_scripts_are_sent_without_their_comments():
    from targets.app import script_text

    assert script_text.compact("// a note\n  const a = 1;  // why\n\n  f(a);\n") == (
        "const a = 1;\nf(a);"
    )
    sent = script_text.compact(live_chart.CHART_JS)
    assert len(sent) < 0.85 * len(live_chart.CHART_JS)
    assert "//" not in sent.replace("://", "")
    assert "Plotly.react(graph, figure.data, figure.layout, figure.config)" in sent


def test_a_component_script_is_served_once_by_its_content(tmp_path):
    from targets.app import script_text

    sent = script_text.served("live-chart", live_chart.CHART_JS, folder=tmp_path)
    (written,) = tmp_path.iterdir()
    assert re.fullmatch(r"live-chart-[0-9a-f]{12}\.js", written.name)
    assert written.read_text() == script_text.compact(live_chart.CHART_JS)
    assert f'"app/static/components/{written.name}"' in sent
    assert len(sent) < 0.2 * len(written.read_text())  # what each message carries
    assert "Plotly" not in sent
    # the same script: the same file, not written again; a changed one replaces it
    assert script_text.served("live-chart", live_chart.CHART_JS, folder=tmp_path) == sent
    changed = script_text.served("live-chart", live_chart.CHART_JS + "\nf();", folder=tmp_path)
    assert changed != sent
    (now,) = tmp_path.iterdir()  # the older version removed
    assert now.name != written.name and f'"app/static/components/{now.name}"' in changed


def test_a_component_script_goes_inline_where_the_folder_cannot_be_written(tmp_path):
    from targets.app import script_text

    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the folder would be")
    sent = script_text.served("seat-links", "export default function () {}  // x", blocked)
    assert sent == "export default function () {}"
    with pytest.raises(ValueError):
        script_text.served("../outside", "f();", folder=tmp_path)
