"""What it takes to win: swing needed, party target lists and the battleground curve.

A party's target list is every seat where it stood in 2024 and did not win, ranked by the
swing it needs: half the gap, in points, between the holder's share and its own. The
battleground curve counts the seats it would gain at each uniform swing.

Independents share the abbreviation ``Ind`` but are people, not a party, so there is no
target list for "Ind" (two independents in one seat would be two rows for one seat).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from targets.errors import BadInputError
from targets.parties import INDEPENDENT

TARGET_COLUMNS: tuple[str, ...] = (
    "rank",
    "constituency_code",
    "constituency_name",
    "holder_party",
    "party_share",
    "party_position",
    "holder_share",
    "majority",
    "majority_pct",
    "swing_needed",
    "cumulative_seats",
    "holder_candidate",
    "party",
    "party_candidate",
    "nation",
    "region",
)
MAX_BATTLEGROUND_SWING = 15.0
BATTLEGROUND_STEP = 0.5


class TargetError(BadInputError):
    """A target list was asked for something that cannot have one (independents, no seats)."""


def swing_needed(winner_share: float | pd.Series, share: float | pd.Series) -> float | pd.Series:
    """Two-party swing (points) a challenger needs to draw level: half the share gap.

    Shares are percentages (0-100). Zero for the winner.
    """
    return (winner_share - share) / 2


def parties_standing(candidates: pd.DataFrame) -> list[str]:
    """Abbreviations of the registered parties that stood anywhere, most votes first.

    Independents are left out: they are people, not a party.
    """
    votes = candidates.groupby("party", sort=False)["votes"].sum().sort_values(ascending=False)
    return [str(party) for party in votes.index if party != INDEPENDENT]


def count_seats_won(candidates: pd.DataFrame, party: str) -> int:
    """Seats the party won in 2024 (position 1), across the whole candidate table."""
    won = (candidates["position"] == 1) & (candidates["party"] == party)
    return int(won.sum())


def rank_targets(seats: pd.DataFrame, candidates: pd.DataFrame, party: str) -> pd.DataFrame:
    """The party's target list: seats where it stood and did not win, easiest first.

    Args:
        seats: the seat table, already filtered to the seats to consider (e.g. Scotland).
        candidates: the full candidate table (one row per candidate, ``position`` 1 = winner).
        party: a party abbreviation (``Lab``, ``RUK``...); not ``Ind``.

    Returns:
        One row per target seat, ranked by ``swing_needed`` (points; ties by seat name), with
        the columns in ``TARGET_COLUMNS``. ``holder_*`` is the 2024 winner, ``majority`` is in
        votes and ``majority_pct`` of valid votes. ``cumulative_seats`` is the party's 2024
        seat total (all 650 seats, whatever the filter) plus every gain up to this row.

    Raises:
        TargetError: ``party`` is ``Ind`` or did not stand anywhere in ``candidates``.
    """
    if party == INDEPENDENT:
        raise TargetError("independents are people, not a party: choose a registered party")
    if not (candidates["party"] == party).any():
        raise TargetError(f"{party} did not stand in any seat in 2024")
    standing = candidates[(candidates["party"] == party) & (candidates["position"] > 1)]
    standing = standing.set_index("constituency_code")[["candidate_name", "share", "position"]]
    standing.columns = ["party_candidate", "party_share", "party_position"]
    held = seats.set_index("constituency_code")[
        [
            "constituency_name",
            "nation",
            "region",
            "winner_party",
            "winner_candidate",
            "winner_share",
            "majority",
            "majority_pct",
        ]
    ].rename(
        columns={
            "winner_party": "holder_party",
            "winner_candidate": "holder_candidate",
            "winner_share": "holder_share",
        }
    )
    table = held.join(standing, how="inner").reset_index()
    table["party"] = party
    table["party_position"] = table["party_position"].astype("int64")
    table["swing_needed"] = swing_needed(table["holder_share"], table["party_share"]).round(4)
    table = table.sort_values(["swing_needed", "constituency_name"], kind="stable")
    table = table.reset_index(drop=True)
    table["rank"] = np.arange(1, len(table) + 1, dtype="int64")
    table["cumulative_seats"] = count_seats_won(candidates, party) + table["rank"]
    return table[list(TARGET_COLUMNS)]


def battleground_curve(
    targets: pd.DataFrame,
    seats_held: int = 0,
    max_swing: float = MAX_BATTLEGROUND_SWING,
    step: float = BATTLEGROUND_STEP,
) -> pd.DataFrame:
    """Seats gained against uniform swing, from 0 to ``max_swing`` points in ``step`` steps.

    A seat is gained at swing ``s`` when its swing needed is strictly below ``s`` (at exactly
    ``s`` the party only draws level).

    Args:
        targets: a target list from ``rank_targets`` (filtered or not).
        seats_held: seats the party already holds, added to give ``total_seats``.
        max_swing: the largest swing on the curve, in points.
        step: the distance between points on the curve.

    Returns:
        Columns ``swing``, ``seats_gained`` and ``total_seats``, one row per swing.
    """
    if step <= 0 or max_swing < 0:
        raise ValueError("the battleground needs a positive step and a non-negative range")
    swings = np.round(np.arange(0, max_swing + step / 2, step), 6)
    needed = np.sort(targets["swing_needed"].to_numpy(dtype="float64"))
    gained = np.searchsorted(needed, swings, side="left").astype("int64")
    return pd.DataFrame(
        {"swing": swings, "seats_gained": gained, "total_seats": gained + int(seats_held)}
    )
