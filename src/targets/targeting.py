"""What it takes to win: swing needed, party target lists and the battleground curve.

**Swing needed** is the smallest swing ``s``, in points moved from the holder to the party
(everyone else unchanged), after which the party is strictly first in the seat::

    max((holder - party) / 2, max over the other candidates ahead of it of (their - party))

Where the party is second the two agree and this is the familiar half-gap to the winner.
Where it is third or lower, the runner-up may stand in the way: a swing that only closes
half the gap to the holder leaves the runner-up still ahead, so the party must also
overtake them. A tie is not a win: at exactly ``s`` the party draws level, any more wins.

Everything that reports a swing needed (the target list, the battleground curve, the map,
the group table, the seat profile) uses :func:`measure_swing_needed`, which works on
candidate rows, so it serves a party's targets and a named candidate alike.

Independents share the abbreviation ``Ind`` but are people, not a party, so there is no
target list for "Ind" (two independents in one seat would be two rows for one seat).
The Speaker's seat (Chorley, ``Spk``) is not contested by the main parties; it is left out
of target lists unless asked for, and flagged when it is in.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from targets.errors import BadInputError
from targets.parties import INDEPENDENT

SPEAKER = "Spk"
TARGET_COLUMNS: tuple[str, ...] = (
    "rank",
    "constituency_code",
    "constituency_name",
    "holder_party",
    "party_share",
    "party_position",
    "holder_share",
    "votes_behind",
    "swing_needed",
    "swing_note",
    "also_overtake_party",
    "also_overtake_candidate",
    "also_overtake_share",
    "cumulative_seats",
    "holder_majority",
    "holder_majority_pct",
    "holder_candidate",
    "current_mp",
    "current_party",
    "party",
    "party_candidate",
    "speaker_seat",
    "nation",
    "region",
)
SWING_COLUMNS: tuple[str, ...] = (
    "swing_needed",
    "votes_behind",
    "also_overtake_candidate",
    "also_overtake_party",
    "also_overtake_share",
)
LEADER_COLUMNS: tuple[str, ...] = (
    "holder_candidate",
    "holder_party",
    "holder_votes",
    "holder_share",
    "runner_up_candidate",
    "runner_up_party",
    "runner_up_share",
)
SWING_DEFINITION = "swing needed: points moved from the holder to the party"
SPEAKER_NOTE = "the Speaker's seat: the main parties do not stand"
MAX_BATTLEGROUND_SWING = 15.0
BATTLEGROUND_STEP = 0.5
# Shares carry 4 decimals, so half their gap is exact at 5: round away float noise there.
_DECIMALS = 5


class TargetError(BadInputError):
    """A target list was asked for something that cannot have one (independents, no seats)."""


def leaders_from_candidates(candidates: pd.DataFrame) -> pd.DataFrame:
    """Each seat's holder (placed first) and runner-up (second), from candidate rows.

    Returns:
        The ``LEADER_COLUMNS``, indexed by ``constituency_code``; the runner-up columns are
        NA in a seat with one candidate.
    """
    placed = candidates.set_index("constituency_code")
    holder = placed.loc[placed["position"] == 1, ["candidate_name", "party", "votes", "share"]]
    holder.columns = ["holder_candidate", "holder_party", "holder_votes", "holder_share"]
    second = placed.loc[placed["position"] == 2, ["candidate_name", "party", "share"]]
    second.columns = ["runner_up_candidate", "runner_up_party", "runner_up_share"]
    return holder.join(second)[list(LEADER_COLUMNS)]


def leaders_from_seats(seats: pd.DataFrame) -> pd.DataFrame:
    """Each seat's holder and runner-up, from the seat table's ``winner_*``/``second_*``."""
    renamed = seats.set_index("constituency_code").rename(
        columns={
            "winner_candidate": "holder_candidate",
            "winner_party": "holder_party",
            "winner_votes": "holder_votes",
            "winner_share": "holder_share",
            "second_candidate": "runner_up_candidate",
            "second_party": "runner_up_party",
            "second_share": "runner_up_share",
        }
    )
    return renamed[list(LEADER_COLUMNS)]


def measure_swing_needed(rows: pd.DataFrame, leaders: pd.DataFrame) -> pd.DataFrame:
    """Swing needed for each candidate row: points moved from the holder that make it first.

    The candidate with the largest share other than the holder is the runner-up, so for a
    candidate placed third or lower the only other candidate who can stand in the way is
    the runner-up; the runner-up's own rivals are all behind it.

    Args:
        rows: candidate rows (any subset: one party's, a group's backed candidates, one
            seat's), with ``constituency_code``, ``votes``, ``share`` (0-100) and
            ``position`` (1 = the holder). NA shares (a candidate who did not stand) give NA.
        leaders: each seat's holder and runner-up (``leaders_from_candidates`` or
            ``leaders_from_seats``), covering every seat in ``rows``.

    Returns:
        Aligned to ``rows.index``, the ``SWING_COLUMNS``: ``swing_needed`` (points, 0 for
        the holder), ``votes_behind`` (the holder's votes less the row's; 0 for the holder),
        and ``also_overtake_*``: the candidate the row must also overtake, where that (not
        half the gap to the holder) sets the swing; NA otherwise.
    """
    seat = leaders.reindex(rows["constituency_code"].to_numpy())
    share = pd.to_numeric(rows["share"], errors="coerce").to_numpy(dtype="float64")
    position = pd.to_numeric(rows["position"], errors="coerce").to_numpy(dtype="float64")
    holder_share = seat["holder_share"].to_numpy(dtype="float64")
    runner_up = pd.to_numeric(seat["runner_up_share"], errors="coerce").to_numpy(dtype="float64")
    is_holder = position == 1
    half_gap = (holder_share - share) / 2
    # third or lower: the runner-up is ahead; second: nobody but the holder is ahead of it
    past_runner_up = np.where(position >= 3, runner_up - share, -np.inf)
    binds = (past_runner_up > half_gap) & ~is_holder
    swing = np.where(binds, past_runner_up, half_gap)
    swing = np.where(is_holder, 0.0, swing)
    votes = pd.to_numeric(rows["votes"], errors="coerce").to_numpy(dtype="float64")
    behind = seat["holder_votes"].to_numpy(dtype="float64") - votes
    result = pd.DataFrame(
        {
            "swing_needed": pd.array(np.round(swing, _DECIMALS), dtype="Float64"),
            "votes_behind": pd.array(np.where(is_holder, 0, behind), dtype="Float64"),
        },
        index=rows.index,
    )
    result["votes_behind"] = result["votes_behind"].round().astype("Int64")
    for column in ("candidate", "party", "share"):
        values = seat[f"runner_up_{column}"].to_numpy()
        result[f"also_overtake_{column}"] = pd.Series(values, index=rows.index).where(binds)
    result["also_overtake_share"] = result["also_overtake_share"].astype("Float64")
    for column in ("also_overtake_candidate", "also_overtake_party"):
        result[column] = result[column].astype("string")
    result.loc[np.isnan(share), ["swing_needed", "votes_behind"]] = pd.NA
    return result[list(SWING_COLUMNS)]


def swing_needed_by_seat(candidates: pd.DataFrame, party: str) -> pd.DataFrame:
    """The party's swing needed in every seat it stood in (0 where it won).

    Args:
        candidates: the full candidate table (one row per candidate, ``position`` 1 = winner).
        party: a party abbreviation; for ``Ind`` use :func:`measure_swing_needed` on the
            candidate's own row (independents are people, not a party).

    Returns:
        Indexed by ``constituency_code``: ``party_candidate``, ``party_share``,
        ``party_position`` and the ``SWING_COLUMNS``. Seats it did not stand in are absent.
    """
    if party == INDEPENDENT:
        raise TargetError("independents are people, not a party: choose a registered party")
    rows = candidates[candidates["party"] == party]
    measured = measure_swing_needed(rows, leaders_from_candidates(candidates))
    table = pd.DataFrame(
        {
            "constituency_code": rows["constituency_code"],
            "party_candidate": rows["candidate_name"],
            "party_share": rows["share"],
            "party_position": rows["position"].astype("int64"),
        }
    ).join(measured)
    return table.set_index("constituency_code")


def describe_also_overtake(
    candidate: pd.Series, party: pd.Series, share: pd.Series, *, by_name: bool = False
) -> pd.Series:
    """'must also overtake Con (29.5%)' where a candidate other than the holder binds, else ''.

    With ``by_name`` the candidate is named too ('must also overtake Leanne Mohamad (Ind,
    32.2%)'), for tables where two independents can stand in one seat.
    """
    share_text = share.astype("Float64").round(1).astype("string") + "%"
    if by_name:
        who = candidate.astype("string") + " (" + party.astype("string") + ", " + share_text + ")"
    else:
        who = party.astype("string") + " (" + share_text + ")"
    return ("must also overtake " + who).fillna("").astype(str)


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


def rank_targets(
    seats: pd.DataFrame,
    candidates: pd.DataFrame,
    party: str,
    *,
    include_speaker: bool = False,
) -> pd.DataFrame:
    """The party's target list: seats where it stood and did not win, easiest first.

    Args:
        seats: the seat table, already filtered to the seats to consider (e.g. Scotland).
        candidates: the full candidate table (one row per candidate, ``position`` 1 = winner).
        party: a party abbreviation (``Lab``, ``RUK``...); not ``Ind``.
        include_speaker: keep the Speaker's seat (left out by default: the main parties do
            not contest it); ``speaker_seat`` flags it.

    Returns:
        One row per target seat, ranked by ``swing_needed`` (points moved from the holder to
        the party that make it first; ties by seat name), with the ``TARGET_COLUMNS``.
        ``holder_*`` is the 2024 winner. ``votes_behind`` is the party's gap to the holder
        in votes; ``holder_majority`` (votes) and ``holder_majority_pct`` (of valid votes)
        are the holder's lead over the runner-up, who may not be this party.
        ``also_overtake_*`` name the candidate the party must also overtake where that sets
        the swing (the party is third or lower), and ``swing_note`` says so in words.
        ``cumulative_seats`` is the party's 2024 seat total (all 650 seats, whatever the
        filter) plus every gain up to this row. ``current_mp`` and ``current_party`` say
        who holds the seat now (blank when the seat table does not say).

    Raises:
        TargetError: ``party`` is ``Ind`` or did not stand anywhere in ``candidates``.
    """
    if party == INDEPENDENT:
        raise TargetError("independents are people, not a party: choose a registered party")
    if not (candidates["party"] == party).any():
        raise TargetError(f"{party} did not stand in any seat in 2024")
    standing = swing_needed_by_seat(candidates, party)
    standing = standing[standing["party_position"] > 1]
    missing_now = {column: "" for column in ("current_mp", "current_party") if column not in seats}
    seats = seats.assign(**missing_now)
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
            "current_mp",
            "current_party",
        ]
    ].rename(
        columns={
            "winner_party": "holder_party",
            "winner_candidate": "holder_candidate",
            "winner_share": "holder_share",
            "majority": "holder_majority",
            "majority_pct": "holder_majority_pct",
        }
    )
    table = held.join(standing, how="inner").reset_index()
    table["speaker_seat"] = (table["holder_party"] == SPEAKER).astype(bool)
    if not include_speaker:
        table = table[~table["speaker_seat"]]
    table["party"] = party
    table["votes_behind"] = table["votes_behind"].astype("int64")
    table["swing_needed"] = table["swing_needed"].astype("float64")
    note = describe_also_overtake(
        table["also_overtake_candidate"], table["also_overtake_party"], table["also_overtake_share"]
    )
    table["swing_note"] = note.where(~table["speaker_seat"], SPEAKER_NOTE)
    table = table.sort_values(["swing_needed", "constituency_name"], kind="stable")
    table = table.reset_index(drop=True)
    table["rank"] = np.arange(1, len(table) + 1, dtype="int64")
    table["cumulative_seats"] = count_seats_won(candidates, party) + table["rank"]
    return table[list(TARGET_COLUMNS)]


def with_measure(targets: pd.DataFrame, seats: pd.DataFrame, measure: str) -> pd.DataFrame:
    """The target list with one seat column joined in (e.g. ``age_18_29_pct``)."""
    values = seats.set_index("constituency_code")[measure]
    return targets.assign(**{measure: targets["constituency_code"].map(values).to_numpy()})


def battleground_curve(
    targets: pd.DataFrame,
    seats_held: int = 0,
    max_swing: float = MAX_BATTLEGROUND_SWING,
    step: float = BATTLEGROUND_STEP,
) -> pd.DataFrame:
    """Seats gained against uniform swing, from 0 to ``max_swing`` points in ``step`` steps.

    A seat is gained at swing ``s`` only when that swing makes the party first: when its
    swing needed is strictly below ``s`` (at exactly ``s`` the party only draws level with
    whoever binds, the holder or a candidate it must also overtake).

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
