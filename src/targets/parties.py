"""Party registry: House of Commons Library abbreviations, display names and colours.

Independents share the abbreviation ``Ind`` but are never one party: wherever candidates in
a seat are compared, each independent is compared as the person they are.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from targets.text import fold_text

INDEPENDENT = "Ind"
OTHER_COLOUR = "#B0B0B0"
UNFILTERED_GREY = "#E4E4E4"

# abbreviation, display name, colour (conventional colours as used by the Commons Library
# and broadcasters, some moved in lightness so parties seen side by side stay apart, for
# colour-blind viewers too: Plaid Cymru a lighter green than Sinn Féin, the SDLP a light
# green beside the Greens, independents a mid grey apart from the pale "outside the
# filters" grey; checked by CIEDE2000 in tests/unit/test_party_colours.py).
_KNOWN_PARTIES: tuple[tuple[str, str, str], ...] = (
    ("Lab", "Labour", "#E4003B"),
    ("Con", "Conservative", "#0087DC"),
    ("LD", "Liberal Democrat", "#FAA61A"),
    ("RUK", "Reform UK", "#12B6CF"),
    ("Green", "Green", "#02A95B"),
    ("SNP", "Scottish National Party", "#FFF9B0"),
    ("PC", "Plaid Cymru", "#3F8428"),
    ("SF", "Sinn Féin", "#326760"),
    ("DUP", "Democratic Unionist Party", "#D46A4C"),
    ("SDLP", "Social Democratic and Labour Party", "#7EEC7B"),
    ("UUP", "Ulster Unionist Party", "#7FC3F4"),
    ("APNI", "Alliance", "#F6CB2F"),
    ("TUV", "Traditional Unionist Voice", "#0C3A6A"),
    ("WPB", "Workers Party of Britain", "#9B1C2E"),
    ("Ind", "Independent", "#8C8C8C"),
    ("Spk", "Speaker", "#505050"),
    ("SDP", "Social Democratic Party", "#004D86"),
    ("Alba", "Alba Party", "#005EB8"),
    ("PBPA", "People Before Profit Alliance", "#9E1B32"),
    ("INet", "Independent Network", "#C4C4C4"),
    ("NIP", "Newham Independents Party", "#A7A7A7"),
    ("Yrks", "The Yorkshire Party", "#00A0D6"),
    ("TUSC", "Trade Unionist and Socialist Coalition", "#EC008C"),
    ("UKIP", "UK Independence Party", "#70147A"),
    ("AONT", "Aontú", "#44532A"),
    # parties with MPs since July 2024 that did not stand then
    ("YP", "Your Party", "#7B1FA2"),
    ("RB", "Restore Britain", "#6D73A7"),
)

# Other names people use for registered parties (lower-cased, accents stripped).
_ALIASES: dict[str, str] = {
    "labour and co-operative": "Lab",
    "labour co-operative": "Lab",
    "labour party": "Lab",
    "lab co-op": "Lab",
    "conservative and unionist": "Con",
    "conservative and unionist party": "Con",
    "conservatives": "Con",
    "tory": "Con",
    "tories": "Con",
    "liberal democrats": "LD",
    "lib dem": "LD",
    "lib dems": "LD",
    "reform": "RUK",
    "green party": "Green",
    "scottish green party": "Green",
    "scottish greens": "Green",
    "green party of england and wales": "Green",
    "grn": "Green",
    "greens": "Green",
    "plaid": "PC",
    "sinn fein": "SF",
    "alliance party": "APNI",
    "alliance party of northern ireland": "APNI",
    "workers party": "WPB",
    "independent": "Ind",
    "independents": "Ind",
    "ind.": "Ind",
    "speaker seeking re-election": "Spk",
    "labour (co-op)": "Lab",
    "social democratic & labour party": "SDLP",
}


def build_party_registry(candidates: pd.DataFrame | None = None) -> pd.DataFrame:
    """Registry of parties keyed by abbreviation: ``party``, ``party_name``, ``colour``.

    Parties found in ``candidates`` (columns ``party``, ``party_name``) but not in the
    known list are added under their own name in a neutral grey.
    """
    known = pd.DataFrame(_KNOWN_PARTIES, columns=["party", "party_name", "colour"])
    if candidates is None or candidates.empty:
        return known.set_index("party", drop=False)
    seen = (
        candidates.groupby("party", sort=False)
        .agg(party_name=("party_name", "first"), votes=("votes", "sum"))
        .reset_index()
        .sort_values("votes", ascending=False)
    )
    extra = seen.loc[~seen["party"].isin(known["party"]), ["party", "party_name"]]
    extra = extra.assign(colour=OTHER_COLOUR)
    registry = pd.concat([known, extra], ignore_index=True)
    return registry.set_index("party", drop=False)


def party_names(registry: pd.DataFrame) -> dict[str, str]:
    """Abbreviation -> full name for every party in the registry."""
    return dict(zip(registry["party"], registry["party_name"], strict=True))


def party_label(registry: pd.DataFrame) -> Callable[[str], str]:
    """A labeller for choices: "Lab" -> "Lab · Labour" (unknown parties as given)."""
    names = party_names(registry)
    return lambda party: f"{party} · {names.get(party, party)}"


def colour_map(registry: pd.DataFrame | None = None) -> dict[str, str]:
    """Abbreviation -> colour for every party in the registry."""
    registry = registry if registry is not None else build_party_registry()
    return dict(zip(registry["party"], registry["colour"], strict=True))


def resolve_party(text: str, registry: pd.DataFrame) -> str | None:
    """Abbreviation for a party given by abbreviation, name or alias (case-insensitive).

    Returns None when nothing matches.
    """
    folded = fold_text(text)
    if not folded:
        return None
    for party, name in zip(registry["party"], registry["party_name"], strict=True):
        if folded in (fold_text(party), fold_text(name)):
            return str(party)
    alias = _ALIASES.get(folded)
    if alias and alias in registry.index:
        return alias
    return None
