"""Numeric conditions on seat columns, as people write them: ``leave_pct>=55``.

A small, safe grammar (never ``eval``): a column name, one of ``< <= > >= = !=``, a number
(an optional ``%`` after it is ignored). A seat with no value for the column (``leave_pct``
in Northern Ireland) never passes a condition on it.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import pandas as pd

from targets.errors import BadInputError, UnknownChoiceError

_OPERATORS: dict[str, Callable[[pd.Series, float], pd.Series]] = {
    "<=": operator.le,
    ">=": operator.ge,
    "!=": operator.ne,
    "<": operator.lt,
    ">": operator.gt,
    "=": operator.eq,
}
_CONDITION = re.compile(
    r"^\s*(?P<column>[A-Za-z_][A-Za-z0-9_]*)\s*(?P<op><=|>=|!=|==|<|>|=)\s*"
    r"(?P<value>[-+]?(?:\d+(?:\.\d*)?|\.\d+))\s*%?\s*$"
)


@dataclass(frozen=True)
class Condition:
    """One comparison: ``column``, an operator from ``< <= > >= = !=`` and a number."""

    column: str
    op: str
    value: float

    def __str__(self) -> str:
        return f"{self.column} {self.op} {self.value:g}"

    def mask(self, frame: pd.DataFrame) -> pd.Series:
        """True for the rows that meet the condition (a missing value never does)."""
        values = pd.to_numeric(frame[self.column], errors="coerce").astype("float64")
        return (_OPERATORS[self.op](values, self.value) & values.notna()).astype(bool)


def numeric_columns(frame: pd.DataFrame) -> list[str]:
    """The columns a condition can name: the numeric ones (not true/false flags)."""
    return [
        str(column)
        for column, dtype in frame.dtypes.items()
        if pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype)
    ]


def parse_condition(text: str, columns: Iterable[str]) -> Condition:
    """Read ``"leave_pct>=55"`` against the columns that may be named.

    Raises:
        UnknownChoiceError: the column is not one of ``columns`` (the message lists them).
        BadInputError: the text is not COLUMN, an operator and a number.
    """
    columns = list(columns)
    found = _CONDITION.match(str(text))
    if not found:
        raise BadInputError(
            f"cannot read condition {text!r}: write COLUMN OP NUMBER, e.g. leave_pct>=55 "
            "(OP one of < <= > >= = !=)"
        )
    column = found["column"].lower()
    if column not in columns:
        raise UnknownChoiceError("column", found["column"], columns)
    op = "=" if found["op"] == "==" else found["op"]
    return Condition(column, op, float(found["value"]))


def split_conditions(
    texts: Iterable[str], first_columns: Iterable[str]
) -> tuple[list[str], list[str]]:
    """Conditions naming one of ``first_columns``, and the rest (to apply to another table).

    ``targets battleground`` filters the seats by seat columns (``leave_pct>=55``) and
    then its target list by the list's own columns (``swing_needed<5``).
    """
    first = set(first_columns)
    named, rest = [], []
    for text in texts:
        found = _CONDITION.match(str(text))
        column = found["column"].lower() if found else None
        (named if column in first else rest).append(text)
    return named, rest


def meets_all(frame: pd.DataFrame, conditions: Iterable[Condition]) -> pd.Series:
    """True for the rows that meet every condition."""
    mask = pd.Series(True, index=frame.index)
    for condition in conditions:
        mask &= condition.mask(frame)
    return mask
