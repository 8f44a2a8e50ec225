"""The seat page's first table: what each group is campaigning for here and how it went."""

from __future__ import annotations

import pandas as pd

from targets.seat_profile import SeatProfile
from targets.text import ordinal

CAMPAIGN_COLUMNS: tuple[str, ...] = (
    "group",
    "stance",
    "candidate",
    "party",
    "result",
    "margin",
    "swing_needed",
    "source_url",
    "notes",
)


def group_campaign(profile: SeatProfile) -> pd.DataFrame:
    """Each group's stance here, for the top of the seat page: the outcome in one line each.

    Columns: ``group``, ``stance`` ("Backs"/"Opposes"), ``candidate``, ``party``, ``result``
    ("Won", "2nd", "Did not stand"), ``margin`` (the winner's majority, else votes behind
    the winner), ``swing_needed`` (points that make the candidate first; 0 for the winner),
    ``source_url`` and ``notes`` (blank when the list gives none).
    """
    stances = profile.stances
    swing = profile.candidates.set_index("candidate_name")["swing_needed"]
    rows = []
    for _, row in stances.iterrows():
        stood = bool(row["stood_2024"])
        won = stood and row["position"] == 1
        rows.append(
            {
                "group": row["group"],
                "stance": "Backs" if row["stance"] == "support" else "Opposes",
                "candidate": row["candidate_name"],
                "party": row["party"],
                "result": ("Won" if won else ordinal(int(row["position"])))
                if stood
                else "Did not stand",
                "margin": (profile.majority if won else int(row["votes_behind_winner"]))
                if stood
                else None,
                "swing_needed": float(swing.get(row["candidate_name"], float("nan")))
                if stood
                else None,
                "source_url": _text(row.get("source_url")),
                "notes": _text(row.get("notes")),
            }
        )
    return pd.DataFrame(rows, columns=list(CAMPAIGN_COLUMNS))


def _text(value: object) -> str:
    return "" if value is None or pd.isna(value) else str(value)
