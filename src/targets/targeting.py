"""What it takes to win: swing needed and the gap to the winner, candidate by candidate."""

from __future__ import annotations

import pandas as pd


def swing_needed(winner_share: float | pd.Series, share: float | pd.Series) -> float | pd.Series:
    """Two-party swing (points) a challenger needs to draw level: half the share gap.

    Shares are percentages (0-100). Zero for the winner.
    """
    return (winner_share - share) / 2


def party_swing_by_seat(candidates: pd.DataFrame, party: str) -> pd.DataFrame:
    """Per seat, the swing a party's best-placed candidate needs (0 where it won).

    Seats where the party did not stand are left out. Columns: constituency_code,
    party_position, party_share, winner_share, swing_needed.
    """
    winners = candidates[candidates["position"] == 1].set_index("constituency_code")["share"]
    standing = candidates[candidates["party"] == party]
    best = standing.sort_values("position").drop_duplicates("constituency_code")
    best = best.set_index("constituency_code")
    table = pd.DataFrame(
        {
            "party_position": best["position"],
            "party_share": best["share"],
            "winner_share": winners.reindex(best.index),
        }
    )
    table["swing_needed"] = swing_needed(table["winner_share"], table["party_share"])
    return table.reset_index()
