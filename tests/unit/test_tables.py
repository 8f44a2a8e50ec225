"""Reading published CSVs however they were saved."""

import ftfy
import pandas as pd
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from targets.data.csv_files import (
    PLAIN_ASCII,
    decode_bytes,
    read_csv_bytes,
    repair_text,
    strip_preamble,
)

HEADER = "ONS ID,Constituency name,Constituency type,Candidate first name\n"
ROW = "E14001131,Bristol Central,County ,Áine\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_encodings(encoding):
    frame = read_csv_bytes((HEADER + ROW).encode(encoding), "ONS ID")
    assert frame.loc[0, "Candidate first name"] == "Áine"
    assert frame.loc[0, "Constituency type"] == "County"


def test_preamble_before_header():
    text = "General election 2024 results\n[Note 1] Share is a fraction\n" + HEADER + ROW
    frame = read_csv_bytes(text.encode(), "ONS ID")
    assert list(frame.columns)[0] == "ONS ID"
    assert len(frame) == 1


def test_mojibake_is_repaired():
    double_encoded = "Áine".encode().decode("latin-1").encode("utf-8")
    raw = HEADER.encode() + b"E14001131,Bristol Central,County," + double_encoded + b"\n"
    assert read_csv_bytes(raw, "ONS ID").loc[0, "Candidate first name"] == "Áine"


def test_reports_encoding():
    assert decode_bytes("Siân".encode("cp1252"))[1] == "cp1252"
    assert decode_bytes(b"\xef\xbb\xbfabc")[1] == "utf-8-sig"


def test_missing_header_is_an_error():
    with pytest.raises(ValueError, match="ONS ID"):
        strip_preamble("a,b\n1,2\n", "ONS ID")


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=40))
def test_any_name_round_trips_through_utf8(name):
    clean = name.replace(",", " ").replace('"', " ").replace("\n", " ").replace("\r", " ")
    assume(ftfy.fix_text(clean, normalization="NFC") == clean)  # text ftfy leaves alone
    raw = (HEADER + f"E14001131,x,County,{clean}\n").encode("utf-8")
    value = read_csv_bytes(raw, "ONS ID").loc[0, "Candidate first name"]
    if clean.strip():
        assert value == clean.strip()
    else:
        assert pd.isna(value)


# Pieces of text as published files hold them: plain ASCII, Windows line ends, entities
# beside and after a "<", mojibake, curly quotes, ligatures, control characters, accents.
PIECES = [
    "Bristol Central",
    ",",
    '"',
    "\n",
    "\r\n",
    "\r",
    "\t",
    "\x0c",
    "\x00",
    "\x1b[1m",
    "\x7f",
    "&amp;",
    "&",
    "<",
    ">",
    "Siân",
    "SiÃ¢n",
    "O’Brien",
    "ﬁ",
    "Ｆｕｌｌ",
    "e\u0301",
    "\u2028",
    "\x85",
    "\u00a0",
    "Ynys Môn",
    "â€™",
]


@given(st.lists(st.sampled_from(PIECES), max_size=30).map("".join))
def test_repairing_line_by_line_is_what_ftfy_does_to_the_whole_text(text):
    assert repair_text(text) == ftfy.fix_text(text, normalization="NFC")


@pytest.mark.parametrize("code", range(128))
def test_plain_ascii_lines_are_what_ftfy_leaves_alone(code):
    line = f"a{chr(code)}b{chr(code)}\n"
    fixed = ftfy.fix_text(line, normalization="NFC")
    if PLAIN_ASCII.fullmatch(line):
        assert fixed == line
    assert repair_text(line) == fixed
