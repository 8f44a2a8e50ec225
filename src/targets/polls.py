"""What the polls say: a poll average with its method stated, and the change since 2024.

The average: take the most recent poll's fieldwork end date; keep the polls whose fieldwork
ended within ``window_days`` before it; keep the latest poll of each pollster among them
(so a pollster that publishes weekly counts once); average each party's share over the
pollsters that reported it. Polls are of Great Britain: Northern Ireland is not polled.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from targets.errors import BadInputError

DEFAULT_WINDOW_DAYS = 30
METHOD = (
    "the latest poll of each pollster whose fieldwork ended within {days} days of the most "
    "recent poll ({latest}), averaged"
)


@dataclass(frozen=True)
class PollAverage:
    """A poll average: the share per party (points), and what it was made from."""

    shares: dict[str, float]
    polls: pd.DataFrame  # the polls averaged, one per pollster
    window_start: dt.date
    latest: dt.date
    window_days: int

    @property
    def method(self) -> str:
        """The method in one sentence, with this average's window."""
        return METHOD.format(days=self.window_days, latest=self.latest.isoformat())


def polled_parties(polls: pd.DataFrame) -> list[str]:
    """The party columns of a polls table (everything but pollster, date and source)."""
    return [c for c in polls.columns if c not in ("pollster", "fieldwork_end", "source_url")]


def polls_since(polls: pd.DataFrame, since: dt.date | None) -> pd.DataFrame:
    """The polls whose fieldwork ended on or after ``since`` (all when None)."""
    if since is None:
        return polls
    return polls[polls["fieldwork_end"] >= pd.Timestamp(since)]


def average_polls(
    polls: pd.DataFrame, window_days: int = DEFAULT_WINDOW_DAYS, until: dt.date | None = None
) -> PollAverage:
    """The poll average described in the module docstring.

    Args:
        polls: from ``targets.data.polls.load_polls`` (or a hand-made frame like it).
        window_days: how far back from the most recent poll to look, in days (1 or more).
        until: ignore polls after this date (the average as it stood then).

    Raises:
        BadInputError: no polls to average, or a window under one day.
    """
    if window_days < 1:
        raise BadInputError("the poll window must be at least 1 day")
    if until is not None:
        polls = polls[polls["fieldwork_end"] <= pd.Timestamp(until)]
    if polls.empty:
        raise BadInputError("no polls to average in the chosen dates")
    latest = polls["fieldwork_end"].max()
    start = latest - pd.Timedelta(days=window_days)
    recent = polls[polls["fieldwork_end"] > start]
    newest_each = recent.sort_values("fieldwork_end", kind="stable").groupby("pollster").tail(1)
    newest_each = newest_each.sort_values(["fieldwork_end", "pollster"]).reset_index(drop=True)
    shares = {
        party: round(float(newest_each[party].mean()), 2)
        for party in polled_parties(polls)
        if newest_each[party].notna().any()
    }
    return PollAverage(
        shares=shares,
        polls=newest_each,
        window_start=(start + pd.Timedelta(days=1)).date(),
        latest=latest.date(),
        window_days=window_days,
    )


def rolling_average(polls: pd.DataFrame, window_days: int = DEFAULT_WINDOW_DAYS) -> pd.DataFrame:
    """The poll average as it stood after each polling day: a trend line per party.

    Returns:
        One row per date with polls: ``fieldwork_end`` and one column per party.
    """
    rows = []
    for day in sorted(polls["fieldwork_end"].unique()):
        average = average_polls(polls, window_days, until=pd.Timestamp(day).date())
        rows.append({"fieldwork_end": pd.Timestamp(day), **average.shares})
    return pd.DataFrame(rows)


def changes_from_polls(average: PollAverage, shares_2024: dict[str, float]) -> dict[str, float]:
    """The change in points from the 2024 GB share to the poll average, per polled party."""
    return {
        party: round(share - shares_2024[party], 2)
        for party, share in average.shares.items()
        if party in shares_2024
    }
