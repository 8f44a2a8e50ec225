"""Seat profile: one seat's facts, every 2024 candidate and what each challenger needs to win.

Candidates are compared as people: the winner is the candidate placed first and every
figure is measured against that person, so two independents in one seat are two
candidates, never one "Independent" vote.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from targets import seat_names
from targets.errors import BadInputError
from targets.seats import SeatData
from targets.targeting import (
    describe_also_overtake,
    leaders_from_candidates,
    measure_swing_needed,
)
from targets.text import ordinal
from targets.values import json_value

SUGGESTION_LIMIT = seat_names.DID_YOU_MEAN.limit

CANDIDATE_COLUMNS: tuple[str, ...] = (
    "position",
    "candidate_name",
    "party",
    "party_name",
    "votes",
    "share",
    "votes_behind_winner",
    "swing_needed",
    "swing_note",
    "share_of_others_needed",
    "backed_by",
    "opposed_by",
    "also_overtake_candidate",
    "also_overtake_party",
    "also_overtake_share",
)
MORE_THAN_ALL_OTHERS = "more than all other candidates' votes together"
STANCE_COLUMNS: tuple[str, ...] = (
    "group",
    "stance",
    "candidate_name",
    "party",
    "stood_2024",
    "votes",
    "share",
    "position",
    "votes_behind_winner",
)


STANCE_SOURCE_COLUMNS: tuple[str, ...] = ("source_url", "notes")


class UnknownSeatError(BadInputError):
    """No seat has this code or name; ``suggestions`` holds the closest seat names."""

    def __init__(self, query: str, suggestions: Sequence[str]):
        self.query = query
        self.suggestions = list(suggestions)
        closest = f"; closest: {', '.join(self.suggestions)}" if self.suggestions else ""
        super().__init__(f"unknown seat {query!r}{closest}")


def _seat_index(seats: pd.DataFrame) -> seat_names.SeatIndex:
    return seat_names.build_seat_index(seats.set_index("constituency_code")["constituency_name"])


def suggest_seats(seats: pd.DataFrame, query: str, limit: int = SUGGESTION_LIMIT) -> list[str]:
    """The seat names closest to ``query`` (fuzzy, forgiving case, accents and '&')."""
    found = seat_names.suggest_seats(_seat_index(seats), query, seat_names.DID_YOU_MEAN, limit)
    return [suggestion.constituency_name for suggestion in found]


def resolve_seat(seats: pd.DataFrame, query: str, candidates: pd.DataFrame | None = None) -> str:
    """The constituency code a person means by a code, a seat name or a candidate's name.

    A code matches case-insensitively; a name matches forgiving case, accents, '&'/'and'
    and punctuation; failing that, a fragment contained in exactly one seat name, or
    (with ``candidates``) in the name of candidates standing in exactly one seat.

    Raises:
        UnknownSeatError: nothing (or more than one seat) matches; carries the seats to
            offer, those whose name contains the text first ("Ilford": Ilford North, Ilford
            South), then those with a candidate of that name, then near misses.
    """
    text = str(query).strip()
    index = _seat_index(seats)
    code = seat_names.find_seat(index, text)
    if code is not None:
        return code
    people = (
        pd.DataFrame() if candidates is None else candidates.sort_values("votes", ascending=False)
    )
    pairs = list(
        zip(people.get("constituency_code", []), people.get("candidate_name", []), strict=True)
    )
    if not seat_names.seats_named_like(index, text):
        standing = seat_names.seats_by_candidate(pairs, text)
        if len(standing) == 1:
            return standing[0]
    offered = seat_names.search_seats(index, text, pairs)
    raise UnknownSeatError(text, [index.names[found] for found in offered])


def _groups_by_candidate(stances: pd.DataFrame, stance: str) -> pd.Series:
    chosen = stances[(stances["stance"] == stance) & stances["stood_2024"].astype(bool)]
    return chosen.groupby("result_candidate_name")["group"].agg(
        lambda groups: "; ".join(dict.fromkeys(groups))
    )


def rank_candidates(
    seat_candidates: pd.DataFrame, stances: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Every candidate in one seat with the gap to the winner, winner first.

    Args:
        seat_candidates: one seat's rows of the candidate table (``candidate_name``,
            ``party``, ``party_name``, ``votes``, ``share`` 0-100, ``position``).
        stances: that seat's endorsement rows joined to results (``group``, ``stance``,
            ``stood_2024``, ``result_candidate_name``), to fill ``backed_by``/``opposed_by``.

    Returns:
        The ``CANDIDATE_COLUMNS``: ``votes_behind_winner`` and ``swing_needed`` (points
        moved from the winner to this candidate that make them first,
        ``targeting.measure_swing_needed``) are 0 for the winner. Where the runner-up, not
        the winner, sets the swing (a candidate third or lower), ``also_overtake_*`` name
        the runner-up and ``swing_note`` says "must also overtake …"; else NA and "".
        ``share_of_others_needed`` is the percentage of every other candidate's votes (all
        but the winner's and this candidate's own) that would have to move to this
        candidate for them to finish one vote ahead of the winner. Above 100 means those
        votes alone could not do it; NA for the winner, and where no other candidate stood.
    """
    ranked = seat_candidates.sort_values("position").reset_index(drop=True)
    winner = ranked.iloc[0]
    one_seat = ranked.assign(constituency_code="this seat")  # rows of one seat, code or not
    measured = measure_swing_needed(one_seat, leaders_from_candidates(one_seat))
    behind = measured["votes_behind"].astype("int64")
    others = ranked["votes"].sum() - winner["votes"] - ranked["votes"]
    needed = (behind + 1) / others.where(others > 0) * 100
    is_winner = ranked.index == 0
    table = ranked.assign(
        votes_behind_winner=behind,
        swing_needed=measured["swing_needed"].astype("float64"),
        swing_note=describe_also_overtake(
            measured["also_overtake_candidate"],
            measured["also_overtake_party"],
            measured["also_overtake_share"],
            by_name=True,
        ),
        share_of_others_needed=needed.mask(is_winner).astype("Float64"),
        also_overtake_candidate=measured["also_overtake_candidate"],
        also_overtake_party=measured["also_overtake_party"],
        also_overtake_share=measured["also_overtake_share"],
    )
    if stances is None or stances.empty:
        table["backed_by"] = ""
        table["opposed_by"] = ""
    else:
        for column, stance in (("backed_by", "support"), ("opposed_by", "oppose")):
            by_name = _groups_by_candidate(stances, stance).to_dict()
            table[column] = [by_name.get(name, "") for name in table["candidate_name"]]
    return table[list(CANDIDATE_COLUMNS)]


def list_seat_stances(endorsements: pd.DataFrame, code: str) -> pd.DataFrame:
    """Who each group backs and opposes in one seat, with each candidate's 2024 result."""
    if endorsements.empty:
        return pd.DataFrame(columns=list(STANCE_COLUMNS))
    rows = endorsements[endorsements["constituency_code"] == code]
    rows = rows.assign(candidate_name=rows["result_candidate_name"].fillna(rows["candidate_name"]))
    rows = rows.sort_values(["group", "stance", "position"], ascending=[True, False, True])
    sources = [column for column in STANCE_SOURCE_COLUMNS if column in rows.columns]
    return rows[[*STANCE_COLUMNS, *sources]].reset_index(drop=True)


@dataclass(frozen=True)
class SeatProfile:
    """One seat: its facts, its candidates (winner first) and the group stances there."""

    constituency_code: str
    constituency_name: str
    nation: str
    region: str
    electorate: int
    valid_votes: int
    turnout_pct: float
    result: str
    gain: bool
    winner_candidate: str
    winner_party: str
    majority: int
    majority_pct: float
    notional_2019_winner: str | None
    notional_2019_majority: int | None
    current_mp: str
    current_party: str
    change_since_2024: str
    change_description: str
    candidates: pd.DataFrame = field(repr=False)
    stances: pd.DataFrame = field(repr=False)
    rejected_ballots: int = 0  # ballot papers rejected at the count (not valid votes)

    @property
    def official_turnout_pct(self) -> float:
        """Turnout as declared: every ballot paper, rejected ones too, over the electorate."""
        return round((self.valid_votes + self.rejected_ballots) / self.electorate * 100, 2)

    @property
    def challengers(self) -> pd.DataFrame:
        """Every candidate who did not win, best placed first."""
        return self.candidates[self.candidates["position"] > 1]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form: the facts, ``candidates`` and ``stances`` as lists of objects."""
        facts = {
            name: json_value(getattr(self, name))
            for name in self.__dataclass_fields__
            if name not in ("candidates", "stances")
        }
        candidates = self.candidates.rename(columns={"candidate_name": "name"})
        return {
            **facts,
            "candidates": _records(candidates),
            "stances": _records(self.stances),
        }


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [
        {key: json_value(value) for key, value in row.items()}
        for row in frame.astype(object).to_dict(orient="records")
    ]


def build_seat_profile(data: SeatData, query: str) -> SeatProfile:
    """The profile of the seat a person names by code or name.

    Raises:
        UnknownSeatError: no such seat; carries the closest names.
    """
    code = resolve_seat(data.seats, query, data.candidates)
    seat = data.seats.set_index("constituency_code").loc[code]
    endorsements = data.endorsements
    seat_stances = (
        endorsements[endorsements["constituency_code"] == code]
        if not endorsements.empty
        else endorsements
    )
    seat_candidates = data.candidates[data.candidates["constituency_code"] == code]
    return SeatProfile(
        constituency_code=code,
        constituency_name=str(seat["constituency_name"]),
        nation=str(seat["nation"]),
        region=str(seat["region"]),
        electorate=int(seat["electorate"]),
        valid_votes=int(seat["valid_votes"]),
        turnout_pct=float(seat["turnout_pct"]),
        result=str(seat["result"]),
        gain=bool(seat["gain"]),
        winner_candidate=str(seat["winner_candidate"]),
        winner_party=str(seat["winner_party"]),
        majority=int(seat["majority"]),
        majority_pct=float(seat["majority_pct"]),
        notional_2019_winner=json_value(seat["notional_2019_winner"]),
        notional_2019_majority=json_value(seat["notional_2019_majority"]),
        current_mp=str(seat["current_mp"]),
        current_party=str(seat["current_party"]),
        change_since_2024=str(seat["change_since_2024"]),
        change_description=str(seat["change_description"]),
        candidates=rank_candidates(seat_candidates, seat_stances),
        stances=list_seat_stances(endorsements, code),
        rejected_ballots=_rejected_ballots(data.constituencies, code),
    )


def _rejected_ballots(constituencies: pd.DataFrame, code: str) -> int:
    rows = constituencies.loc[constituencies["constituency_code"] == code, "invalid_votes"]
    return int(rows.iloc[0]) if len(rows) else 0


def describe_holder_now(seat: SeatProfile, as_of: str) -> str:
    """Who holds the seat today, in a sentence; the 2024 result stays the vote baseline."""
    if not seat.current_mp:
        return "Who holds the seat now is not known."
    now = f"Held now ({as_of}) by {seat.current_mp} ({seat.current_party})"
    if seat.change_description:
        return f"{now}: {seat.change_description}. Votes below are from July 2024."
    return f"{now}, as elected in 2024."


def neighbour_seats(codes: Sequence[str], code: str) -> tuple[str | None, str | None]:
    """The seats before and after ``code`` in a list of seats (None at either end).

    A seat not in the list has no previous seat, and the first seat of the list as next.
    """
    codes = list(codes)
    if code not in codes:
        return None, (codes[0] if codes else None)
    index = codes.index(code)
    previous = codes[index - 1] if index > 0 else None
    following = codes[index + 1] if index + 1 < len(codes) else None
    return previous, following


def describe_place(codes: Sequence[str], code: str) -> str:
    """Where a seat falls among the filtered seats, e.g. "seat 3 of 75 matching the filters"."""
    codes = list(codes)
    if code in codes:
        return f"seat {codes.index(code) + 1:,} of {len(codes):,} matching the filters"
    return f"not among the {len(codes):,} seats matching the filters"


def key_challengers(candidates: pd.DataFrame) -> pd.DataFrame:
    """The runner-up and every other losing candidate a group backs, best placed first."""
    losing = candidates[candidates["position"] > 1]
    return losing[(losing["position"] == 2) | (losing["backed_by"] != "")]


def describe_share_of_others(needed: object) -> str:
    """``share_of_others_needed`` for people: "3.3%", or words above 100.

    Above 100 it reads "more than all other candidates' votes together" (not "222%");
    "–" where there is no figure.
    """
    if pd.isna(needed):
        return "–"
    if float(needed) > 100:
        return MORE_THAN_ALL_OTHERS
    return f"{float(needed):.1f}%"


def candidates_for_display(candidates: pd.DataFrame) -> pd.DataFrame:
    """The candidate table for the page: ``share_of_others_needed`` as words where above 100."""
    return candidates.assign(
        share_of_others_needed=candidates["share_of_others_needed"].map(describe_share_of_others)
    )


def _also_overtake(row: pd.Series) -> str:
    if pd.isna(row.get("also_overtake_candidate")):
        return ""
    return (
        f" (they must also overtake {row['also_overtake_candidate']}, "
        f"{row['also_overtake_party']}, {float(row['also_overtake_share']):.1f}%)"
    )


def describe_challenger(row: pd.Series) -> str:
    """What one losing candidate needed to win, as a sentence.

    The swing is in points moved from the winner to the candidate; where the runner-up sets
    it (a candidate third or lower), the sentence says they must also overtake them.
    """
    person = f"{row['candidate_name']} ({row['party']}, {ordinal(int(row['position']))})"
    gap = f"{person} was {row['votes_behind_winner']:,} votes behind: a swing of "
    gap += f"{row['swing_needed']:.2f} points from the winner"
    won = f"would have won the seat{_also_overtake(row)}"
    needed = row["share_of_others_needed"]
    if pd.isna(needed):
        return f"{gap} {won}; no other candidate stood."
    if needed > 100:
        return (
            f"{gap} {won}; on the other candidates' votes alone it would take "
            f"{MORE_THAN_ALL_OTHERS}."
        )
    return f"{gap}, or {needed:.1f}% of the other candidates' votes, {won}."


def describe_stance(row: pd.Series) -> str:
    """One group stance in a seat as a sentence, with the candidate's result."""
    verb = "backs" if row["stance"] == "support" else "opposes"
    person = f"{row['group']} {verb} {row['candidate_name']} ({row['party']})"
    if not row["stood_2024"]:
        return f"{person}: did not stand in 2024"
    if row["position"] == 1:
        return f"{person}: won with {row['votes']:,} votes"
    return (
        f"{person}: {ordinal(int(row['position']))} with {row['votes']:,} votes, "
        f"{row['votes_behind_winner']:,} behind the winner"
    )


def describe_seat_profile(profile: SeatProfile) -> str:
    """The profile as plain text for a terminal."""
    notional = (
        f"{profile.notional_2019_winner}, majority {profile.notional_2019_majority:,}"
        if profile.notional_2019_winner and profile.notional_2019_majority is not None
        else "not available"
    )
    lines = [
        f"{profile.constituency_name} ({profile.constituency_code}): "
        f"{profile.region}, {profile.nation}",
        f"2024: {profile.result}. {profile.winner_candidate} ({profile.winner_party}) "
        f"won by {profile.majority:,} votes ({profile.majority_pct:.2f}% of valid votes)",
        f"Electorate {profile.electorate:,}; {profile.valid_votes:,} valid votes; "
        f"turnout {profile.turnout_pct:.2f}%",
        f"2019 notional: {notional}",
        "",
        f"{'#':>2}  {'candidate':<28} {'party':<8} {'votes':>7} {'share':>7} "
        f"{'behind':>7} {'swing':>7} {'of others':>9}",
    ]
    candidates = profile.candidates
    for row in candidates.itertuples(index=False):
        challenger = row.position > 1
        behind = f"{row.votes_behind_winner:,}" if challenger else "-"
        mark = "*" if pd.notna(row.also_overtake_candidate) else " "
        swing = f"{row.swing_needed:.2f}{mark}" if challenger else "- "
        needed = row.share_of_others_needed
        others = "-" if pd.isna(needed) else (">100%" if needed > 100 else f"{needed:.1f}%")
        lines.append(
            f"{row.position:>2}  {row.candidate_name[:28]:<28} {row.party[:8]:<8} "
            f"{row.votes:>7,} {row.share:>6.2f}% {behind:>7} {swing:>7} {others:>9}"
        )
    lines += [
        "",
        "swing: swing needed, points moved from the winner to the candidate that make them first;",
    ]
    if candidates["also_overtake_candidate"].notna().any():
        runner_up = candidates[candidates["position"] == 2].iloc[0]
        lines.append(
            f"  * must also overtake the runner-up, {runner_up['candidate_name']} "
            f"({runner_up['party']}, {runner_up['share']:.1f}%);"
        )
    lines += [
        "of others: share of all other candidates' votes needed to finish ahead;",
        f"  >100%: {MORE_THAN_ALL_OTHERS}.",
    ]
    if not profile.stances.empty:
        lines += ["", "Group stances:"]
        lines += [f"  {describe_stance(row)}" for _, row in profile.stances.iterrows()]
    return "\n".join(lines) + "\n"
