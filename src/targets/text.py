"""Comparing names as people write them: accents, case, '&' and 'and', punctuation, spaces."""

from __future__ import annotations

import re
import unicodedata

# Text a spreadsheet runs as a formula starts with one of these; exports put an apostrophe
# before such text (``targets.views.export``) and reading takes it off again.
FORMULA_PREFIXES: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")
_GUARDED = re.compile(r"'(?=[=+\-@])")


def without_formula_guard(text: str) -> str:
    """Text as it was before an export neutralised it: "'=SUM(A1)" is "=SUM(A1)" again."""
    return text[1:] if _GUARDED.match(text) else text


def fold_text(text: object) -> str:
    """Text reduced for comparing: accents dropped, case folded, spaces collapsed.

    "  Ynys  MÔN " becomes "ynys mon".
    """
    ascii_text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    return " ".join(ascii_text.casefold().split())


def normalise_seat_name(name: object) -> str:
    """A seat name reduced for comparison: case, accents, '&'/'and', punctuation, spaces."""
    folded = fold_text(name).replace("&", " and ")
    folded = re.sub(r"[^a-z0-9]+", " ", folded)
    return re.sub(r"\s+", " ", folded).strip()


def normalise_person_name(name: object) -> str:
    """A person's name reduced for comparison: case, accents, punctuation, spaces."""
    folded = re.sub(r"[^a-z0-9]+", " ", fold_text(name))
    return re.sub(r"\s+", " ", folded).strip()


def ordinal(number: int) -> str:
    """1 -> "1st", 2 -> "2nd", 11 -> "11th", 23 -> "23rd"."""
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10)
    return f"{number}{suffix or 'th'}"
