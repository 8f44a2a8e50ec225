"""The Scenario page's boxes, link and wording, on a plain mapping (session state or a dict).

Nothing here touches Streamlit: the page passes ``st.session_state`` and
``st.query_params.to_dict()``, the tests pass dicts. The boxes add up to the same texts the
command line takes (``--change`` and ``--nation-change``), and both run them through
``scenario.scenario_from_text``.

Two kinds of box: a party's own area (Great Britain, the SNP's Scotland, Plaid Cymru's
Wales, the Northern Ireland parties), where 0 means no change, so the party takes up its
part of the difference; and per-nation boxes for Great Britain parties, where a blank
means no change and 0 holds the party's share in that nation.
"""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping, Sequence
from dataclasses import dataclass

import pandas as pd

from targets.errors import UnknownChoiceError
from targets.parties import INDEPENDENT
from targets.scenario import MODELS, Scenario
from targets.scenario_changes import (
    GB_NATIONS,
    GREAT_BRITAIN,
    MINUS,
    NORTHERN_IRELAND,
    ScenarioError,
    describe_changes,
    format_changes,
    format_nation_changes,
    home_area,
    home_nations,
    read_changes,
)

UK = "UK"  # the scope of the link's `change`: each party's change across its own area
MODEL_KEY, OTHER_KEY, VIEW_KEY = "sc_model", "sc_other", "sc_view"
MODEL_LABELS = {"uniform": "Uniform swing", "proportional": "Proportional swing"}
LOADED_KEY = "_sc_url_loaded"
WRITTEN_KEY = "_sc_url_written"  # the scenario the link last held (read or written)
FROM_POLLS_KEY = "_sc_from_polls"  # the scenario a link from the Polls page brought
FROM_POLLS = "polls"  # the link's `from` when it comes from "Project these polls"
KEEP_PREFIX = "_keep_"
MIN_SHARE = 1.0


@dataclass(frozen=True)
class InputGroup:
    """A row of boxes under one heading."""

    scope: str  # UK (the link's `change`) or a nation (the link's `nations`)
    area: str  # the heading, and the area whose share each box moves
    parties: tuple[str, ...]
    blank: bool  # True: a blank box means no change (0 holds the share)


def change_key(scope: str, party: str) -> str:
    """The session key of one box, e.g. ``sc_UK_Lab`` or ``sc_Northern_Ireland_SF``."""
    return "sc_" + f"{scope}_{party}".replace(" ", "_")


def _parties(shares: pd.DataFrame, rows: pd.Series) -> tuple[str, ...]:
    picked = shares[rows & (shares["party"] != INDEPENDENT)]
    picked = picked.sort_values("area_share_2024", ascending=False, kind="stable")
    return tuple(dict.fromkeys(picked["party"].astype(str)))


def input_groups(
    shares: pd.DataFrame, min_share: float = MIN_SHARE
) -> tuple[list[InputGroup], list[InputGroup]]:
    """The page's boxes: each party's own area, then per-nation boxes within Great Britain.

    A party gets a box if it had ``min_share`` % of the vote in any nation. ``shares`` is
    ``Scenario.vote_shares`` (e.g. ``scenario.vote_shares_2024``).
    """
    nations = shares[shares["area"] != GREAT_BRITAIN]
    large = set(nations.loc[nations["area_share_2024"] >= min_share, "party"])
    homes = shares[shares["home"]]
    home_of = dict(zip(homes["party"], homes["area"], strict=True))
    in_list = shares["party"].isin(large)
    own = []
    for area in (GREAT_BRITAIN, *GB_NATIONS):
        parties = _parties(shares, in_list & shares["home"] & (shares["area"] == area))
        if parties:
            own.append(InputGroup(UK, area, parties, blank=False))
    in_ni = (shares["area"] == NORTHERN_IRELAND) & (shares["area_share_2024"] >= min_share)
    if parties := _parties(shares, in_ni):
        own.append(InputGroup(NORTHERN_IRELAND, NORTHERN_IRELAND, parties, blank=False))
    gb_parties = shares["party"].map(home_of) == GREAT_BRITAIN
    per_nation = [
        InputGroup(nation, nation, parties, blank=True)
        for nation in GB_NATIONS
        if (
            parties := _parties(
                shares,
                gb_parties & (shares["area"] == nation) & (shares["area_share_2024"] >= min_share),
            )
        )
    ]
    return own, per_nation


def _boxes(groups: Sequence[InputGroup]):
    for group in groups:
        for party in group.parties:
            yield group, party, change_key(group.scope, party)


def prepare_inputs(state: MutableMapping, groups: Sequence[InputGroup]) -> None:
    """Give every box and choice a value: kept from an earlier visit, or its default."""
    defaults = {MODEL_KEY: "uniform", OTHER_KEY: "", VIEW_KEY: "geo"}
    defaults |= {key: None if group.blank else 0.0 for group, _, key in _boxes(groups)}
    for key, default in defaults.items():
        if key not in state:
            state[key] = state.get(KEEP_PREFIX + key, default)


def scenario_texts(state: Mapping, groups: Sequence[InputGroup]) -> tuple[str, str]:
    """The ``change`` and ``nations`` texts that the boxes and "Other parties" add up to."""
    changes: dict[str, float] = {}
    nations: dict[str, dict[str, float]] = {}
    for group, party, key in _boxes(groups):
        value = state.get(key)
        if value is None or (not group.blank and value == 0):
            continue
        if group.scope == UK:
            changes[party] = float(value)
        else:
            nations.setdefault(group.scope, {})[party] = float(value)
    texts = (format_changes(changes), str(state.get(OTHER_KEY) or "").strip())
    return ",".join(text for text in texts if text), format_nation_changes(nations)


def seed_from_query(
    state: MutableMapping,
    query: Mapping[str, str],
    groups: Sequence[InputGroup],
    candidates: pd.DataFrame,
    registry: pd.DataFrame,
) -> list[str]:
    """Fill the boxes from the link, on the page's first run or for a new scenario.

    A new scenario is a link to another one than the page last held (e.g. from "Project
    these polls" on the Polls page): the boxes are cleared and filled again. Later runs
    leave the boxes to the person: the link then holds what the page wrote
    (``note_written``). Returns notes on what in the link was ignored, to show on the page.
    """
    linked = _linked(query)
    if state.get(LOADED_KEY):
        new_scenario = bool(linked[0] or linked[1]) and linked != state.get(WRITTEN_KEY)
        if not new_scenario:
            return []
        _clear_boxes(state, groups)
    state[LOADED_KEY] = True
    state[WRITTEN_KEY] = linked
    state[FROM_POLLS_KEY] = linked if query.get("from") == FROM_POLLS else None
    model = query.get("model", "uniform")
    state[MODEL_KEY] = model if model in MODELS else "uniform"
    try:
        changes, nations = read_changes(
            query.get("change", ""), query.get("nations", ""), candidates, registry
        )
    except (ScenarioError, UnknownChoiceError) as error:
        return [f"Ignored the scenario in the link: {error}"]
    boxes = {(group.scope, party): group for group, party, _ in _boxes(groups)}
    other = {}
    for party, value in changes.items():
        if (UK, party) in boxes and value != 0:
            state[change_key(UK, party)] = value
        else:
            other[party] = value  # no box, or 0 (a box at 0 would name no change)
    state[OTHER_KEY] = format_changes(other)
    homes = {party: home_area(found) for party, found in home_nations(candidates).items()}
    ignored = []
    for nation, scoped in nations.items():
        for party, value in scoped.items():
            group = boxes.get((nation, party))
            if group is not None and (group.blank or value != 0):
                state[change_key(nation, party)] = value
            elif (
                homes.get(party) == nation
                and (UK, party) in boxes
                and value != 0
                and party not in changes
            ):
                state[change_key(UK, party)] = value
            else:
                ignored.append(f"{party} in {nation}")
    if ignored:
        return [f"Ignored from the link (no box for them on this page): {', '.join(ignored)}"]
    return []


def _linked(query: Mapping[str, str]) -> tuple[str, str, str]:
    return (query.get("change", ""), query.get("nations", ""), query.get("model", "uniform"))


def _clear_boxes(state: MutableMapping, groups: Sequence[InputGroup]) -> None:
    """Every box back to naming no change (also the values kept for a later visit)."""
    for group, _, key in _boxes(groups):
        state[key] = None if group.blank else 0.0
        state.pop(KEEP_PREFIX + key, None)
    state[OTHER_KEY] = ""
    state.pop(KEEP_PREFIX + OTHER_KEY, None)


def note_written(state: MutableMapping, values: Mapping[str, str]) -> None:
    """Remember the scenario the page wrote to the link (``query_values``)."""
    state[WRITTEN_KEY] = (values["change"], values["nations"], values["model"])


def from_polls(state: Mapping) -> bool:
    """The boxes still hold the changes a link from the Polls page brought."""
    brought = state.get(FROM_POLLS_KEY)
    return brought is not None and brought == state.get(WRITTEN_KEY)


def query_values(result: Scenario) -> dict[str, str]:
    """What the link holds for a scenario: ``change``, ``nations`` and ``model``."""
    return {
        "change": format_changes(result.changes),
        "nations": format_nation_changes(result.nation_changes),
        "model": result.model,
    }


def describe_scenario(result: Scenario, names: Mapping[str, str]) -> str:
    """The scenario in words: "Uniform swing: Labour −5, Reform UK +5 · Scotland: SNP +3"."""
    parts = [describe_changes(result.changes, names) or "no change across Great Britain"]
    parts += [
        f"{nation}: {describe_changes(scoped, names)}"
        for nation, scoped in result.nation_changes.items()
        if scoped
    ]
    return f"{MODEL_LABELS[result.model]}: " + " · ".join(parts)


def seat_delta(change: int) -> str:
    """A change in seats for a metric: "−56 seats", "+1 seat", "no change"."""
    if change == 0:
        return "no change"
    sign = MINUS if change < 0 else "+"
    return f"{sign}{abs(change)} seat{'' if abs(change) == 1 else 's'}"


def signed_seats(table: pd.DataFrame, columns: tuple[str, ...] = ("change",)) -> pd.DataFrame:
    """The table with each change in seats as text with a real minus: "−70", "+61", "0"."""
    signed = {
        column: [
            f"{MINUS}{-int(v)}" if v < 0 else f"+{int(v)}" if v > 0 else "0" for v in table[column]
        ]
        for column in columns
        if column in table
    }
    return table.assign(**signed)


def share_caption(
    shares_2024: pd.DataFrame, projected: pd.DataFrame | None, party: str, area: str
) -> str:
    """The line under a box: "2024 34.7% → 29.7%" (the projection left out if there is none)."""
    before = _share(shares_2024, party, area, "share_2024")
    if before is None:
        return ""
    after = None if projected is None else _share(projected, party, area, "share_projected")
    return f"2024 {before:.1f}%" + ("" if after is None else f" → {after:.1f}%")


def _share(shares: pd.DataFrame, party: str, area: str, column: str) -> float | None:
    rows = shares[(shares["party"] == party) & (shares["area"] == area)]
    return None if rows.empty else float(rows[column].iloc[0])
