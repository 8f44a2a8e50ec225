"""The poll average on a small hand-made file: window, one poll per pollster, blanks."""

import datetime as dt

import pytest

from targets.data.polls import read_polls
from targets.errors import BadInputError
from targets.polls import average_polls, changes_from_polls, polls_since, rolling_average

# made-up polls for the arithmetic (not real figures)
POLLS_CSV = b"""pollster,fieldwork_end,labour,conservative,reform,libdem,green,leader_net,source_url
Alpha,2026-01-01,30.0,20.0,25.0,10.0,8.0,-5,https://example.org/a1
Beta,2026-02-20,24.0,18.0,30.0,12.0,10.0,,https://example.org/b1
Alpha,2026-03-01,26.0,19.0,28.0,11.0,,,https://example.org/a2
Alpha,2026-03-10,22.0,21.0,27.0,12.0,12.0,,https://example.org/a3
Gamma,2026-03-12,,,,,,-40,https://example.org/leader-rating-only
Beta,2026-03-15,20.0,17.0,31.0,13.0,14.0,,https://example.org/b2
Delta,2025-06-01,25.0,20.0,25.0,10.0,10.0,,javascript:alert(1)
"""


@pytest.fixture()
def polls():
    return read_polls(POLLS_CSV)


def test_rows_without_any_share_are_not_polls(polls):
    assert len(polls) == 6
    assert "Gamma" not in set(polls["pollster"])


def test_a_source_that_is_not_a_web_address_is_dropped(polls):
    delta = polls[polls["pollster"] == "Delta"]
    assert delta["source_url"].isna().all()
    assert polls["source_url"].dropna().str.startswith("https://").all()


def test_latest_poll_of_each_pollster_within_the_window(polls):
    average = average_polls(polls, window_days=30)
    # window: 30 days up to 15 March -> Alpha's 10 March and Beta's 15 March polls
    assert average.latest == dt.date(2026, 3, 15)
    assert list(average.polls["source_url"]) == ["https://example.org/a3", "https://example.org/b2"]
    assert average.shares["Lab"] == pytest.approx(21.0)
    assert average.shares["RUK"] == pytest.approx(29.0)
    assert "30 days" in average.method and "2026-03-15" in average.method


def test_a_blank_share_is_not_reported_rather_than_zero(polls):
    average = average_polls(polls, window_days=30, until=dt.date(2026, 3, 1))
    # Alpha 1 March has no Green figure: the Green average is Beta's alone
    assert average.shares["Green"] == pytest.approx(10.0)
    assert average.shares["Lab"] == pytest.approx(25.0)


def test_a_short_window_keeps_only_the_latest_days(polls):
    average = average_polls(polls, window_days=3)
    assert list(average.polls["pollster"]) == ["Beta"]


def test_since_and_bad_windows(polls):
    assert len(polls_since(polls, dt.date(2026, 3, 1))) == 3
    assert len(polls_since(polls, None)) == 6
    with pytest.raises(BadInputError, match="at least 1 day"):
        average_polls(polls, window_days=0)
    with pytest.raises(BadInputError, match="no polls"):
        average_polls(polls_since(polls, dt.date(2027, 1, 1)))


def test_rolling_average_has_one_row_per_polling_day(polls):
    trend = rolling_average(polls, window_days=30)
    assert len(trend) == 6
    assert trend.iloc[-1]["Lab"] == pytest.approx(21.0)


def test_changes_from_2024(polls):
    average = average_polls(polls, window_days=30)
    changes = changes_from_polls(average, {"Lab": 35.0, "Con": 24.0, "RUK": 15.0, "LD": 12.5})
    assert changes == {"Lab": -14.0, "Con": -5.0, "RUK": 14.0, "LD": 0.0}
