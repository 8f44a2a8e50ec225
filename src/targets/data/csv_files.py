"""Reading messy spreadsheet text: encodings, preambles, mojibake and stray spaces."""

from __future__ import annotations

import io

import ftfy
import pandas as pd

ENCODINGS: tuple[str, ...] = ("utf-8-sig", "cp1252")


def decode_bytes(raw: bytes) -> tuple[str, str]:
    """Decode file bytes as UTF-8 (with or without BOM), else cp1252, and repair mojibake.

    Returns:
        The text and the name of the encoding used ("utf-8", "utf-8-sig" or "cp1252").

    Raises:
        UnicodeDecodeError: the bytes are neither UTF-8 nor cp1252.
    """
    for encoding in ENCODINGS:
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            if encoding == ENCODINGS[-1]:
                raise
            continue
        if encoding == "utf-8-sig" and not raw.startswith(b"\xef\xbb\xbf"):
            encoding = "utf-8"
        return ftfy.fix_text(text, normalization="NFC"), encoding
    raise AssertionError("unreachable")  # pragma: no cover


def strip_preamble(text: str, header_starts_with: str) -> str:
    """Drop any title or note lines before the header row that begins with the given text."""
    lines = text.splitlines(keepends=True)
    for index, line in enumerate(lines):
        if line.lstrip('\ufeff"').startswith(header_starts_with):
            return "".join(lines[index:])
    raise ValueError(f"no header row starting with {header_starts_with!r}")


def strip_text_cells(frame: pd.DataFrame) -> pd.DataFrame:
    """Trim surrounding white space from column names and every text cell; blanks become NA."""
    frame = frame.rename(columns=lambda name: str(name).strip())
    for column in frame.columns:
        series = frame[column]
        if pd.api.types.is_string_dtype(series) or series.dtype == object:
            stripped = series.astype("string").str.strip()
            frame[column] = stripped.mask(stripped == "")
    return frame


def read_csv_bytes(raw: bytes, header_starts_with: str, **read_csv_args) -> pd.DataFrame:
    """Parse a published CSV however it was saved: BOM, cp1252, preamble, mojibake, spaces."""
    text, _ = decode_bytes(raw)
    text = strip_preamble(text, header_starts_with)
    frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, **read_csv_args)
    return strip_text_cells(frame)
