"""Group campaign view: the seats a group contests, who it backs and opposes, and the outcome.

One row per seat the group takes a stance in. Where a group backs (or opposes) more than
one candidate in a seat, the row describes the best placed of them and names the others
in ``also_backed`` / ``also_opposed``. Independents are people, never one party: backing
one independent and opposing another is not a conflict.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from targets.errors import UnknownChoiceError
from targets.holders import BY_ELECTION, PARTY_CHANGE
from targets.parties import INDEPENDENT
from targets.targeting import leaders_from_seats, measure_swing_needed
from targets.text import fold_text, ordinal

GROUP_TABLE_COLUMNS: tuple[str, ...] = (
    "constituency_code",
    "constituency_name",
    "group",
    "group_stance",
    "backed_candidate",
    "backed_party",
    "backed_votes",
    "backed_share",
    "backed_position",
    "opposed_candidate",
    "opposed_party",
    "opposed_votes",
    "opposed_share",
    "opposed_position",
    "outcome",
    "margin_votes",
    "swing_needed",
    "winner_candidate",
    "winner_party",
    "runner_up_candidate",
    "runner_up_party",
    "backed_not_best_challenger",
    "party_conflict",
    "also_backed",
    "also_opposed",
)
STANCE_LABELS: dict[str, str] = {
    "backed": "Backed",
    "opposed": "Opposed",
    "both": "Backed and opposed",
}
NO_STANCE = "No stance"
_SIDES = {"support": "backed", "oppose": "opposed"}


def list_groups(endorsements: pd.DataFrame) -> list[str]:
    """Every group in the endorsement data, in order of first appearance."""
    if endorsements.empty:
        return []
    return list(dict.fromkeys(endorsements["group"].dropna().astype(str)))


def resolve_group(endorsements: pd.DataFrame, name: str) -> str:
    """The group a person means (case, accents and spacing forgiven).

    Raises:
        UnknownChoiceError: no such group; the message lists the groups there are.
    """
    groups = list_groups(endorsements)
    for group in groups:
        if fold_text(group) == fold_text(name):
            return group
    raise UnknownChoiceError("group", name, groups)


def _group_rows(endorsements: pd.DataFrame, group: str) -> pd.DataFrame:
    rows = endorsements[endorsements["group"].map(fold_text) == fold_text(group)]
    return rows.assign(candidate_name=rows["result_candidate_name"].fillna(rows["candidate_name"]))


def _best_placed(rows: pd.DataFrame, side: str) -> pd.DataFrame:
    """Per seat, the best-placed candidate on one side, the others' names in ``also_<side>``."""
    ordered = rows.sort_values(["constituency_code", "position"], na_position="last")
    first = ordered.drop_duplicates("constituency_code").set_index("constituency_code")
    rest = ordered[ordered.duplicated("constituency_code")]
    best = first[["candidate_name", "party", "votes", "share", "position", "stood_2024"]]
    best = best.rename(columns={"candidate_name": "candidate"}).add_prefix(f"{side}_")
    best[f"also_{side}"] = rest.groupby("constituency_code")["candidate_name"].agg("; ".join)
    return best


def find_party_conflicts(endorsements: pd.DataFrame, group: str) -> pd.DataFrame:
    """Parties the group backs candidates of in some seats and opposes in others.

    Independents are left out: each is a person, not a party.

    Returns:
        Columns ``party``, ``backed_in`` and ``opposed_in`` (seat names joined by "; ").
    """
    group = resolve_group(endorsements, group)
    rows = _group_rows(endorsements, group)
    rows = rows[rows["party"] != INDEPENDENT]
    seats_by_side = {
        side: rows[rows["stance"] == stance]
        .groupby("party")["constituency_name"]
        .agg(lambda names: "; ".join(dict.fromkeys(names)))
        for stance, side in _SIDES.items()
    }
    both = seats_by_side["backed"].index.intersection(seats_by_side["opposed"].index)
    return pd.DataFrame(
        {
            "party": list(both),
            "backed_in": [seats_by_side["backed"][party] for party in both],
            "opposed_in": [seats_by_side["opposed"][party] for party in both],
        }
    )


def _outcome(row: pd.Series) -> str:
    if pd.notna(row["backed_candidate"]):
        if not row["backed_stood_2024"]:
            return "backed candidate did not stand"
        if row["backed_position"] == 1:
            return f"backed candidate won by {row['majority']:,} votes"
        return f"backed candidate lost by {row['winner_votes'] - row['backed_votes']:,} votes"
    if not row["opposed_stood_2024"]:
        return "no backed candidate; opposed candidate did not stand"
    if row["opposed_position"] == 1:
        return f"no backed candidate; opposed candidate won by {row['majority']:,} votes"
    return (
        "no backed candidate; opposed candidate lost by "
        f"{row['winner_votes'] - row['opposed_votes']:,} votes"
    )


def build_group_table(endorsements: pd.DataFrame, seats: pd.DataFrame, group: str) -> pd.DataFrame:
    """The group's campaign table: one row per seat it backs or opposes a candidate in.

    Args:
        endorsements: endorsement rows joined to 2024 results
            (``candidates.join_candidate_results``).
        seats: the seat table.
        group: the group's name (as ``resolve_group`` returns it).

    Returns:
        The ``GROUP_TABLE_COLUMNS``, by seat name. ``group_stance`` is "backed", "opposed" or
        "both". ``margin_votes`` is the backed candidate's margin: positive when they won
        (their majority), negative when they lost (votes behind the winner), NA when they did
        not stand or the group backs no one there. ``swing_needed`` is the swing the
        backed candidate needed, in points moved from the winner to them, to finish first
        (``targeting.measure_swing_needed``: where they were third or lower this includes
        overtaking the runner-up); 0 where they won.
        ``backed_not_best_challenger`` is True where the backed candidate finished third or
        lower; ``party_conflict`` where the backed or opposed party is one the group backs
        in some seats and opposes in others.

    Raises:
        UnknownChoiceError: no such group.
    """
    group = resolve_group(endorsements, group)
    rows = _group_rows(endorsements, group)
    sides = [_best_placed(rows[rows["stance"] == stance], side) for stance, side in _SIDES.items()]
    facts = seats.set_index("constituency_code").loc[
        list(dict.fromkeys(rows["constituency_code"])),
        [
            "constituency_name",
            "winner_candidate",
            "winner_party",
            "winner_votes",
            "winner_share",
            "majority",
            "second_candidate",
            "second_party",
        ],
    ]
    table = facts.join(sides).rename(
        columns={"second_candidate": "runner_up_candidate", "second_party": "runner_up_party"}
    )
    has_backed = table["backed_candidate"].notna()
    has_opposed = table["opposed_candidate"].notna()
    table["group"] = group
    table["group_stance"] = "both"
    table.loc[has_backed & ~has_opposed, "group_stance"] = "backed"
    table.loc[~has_backed & has_opposed, "group_stance"] = "opposed"
    table["outcome"] = table.apply(_outcome, axis=1)
    stood = has_backed & table["backed_stood_2024"].fillna(False).astype(bool)
    won = stood & (table["backed_position"] == 1)
    lost_by = table["winner_votes"] - table["backed_votes"]
    margin = table["majority"].where(won, -lost_by).where(stood)
    table["margin_votes"] = margin.astype("Int64")
    backed = pd.DataFrame(
        {
            "constituency_code": table.index,
            "votes": table["backed_votes"].to_numpy(),
            "share": table["backed_share"].to_numpy(),
            "position": table["backed_position"].to_numpy(),
        },
        index=table.index,
    )
    swing = measure_swing_needed(backed, leaders_from_seats(seats))["swing_needed"]
    table["swing_needed"] = swing.where(stood).astype("Float64")
    table["backed_not_best_challenger"] = (stood & (table["backed_position"] >= 3)).astype(bool)
    conflicts = set(find_party_conflicts(endorsements, group)["party"])
    table["party_conflict"] = (
        table["backed_party"].isin(conflicts) | table["opposed_party"].isin(conflicts)
    ).astype(bool)
    for column in ("backed_votes", "backed_position", "opposed_votes", "opposed_position"):
        table[column] = table[column].astype("Int64")
    for column in ("backed_share", "opposed_share"):
        table[column] = table[column].astype("Float64")
    for column in ("also_backed", "also_opposed"):
        table[column] = table[column].fillna("")
    table = table.reset_index().sort_values("constituency_name").reset_index(drop=True)
    return table[list(GROUP_TABLE_COLUMNS)]


# How each of a group's seats went, best first; the gap is the winner's share minus the
# backed candidate's, in points. Where the group backs no one, whether the opposed lost.
WON = "Won"
LOST_CLOSE = "Lost by < 5 points"
LOST_MIDDLE = "Lost by 5–15 points"
LOST_FAR = "Lost by > 15 points"
BACKED_DID_NOT_STAND = "Backed candidate did not stand"
OPPOSED_BEATEN = "Opposed candidate beaten"
OPPOSED_WON = "Opposed candidate won"
OPPOSED_DID_NOT_STAND = "Opposed candidate did not stand"
OUTCOME_CATEGORIES: tuple[str, ...] = (
    WON,
    LOST_CLOSE,
    LOST_MIDDLE,
    LOST_FAR,
    BACKED_DID_NOT_STAND,
    OPPOSED_BEATEN,
    OPPOSED_WON,
    OPPOSED_DID_NOT_STAND,
)
CLOSE_GAP_POINTS = 5.0
FAR_GAP_POINTS = 15.0


def classify_outcomes(table: pd.DataFrame, seats: pd.DataFrame) -> pd.Series:
    """Each group seat's outcome category (one of ``OUTCOME_CATEGORIES``), by seat code.

    The backed candidate decides where there is one: won, or lost by a gap to the winner
    under 5 points, 5 to 15 points (both ends included) or over 15. Where the group only
    opposes, whether the opposed candidate was beaten.

    Args:
        table: from :func:`build_group_table` (or rows of it).
        seats: the seat table (for the winner's share).
    """
    table = table.set_index("constituency_code")
    winner_share = table.index.map(seats.set_index("constituency_code")["winner_share"])
    gap = pd.Series(winner_share, index=table.index, dtype="float64") - table[
        "backed_share"
    ].astype("float64")
    has_backed = table["backed_candidate"].notna()
    backed_stood = has_backed & table["backed_position"].notna()
    opposed_stood = table["opposed_position"].notna()
    conditions = [
        backed_stood & (table["backed_position"] == 1),
        backed_stood & (gap < CLOSE_GAP_POINTS),
        backed_stood & (gap <= FAR_GAP_POINTS),
        backed_stood,
        has_backed,
        opposed_stood & (table["opposed_position"] != 1),
        opposed_stood,
    ]
    chosen = [WON, LOST_CLOSE, LOST_MIDDLE, LOST_FAR, BACKED_DID_NOT_STAND]
    chosen += [OPPOSED_BEATEN, OPPOSED_WON]
    flags = [condition.fillna(False).astype(bool).to_numpy() for condition in conditions]
    category = np.select(flags, chosen, default=OPPOSED_DID_NOT_STAND)
    return pd.Series(category, index=table.index, name="outcome_category", dtype=object)


def limit_to_seats(table: pd.DataFrame, seats: pd.DataFrame) -> pd.DataFrame:
    """The rows of a group table whose seat is among ``seats`` (e.g. the filtered seats)."""
    return table[table["constituency_code"].isin(seats["constituency_code"])]


@dataclass(frozen=True)
class GroupSummary:
    """The figures of a group's campaign line."""

    group: str
    seats_contested: int
    backed_candidates: int
    backed_stood: int
    backed_won: int
    backed_votes: int
    opposed_candidates: int
    opposed_won: int


def summarise_group(endorsements: pd.DataFrame, group: str) -> GroupSummary:
    """Seats contested, backed candidates (standing and winning), their total votes."""
    group = resolve_group(endorsements, group)
    rows = _group_rows(endorsements, group)
    backed = rows[rows["stance"] == "support"]
    opposed = rows[rows["stance"] == "oppose"]
    return GroupSummary(
        group=group,
        seats_contested=int(rows["constituency_code"].nunique()),
        backed_candidates=len(backed),
        backed_stood=int(backed["stood_2024"].astype(bool).sum()),
        backed_won=int((backed["position"] == 1).fillna(False).sum()),
        backed_votes=int(backed["votes"].fillna(0).sum()),
        opposed_candidates=len(opposed),
        opposed_won=int((opposed["position"] == 1).fillna(False).sum()),
    )


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


def describe_group_summary(summary: GroupSummary) -> str:
    """One line for campaigners, e.g. "2 seats contested · 1 of 2 backed candidates won · …"."""
    parts = [
        f"{_count(summary.seats_contested, 'seat')} contested",
        f"{summary.backed_won:,} of {_count(summary.backed_candidates, 'backed candidate')} won",
        f"{summary.backed_votes:,} votes for backed candidates",
    ]
    if summary.opposed_candidates:
        beaten = summary.opposed_candidates - summary.opposed_won
        parts.append(
            f"{beaten:,} of {_count(summary.opposed_candidates, 'opposed candidate')} beaten"
        )
    return " · ".join(parts)


def _holder_flags(table: pd.DataFrame, seats: pd.DataFrame) -> list[str]:
    """Seats where the MP elected in 2024, whom the group backs or opposes, has moved on."""
    now = seats.set_index("constituency_code")
    flags = []
    for row in table.itertuples(index=False):
        for stance, candidate, position in (
            ("opposed", row.opposed_candidate, row.opposed_position),
            ("backed", row.backed_candidate, row.backed_position),
        ):
            if pd.isna(position) or int(position) != 1 or row.constituency_code not in now.index:
                continue
            seat = now.loc[row.constituency_code]
            if seat["change_since_2024"] == BY_ELECTION:
                flags.append(
                    f"{row.constituency_name}: the {stance} MP {candidate} no longer holds the "
                    f"seat; {seat['current_mp']} ({seat['current_party']}) does: "
                    f"{seat['change_description']}"
                )
            elif seat["change_since_2024"] == PARTY_CHANGE:
                flags.append(
                    f"{row.constituency_name}: the {stance} MP {candidate} has changed party: "
                    f"{seat['change_description']}"
                )
    return flags


def list_group_flags(
    table: pd.DataFrame,
    endorsements: pd.DataFrame,
    group: str,
    seats: pd.DataFrame | None = None,
) -> list[str]:
    """Warnings a campaigner needs, one sentence each (empty when all is well).

    A backed candidate who finished third or lower (someone else was the best-placed
    challenger), a party the group backs in some seats and opposes in others, and (given
    the seat table) an MP the group backs or opposes who has since left the seat or the
    party they were elected for.
    """
    group = resolve_group(endorsements, group)
    flags = [] if seats is None else _holder_flags(table, seats)
    for _, row in table[table["backed_not_best_challenger"]].iterrows():
        flags.append(
            f"{row['constituency_name']}: backed candidate {row['backed_candidate']} "
            f"({row['backed_party']}) finished {ordinal(int(row['backed_position']))}; "
            f"the best-placed challenger was {row['runner_up_candidate']} "
            f"({row['runner_up_party']})"
        )
    for conflict in find_party_conflicts(endorsements, group).itertuples(index=False):
        flags.append(
            f"{group} backs {conflict.party} in {conflict.backed_in} "
            f"but opposes {conflict.party} in {conflict.opposed_in}"
        )
    return flags
