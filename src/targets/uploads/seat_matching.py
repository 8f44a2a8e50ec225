"""Matching an uploaded row to a July 2024 seat: the code first, then the name, else suggest.

Nothing is matched by fuzzy similarity alone: suggestions (see ``targets.seat_names``) come
back with no code and must be confirmed by the campaigner.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from targets.endorsements import SEAT_CODE_PATTERN
from targets.seat_names import CONFIRMATION, SeatIndex, Suggestion, similarity, suggest_seats
from targets.text import normalise_seat_name
from targets.uploads.reading import has_text


@dataclass(frozen=True)
class SeatMatch:
    """How one row's seat was found: ``method`` is code, name, confirmed or "" (not found)."""

    constituency_code: str | None
    method: str
    suggestions: tuple[Suggestion, ...] = ()
    reason: str = ""
    column: str = ""  # the cell a "not found" reason is about


def _match_by_code(code: str, name: object, seats: SeatIndex) -> SeatMatch:
    official = seats.names[code]
    if not has_text(name) or normalise_seat_name(name) == normalise_seat_name(official):
        return SeatMatch(code, "code")
    other = seats.find_name(name)
    if other:
        return SeatMatch(
            None,
            "",
            reason=f"is {other}, but the code {code} is {official!r}: fix the name or the code",
            column="constituency_name",
        )
    close = similarity(name, official, CONFIRMATION)
    if close >= CONFIRMATION.score_cutoff:
        return SeatMatch(
            None,
            "",
            (Suggestion(code, official, round(float(close), 1)),),
            f"the name {name!r} is close to, but not the same as, the name of {code}",
        )
    return SeatMatch(
        None,
        "",
        reason=f"does not match {code}, which is {official!r}: fix the name or the code",
        column="constituency_name",
    )


def match_seat(code: object, name: object, seats: SeatIndex) -> SeatMatch:
    """Find a row's seat: the PCON24CD code first, else the normalised name, else suggest.

    Nothing is matched by fuzzy similarity alone: suggestions come back with no code and
    must be confirmed.
    """
    code_text = str(code).strip().upper() if has_text(code) else ""
    found = seats.find_code(code_text) if code_text else None
    if found:
        return _match_by_code(found, name, seats)
    if has_text(name):
        by_name = seats.find_name(name)
        if by_name and not code_text:
            return SeatMatch(by_name, "name")
        if by_name:
            return SeatMatch(
                None,
                "",
                (Suggestion(by_name, seats.names[by_name], 100.0),),
                f"the code {code_text!r} is not a July 2024 constituency, but the name is",
            )
        suggestions = suggest_seats(seats, str(name), CONFIRMATION)
        if suggestions:
            return SeatMatch(None, "", suggestions, f"no July 2024 seat is named {name!r}")
    return _no_seat(code_text, name)


def _no_seat(code_text: str, name: object) -> SeatMatch:
    """Why a row has no seat, told against the cell that is wrong."""
    named = has_text(name)
    if not code_text and not named:
        return SeatMatch(
            None,
            "",
            reason="is required: give a constituency code or name",
            column="constituency_name",
        )
    if not code_text:
        return SeatMatch(
            None,
            "",
            reason="is not the name of a July 2024 seat, and no code is given",
            column="constituency_name",
        )
    if re.match(SEAT_CODE_PATTERN, code_text):
        problem = "is not a July 2024 constituency code"
    else:
        problem = "is not an ONS constituency code like E14001131"
    rest = f"no seat has a name like {name!r}" if named else "no constituency name is given"
    return SeatMatch(None, "", reason=f"{problem}, and {rest}", column="constituency_code")


def _cell_key(value: object) -> object:
    return value if has_text(value) else None


def resolve_seats(
    frame: pd.DataFrame, seats: SeatIndex, confirmed: Mapping[int, str]
) -> dict[int, SeatMatch]:
    """Each row's seat; each distinct (code, name) pair is matched once, not once a row."""
    matches = {}
    by_pair: dict[tuple[object, object], SeatMatch] = {}
    rows = zip(frame.index, frame["constituency_code"], frame["constituency_name"], strict=True)
    for number, code, name in rows:
        wanted = confirmed.get(int(number))
        found = seats.find_code(wanted) if wanted is not None else None
        if found:
            matches[int(number)] = SeatMatch(found, "confirmed")
        elif wanted is not None:
            matches[int(number)] = SeatMatch(
                None,
                "",
                reason=f"was confirmed as {wanted!r}, which is not a July 2024 constituency",
                column="constituency_name",
            )
        else:
            pair = (_cell_key(code), _cell_key(name))
            if pair not in by_pair:
                by_pair[pair] = match_seat(code, name, seats)
            matches[int(number)] = by_pair[pair]
    return matches
