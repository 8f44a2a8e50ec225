"""Who lives in each seat: deprivation, the Leave estimate, child poverty and age.

Four published files keyed by PCON24 code (under different column names); each reader
returns one row per seat keyed by ``constituency_code``, with units in the column names.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from targets.data import sources
from targets.data.csv_files import read_csv_bytes

CONTEXT_COLUMNS: tuple[str, ...] = (
    "deprivation_score",
    "deprivation_decile",
    "leave_pct",
    "child_poverty_pct",
    "two_child_limit_pct",
    "population",
    "median_age",
    "age_18_29_pct",
    "age_65_plus_pct",
)
OLDEST_SINGLE_AGE = 90  # the file's last column is "90+"

# context measures: the label people see and one line on what the figure is
CONTEXT_LABELS: dict[str, str] = {
    "deprivation_score": "Deprivation score",
    "deprivation_decile": "Deprivation decile",
    "leave_pct": "Leave 2016 (est.) %",
    "child_poverty_pct": "Children in poverty %",
    "two_child_limit_pct": "Two-child limit %",
    "population": "Population",
    "median_age": "Median age",
    "age_18_29_pct": "Aged 18–29 %",
    "age_65_plus_pct": "Aged 65+ %",
}
CONTEXT_EXPLANATIONS: dict[str, str] = {
    "deprivation_score": "mySociety's UK-wide composite index of multiple deprivation: "
    "higher is more deprived",
    "deprivation_decile": "tenth of seats by deprivation: 1 is the most deprived tenth, 10 the "
    "least",
    "leave_pct": "estimated share voting Leave in the 2016 EU referendum (Great Britain only)",
    "child_poverty_pct": "children living in poverty, after housing costs",
    "two_child_limit_pct": "children in families affected by the two-child benefit limit",
    "population": "people living in the seat, mid-2022",
    "median_age": "half the people are younger than this, half older (mid-2022)",
    "age_18_29_pct": "share of the population aged 18 to 29 (mid-2022)",
    "age_65_plus_pct": "share of the population aged 65 or over (mid-2022)",
}


def _read(name: str, path: Path | None) -> pd.DataFrame:
    source = sources.source_named(name)
    path = path or sources.data_path(name)
    return read_csv_bytes(Path(path).read_bytes(), source.header)


def _number(series: pd.Series) -> pd.Series:
    return pd.to_numeric(series.str.replace(",", "", regex=False), errors="coerce")


def load_deprivation(path: Path | None = None) -> pd.DataFrame:
    """MySociety's composite deprivation score and decile (1 = the most deprived tenth)."""
    raw = _read("deprivation", path)
    return pd.DataFrame(
        {
            "deprivation_score": _number(raw["parl25-deprivation-score"]).round(2).to_numpy(),
            "deprivation_decile": _number(raw["parl25-imd-pop-decile"]).astype("Int64").to_numpy(),
        },
        index=pd.Index(raw["PCON24CD"], name="constituency_code"),
    )


def load_leave_estimates(path: Path | None = None) -> pd.DataFrame:
    """Estimated 2016 Leave share, in % (Great Britain only: Northern Ireland has none)."""
    raw = _read("eu_referendum", path)
    return pd.DataFrame(
        {"leave_pct": (_number(raw["LeavePct"]) * 100).round(1).to_numpy()},
        index=pd.Index(raw["gss_code"], name="constituency_code"),
    )


def load_child_poverty(path: Path | None = None) -> pd.DataFrame:
    """Children in poverty and children affected by the two-child limit, in %."""
    raw = _read("child_poverty", path)
    return pd.DataFrame(
        {
            "child_poverty_pct": _number(
                raw["Percentage of children living in poverty"]
            ).to_numpy(),
            "two_child_limit_pct": _number(
                raw["Percentage of children affected by two-child limit"]
            ).to_numpy(),
        },
        index=pd.Index(raw["PCON24CD"], name="constituency_code"),
    )


def age_measures(by_age: pd.DataFrame) -> pd.DataFrame:
    """Population, median age and the shares aged 18-29 and 65+ from single years of age.

    Args:
        by_age: one row per seat, columns ``0`` … ``89`` and ``90+`` (people of that age).

    Returns:
        ``population``, ``median_age`` (years, interpolated within the year of age in which
        the middle person falls; ``90+`` counted as 90), ``age_18_29_pct`` and
        ``age_65_plus_pct`` (% of everyone).
    """
    ages = [str(age) for age in range(OLDEST_SINGLE_AGE)] + [f"{OLDEST_SINGLE_AGE}+"]
    counts = by_age[ages].to_numpy(dtype="float64")
    total = counts.sum(axis=1)
    cumulative = counts.cumsum(axis=1)
    half = total / 2
    year = (cumulative < half[:, None]).sum(axis=1)  # the year of age holding the middle
    before = np.where(year > 0, cumulative[np.arange(len(year)), year - 1], 0.0)
    within = counts[np.arange(len(year)), year]
    median = year + np.divide(half - before, within, out=np.zeros_like(half), where=within > 0)
    adults_18_29 = counts[:, 18:30].sum(axis=1)
    over_65 = counts[:, 65:].sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return pd.DataFrame(
            {
                "population": total.astype("int64"),
                "median_age": np.round(median, 1),
                "age_18_29_pct": np.round(adults_18_29 / total * 100, 1),
                "age_65_plus_pct": np.round(over_65 / total * 100, 1),
            },
            index=by_age.index,
        )


def load_age_measures(path: Path | None = None) -> pd.DataFrame:
    """:func:`age_measures` of the ONS mid-2022 population by single year of age."""
    raw = _read("population", path).set_index("PCON24CD")
    raw.index.name = "constituency_code"
    ages = [str(age) for age in range(OLDEST_SINGLE_AGE)] + [f"{OLDEST_SINGLE_AGE}+"]
    return age_measures(raw[ages].apply(_number))


def load_seat_context() -> pd.DataFrame:
    """Every context measure, one row per seat (``CONTEXT_COLUMNS``), keyed by seat code."""
    parts = [load_deprivation(), load_leave_estimates(), load_child_poverty(), load_age_measures()]
    return pd.concat(parts, axis=1)[list(CONTEXT_COLUMNS)]
