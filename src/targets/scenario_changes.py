"""Scenario changes as people write them (``Lab=-5,RUK=+5``), and the seats each applies to.

A change ``P=±X`` is the change, in points, of party P's share of the valid votes across the
seats where it stood in its *area*: Great Britain for a party that stood in more than one of
England, Scotland and Wales; its one nation for a party that stood in only one (the SNP,
Plaid Cymru); and, for a per-nation change, that nation. Northern Ireland parties stood
nowhere else, so their changes are per-nation changes for Northern Ireland.

A per-nation change for a Great Britain party is achieved in that nation, and its Great
Britain change (if given) still holds for Great Britain as a whole: the rest of Great
Britain makes up the difference.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from targets.errors import BadInputError, UnknownChoiceError
from targets.parties import INDEPENDENT, resolve_party

MIN_CHANGE, MAX_CHANGE = -100.0, 100.0
GREAT_BRITAIN = "Great Britain"
NORTHERN_IRELAND = "Northern Ireland"
GB_NATIONS: tuple[str, ...] = ("England", "Scotland", "Wales")
MINUS = "\u2212"

_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_MINUS_SIGNS = str.maketrans({MINUS: "-", "\u2013": "-", "\u2014": "-"})

Changes = Mapping[str, float]
NationChanges = Mapping[str, Changes]


class ScenarioError(BadInputError):
    """A scenario that cannot be run or cannot happen; the message says why."""


# ---------------------------------------------------------------- reading and writing


def _parse_change(entry: str) -> tuple[str, float]:
    if "=" not in entry:
        raise ScenarioError(f"cannot read change {entry!r}: write PARTY=+X or PARTY=-X")
    name, _, number = (part.strip() for part in entry.partition("="))
    if not name:
        raise ScenarioError(f"cannot read change {entry!r}: the party is missing")
    number = number.translate(_MINUS_SIGNS).replace(" ", "")
    if not _NUMBER.match(number):
        raise ScenarioError(
            f"cannot read change {entry!r}: {number!r} is not a number of points (e.g. -2.5)"
        )
    value = float(number)
    if not MIN_CHANGE <= value <= MAX_CHANGE:
        raise ScenarioError(
            f"change {entry!r} is out of range: a share can move between "
            f"{MIN_CHANGE:g} and +{MAX_CHANGE:g} points"
        )
    return name, value


def parse_changes(text: str) -> dict[str, float]:
    """Read ``"Lab=-5,RUK=+5"`` into ``{"Lab": -5.0, "RUK": 5.0}`` (party names as typed).

    Points may be signed or not, with decimals (``Green=1.5``); empty entries are ignored and
    an empty text means no change.

    Raises:
        ScenarioError: an entry is not ``PARTY=NUMBER``, the number is outside -100..+100,
            or a party is given twice.
    """
    changes: dict[str, float] = {}
    seen: set[str] = set()
    for entry in (part.strip() for part in str(text).split(",")):
        if not entry:
            continue
        name, value = _parse_change(entry)
        if name.casefold() in seen:
            raise ScenarioError(f"{name!r} is given more than one change")
        seen.add(name.casefold())
        changes[name] = value
    return changes


def format_points(value: float) -> str:
    """A change in points as text that reads back exactly: ``+5``, ``-2.5``, ``+0.125``."""
    text = np.format_float_positional(float(value), trim="-")
    return text if text.startswith("-") else "+" + text


def format_changes(changes: Changes) -> str:
    """The inverse of ``parse_changes``: ``{"Lab": -5, "RUK": 5}`` -> ``"Lab=-5,RUK=+5"``."""
    return ",".join(f"{party}={format_points(value)}" for party, value in changes.items())


def parse_nation_changes(text: str) -> dict[str, dict[str, float]]:
    """Read ``"Scotland:SNP=+5,Lab=-2;Wales:PC=+3"`` into a change list per nation.

    Raises:
        ScenarioError: a block is not ``NATION:changes``, a nation is given twice, or a
            change does not parse (see ``parse_changes``).
    """
    nations: dict[str, dict[str, float]] = {}
    for block in (part.strip() for part in str(text).split(";")):
        if not block:
            continue
        nation, colon, changes = block.partition(":")
        if not colon or not nation.strip():
            raise ScenarioError(
                f"cannot read nation change {block!r}: write NATION:PARTY=+X[,PARTY=-X]"
            )
        nation = nation.strip()
        if nation.casefold() in {known.casefold() for known in nations}:
            raise ScenarioError(f"nation {nation!r} is given more than once")
        nations[nation] = parse_changes(changes)
    return nations


def format_nation_changes(nation_changes: NationChanges) -> str:
    """The inverse of ``parse_nation_changes`` (nations with no change are left out)."""
    return ";".join(
        f"{nation}:{format_changes(changes)}"
        for nation, changes in nation_changes.items()
        if changes
    )


def describe_points(value: float, decimals: int = 2) -> str:
    """Points for people, with a true minus sign: ``+5``, ``−2.5``, ``0``."""
    text = f"{abs(float(value)):.{decimals}f}".rstrip("0").rstrip(".")
    if text == "0":
        return "0"
    return (MINUS if value < 0 else "+") + text


def describe_changes(changes: Changes, names: Mapping[str, str] | None = None) -> str:
    """``{"Lab": -5, "RUK": 5}`` -> ``"Labour −5, Reform UK +5"`` (names from ``names``)."""
    names = names or {}
    return ", ".join(
        f"{names.get(party, party)} {describe_points(value)}" for party, value in changes.items()
    )


# ---------------------------------------------------------------- names to parties


def resolve_changes(
    changes: Changes, registry: pd.DataFrame, standing: Iterable[str], where: str = "anywhere"
) -> dict[str, float]:
    """Party names as typed -> abbreviations, checked against the parties that stood.

    Args:
        changes: party name, abbreviation or alias -> points.
        registry: the party registry (``parties.build_party_registry``).
        standing: abbreviations of the parties that stood where the change applies.
        where: that place, for messages (e.g. "in Wales").

    Raises:
        UnknownChoiceError: a name matches no party (the message lists those that stood).
        ScenarioError: a change for independents, for a party that did not stand there, or
            two names for the same party.
    """
    standing = [party for party in dict.fromkeys(standing) if party != INDEPENDENT]
    resolved: dict[str, float] = {}
    for name, value in changes.items():
        party = resolve_party(name, registry)
        if party is None:
            raise UnknownChoiceError("party", name, standing)
        if party == INDEPENDENT:
            raise ScenarioError(
                "independents are people, not a party: a national change cannot apply to them"
            )
        if party not in standing:
            raise ScenarioError(f"{party} did not stand {where} in 2024, so it cannot swing")
        if party in resolved:
            raise ScenarioError(f"{party} is given more than one change")
        resolved[party] = float(value)
    return resolved


def resolve_nation_changes(
    nation_changes: NationChanges, registry: pd.DataFrame, candidates: pd.DataFrame
) -> dict[str, dict[str, float]]:
    """Nation and party names as typed -> canonical names and abbreviations.

    Raises:
        UnknownChoiceError: an unknown nation or party.
        ScenarioError: as ``resolve_changes``, for the parties standing in that nation.
    """
    nations = [str(nation) for nation in candidates["nation"].unique()]
    resolved: dict[str, dict[str, float]] = {}
    for typed, changes in nation_changes.items():
        nation = next((n for n in nations if n.casefold() == str(typed).strip().casefold()), None)
        if nation is None:
            raise UnknownChoiceError("nation", str(typed), nations)
        standing = candidates.loc[candidates["nation"] == nation, "party"]
        resolved[nation] = resolve_changes(changes, registry, standing, f"in {nation}")
    return resolved


def read_changes(
    changes_text: str, nation_changes_text: str, candidates: pd.DataFrame, registry: pd.DataFrame
) -> tuple[dict[str, float], dict[str, dict[str, float]]]:
    """Parse and resolve both kinds of change, as typed on the command line or in a link."""
    changes = resolve_changes(parse_changes(changes_text), registry, candidates["party"])
    nations = resolve_nation_changes(
        parse_nation_changes(nation_changes_text), registry, candidates
    )
    return changes, nations


# ---------------------------------------------------------------- where each change applies


def home_nations(candidates: pd.DataFrame) -> dict[str, tuple[str, ...]]:
    """Each party's home: the Great Britain nations where it stood (none: Northern Ireland)."""
    stood = candidates.groupby("party")["nation"].unique()
    return {
        str(party): tuple(n for n in GB_NATIONS if n in set(nations))
        for party, nations in stood.items()
    }


def home_area(nations: tuple[str, ...]) -> str:
    """The area a party's own change covers: "Great Britain", one nation, or Northern Ireland."""
    if not nations:
        return NORTHERN_IRELAND
    return nations[0] if len(nations) == 1 else GREAT_BRITAIN


def _join(nations: Iterable[str]) -> str:
    listed = list(nations)
    return listed[0] if len(listed) == 1 else ", ".join(listed[:-1]) + " and " + listed[-1]


@dataclass(frozen=True)
class Target:
    """One party's change across one area: its share there moves by ``points`` exactly."""

    party: str
    area: str
    nations: tuple[str, ...]
    points: float
    derived: bool = False  # the rest of a Great Britain change, after its per-nation changes


def _checked_nation_changes(
    candidates: pd.DataFrame, nation_changes: NationChanges
) -> dict[str, dict[str, float]]:
    checked: dict[str, dict[str, float]] = {}
    for nation, scoped in nation_changes.items():
        in_nation = candidates["nation"] == nation
        if not in_nation.any():
            raise ScenarioError(f"no seats in nation {nation!r}")
        stood = set(candidates.loc[in_nation, "party"])
        for party in scoped:
            if party == INDEPENDENT:
                raise ScenarioError("independents are people, not a party: no change applies")
            if party not in stood:
                raise ScenarioError(f"{party} did not stand in {nation} in 2024")
        checked[nation] = {party: float(value) for party, value in scoped.items()}
    return checked


def _party_targets(
    party: str, home: tuple[str, ...], change: float | None, by_nation: dict[str, float], weight
) -> list[Target]:
    inside = {n: x for n, x in by_nation.items() if n in home}
    targets = [Target(party, n, (n,), x) for n, x in by_nation.items()]
    if change is None:
        return targets
    area = home_area(home)
    if not inside:
        return [Target(party, area, home, change), *targets]
    rest = tuple(n for n in home if n not in inside)
    if not rest:
        raise ScenarioError(
            f"{party} is given two changes for {_join(home)}: give one"
            if len(home) == 1
            else f"{party} has a {area} change and a change in every nation where it stood "
            "there: leave one of them out"
        )
    # The whole area moves by `change`; the nations given move by theirs, the rest makes up
    # the difference (votes add up, so this is the same for both models).
    rest_votes = weight(rest)
    if rest_votes <= 0:
        raise ScenarioError(f"{party} had no votes in {_join(rest)} to make up its {area} change")
    given = sum(x * weight((n,)) for n, x in inside.items())
    points = (change * weight(home) - given) / rest_votes
    return [Target(party, _join(rest), rest, points, derived=True), *targets]


def plan_targets(
    candidates: pd.DataFrame,
    changes: Changes,
    nation_changes: NationChanges,
    seat_votes: pd.Series,
) -> list[Target]:
    """The areas the changes apply to, each with the points its share moves there.

    Args:
        candidates: the candidate table (``party``, ``nation``).
        changes: party -> points across its home area (see the module docstring).
        nation_changes: nation -> (party -> points across that nation).
        seat_votes: each candidate's seat's valid votes (the weights of the shares).

    Raises:
        ScenarioError: a change for independents, for a party that did not stand (there),
            a Northern Ireland party without a nation, or two changes for the same seats.
    """
    homes = home_nations(candidates)
    checked = _checked_nation_changes(candidates, nation_changes)
    for party in changes:
        if party == INDEPENDENT:
            raise ScenarioError("independents are people, not a party: no change applies")
        if party not in homes:
            raise ScenarioError(f"{party} did not stand anywhere in 2024")
        if not homes[party]:
            raise ScenarioError(
                f"{party} stood only in {NORTHERN_IRELAND}: give its change for that nation, "
                f'e.g. "{NORTHERN_IRELAND}:{party}={format_points(changes[party])}"'
            )

    def weight_of(party: str):
        rows = candidates["party"] == party
        return lambda nations: float(seat_votes[rows & candidates["nation"].isin(nations)].sum())

    parties = list(dict.fromkeys([*changes, *(p for scoped in checked.values() for p in scoped)]))
    targets: list[Target] = []
    for party in parties:
        by_nation = {n: scoped[party] for n, scoped in checked.items() if party in scoped}
        change = changes.get(party)
        targets += _party_targets(
            party,
            homes[party],
            None if change is None else float(change),
            by_nation,
            weight_of(party),
        )
    return targets
