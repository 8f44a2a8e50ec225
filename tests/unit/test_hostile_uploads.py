"""Hostile uploads: bomb workbooks, oversized files, and text that must survive a round trip.

Every bomb is built here, streamed into memory, and never committed. Each one must end in
one clear ``UploadError`` with Python memory bounded (``tracemalloc``'s peak); how fast
they are refused is measured by ``bench/uploads.py``, not asserted here.
"""

import io
import os
import struct
import tracemalloc
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from targets.data import candidates_file, saved_lists
from targets.data.candidates_file import NotSavedError, clean_text
from targets.endorsements import ENDORSEMENT_COLUMNS, load_endorsements
from targets.errors import BadInputError
from targets.parties import build_party_registry
from targets.uploads import limits, seat_matching
from targets.uploads.reading import UploadError, read_upload
from targets.uploads.report import IMPORTED, REJECTED, import_endorsements

SEATS = pd.Series(
    {
        "E14001131": "Bristol Central",
        "E14001300": "Ilford North",
        "W07000112": "Ynys Môn",
        "E14001260": "Hackney South and Shoreditch",
    },
    name="constituency_name",
)
REGISTRY = build_party_registry()
ROOT = Path(__file__).resolve().parents[2]
MEMORY_BOUND = 200 * 1024 * 1024
COLUMNS = ["constituency_code", "constituency_name", "candidate_name", "party", "group", "stance"]
ROW = ["E14001131", "Bristol Central", "Carla Denyer", "Green", "We Deserve Better", "support"]

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{RELATIONSHIPS}">'
    f'<Relationship Id="rId1" Type="{OFFICE}/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
WORKBOOK = (
    f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{OFFICE}">'
    '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{RELATIONSHIPS}">'
    f'<Relationship Id="rId1" Type="{OFFICE}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{OFFICE}/sharedStrings" Target="sharedStrings.xml"/>'
    "</Relationships>"
)
EMPTY_STRINGS = f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}"/>'


def column_letters(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def inline_row(number: int, cells: list[str], first_column: int = 1) -> str:
    xml = "".join(
        f'<c r="{column_letters(first_column + offset)}{number}" t="inlineStr">'
        f"<is><t>{value}</t></is></c>"
        for offset, value in enumerate(cells)
    )
    return f'<row r="{number}">{xml}</row>'


def sheet_xml(rows: str, dimension: str = "A1:XFD1048576", before_data: str = "") -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{before_data}<worksheet xmlns="{MAIN}">'
        f'<dimension ref="{dimension}"/><sheetData>{rows}</sheetData></worksheet>'
    )


def workbook(sheet: str, strings=EMPTY_STRINGS, extra_parts: int = 0, level: int = 6) -> bytes:
    """A minimal .xlsx written part by part; ``strings`` may be bytes chunks to stream."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
        if isinstance(strings, str):
            archive.writestr("xl/sharedStrings.xml", strings)
        else:
            with archive.open("xl/sharedStrings.xml", "w") as part:
                for chunk in strings:
                    part.write(chunk)
        for number in range(extra_parts):
            archive.writestr(f"xl/media/extra{number}.xml", "<x/>")
    return out.getvalue()


def streamed_strings(megabytes: int, letters: bytes | None = None):
    """A shared-strings part of ``megabytes`` MB, one huge string, streamed in 1 MB chunks.

    ``letters`` None: all "A" (compresses about 1000 to 1); else random bytes mapped
    onto two letters (about 7 to 1).
    """
    yield f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}"><si><t>'.encode()
    table = bytes(b"AB"[byte & 1] for byte in range(256))
    for _ in range(megabytes):
        yield b"A" * 2**20 if letters is None else os.urandom(2**20).translate(table)
    yield b"</t></si></sst>"


def with_declared_size(raw: bytes, name: str, size: int) -> bytes:
    """The archive with one part's declared unpacked size replaced (a lying zip)."""
    data = bytearray(raw)
    info = zipfile.ZipFile(io.BytesIO(raw)).getinfo(name)
    struct.pack_into("<I", data, info.header_offset + 22, size)  # the local header
    central = data.find(b"PK\x01\x02")
    while central != -1:  # the central directory, which readers believe
        length = struct.unpack_from("<H", data, central + 28)[0]
        if data[central + 46 : central + 46 + length].decode() == name:
            struct.pack_into("<I", data, central + 24, size)
            return bytes(data)
        central = data.find(b"PK\x01\x02", central + 46 + length)
    raise AssertionError(f"{name} is not in the central directory")


def refused(raw: bytes, filename: str = "upload") -> tuple[str, int]:
    """The UploadError message for ``raw``, and the peak Python memory used reading it."""
    tracemalloc.start()
    try:
        with pytest.raises(UploadError) as refusal:
            read_upload(raw, filename)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return str(refusal.value), peak


def csv_bytes(rows: list[list[str]]) -> bytes:
    return "".join(",".join(row) + "\n" for row in rows).encode()


# ---------------------------------------------------------------- bomb workbooks


@pytest.fixture(scope="module")
def strings_bomb() -> bytes:
    """Under 1 MB packed; its shared strings unzip to 200 MB (the issue's was 1.5 GB)."""
    return workbook(
        sheet_xml(inline_row(1, COLUMNS) + '<row r="2"><c r="C2" t="s"><v>0</v></c></row>'),
        streamed_strings(200),
        level=1,
    )


def test_the_dimension_bomb_is_refused_at_the_first_row_too_many():
    far_row = '<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    raw = workbook(sheet_xml(inline_row(1, COLUMNS) + inline_row(2, ROW) + far_row))
    assert len(raw) < 2000
    message, peak = refused(raw, "bomb.xlsx")
    assert message.startswith(f"too many rows: at most {limits.MAX_ROWS:,}")
    assert "row 1,048,576" in message
    assert peak < MEMORY_BOUND


def test_a_cell_in_the_last_column_is_refused_without_padding_the_row():
    raw = workbook(sheet_xml(inline_row(1, COLUMNS) + inline_row(2, ["x"], first_column=16384)))
    message, peak = refused(raw, "wide.xlsx")
    assert message.startswith(f"too many columns: at most {limits.MAX_COLUMNS}")
    assert "column 16,384" in message
    assert peak < MEMORY_BOUND


def test_a_declared_dimension_alone_costs_nothing_and_loses_nothing():
    tracemalloc.start()
    try:
        upload = read_upload(workbook(sheet_xml(inline_row(1, COLUMNS) + inline_row(2, ROW))))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < MEMORY_BOUND
    assert upload.frame.shape == (1, len(ENDORSEMENT_COLUMNS))
    assert upload.frame.iloc[0]["candidate_name"] == "Carla Denyer"
    assert list(upload.original.columns) == COLUMNS


def test_the_shared_strings_bomb_is_refused_before_it_is_unpacked(strings_bomb):
    assert len(strings_bomb) < 1_000_000
    message, peak = refused(strings_bomb, "strings.xlsx")
    assert message.startswith("not a workbook we can read safely: it unzips to 200 MB")
    assert f"at most {limits.MAX_XLSX_UNPACKED_MB} MB" in message
    assert peak < MEMORY_BOUND


def test_a_part_that_compresses_too_well_is_refused():
    raw = workbook(sheet_xml(inline_row(1, COLUMNS)), streamed_strings(2))
    message, peak = refused(raw)
    assert message.startswith("not a workbook we can read safely: xl/sharedStrings.xml")
    assert f"times its size (at most {limits.MAX_XLSX_RATIO})" in message
    assert peak < MEMORY_BOUND


def test_shared_strings_over_their_own_limit_are_refused():
    raw = workbook(
        sheet_xml(inline_row(1, COLUMNS)),
        streamed_strings(limits.MAX_XLSX_PART_MB + 1, letters=b"AB"),
        level=1,
    )
    assert len(raw) < limits.MAX_UPLOAD_BYTES
    message, peak = refused(raw)
    assert "xl/sharedStrings.xml unzips to 21 MB" in message
    assert f"(at most {limits.MAX_XLSX_PART_MB} MB)" in message
    assert peak < MEMORY_BOUND


def test_too_many_parts_are_refused():
    raw = workbook(sheet_xml(inline_row(1, COLUMNS)), extra_parts=limits.MAX_XLSX_PARTS)
    message, _ = refused(raw)
    parts = limits.MAX_XLSX_PARTS + 6
    assert message.startswith(f"not a workbook we can read safely: it holds {parts:,} files")


def test_a_zip_that_lies_about_its_sizes_is_not_unpacked_past_what_it_declares():
    honest = workbook(
        sheet_xml(inline_row(1, COLUMNS) + '<row r="2"><c r="C2" t="s"><v>0</v></c></row>'),
        streamed_strings(40),
        level=1,
    )
    lying = with_declared_size(honest, "xl/sharedStrings.xml", 1000)
    assert zipfile.ZipFile(io.BytesIO(lying)).getinfo("xl/sharedStrings.xml").file_size == 1000
    message, peak = refused(lying)
    assert "not a readable Excel workbook" in message
    assert peak < MEMORY_BOUND


def test_blank_cell_elements_are_counted(monkeypatch):
    monkeypatch.setattr(limits, "MAX_XLSX_CELLS", 1000)
    blanks = '<row r="2">' + '<c s="0"/>' * 1500 + "</row>"
    message, _ = refused(workbook(sheet_xml(inline_row(1, COLUMNS) + blanks)))
    assert message.startswith(
        "not a workbook we can read safely: its first sheet has over 1,000 cells and rows"
    )


def test_entity_expansion_is_refused():
    laughs = '<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa">' + "".join(
        f'<!ENTITY {chr(98 + level)} "{("&" + chr(97 + level) + ";") * 10}">' for level in range(8)
    )
    sheet = sheet_xml(inline_row(1, ["&i;"]), before_data=laughs + "]>")
    message, peak = refused(workbook(sheet))
    assert message.startswith(
        "not a workbook we can read safely: xl/worksheets/sheet1.xml declares a DTD"
    )
    assert peak < MEMORY_BOUND


# ---------------------------------------------------------------- oversized text files


def test_a_hundred_thousand_rows_within_five_mb_are_refused_while_reading():
    rows = [COLUMNS] + [
        ["", "Bristl Centrl", f"P{n}", "Green", "G", "support"] for n in range(100_000)
    ]
    raw = csv_bytes(rows)
    assert len(raw) < limits.MAX_UPLOAD_BYTES
    message, peak = refused(raw)
    assert message == (
        f"too many rows: at most {limits.MAX_ROWS:,} under the header (row 1), but this "
        f"file has data in row {limits.MAX_ROWS + 2:,}: split it into smaller files"
    )
    assert peak < MEMORY_BOUND


def test_exactly_the_row_limit_is_read():
    rows = [COLUMNS] + [ROW[:2] + [f"P{n}"] + ROW[3:] for n in range(limits.MAX_ROWS)]
    assert len(read_upload(csv_bytes(rows)).frame) == limits.MAX_ROWS


def test_a_header_of_200000_columns_is_refused():
    header = COLUMNS + [f"x{n}" for n in range(200_000)]
    message, peak = refused(csv_bytes([header, ROW]))
    assert message.startswith(f"too many columns: at most {limits.MAX_COLUMNS}, but row 1")
    assert peak < MEMORY_BOUND


def test_a_row_far_wider_than_the_header_is_refused_but_trailing_blanks_are_not():
    message, _ = refused(csv_bytes([COLUMNS, ROW + ["x"] * 200]))
    assert message.startswith("too many columns")
    padded = read_upload(csv_bytes([COLUMNS + [""] * 500, ROW + [""] * 500]))
    assert padded.frame.iloc[0]["candidate_name"] == "Carla Denyer"


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_a_cell_over_excels_limit_is_refused(file_format):
    long = ROW[:2] + ["x" * 40_000] + ROW[3:]
    if file_format == "csv":
        raw = csv_bytes([COLUMNS, long])
    else:
        raw = workbook(sheet_xml(inline_row(1, COLUMNS) + inline_row(2, long)))
    message, _ = refused(raw)
    assert message == (
        "row 2, column 3 holds 40,000 characters: at most 32,767 (Excel's own limit for a cell)"
    )


def test_a_million_blank_lines_before_the_header_are_refused():
    message, peak = refused(b"\n" * 1_000_000 + csv_bytes([COLUMNS, ROW]))
    assert message == (
        f"no header row in the first {limits.MAX_ROWS:,} rows: put the column names in the "
        "first row"
    )
    assert peak < MEMORY_BOUND


def test_blank_rows_after_the_data_are_not_read_one_by_one():
    raw = csv_bytes([COLUMNS, ROW]) + b",,,,,\r\n" * 500_000 + b"  \n\t\n"
    assert len(raw) < limits.MAX_UPLOAD_BYTES
    tracemalloc.start()
    try:
        upload = read_upload(raw)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert list(upload.frame.index) == [2]
    assert peak < MEMORY_BOUND


def test_data_after_many_blank_rows_is_too_many_rows():
    raw = csv_bytes([COLUMNS, ROW]) + b"\n" * limits.MAX_ROWS + csv_bytes([ROW])
    message, _ = refused(raw)
    assert message.startswith(f"too many rows: at most {limits.MAX_ROWS:,} under the header")
    assert f"data past row {limits.MAX_ROWS + 1:,}" in message


def test_the_limits_are_stated():
    assert limits.UPLOAD_LIMITS == (
        "at most 5 MB, 20,000 rows and 100 columns (an Excel file at most 50 MB once unzipped)"
    )
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    assert f"at most {limits.MAX_UPLOAD_MB} MB, {limits.MAX_ROWS:,} rows and 100 columns" in readme
    for figure in (
        f"{limits.MAX_ROWS:,} rows under the header",
        f"{limits.MAX_COLUMNS} columns and {limits.MAX_CELL_CHARS:,} characters in a cell",
        f"at most {limits.MAX_XLSX_PARTS:,} parts, {limits.MAX_XLSX_UNPACKED_MB} MB once",
        f"({limits.MAX_XLSX_PART_MB} MB for any part but a sheet",
        f"more than {limits.MAX_XLSX_RATIO} to 1",
        f"{limits.MAX_XLSX_CELLS:,} cells and rows",
    ):
        assert figure in readme


# ---------------------------------------------------------------- seats matched once


def test_each_distinct_seat_is_matched_once(monkeypatch):
    calls = []
    real = seat_matching.match_seat

    def counting(code, name, seats):
        calls.append((code, name))
        return real(code, name, seats)

    monkeypatch.setattr(seat_matching, "match_seat", counting)
    names = ["Bristl Central", "Ilford North", "Hackney South", "", "Ynys Mon"]
    rows = [COLUMNS] + [["", names[n % 5], f"P{n}", "Green", "G", "support"] for n in range(1000)]
    report = import_endorsements(csv_bytes(rows), SEATS, REGISTRY)
    assert len(calls) == 5
    assert report.counts == {"imported": 400, "needs confirmation": 400, "rejected": 200}
    suggested = report.suggestions[2]  # row 2: "Bristl Central"
    assert suggested[0].constituency_code == "E14001131"
    assert report.suggestions[7] == suggested


# ---------------------------------------------------------------- text cleaned once


def test_clean_text_repairs_what_the_csv_loader_repaired():
    assert clean_text("  O’Brien &amp; SiÃ¢n ") == "O'Brien & Siân"
    assert clean_text("ﬁnance Ｆｕｌｌ") == "finance Full"
    assert clean_text("a\r\nb\u2028c") == "a\nb\nc"
    assert clean_text("Cafe\u0301") == "Café"
    assert clean_text("AT&T &notes") == "AT&T &notes"  # only whole entities
    assert clean_text('=HYPERLINK("http://x","y")') == '=HYPERLINK("http://x","y")'
    # an entity is unescaped even beside a "<": one cell, one rule, whatever is near it
    assert clean_text("Tom &amp; Jerry <3") == "Tom & Jerry <3"


def test_ascii_that_skips_ftfy_is_what_ftfy_leaves_alone():
    for code in range(128):
        text = f" a{chr(code)}b{chr(code)}"
        slow = candidates_file.ftfy.fix_and_explain(text, candidates_file._FIXER).text.strip()
        assert clean_text(text) == slow, repr(text)


# Fragments of text as campaigners' files hold it: each pair differs only by what cleaning
# repairs (quotes, entities, mojibake, ligatures, widths, spaces, line breaks, accents).
FRAGMENTS = [
    "O’Brien",
    "O'Brien",
    "&amp;",
    "&",
    "SiÃ¢n",
    "Siân",
    "ﬁ",
    "Ｆ",
    "\u00a0",
    "\r\n",
    "\u2028",
    "e\u0301",
    "&lt;",
    "<",
    "“quoted”",
    " ",
    "a",
    "Z",
    "-",
    "&amp;lt;",
    "Ã",
]
TEXT = st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=6).map("".join)
ANY_TEXT = st.lists(st.sampled_from([*FRAGMENTS, "\x1b[31m", "\x00", "\x7f"]), min_size=1).map(
    "".join
)


@settings(max_examples=200)
@given(ANY_TEXT)
def test_clean_text_is_idempotent(text):
    candidates_file._CLEANED.clear()  # what it remembers must not hide a second repair
    once = clean_text(text)
    candidates_file._CLEANED.clear()
    assert clean_text(once) == once


def upload_bytes(rows: list[list[str]], file_format: str) -> bytes:
    if file_format == "csv":
        out = io.StringIO()
        pd.DataFrame(rows[1:], columns=rows[0]).to_csv(out, index=False)
        return out.getvalue().encode()
    book = openpyxl.Workbook()
    for row in rows:  # a spreadsheet cannot hold control characters: Excel drops them too
        book.active.append([ILLEGAL_CHARACTERS_RE.sub("", cell) for cell in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


PAIRS = [
    ("candidate_name", "Dara O’Brien", "Dara O'Brien"),
    ("group", "Friends &amp; Neighbours", "Friends & Neighbours"),
    ("candidate_name", "SiÃ¢n Berry", "Siân Berry"),
    ("group", "“Votes” Now", '"Votes" Now'),
]


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
@pytest.mark.parametrize(("column", "first", "second"), PAIRS)
def test_rows_differing_only_by_repairable_text_are_duplicates_at_import(
    file_format, column, first, second, tmp_path
):
    position = COLUMNS.index(column)
    rows = [COLUMNS, ROW.copy(), ROW.copy()]
    rows[1][position], rows[2][position] = first, second
    report = import_endorsements(
        upload_bytes(rows, file_format), SEATS, REGISTRY, f"list.{file_format}"
    )
    assert report.rows.at[2, "status"] == IMPORTED
    assert report.rows.at[3, "status"] == REJECTED
    assert "duplicates row 2" in report.rows.at[3, "reason"]
    assert report.imported.at[0, column] == clean_text(second)
    # and what was imported saves and loads again, unchanged
    path = tmp_path / "candidates.csv"
    saved_lists.save_endorsements(report.imported, path)
    loaded = load_endorsements(SEATS, REGISTRY, path)
    assert loaded[column].tolist() == [clean_text(second)]


@settings(max_examples=15)
@given(
    names=st.lists(TEXT, min_size=1, max_size=4),
    groups=st.lists(TEXT, min_size=1, max_size=2),
    file_format=st.sampled_from(["csv", "xlsx"]),
)
def test_whatever_is_imported_saves_and_loads_again(names, groups, file_format, tmp_path_factory):
    rows = [COLUMNS] + [
        [ROW[0], ROW[1], name, "Green", group, "support"] for name in names for group in groups
    ]
    report = import_endorsements(
        upload_bytes(rows, file_format), SEATS, REGISTRY, f"list.{file_format}"
    )
    if report.imported.empty:
        return
    path = tmp_path_factory.mktemp("save") / "candidates.csv"
    saved_lists.save_endorsements(report.imported, path)
    loaded = load_endorsements(SEATS, REGISTRY, path)
    for column in ENDORSEMENT_COLUMNS:
        assert loaded[column].tolist() == report.imported[column].tolist()


def table(*names: str, group: str = "G") -> pd.DataFrame:
    return pd.DataFrame(
        [[ROW[0], ROW[1], name, "Green", group, "support", pd.NA, pd.NA] for name in names],
        columns=list(ENDORSEMENT_COLUMNS),
    )


def test_a_save_that_would_not_load_again_writes_nothing(tmp_path):
    path = tmp_path / "candidates.csv"
    saved_lists.save_endorsements(table("Carla Denyer"), path)
    before = path.read_bytes()
    with pytest.raises(NotSavedError) as refusal:
        saved_lists.save_endorsements(table("Dara O’Brien", "Dara O'Brien"), path)
    message = str(refusal.value)
    assert message.startswith("not saved: the file would not load again: row 3, candidate_name")
    assert "duplicates row 2" in message and "the file on disk is unchanged" in message
    assert isinstance(refusal.value, BadInputError)  # the page and the CLI show it as a message
    assert path.read_bytes() == before
    assert saved_lists.list_backups(path) == []
    with pytest.raises(NotSavedError, match=r"row 2, candidate_name: is required"):
        saved_lists.save_endorsements(table(""), path)
    assert path.read_bytes() == before


def test_a_save_cleans_the_text_it_writes(tmp_path):
    path = tmp_path / "candidates.csv"
    saved_lists.save_endorsements(table("Dara O’Brien", group="A &amp; B"), path)
    assert "Dara O'Brien,Green,A & B" in path.read_text()
    assert load_endorsements(SEATS, REGISTRY, path).at[0, "candidate_name"] == "Dara O'Brien"


def test_the_file_is_cleaned_cell_by_cell_whatever_is_beside_a_cell(tmp_path):
    path = tmp_path / "candidates.csv"
    header = ",".join(ENDORSEMENT_COLUMNS)
    path.write_text(
        f"{header}\n"
        "E14001131,Bristol Central,Carla Denyer,Green,A &amp; B,support,,<b>bold</b>\n"
        "E14001131,Bristol Central,Dara O’Brien,Green,A &amp; B,support,,\n",
        encoding="utf-8",
    )
    loaded = load_endorsements(SEATS, REGISTRY, path)
    assert loaded["group"].tolist() == ["A & B", "A & B"]
    assert loaded.at[1, "candidate_name"] == "Dara O'Brien"
    assert loaded.at[0, "notes"] == "<b>bold</b>"
