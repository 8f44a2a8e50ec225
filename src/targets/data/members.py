"""The sitting MPs: one row per seat from the UK Parliament's list (via DfE's mp-lookup).

The published file is a snapshot that changes with every by-election, defection and whip
decision; ``sources.source_named("members").as_of`` says which day this copy describes.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from targets.data import sources
from targets.data.csv_files import read_csv_bytes
from targets.errors import DataError
from targets.parties import INDEPENDENT, resolve_party

MEMBER_COLUMNS: tuple[str, ...] = (
    "constituency_code",
    "member_id",
    "current_mp",
    "current_party",
    "current_party_name",
)


def load_members(registry: pd.DataFrame, path: Path | None = None) -> pd.DataFrame:
    """The sitting MP of each seat: code, Parliament member id, name, party.

    ``current_party`` is the registry abbreviation ("Labour (Co-op)" is ``Lab``, an MP
    without a party ``Ind``); ``current_party_name`` is the name Parliament gives.

    Raises:
        DataError: a party name the registry does not know (add it to ``parties``).
    """
    path = path or sources.data_path("members")
    raw = read_csv_bytes(Path(path).read_bytes(), "pcon_name")
    names = raw["party_text"].fillna("Independent")
    resolved = {name: resolve_party(name, registry) for name in names.unique()}
    unknown = sorted(name for name, party in resolved.items() if party is None)
    if unknown:
        raise DataError(f"members/mp_lookup.csv: parties not in the registry: {unknown}")
    return pd.DataFrame(
        {
            "constituency_code": raw["pcon_code"],
            "member_id": raw["member_id"].astype("string"),
            "current_mp": raw["display_as"],
            "current_party": names.map(resolved).fillna(INDEPENDENT),
            "current_party_name": names,
        }
    )[list(MEMBER_COLUMNS)]
