"""Reading messy spreadsheet text: encodings, preambles, mojibake and stray spaces."""

from __future__ import annotations

import io
import re

import ftfy
import pandas as pd

ENCODINGS: tuple[str, ...] = ("utf-8-sig", "cp1252")
# Plain ASCII that ftfy leaves alone: no "&" (an entity), escape or control character but
# tab, line feed and form feed (checked against every ASCII character in the tests).
PLAIN_ASCII = re.compile(r"[\t\n\x0c\x20-\x25\x27-\x7e]*")
_LINE = re.compile(r"[^\n]+\n?|\n")


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
        return repair_text(text), encoding
    raise AssertionError("unreachable")  # pragma: no cover


def repair_text(text: str) -> str:
    """``ftfy.fix_text(text, normalization="NFC")``, with only the lines that need it sent to ftfy.

    ftfy fixes a text line by line, and a line of plain ASCII (:data:`PLAIN_ASCII`) comes
    back as it went in, but for a Windows line end. Most lines of a published CSV are
    plain, so this is the same text in a fraction of the time (a property test compares
    the two). ftfy stops unescaping HTML entities after the first line holding a "<";
    so does this.
    """
    config = ftfy.TextFixerConfig(normalization="NFC", explain=False)
    repaired: list[str] = []
    for found in _LINE.finditer(text):
        line = found.group()
        if len(line) > config.max_decode_length:
            repaired.append(ftfy.fix_text(line, config))
        elif PLAIN_ASCII.fullmatch(line):
            repaired.append(line)
        elif line.endswith("\r\n") and PLAIN_ASCII.fullmatch(line, 0, len(line) - 2):
            repaired.append(line[:-2] + "\n")
        else:
            repaired.append(ftfy.fix_text(line, config))
        if config.unescape_html == "auto" and "<" in line:
            config = config._replace(unescape_html=False)
    return "".join(repaired)


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
