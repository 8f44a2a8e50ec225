"""Plain values for JSON: pandas and numpy missing values and scalars made ordinary Python."""

from __future__ import annotations

import numpy as np
import pandas as pd


def json_value(value: object) -> object:
    """A JSON-ready Python value: NA, NaT and NaN become None; numpy scalars unwrapped."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and np.isnan(value):
        return None
    return value
