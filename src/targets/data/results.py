"""Election results: the House of Commons Library 2024 files and the 2019 notional winners."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from targets.data import sources
from targets.data.csv_files import read_csv_bytes

_YES = {"yes", "y", "true", "1"}


def _read(path: Path | None, source_name: str, header: str) -> pd.DataFrame:
    path = path or sources.data_path(source_name)
    return read_csv_bytes(Path(path).read_bytes(), header)


def _to_int(series: pd.Series) -> pd.Series:
    cleaned = series.astype("string").str.replace(",", "", regex=False)
    return pd.to_numeric(cleaned, errors="coerce").astype("Int64")


def _to_float(series: pd.Series) -> pd.Series:
    return pd.to_numeric(series.astype("string").str.rstrip("%"), errors="coerce")


def load_candidate_results(path: Path | None = None) -> pd.DataFrame:
    """Tidy table of every 2024 candidate, one row each, ranked within their seat.

    Columns: constituency_code, constituency_name, region, nation, candidate_name, party,
    party_name, votes, share (0-100), change (points vs 2019 notional; NA where the party
    did not stand then), sitting_mp, former_mp, dc_person_id, position (1 = winner).
    """
    raw = _read(path, "results_candidates", "ONS ID")
    first = raw["Candidate first name"].fillna("")
    surname = raw["Candidate surname"].fillna("")
    table = pd.DataFrame(
        {
            "constituency_code": raw["ONS ID"],
            "constituency_name": raw["Constituency name"],
            "region": raw["Region name"],
            "nation": raw["Country name"],
            "candidate_name": (first + " " + surname).str.strip(),
            "party": raw["Party abbreviation"].fillna("Ind"),
            "party_name": raw["Party name"].fillna("Independent"),
            "votes": _to_int(raw["Votes"]).fillna(0).astype("int64"),
            "share": (_to_float(raw["Share"]) * 100).round(4).astype("float64"),
            "change": (_to_float(raw["Change"]) * 100).round(4).astype("float64"),
            "sitting_mp": raw["Sitting MP"].fillna("").str.lower().isin(_YES),
            "former_mp": raw["Former MP"].fillna("").str.lower().isin(_YES),
            "dc_person_id": raw["DC Person ID"].astype("string"),
        }
    )
    table = table.sort_values(
        ["constituency_code", "votes", "candidate_name"], ascending=[True, False, True]
    )
    table["position"] = table.groupby("constituency_code").cumcount() + 1
    return table.reset_index(drop=True)


def load_constituency_results(path: Path | None = None) -> pd.DataFrame:
    """One row per seat: electorate, valid and invalid votes, declared result and majority."""
    raw = _read(path, "results_constituencies", "ONS ID")
    member = raw["Member first name"].fillna("") + " " + raw["Member surname"].fillna("")
    return pd.DataFrame(
        {
            "constituency_code": raw["ONS ID"],
            "constituency_name": raw["Constituency name"],
            "region": raw["Region name"],
            "nation": raw["Country name"],
            "constituency_type": raw["Constituency type"],
            "member_name": member.str.strip(),
            "result": raw["Result"],
            "first_party": raw["First party"],
            "second_party": raw["Second party"],
            "electorate": _to_int(raw["Electorate"]).astype("int64"),
            "valid_votes": _to_int(raw["Valid votes"]).astype("int64"),
            "invalid_votes": _to_int(raw["Invalid votes"]).astype("int64"),
            "declared_majority": _to_int(raw["Majority"]),
        }
    )


def load_notional_2019(path: Path | None = None) -> pd.DataFrame:
    """2019 notional winner and majority on the 2024 boundaries, keyed by seat code."""
    raw = _read(path, "notional_2019", "PCON24CD")
    return pd.DataFrame(
        {
            "constituency_code": raw["PCON24CD"],
            "notional_2019_winner": raw["GE 2019 Party"],
            "notional_2019_majority": _to_int(raw["GE 2019 Majority"]),
            "notional_2019_electorate": _to_int(raw["GE 2019 Electorate"]),
        }
    )


def derive_notional_2019_shares(candidates: pd.DataFrame) -> pd.DataFrame:
    """2019 notional share per party and seat, *derived* as 2024 share minus change.

    Only where the Library gives a change (the party stood in the 2019 notional result);
    independents are left out since their change is not a party's. Columns:
    constituency_code, party, derived_2019_share (0-100).
    """
    usable = candidates[candidates["change"].notna() & (candidates["party"] != "Ind")]
    derived = usable.assign(derived_2019_share=(usable["share"] - usable["change"]).round(4))
    derived["derived_2019_share"] = derived["derived_2019_share"].clip(lower=0)
    return derived[["constituency_code", "party", "derived_2019_share"]].reset_index(drop=True)


def seat_votes_check(candidates: pd.DataFrame, constituencies: pd.DataFrame) -> pd.Series:
    """Codes of seats whose candidate votes do not add up to the declared valid votes."""
    totals = candidates.groupby("constituency_code")["votes"].sum()
    declared = constituencies.set_index("constituency_code")["valid_votes"]
    mismatch = totals.reindex(declared.index) != declared
    return pd.Series(np.asarray(declared.index[mismatch.fillna(True).to_numpy()]))
