"""What a projection shows: who wins each seat, totals, seats changing hands, notes."""

from __future__ import annotations

import re
from collections.abc import Mapping

import pandas as pd

from targets.scenario_changes import Changes, NationChanges, describe_points, format_points


def _placed(projected: pd.DataFrame, column: str, place: int, names: dict) -> pd.DataFrame:
    rows = projected[projected[column] == place].set_index("constituency_code")
    return rows[list(names)].rename(columns=names)


def project_seats(projected: pd.DataFrame) -> pd.DataFrame:
    """One row per seat: the 2024 winner, the projected winner and the new margin.

    Columns: constituency_code, constituency_name, nation, region, party_2024,
    candidate_2024, share_2024, projected_party, projected_candidate, projected_share,
    projected_second_party, projected_second_candidate, projected_second_share,
    projected_margin_pct (points between the projected winner and runner-up), changes_hands
    (the winner is another candidate).
    """
    before = _placed(
        projected,
        "position",
        1,
        {
            "constituency_name": "constituency_name",
            "nation": "nation",
            "region": "region",
            "party": "party_2024",
            "candidate_name": "candidate_2024",
            "share": "share_2024",
        },
    )
    after = _placed(
        projected,
        "projected_position",
        1,
        {
            "party": "projected_party",
            "candidate_name": "projected_candidate",
            "projected_share": "projected_share",
            "position": "position_2024",
        },
    )
    second = _placed(
        projected,
        "projected_position",
        2,
        {
            "party": "projected_second_party",
            "candidate_name": "projected_second_candidate",
            "projected_share": "projected_second_share",
        },
    )
    seats = before.join(after).join(second)
    seats["projected_second_share"] = seats["projected_second_share"].fillna(0.0)
    seats["projected_margin_pct"] = seats["projected_share"] - seats["projected_second_share"]
    seats["changes_hands"] = (seats.pop("position_2024") != 1).astype(bool)
    return (
        seats.reset_index().sort_values("constituency_name", kind="stable").reset_index(drop=True)
    )


def count_seats(projected_seats: pd.DataFrame) -> pd.DataFrame:
    """Seats per party: ``party``, ``seats_2024``, ``seats_projected``, ``change``.

    Every party that won a seat in either is listed, most projected seats first.
    """
    before = projected_seats["party_2024"].value_counts()
    after = projected_seats["projected_party"].value_counts()
    totals = pd.concat([before.rename("seats_2024"), after.rename("seats_projected")], axis=1)
    totals = totals.fillna(0).astype("int64")
    totals["change"] = totals["seats_projected"] - totals["seats_2024"]
    totals.index.name = "party"
    totals = totals.reset_index()
    totals["party"] = totals["party"].astype(str)
    return totals.sort_values(
        ["seats_projected", "seats_2024", "party"], ascending=[False, False, True], kind="stable"
    ).reset_index(drop=True)


def list_seat_changes(projected_seats: pd.DataFrame) -> pd.DataFrame:
    """The seats changing hands: who loses, who wins, and the new margin in points."""
    moved = projected_seats[projected_seats["changes_hands"]]
    return moved.rename(
        columns={
            "party_2024": "from_party",
            "candidate_2024": "from_candidate",
            "projected_party": "to_party",
            "projected_candidate": "to_candidate",
            "projected_margin_pct": "new_margin_pct",
        }
    )[
        [
            "constituency_code",
            "constituency_name",
            "nation",
            "from_party",
            "from_candidate",
            "to_party",
            "to_candidate",
            "new_margin_pct",
        ]
    ].reset_index(drop=True)


def as_seat_table(seats: pd.DataFrame, projected_seats: pd.DataFrame) -> pd.DataFrame:
    """The seat table with its winner, runner-up and majority replaced by the projection.

    For views drawn from seat tables (the map). Shares and ``majority_pct`` are projected;
    ``majority`` in votes is an estimate assuming 2024's valid votes; ``winner_votes`` and
    ``second_votes`` are left empty. ``party_2024`` and ``changes_hands`` are added. Rows
    keep the seat table's order and index, so a filter mask on ``seats`` applies.
    """
    projection = projected_seats.set_index("constituency_code")
    table = seats.set_index("constituency_code").copy()
    projection = projection.reindex(table.index)
    table["party_2024"] = table["winner_party"]
    table["winner_party"] = projection["projected_party"]
    table["winner_candidate"] = projection["projected_candidate"]
    table["winner_share"] = projection["projected_share"].round(4)
    table["second_party"] = projection["projected_second_party"]
    table["second_candidate"] = projection["projected_second_candidate"]
    table["second_share"] = projection["projected_second_share"].round(4)
    table["majority_pct"] = projection["projected_margin_pct"].round(2)
    estimate = projection["projected_margin_pct"] * table["valid_votes"] / 100
    table["majority"] = estimate.round().astype("int64")
    table["winner_votes"] = pd.NA
    table["second_votes"] = pd.NA
    table["changes_hands"] = projection["changes_hands"].astype(bool)
    table = table.reset_index()
    table.index = seats.index
    return table


def scenario_slug(
    changes: Changes, model: str = "uniform", nation_changes: NationChanges | None = None
) -> str:
    """A short file-name-safe name for a scenario, e.g. "uniform_lab-5_ruk+5"."""
    parts = [model] + [f"{party}{format_points(value)}" for party, value in changes.items()]
    for nation, scoped in (nation_changes or {}).items():
        parts += [f"{nation}-{party}{format_points(value)}" for party, value in scoped.items()]
    slug = "_".join(re.sub(r"[^a-z0-9.+-]+", "-", part.casefold()).strip("-") for part in parts)
    return slug[:80] if len(parts) > 1 else f"{model}_no-change"


def _name(names: Mapping[str, str], party: str) -> str:
    return names.get(party, party)


def multiplier_warnings(
    targets: pd.DataFrame, names: Mapping[str, str] | None = None, limit: float = 3.0
) -> list[str]:
    """A warning for each proportional change that multiplies a share more than ``limit``-fold."""
    names = names or {}
    return [
        f"Proportional swing multiplies {_name(names, row.party)}'s share {row.factor:.1f}-fold "
        f"in every seat where it stood across {row.area} ({row.share_2024:.1f}% → "
        f"{row.share_projected:.1f}%): it grows most where it was already strongest. Uniform "
        "swing may suit a small party better."
        for row in targets.itertuples(index=False)
        if row.factor > limit
    ]


def target_notes(targets: pd.DataFrame, names: Mapping[str, str] | None = None) -> list[str]:
    """What was done to keep each change exact: a share held at 0, the rest of an area.

    A party whose change needed the fit (``fit_notes``) is described there instead.
    """
    names = names or {}
    notes = []
    for row in targets.itertuples(index=False):
        name = _name(names, row.party)
        if row.derived:
            notes.append(
                f"{name} moves {describe_points(row.points)} across {row.area}, so that its "
                "Great Britain change holds with its per-nation changes."
            )
        if row.seats_at_zero and not getattr(row, "seats_fitted", 0):
            notes.append(
                f"{name} would fall below 0 in {row.seats_at_zero} seat(s) across {row.area}: "
                f"it is 0 there, and its other seats move {describe_points(row.uniform_points, 3)}"
                f" so that the change across {row.area} is exactly "
                f"{describe_points(row.points)}."
            )
    return notes


def _refitted(row, names: Mapping[str, str]) -> str:
    name = _name(names, row.party)
    if pd.notna(row.factor):
        return f"{name} ×{row.factor:.3f}"
    held = f" (0 in {row.seats_at_zero} seat(s))" if row.seats_at_zero else ""
    return f"{name} {describe_points(row.uniform_points, 2)}{held}"


def fit_notes(fit, targets: pd.DataFrame, names: Mapping[str, str] | None = None) -> list[str]:
    """What the fit did (``Scenario.fit``), in words; nothing when no seat needed it."""
    if not fit.seats:
        return []
    names = names or {}
    fitted = targets[targets["seats_fitted"] > 0]
    proportional = fitted["factor"].notna().any()
    how = "each party's share is multiplied by" if proportional else "each party's share moves by"
    refitted = ", ".join(_refitted(row, names) for row in fitted.itertuples(index=False))
    held = "so that each is still exact across its area" if fit.converged else "to hold"
    notes = [
        f"In {fit.seats} seat(s) the parties not named could not make up what the named "
        "changes add up to: they are at 0 there, and the named parties' shares are scaled to "
        f"make 100. The changes were then refitted {held} ({fit.iterations} iteration(s)): "
        f"before that scaling, {how}: {refitted}."
    ]
    if not fit.converged:
        notes.append(
            f"The fit did not converge in {fit.iterations} iteration(s): a change achieved is "
            f"off from the one asked for by up to {fit.largest_gap:.2g} points (the vote shares "
            "show what was achieved)."
        )
    return notes
