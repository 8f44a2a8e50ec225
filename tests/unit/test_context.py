"""Age measures from single years of age, on a hand-made row."""

import pandas as pd
import pytest

from targets.data.context import age_measures

AGES = [str(age) for age in range(90)] + ["90+"]


def one_seat(counts: dict[str, int]) -> pd.DataFrame:
    row = {age: 0 for age in AGES} | counts
    return pd.DataFrame([row], index=pd.Index(["E1"], name="constituency_code"))


def test_shares_and_population():
    measures = age_measures(one_seat({"10": 100, "20": 100, "29": 100, "70": 100, "90+": 100}))
    row = measures.loc["E1"]
    assert row["population"] == 500
    assert row["age_18_29_pct"] == pytest.approx(40.0)
    assert row["age_65_plus_pct"] == pytest.approx(40.0)


def test_median_is_interpolated_within_the_year_of_age():
    # 100 people aged 30 and 100 aged 40: the middle person is the last of the 30-year-olds
    assert age_measures(one_seat({"30": 100, "40": 100})).loc["E1", "median_age"] == 31.0
    # 50 aged 20, 100 aged 30: half (75) falls a quarter of the way into age 30
    assert age_measures(one_seat({"20": 50, "30": 100})).loc["E1", "median_age"] == 30.2
