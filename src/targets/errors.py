"""The two kinds of failure every surface reports: bad input and data that cannot be had.

The CLI exits 2 on :class:`BadInputError` and 1 on :class:`DataError`; the app shows
either as a message, never a traceback.
"""

from __future__ import annotations

from collections.abc import Iterable


class BadInputError(ValueError):
    """Something a person typed, chose or linked cannot be acted on; the message says why."""


class DataError(Exception):
    """A data file is missing, corrupted or cannot be fetched; the message says what to do."""


class UnknownChoiceError(BadInputError):
    """An option was given a value that does not exist; the message lists the valid ones."""

    def __init__(self, option: str, value: str, choices: Iterable[str]):
        self.option = option
        self.value = value
        self.choices = sorted({str(choice) for choice in choices})
        super().__init__(f"unknown {option} {value!r}; choose from: {', '.join(self.choices)}")
