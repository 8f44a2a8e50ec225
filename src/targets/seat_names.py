"""Finding a July 2024 seat from what someone typed or uploaded: a code, a name, a near miss.

One index of the seats and one normalisation (``targets.text.normalise_seat_name``: case,
accents, '&'/'and', punctuation, spaces) serve every surface. A code matches in any case;
a name matches once both sides are normalised. Anything else is only ever suggested,
ranked by a ``SuggestionRule`` chosen for the purpose:

- ``CONFIRMATION``: an uploaded name close enough to offer for the campaigner to confirm
  (rapidfuzz token set ratio at least 80, so "Hackney South" finds "Hackney South and
  Shoreditch"; the best 3, ties broken by plain similarity).
- ``DID_YOU_MEAN``: the names shown after a search finds nothing (rapidfuzz WRatio at
  least 50; the best 5, ties in seat order).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

import pandas as pd
from rapidfuzz import fuzz, process

from targets.text import normalise_seat_name


@dataclass(frozen=True)
class SuggestionRule:
    """How near misses are scored, how close they must be and how many are offered.

    Attributes:
        scorer: a rapidfuzz scorer comparing two normalised names (0-100).
        score_cutoff: the lowest score offered.
        limit: how many suggestions at most.
        closer_first: break ties in score by plain similarity (``fuzz.ratio``), else
            keep the seats' order.
    """

    scorer: Callable[..., float]
    score_cutoff: float
    limit: int
    closer_first: bool = False


CONFIRMATION = SuggestionRule(fuzz.token_set_ratio, score_cutoff=80.0, limit=3, closer_first=True)
DID_YOU_MEAN = SuggestionRule(fuzz.WRatio, score_cutoff=50.0, limit=5)


@dataclass(frozen=True)
class Suggestion:
    """A seat a name might mean, for the campaigner to confirm."""

    constituency_code: str
    constituency_name: str
    score: float

    def __str__(self) -> str:
        return f"{self.constituency_name} ({self.constituency_code}, score {self.score:.0f})"


@dataclass(frozen=True)
class SeatIndex:
    """The July 2024 seats prepared for matching by code, name and near miss.

    Attributes:
        names: official seat names by code, in the order given.
        by_normalised_name: code by normalised name (a name two seats share is left out:
            it names neither).
        normalised_names: every seat's normalised name, in the order of ``names``.
        codes_by_position: every seat's code, in the same order.
        by_upper_code: code by its upper-case form.
    """

    names: Mapping[str, str]
    by_normalised_name: Mapping[str, str]
    normalised_names: tuple[str, ...] = field(repr=False)
    codes_by_position: tuple[str, ...] = field(repr=False)
    by_upper_code: Mapping[str, str] = field(repr=False)

    def find_code(self, text: object) -> str | None:
        """The seat whose code this is, in any case and with spaces around, else None."""
        return self.by_upper_code.get(str(text).strip().upper())

    def find_name(self, name: object) -> str | None:
        """The seat with this name once both are normalised, else None."""
        wanted = normalise_seat_name(name)
        return self.by_normalised_name.get(wanted) if wanted else None

    def codes_containing(self, fragment: object) -> list[str]:
        """Codes of the seats whose normalised name contains the normalised fragment."""
        wanted = normalise_seat_name(fragment)
        if not wanted:
            return []
        return [
            code
            for code, name in zip(self.codes_by_position, self.normalised_names, strict=True)
            if wanted in name
        ]


def build_seat_index(seat_names: pd.Series) -> SeatIndex:
    """Prepare seat names (official names indexed by code) for matching."""
    names = {str(code): str(name) for code, name in seat_names.items()}
    normalised = {code: normalise_seat_name(name) for code, name in names.items()}
    shared = {value for value, count in Counter(normalised.values()).items() if count > 1}
    return SeatIndex(
        names=names,
        by_normalised_name={
            value: code for code, value in normalised.items() if value not in shared
        },
        normalised_names=tuple(normalised.values()),
        codes_by_position=tuple(normalised.keys()),
        by_upper_code={code.upper(): code for code in names},
    )


def find_seat(seats: SeatIndex, query: object) -> str | None:
    """The code a search box means: a code, a name, or a fragment of exactly one name.

    Fragments are for searching only; an upload is matched by code or whole name (see
    ``targets.uploads.seat_matching.match_seat``), never by a fragment.
    """
    found = seats.find_code(query) or seats.find_name(query)
    if found:
        return found
    containing = seats.codes_containing(query)
    return containing[0] if len(containing) == 1 else None


def similarity(name: object, other: object, rule: SuggestionRule) -> float:
    """How close two seat names are (0-100) under ``rule``, after normalisation."""
    return float(rule.scorer(normalise_seat_name(name), normalise_seat_name(other)))


def suggest_seats(
    seats: SeatIndex, query: object, rule: SuggestionRule, limit: int | None = None
) -> tuple[Suggestion, ...]:
    """Seats whose normalised name is close to ``query`` under ``rule``, best first.

    Args:
        seats: from ``build_seat_index``.
        query: a name as typed or uploaded.
        rule: ``CONFIRMATION`` or ``DID_YOU_MEAN`` (or another rule).
        limit: how many at most, instead of ``rule.limit``.
    """
    wanted = normalise_seat_name(query)
    if not wanted:
        return ()
    found = process.extract(
        wanted,
        seats.normalised_names,
        scorer=rule.scorer,
        limit=None,
        score_cutoff=rule.score_cutoff,
    )
    if rule.closer_first:
        found.sort(key=lambda hit: (-hit[1], -fuzz.ratio(wanted, hit[0]), hit[2]))
    else:
        found.sort(key=lambda hit: (-hit[1], hit[2]))
    suggestions = []
    for _, score, position in found[: rule.limit if limit is None else limit]:
        code = seats.codes_by_position[position]
        suggestions.append(Suggestion(code, seats.names[code], round(float(score), 1)))
    return tuple(suggestions)


def seats_named_like(seats: SeatIndex, query: object) -> list[str]:
    """Codes of the seats whose name contains the text: names starting with it first.

    "Ilford" gives Ilford North and Ilford South; each group keeps the seats' order.
    """
    wanted = normalise_seat_name(query)
    containing = seats.codes_containing(query)
    starting = [
        code for code in containing if normalise_seat_name(seats.names[code]).startswith(wanted)
    ]
    return starting + [code for code in containing if code not in starting]


def seats_by_candidate(candidates: Iterable[tuple[str, str]], query: object) -> list[str]:
    """Codes of the seats where a candidate's name contains the text ("Corbyn"), in order.

    Args:
        candidates: (seat code, candidate name) pairs, e.g. from the candidates table.
        query: what was typed.
    """
    wanted = normalise_seat_name(query)
    if not wanted:
        return []
    found = (code for code, name in candidates if wanted in normalise_seat_name(name))
    return list(dict.fromkeys(found))


def search_seats(
    seats: SeatIndex,
    query: object,
    candidates: Iterable[tuple[str, str]] = (),
    limit: int = DID_YOU_MEAN.limit,
) -> list[str]:
    """Codes a search box offers for the text, best first, at most ``limit``.

    Seats whose name contains the text (starting with it first), then seats with a
    candidate of that name (in the order given); only when neither finds any, near misses
    of the name (``DID_YOU_MEAN``).
    """
    offered = seats_named_like(seats, query) + seats_by_candidate(candidates, query)
    if not offered:
        offered = [hit.constituency_code for hit in suggest_seats(seats, query, DID_YOU_MEAN)]
    return list(dict.fromkeys(offered))[:limit]
