"""Postcodes as text: the form of a real UK postcode, one spelling, and sortable int keys."""

from __future__ import annotations

import re
from collections.abc import Iterable

import numpy as np

# The pattern of a full UK postcode (the outward code, a space, the inward code), after
# upper-casing and putting one space before the last three characters. Letters that are
# never used in a position are left out, as in the government's data standard.
POSTCODE_PATTERN = re.compile(
    r"^(?:GIR 0AA|"
    r"(?:[A-PR-UWYZ][0-9][0-9]?"  # A9, A99
    r"|[A-PR-UWYZ][A-HK-Y][0-9][0-9]?"  # AA9, AA99
    r"|[A-PR-UWYZ][0-9][A-HJKPSTUW]"  # A9A
    r"|[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY])"  # AA9A
    r" [0-9][ABD-HJLNP-UW-Z]{2})$"
)
_WHITESPACE = re.compile(r"\s+")
_SYMBOLS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_SYMBOL_VALUE = np.zeros(256, dtype=np.int64)
for _value, _char in enumerate(_SYMBOLS, start=1):
    _SYMBOL_VALUE[ord(_char)] = _value


def normalise_postcode(text: object) -> str:
    """A postcode as the index spells it: upper case, one space before the last three.

    Whatever is typed ("ig11ag", " IG1  1AG ") comes out the same ("IG1 1AG"). Text too
    short to hold an inward code comes back upper-cased with its spaces removed.
    """
    compact = _WHITESPACE.sub("", str(text)).upper()
    if len(compact) < 5:
        return compact
    return f"{compact[:-3]} {compact[-3:]}"


def is_postcode(normalised: str) -> bool:
    """Whether a normalised postcode has the form of a real one (not whether it exists)."""
    return POSTCODE_PATTERN.match(normalised) is not None


def postcode_keys(normalised: Iterable[str]) -> np.ndarray:
    """Int64 keys for normalised postcodes: the outward code padded to 4, then the inward.

    Each of the 7 symbols is a base-37 digit (0 pads, 1-10 digits, 11-36 letters), so keys
    sort and compare as the postcodes do. Text that is not a postcode gets some key too:
    check :func:`is_postcode` first.
    """
    padded = [_pad(code) for code in normalised]
    if not padded:
        return np.zeros(0, dtype=np.int64)
    raw = np.frombuffer("".join(padded).encode("ascii", "replace"), dtype=np.uint8)
    digits = _SYMBOL_VALUE[raw.reshape(-1, 7)]
    weights = 37 ** np.arange(6, -1, -1, dtype=np.int64)
    return digits @ weights


def _pad(code: str) -> str:
    outward, _, inward = code.partition(" ")
    return (outward[:4].ljust(4, "\0") + inward[:3].ljust(3, "\0"))[:7]
