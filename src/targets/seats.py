"""The seat table: one row per constituency, keyed by ``constituency_code`` (PCON24CD)."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from pathlib import Path

import pandas as pd

from targets import endorsements as endorsement_data
from targets.data import prepared, results
from targets.data.candidates_file import default_path
from targets.data.context import CONTEXT_COLUMNS, load_seat_context
from targets.data.members import load_members
from targets.holders import HOLDER_COLUMNS, compare_holders
from targets.parties import OTHER_COLOUR, build_party_registry

DERIVED_SHARE_PARTIES: tuple[str, ...] = ("Con", "Lab", "LD", "RUK", "Green", "SNP", "PC")

SEAT_COLUMNS: tuple[str, ...] = (
    "constituency_code",
    "constituency_name",
    "nation",
    "region",
    "winner_party",
    "winner_candidate",
    "winner_votes",
    "winner_share",
    "second_party",
    "second_candidate",
    "second_votes",
    "second_share",
    "majority",
    "majority_pct",
    "turnout_pct",
    "electorate",
    "valid_votes",
    "result",
    "gain",
    *HOLDER_COLUMNS,
    "notional_2019_winner",
    "notional_2019_majority",
    *endorsement_data.STANCE_SUMMARY_COLUMNS,
)
GROUP_COLUMNS: tuple[str, ...] = endorsement_data.STANCE_SUMMARY_COLUMNS


def _placed(candidates: pd.DataFrame, position: int, prefix: str) -> pd.DataFrame:
    placed = candidates[candidates["position"] == position].set_index("constituency_code")
    return placed[["party", "candidate_name", "votes", "share"]].rename(
        columns={
            "party": f"{prefix}_party",
            "candidate_name": f"{prefix}_candidate",
            "votes": f"{prefix}_votes",
            "share": f"{prefix}_share",
        }
    )


def _derived_shares(candidates: pd.DataFrame) -> pd.DataFrame:
    derived = results.derive_notional_2019_shares(candidates)
    derived = derived[derived["party"].isin(DERIVED_SHARE_PARTIES)]
    wide = derived.pivot_table(
        index="constituency_code", columns="party", values="derived_2019_share", aggfunc="first"
    )
    wide = wide.reindex(columns=list(DERIVED_SHARE_PARTIES))
    wide.columns = [f"derived_2019_share_{party.lower()}" for party in wide.columns]
    return wide


def build_seat_table(
    candidates: pd.DataFrame,
    constituencies: pd.DataFrame,
    notional: pd.DataFrame,
    endorsements: pd.DataFrame | None = None,
    members: pd.DataFrame | None = None,
    registry: pd.DataFrame | None = None,
    context: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Join candidates, seat totals, 2019 notionals and group stances into one row per seat.

    With ``members`` (the sitting MPs) the table also says who holds each seat now and how
    that changed since 2024 (``targets.holders``); without, those columns are blank.
    With ``context`` (``targets.data.context.load_seat_context``) the ``CONTEXT_COLUMNS``
    (deprivation, Leave estimate, child poverty, age) come last.

    Winner and runner-up are candidates (people), so two independents stay two. Shares and
    percentages are 0-100; ``majority_pct`` is of valid votes, ``turnout_pct`` is valid votes
    over the electorate (the Commons Library's definition). Columns named
    ``derived_2019_share_*`` are 2024 share minus change, not published figures.
    """
    seats = constituencies.set_index("constituency_code")
    table = seats[
        ["constituency_name", "nation", "region", "electorate", "valid_votes", "result"]
    ].join([_placed(candidates, 1, "winner"), _placed(candidates, 2, "second")])
    table["majority"] = (table["winner_votes"] - table["second_votes"]).astype("int64")
    table["majority_pct"] = (table["majority"] / table["valid_votes"] * 100).round(2)
    table["turnout_pct"] = (table["valid_votes"] / table["electorate"] * 100).round(2)
    table["gain"] = table["result"].str.contains(" gain from ", regex=False).astype(bool)
    table = table.join(
        notional.set_index("constituency_code")[["notional_2019_winner", "notional_2019_majority"]]
    )
    if endorsements is None or endorsements.empty:
        stances = endorsement_data.summarise_stances_by_seat(pd.DataFrame())
    else:
        stances = endorsement_data.summarise_stances_by_seat(endorsements)
    table = table.join(stances)
    for column in GROUP_COLUMNS:
        table[column] = table[column].astype("string").fillna("")
    if members is not None:
        holders = compare_holders(table.reset_index(), members, registry)
        table = table.join(holders)
    for column in HOLDER_COLUMNS:
        if column not in table:
            table[column] = ""
        table[column] = table[column].astype("string").fillna("")
    table = table.join(_derived_shares(candidates))
    if context is not None:
        table = table.join(context[list(CONTEXT_COLUMNS)])
    table = table.reset_index()
    extra = [column for column in table.columns if column not in SEAT_COLUMNS]
    return table[[*SEAT_COLUMNS, *extra]].sort_values("constituency_name").reset_index(drop=True)


@dataclass(frozen=True)
class SeatData:
    """Everything the analyses need, loaded once: read-only and shared between sessions."""

    candidates: pd.DataFrame
    constituencies: pd.DataFrame
    notional: pd.DataFrame
    registry: pd.DataFrame
    endorsements: pd.DataFrame
    seats: pd.DataFrame
    members: pd.DataFrame | None = None
    context: pd.DataFrame | None = None
    endorsement_problems: tuple[str, ...] = ()
    """Why the endorsement list could not be used (then ``endorsements`` has no rows)."""

    @property
    def seat_names(self) -> pd.Series:
        """Official seat names indexed by code."""
        return self.constituencies.set_index("constituency_code")["constituency_name"]

    def with_endorsements(self, endorsements: pd.DataFrame) -> SeatData:
        """The same data with another endorsement table joined in."""
        joined = endorsement_data.join_candidate_results(endorsements, self.candidates)
        seats = build_seat_table(
            self.candidates,
            self.constituencies,
            self.notional,
            joined,
            members=self.members,
            registry=self.registry,
            context=self.context,
        )
        return replace(self, endorsements=joined, seats=seats, endorsement_problems=())

    def with_endorsement_list(self, rows: pd.DataFrame) -> SeatData:
        """The same data with a list of text rows (e.g. a saved version) checked and joined.

        A list with problems is not used: the data has no endorsements and
        ``endorsement_problems`` says what is wrong, row by row.
        """
        clean, problems = endorsement_data.check_endorsements(rows, self.seat_names, self.registry)
        data = self.with_endorsements(clean)
        return replace(data, endorsement_problems=tuple(str(problem) for problem in problems))


def load_seat_data(endorsements_path: Path | None = None, *, strict: bool = True) -> SeatData:
    """Load every source and build the seat table with our endorsement data joined.

    Args:
        endorsements_path: the endorsement list (default ``data/candidates.csv``).
        strict: raise ``EndorsementError`` for a list with problems; when False the data
            has no endorsements and ``endorsement_problems`` lists them instead.
    """
    candidates = results.load_candidate_results()
    constituencies = results.load_constituency_results()
    notional = results.load_notional_2019()
    registry = build_party_registry(candidates)
    seat_names = constituencies.set_index("constituency_code")["constituency_name"]
    if strict:
        endorsements = endorsement_data.load_endorsements(seat_names, registry, endorsements_path)
        problems: list = []
    else:
        endorsements, problems = endorsement_data.read_endorsements(
            seat_names, registry, endorsements_path
        )
    base = SeatData(
        candidates=candidates,
        constituencies=constituencies,
        notional=notional,
        registry=registry,
        endorsements=endorsements,
        seats=pd.DataFrame(),
        members=load_members(registry),
        context=load_seat_context(),
    )
    data = base.with_endorsements(endorsements)
    return replace(data, endorsement_problems=tuple(str(problem) for problem in problems))


# the published files load_seat_data reads (besides our own endorsement list)
PUBLISHED_INPUTS: tuple[str, ...] = (
    "results_candidates",
    "results_constituencies",
    "notional_2019",
    "members",
    "deprivation",
    "eu_referendum",
    "child_poverty",
    "population",
)
_PROBLEMS = "endorsement_problems"


def load_kept_seat_data(endorsements_path: Path | None = None) -> SeatData:
    """``load_seat_data(strict=False)``, kept on disk so a new server starts from it.

    The tables are read from the data cache when they were prepared from the same files and
    code (``targets.data.prepared``): measured 0.07 s against 0.9-1.4 s to build them.
    """
    path = Path(endorsements_path or default_path())
    key = prepared.preparation_key(PUBLISHED_INPUTS, [path])

    def prepare() -> dict[str, pd.DataFrame]:
        data = load_seat_data(path, strict=False)
        tables = {
            field.name: getattr(data, field.name)
            for field in fields(SeatData)
            if isinstance(getattr(data, field.name), pd.DataFrame)
        }
        problems = pd.Series(data.endorsement_problems, dtype="string", name="problem")
        return {**tables, _PROBLEMS: problems.to_frame()}

    tables = prepared.kept_tables("seat-data", key, prepare)
    problems = tuple(tables.pop(_PROBLEMS)["problem"])
    return SeatData(**tables, endorsement_problems=problems)


def seats_won_by_party(seats: pd.DataFrame, registry: pd.DataFrame) -> pd.DataFrame:
    """Seats won per party among ``seats``, most first: party, party_name, colour, seats."""
    counts = seats["winner_party"].value_counts().rename("seats").rename_axis("party")
    table = counts.reset_index()
    names = registry.set_index("party")
    table["party_name"] = table["party"].map(names["party_name"]).fillna(table["party"])
    table["colour"] = table["party"].map(names["colour"]).fillna(OTHER_COLOUR)
    return table[["party", "party_name", "colour", "seats"]]
