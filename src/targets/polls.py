"""What the polls say: a poll average with its method stated, and the change since 2024.

The average: take the most recent poll's fieldwork end date; keep the polls whose fieldwork
ended within ``window_days`` before it; keep the latest poll of each pollster among them
(so a pollster that publishes weekly counts once); average each party's share over the
pollsters that reported it. Polls are of Great Britain: Northern Ireland is not polled.

A projection of the polls (``project_polls``) is a swing scenario: each polled party's
change is from its 2024 share across the Great Britain seats where it stood (what a
scenario change moves) to its poll average, so the projection lands each polled party on
its average exactly; the parties not polled take up the rest as the scenario rule says,
and Northern Ireland stays as it was in 2024.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from targets.errors import BadInputError
from targets.scenario import (
    GREAT_BRITAIN,
    NORTHERN_IRELAND,
    Scenario,
    run_scenario,
    vote_shares_2024,
)

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


def changes_from_polls(
    average: PollAverage, shares_2024: Mapping[str, float], decimals: int | None = 2
) -> dict[str, float]:
    """The change in points from the 2024 GB share to the poll average, per polled party.

    Rounded to ``decimals`` (None: exact, so that the 2024 share plus the change is the
    average).
    """
    return {
        party: share - shares_2024[party]
        if decimals is None
        else round(share - shares_2024[party], decimals)
        for party, share in average.shares.items()
        if party in shares_2024
    }


def long_date(day: dt.date) -> str:
    """A date as people write it: "1 March 2026"."""
    return f"{day.day} {day:%B %Y}"


CAVEAT = (
    "A projection from national polls by uniform or proportional swing is a rough guide, "
    "not a forecast."
)


def gb_shares_2024(candidates: pd.DataFrame) -> dict[str, float]:
    """Each party's 2024 share across the Great Britain seats where it stood (points)."""
    shares = vote_shares_2024(candidates)
    gb = shares[shares["area"] == GREAT_BRITAIN]
    return dict(zip(gb["party"].astype(str), gb["share_2024"].astype(float), strict=True))


@dataclass(frozen=True)
class PollProjection:
    """The poll average run as a scenario: what was projected and what it says."""

    average: PollAverage
    shares_2024: dict[str, float]  # each polled party's 2024 share across GB where it stood
    changes: dict[str, float]  # exact: 2024 share + change = poll average
    scenario: Scenario
    northern_ireland_seats: int  # left as in 2024: the polls are of Great Britain

    @property
    def model(self) -> str:
        """The scenario's model, "uniform" or "proportional"."""
        return self.scenario.model

    def northern_ireland_note(self) -> str:
        """One sentence: Northern Ireland is not polled, so its seats are as in 2024."""
        return (
            f"The polls are of Great Britain: Northern Ireland's {self.northern_ireland_seats} "
            "seats stay as they were in 2024."
        )

    def window_note(self) -> str:
        """The caveat, the poll window and the date of the latest poll, in one line."""
        average = self.average
        return (
            f"{CAVEAT} Poll average of the polls with fieldwork ending "
            f"{long_date(average.window_start)} to {long_date(average.latest)} (a "
            f"{average.window_days}-day window); latest poll {long_date(average.latest)}; "
            f"{len(average.polls)} polls averaged."
        )


def project_polls(
    candidates: pd.DataFrame, average: PollAverage, model: str = "uniform"
) -> PollProjection:
    """The poll average as a swing scenario (see the module docstring).

    Raises:
        ScenarioError: the scenario cannot happen (see ``targets.scenario``).
    """
    before = gb_shares_2024(candidates)
    changes = changes_from_polls(average, before, decimals=None)
    result = run_scenario(candidates, changes, model)
    in_ni = result.seats["nation"] == NORTHERN_IRELAND
    return PollProjection(
        average=average,
        shares_2024={party: before[party] for party in changes},
        changes=changes,
        scenario=result,
        northern_ireland_seats=int(in_ni.sum()),
    )


def seats_side_by_side(scenarios: Mapping[str, Scenario]) -> pd.DataFrame:
    """Seats per party in 2024 and under each scenario (by model), side by side.

    Columns: ``party``, ``seats_2024``, then ``seats_<model>`` and ``change_<model>`` for
    each; most seats under the first first.
    """
    table: pd.DataFrame | None = None
    for model, result in scenarios.items():
        totals = result.totals.set_index("party")
        part = totals[["seats_projected", "change"]].rename(
            columns={"seats_projected": f"seats_{model}", "change": f"change_{model}"}
        )
        if table is None:
            table = totals[["seats_2024"]].join(part, how="outer")
        else:
            table = table.join(part, how="outer")
    if table is None:
        return pd.DataFrame(columns=["party", "seats_2024"])
    table = table.fillna(0).astype("int64").reset_index()
    first = next(iter(scenarios))
    return table.sort_values(
        [f"seats_{first}", "seats_2024", "party"], ascending=[False, False, True], kind="stable"
    ).reset_index(drop=True)


GROUP_SEAT_COLUMNS = [
    "constituency_code",
    "constituency_name",
    "backed_candidate",
    "backed_party",
    "party_2024",
]


def group_seats_projected(
    projections: Mapping[str, PollProjection], endorsements: pd.DataFrame, group: str
) -> pd.DataFrame:
    """What each projection says for a group's seats, one row per seat.

    Columns: ``constituency_code``, ``constituency_name``, ``backed_candidate``,
    ``backed_party`` (the candidate the group backs there, if any), ``party_2024`` (the
    2024 winner), then for each model ``<model>_party``, ``<model>_candidate`` (the projected
    winner), ``<model>_margin_pct`` (points ahead of the runner-up), ``<model>_backed_share``
    and ``<model>_backed_wins``.
    """
    rows = endorsements[endorsements["group"] == group]
    codes = list(dict.fromkeys(rows["constituency_code"].astype(str)))
    backed = rows[rows["stance"] == "support"].drop_duplicates("constituency_code")
    backed = backed.set_index("constituency_code")
    table = pd.DataFrame({"constituency_code": codes})
    table["backed_candidate"] = table["constituency_code"].map(
        backed["result_candidate_name"].fillna(backed["candidate_name"])
    )
    table["backed_party"] = table["constituency_code"].map(backed["party"])
    position = table["constituency_code"].map(backed["position"])
    for index, (model, projection) in enumerate(projections.items()):
        seats = projection.scenario.seats.set_index("constituency_code").reindex(codes)
        if index == 0:
            table["constituency_name"] = seats["constituency_name"].to_numpy()
            table["party_2024"] = seats["party_2024"].to_numpy()
        table[f"{model}_party"] = seats["projected_party"].to_numpy()
        table[f"{model}_candidate"] = seats["projected_candidate"].to_numpy()
        table[f"{model}_margin_pct"] = seats["projected_margin_pct"].to_numpy()
        projected = projection.scenario.candidates
        by_place = projected.set_index(["constituency_code", "position"])["projected_share"]
        won = projected[projected["projected_position"] == 1]
        winner_place = table["constituency_code"].map(
            won.set_index("constituency_code")["position"]
        )
        table[f"{model}_backed_share"] = [
            float(by_place.get((code, int(place)), float("nan")))
            if pd.notna(place)
            else float("nan")
            for code, place in zip(table["constituency_code"], position, strict=True)
        ]
        table[f"{model}_backed_wins"] = (winner_place == position).fillna(False).astype(bool)
    ordered = [*GROUP_SEAT_COLUMNS, *[c for c in table.columns if c not in GROUP_SEAT_COLUMNS]]
    return table[ordered]


def describe_group_seats(table: pd.DataFrame, names: Mapping[str, str] | None = None) -> list[str]:
    """One sentence per seat of ``group_seats_projected``: who wins under each model.

    E.g. "Ilford North (Labour in 2024; the group backs Leanne Mohamad, Independent):
    uniform swing, Leanne Mohamad (Independent) wins by 16.4 points; proportional swing, …
    The backed candidate wins under both."
    """
    names = names or {}
    models = [c.removesuffix("_margin_pct") for c in table.columns if c.endswith("_margin_pct")]
    lines = []
    for row in table.to_dict("records"):
        said = [f"{names.get(row['party_2024'], row['party_2024'])} in 2024"]
        outcomes = [
            f"{model} swing, {row[f'{model}_candidate']} "
            f"({names.get(row[f'{model}_party'], row[f'{model}_party'])}) wins by "
            f"{row[f'{model}_margin_pct']:.1f} points"
            for model in models
        ]
        line = f"{row['constituency_name']} ({{}}): " + "; ".join(outcomes) + "."
        if pd.notna(row["backed_candidate"]):
            party = names.get(row["backed_party"], row["backed_party"])
            said.append(f"the group backs {row['backed_candidate']}, {party}")
            wins = [model for model in models if row[f"{model}_backed_wins"]]
            if len(wins) == len(models):
                line += " The backed candidate wins under " + (
                    "both." if len(models) == 2 else "each."
                )
            elif not wins:
                line += " The backed candidate does not win under either."
            else:
                line += f" The backed candidate wins under {' and '.join(wins)} swing only."
        lines.append(line.format("; ".join(said)))
    return lines
