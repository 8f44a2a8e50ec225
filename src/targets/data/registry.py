"""The registry of every data file the project needs, and what "valid" means for each.

Each entry says where the file lives, where it is published, its licence and attribution
and its sha256.

``targets.data.sources`` fetches and checks them; nothing here touches a file.
"""

from __future__ import annotations

from dataclasses import dataclass, field

EXPECTED_SEATS = 650


@dataclass(frozen=True)
class DataSource:
    """One file the project needs: where it lives, where it comes from, what valid means."""

    name: str
    path: str
    url: str
    title: str
    licence: str
    attribution: str
    sha256: str
    kind: str  # "csv", "geojson", "topojson", "hexjson" or "zip" (Code-Point Open)
    code_field: str = "PCON24CD"
    required_columns: tuple[str, ...] = field(default_factory=tuple)
    header_starts_with: str | None = None  # the header row's first cell, if not code_field
    expected_codes: int | None = EXPECTED_SEATS  # distinct codes; None: not keyed by seat
    min_rows: int = 1  # for files not keyed by seat: at least this many rows
    as_of: str = ""  # the date the published file describes, for files that change

    @property
    def header(self) -> str:
        """The text the header row starts with (after any BOM or quote)."""
        return self.header_starts_with or self.code_field


ONS_ATTRIBUTION = (
    "Source: Office for National Statistics licensed under the Open Government Licence v.3.0. "
    "Contains OS data © Crown copyright and database right 2024."
)
HOC_ATTRIBUTION = (
    "House of Commons Library, General election 2024 results (CBP-10009). "
    "Contains Parliamentary information licensed under the Open Parliament Licence v3.0."
)
_HOC_BASE = "https://researchbriefings.files.parliament.uk/documents/CBP-10009/"
_ONS_SERVICE = (
    "https://services1.arcgis.com/ESMARspQHYMw9BZ9/arcgis/rest/services/"
    "Westminster_Parliamentary_Constituencies_July_2024_Boundaries_UK_{res}/FeatureServer/0/"
    "query?where=1%3D1&outFields=PCON24CD,PCON24NM&outSR=4326&f=geojson"
)

_OI_BASE = "https://raw.githubusercontent.com/open-innovations/constituencies/main/"

SOURCES: tuple[DataSource, ...] = (
    DataSource(
        name="boundaries_buc",
        path="boundaries/PCON_JULY_2024_UK_BUC.geojson",
        url=_ONS_SERVICE.format(res="BUC"),
        title="Westminster Parliamentary Constituencies (July 2024) Boundaries UK BUC",
        licence="Open Government Licence v3.0",
        attribution=ONS_ATTRIBUTION,
        sha256="b0186fbdb96fabf8915e09a4aa1314d7a6eaaaaa1803093dae1091a97a5de8f6",
        kind="geojson",
    ),
    DataSource(
        name="boundaries_bgc",
        path="boundaries/PCON_JULY_2024_UK_BGC.topojson",
        url=_ONS_SERVICE.format(res="BGC"),
        title="Westminster Parliamentary Constituencies (July 2024) Boundaries UK BGC",
        licence="Open Government Licence v3.0",
        attribution=ONS_ATTRIBUTION,
        sha256="b2a8d34a6a5d765c858842f6d8963865c128abace4646b3b5794aa230ae598af",
        kind="topojson",
    ),
    DataSource(
        name="hexjson",
        path="boundaries/uk-constituencies-2024.hexjson",
        url="https://constituencies.open-innovations.org/assets/hexjson/uk-constituencies-2024.hexjson",
        title="UK constituencies 2024 hex cartogram (HexJSON)",
        licence="Open Innovations constituency hex map (see source)",
        attribution="Hex layout: Open Innovations (formerly ODI Leeds).",
        sha256="7a99cbd2f9574ee7e3fcb55a106189b7342d35c899e96554f51c06b6c73469d0",
        kind="hexjson",
    ),
    DataSource(
        name="results_candidates",
        path="results/HoC-GE2024-results-by-candidate.csv",
        url=_HOC_BASE + "HoC-GE2024-results-by-candidate.csv",
        title="General election 2024 results by candidate",
        licence="Open Parliament Licence v3.0",
        attribution=HOC_ATTRIBUTION,
        sha256="2e06832dbeb5ddbea940ea841211c608950ab9d4819379d5669b6cd583182dc7",
        kind="csv",
        code_field="ONS ID",
        required_columns=("ONS ID", "Party abbreviation", "Votes", "Share", "Change"),
    ),
    DataSource(
        name="results_constituencies",
        path="results/HoC-GE2024-results-by-constituency.csv",
        url=_HOC_BASE + "HoC-GE2024-results-by-constituency.csv",
        title="General election 2024 results by constituency",
        licence="Open Parliament Licence v3.0",
        attribution=HOC_ATTRIBUTION,
        sha256="041e5e52442391d29b38b6d830e7f4a192a098fc1d2824a33243cd0817fc1546",
        kind="csv",
        code_field="ONS ID",
        required_columns=("ONS ID", "Electorate", "Valid votes", "Invalid votes", "Majority"),
    ),
    DataSource(
        name="notional_2019",
        path="results/GE2019-notional-winners.csv",
        url="https://constituencies.open-innovations.org/assets/data/GE2019-notional-winners.csv",
        title="2019 notional results on the 2024 boundaries (winners)",
        licence="Rallings and Thrasher notional results, republished by Open Innovations",
        attribution="2019 notional results: Rallings and Thrasher, via Open Innovations.",
        sha256="374428a8b434c662123f129e69dba38aca179debf72efd9607ae3acc075fcbed",
        kind="csv",
        code_field="PCON24CD",
        required_columns=("PCON24CD", "GE 2019 Party", "GE 2019 Majority"),
    ),
    DataSource(
        name="members",
        path="members/mp_lookup.csv",
        url=(
            "https://raw.githubusercontent.com/dfe-analytical-services/mp-lookup/"
            "refs/heads/main/mp_lookup.csv"
        ),
        title="Sitting MPs by constituency (UK Parliament Members API, via DfE mp-lookup)",
        licence="Open Parliament Licence v3.0",
        attribution=(
            "Sitting MPs: UK Parliament Members API, compiled by the Department for "
            "Education's mp-lookup. Contains Parliamentary information licensed under the "
            "Open Parliament Licence v3.0."
        ),
        sha256="dfbea4aefa00ee389082fac728887528c62e2dbf6fc6a89a310af404b1f463fb",
        kind="csv",
        code_field="pcon_code",
        header_starts_with="pcon_name",
        required_columns=("pcon_code", "member_id", "display_as", "party_text"),
        as_of="27 June 2026",
    ),
    DataSource(
        name="polls",
        path="polls/polling_context.csv",
        url="https://raw.githubusercontent.com/TimSHGH/plp-sim/main/data/manual/polling_context.csv",
        title="GB voting-intention polls, 2025-26 (from Wikipedia's polling tables)",
        licence="CC BY-SA 4.0 (Wikipedia); cite the pollster of each poll",
        attribution=(
            "Polls: Wikipedia, 'Opinion polling for the next United Kingdom general "
            "election' (CC BY-SA 4.0), compiled by TimSHGH/plp-sim; each poll's pollster "
            "and source as linked."
        ),
        sha256="6fef163bcfe98e9dfe20e6ee07b2e45f4d754462e9942b134e353c3f2594c79d",
        kind="csv",
        code_field="pollster",
        required_columns=("pollster", "fieldwork_end", "labour", "conservative", "source_url"),
        expected_codes=None,
        min_rows=50,
    ),
    DataSource(
        name="deprivation",
        path="context/parl25_imd.csv",
        url=_OI_BASE + "src/themes/society/imd/_data/release/parl25_imd.csv",
        title="Deprivation: mySociety's UK-wide composite index of multiple deprivation",
        licence="CC BY 4.0",
        attribution=(
            "Deprivation: mySociety's composite UK index of multiple deprivation, "
            "republished by Open Innovations (CC BY 4.0)."
        ),
        sha256="c3b62eb0d641ebdc23e8f835fdb77e96db537cc5bfaea92fab66e72de6210f7b",
        kind="csv",
        header_starts_with="parl25",
        required_columns=("PCON24CD", "parl25-deprivation-score", "parl25-imd-pop-decile"),
    ),
    DataSource(
        name="eu_referendum",
        path="context/eu_referendum_2024_boundaries.csv",
        url=_OI_BASE + "src/_data/sources/society/eu_referendum_2024_boundaries.csv",
        title="Estimated 2016 EU referendum Leave share on the 2024 boundaries (Great Britain)",
        licence="CC BY 4.0 (Open Innovations)",
        attribution=(
            "Leave estimates: Chris Hanretty's estimates on the 2024 boundaries, "
            "republished by Open Innovations (CC BY 4.0)."
        ),
        sha256="e792af3ae3436ad377bcc34ba3ae9cb4765d368e661b16980322333bc0b96bcf",
        kind="csv",
        code_field="gss_code",
        header_starts_with="Constituen",
        required_columns=("gss_code", "LeavePct"),
        expected_codes=632,  # Great Britain: no estimates for Northern Ireland
    ),
    DataSource(
        name="child_poverty",
        path="context/child_poverty_2024.csv",
        url=_OI_BASE + "src/themes/society/child-poverty/_data/child_poverty_2024.csv",
        title="Children in poverty and affected by the two-child limit (2024)",
        licence="CC BY 4.0 (Open Innovations)",
        attribution=(
            "Child poverty: End Child Poverty / DWP figures, republished by Open "
            "Innovations (CC BY 4.0)."
        ),
        sha256="e075841e5088fc9e579c16a6d142be48b6e0f1cccb590c1063a9b9f655567d3c",
        kind="csv",
        header_starts_with="Region",
        required_columns=(
            "PCON24CD",
            "Percentage of children living in poverty",
            "Percentage of children affected by two-child limit",
        ),
    ),
    DataSource(
        name="population",
        path="context/population_2022.csv",
        url=_OI_BASE + "src/themes/society/population/_data/population_2022.csv",
        title="Population by single year of age, mid-2022",
        licence="Open Government Licence v3.0 (ONS)",
        attribution=(
            "Population: ONS mid-2022 estimates for the 2024 constituencies, republished "
            "by Open Innovations. Contains public sector information licensed under the "
            "Open Government Licence v3.0."
        ),
        sha256="4775c175781b53d132dd8b558d592008481ee9b835af7573f33445b795d398f5",
        kind="csv",
        required_columns=("PCON24CD", "0", "90+", "total"),
    ),
    DataSource(
        name="postcodes",
        path="postcodes/codepo_gb.zip",
        url=(
            "https://api.os.uk/downloads/v1/products/CodePointOpen/downloads"
            "?area=GB&format=CSV&redirect"
        ),
        title="OS Code-Point Open: every postcode in Great Britain",
        licence="Open Government Licence v3.0",
        attribution=(
            "Contains OS data © Crown copyright and database right 2023. Contains Royal Mail "
            "data © Royal Mail copyright and database right 2023. Contains GeoPlace data © "
            "Local Government Information House Limited copyright and database right 2023."
        ),
        sha256="17e2c691b999edcfd356bcef1e2d17cd14a4bacc3994af195a73e7199151578d",
        kind="zip",  # Data/CSV/<area>.csv without headers; the header is in Doc/
        code_field="Postcode",
        required_columns=("Postcode", "Eastings", "Northings"),
        expected_codes=None,
        min_rows=1_000_000,
    ),
)


def source_named(name: str) -> DataSource:
    """Return the registered source called ``name``."""
    for source in SOURCES:
        if source.name == name:
            return source
    raise KeyError(f"no data source named {name!r}; known: {', '.join(s.name for s in SOURCES)}")


MEMBERS_AS_OF = source_named("members").as_of  # the date of the sitting MPs' list, in words
