"""What it takes to win: swing needed and the gap to the winner, candidate by candidate."""

from __future__ import annotations

import pandas as pd


def swing_needed(winner_share: float | pd.Series, share: float | pd.Series) -> float | pd.Series:
    """Two-party swing (points) a challenger needs to draw level: half the share gap.

    Shares are percentages (0-100). Zero for the winner.
    """
    return (winner_share - share) / 2
