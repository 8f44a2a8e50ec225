"""Who holds each seat now, and how that changed since the July 2024 election.

The 2024 result stays the vote baseline; the sitting MP (from Parliament's list) says who
holds the seat today. A seat's change since 2024 is one of:

* ``none``: the person elected in 2024 sits for the same party;
* ``by-election``: a different person holds the seat (a by-election was held);
* ``party change``: the same person, now of another party or independent.

The same person is often written differently in the two sources ("Sir Iain Duncan Smith" /
"Iain Duncan Smith", "Louise Jones" / "Louise Sandher-Jones", "Tan Dhesi" / "Tanmanjeet
Singh Dhesi"), so people are matched with care: titles dropped, names normalised, then a
shared surname and compatible first names.
"""

from __future__ import annotations

import pandas as pd
from rapidfuzz import fuzz

from targets.parties import party_names
from targets.text import normalise_person_name

NO_CHANGE, BY_ELECTION, PARTY_CHANGE = "none", "by-election", "party change"
CHANGES: tuple[str, ...] = (NO_CHANGE, BY_ELECTION, PARTY_CHANGE)
HOLDER_COLUMNS: tuple[str, ...] = (
    "current_mp",
    "current_party",
    "change_since_2024",
    "change_description",
)
_TITLES = frozenset(
    {"mr", "mrs", "ms", "miss", "mx", "dr", "sir", "dame", "lord", "lady", "rt", "hon", "mp"}
    | {"prof", "professor", "rev", "kc", "qc", "cbe", "obe", "mbe"}
)
_SAME_NAME_SCORE = 90.0  # rapidfuzz token_set_ratio at or above which two names agree
_FIRST_NAME_PREFIX = 3  # "Tan" / "Tanmanjeet", "Greg" / "Gregory", "Charles" / "Charlie"


def _name_parts(name: object) -> list[str]:
    return [part for part in normalise_person_name(name).split() if part not in _TITLES]


def same_person(elected: object, sitting: object) -> bool:
    """Whether two written names are the same MP (titles, hyphens and short forms forgiven).

    True when the names agree after normalising (rapidfuzz token-set ratio of 90 or more),
    or they share a surname and their first names start with the same three letters.
    """
    first, second = _name_parts(elected), _name_parts(sitting)
    if not first or not second:
        return False
    if fuzz.token_set_ratio(" ".join(first), " ".join(second)) >= _SAME_NAME_SCORE:
        return True
    shared_surname = bool(set(first[1:]) & set(second[1:]))
    prefix = min(_FIRST_NAME_PREFIX, len(first[0]), len(second[0]))
    return shared_surname and first[0][:prefix] == second[0][:prefix]


def _describe(change: str, elected_party: str, current_party: str, names: dict) -> str:
    now = names.get(current_party, current_party)
    if change == BY_ELECTION:
        verb = "hold" if current_party == elected_party else "gain"
        return f"{now} {verb} at a by-election"
    if change == PARTY_CHANGE:
        return f"elected {names.get(elected_party, elected_party)}, now {now}"
    return ""


def compare_holders(
    seats: pd.DataFrame, members: pd.DataFrame, registry: pd.DataFrame
) -> pd.DataFrame:
    """Today's holder beside the 2024 winner, one row per seat, indexed by seat code.

    Args:
        seats: ``constituency_code``, ``winner_candidate`` and ``winner_party`` (2024).
        members: the sitting MPs from ``targets.data.members.load_members``.
        registry: the party registry, for the descriptions' party names.

    Returns:
        The ``HOLDER_COLUMNS``; a seat missing from ``members`` has blanks.
    """
    elected = seats.set_index("constituency_code")[["winner_candidate", "winner_party"]]
    table = elected.join(members.set_index("constituency_code")[["current_mp", "current_party"]])
    known = table["current_mp"].notna()
    person = [
        same_person(was, now) if has else True
        for was, now, has in zip(table["winner_candidate"], table["current_mp"], known, strict=True)
    ]
    same = pd.Series(person, index=table.index)
    changed_party = table["current_party"] != table["winner_party"]
    change = pd.Series(NO_CHANGE, index=table.index, dtype="object")
    change[~same] = BY_ELECTION
    change[same & changed_party & known] = PARTY_CHANGE
    names = party_names(registry)
    table["change_since_2024"] = change
    table["change_description"] = [
        _describe(kind, was, now, names)
        for kind, was, now in zip(
            change, table["winner_party"], table["current_party"], strict=True
        )
    ]
    for column in ("current_mp", "current_party"):
        table[column] = table[column].astype("string").fillna("")
    return table[list(HOLDER_COLUMNS)]
