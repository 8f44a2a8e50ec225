"""Property tests: whatever is uploaded, the importer returns a report or raises UploadError."""

import csv
import io
import json

import pandas as pd
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from targets.endorsements import ENDORSEMENT_COLUMNS, validate_endorsements
from targets.parties import build_party_registry
from targets.uploads.reading import UploadError
from targets.uploads.report import (
    IMPORTED,
    ROW_STATUSES,
    ImportReport,
    import_endorsements,
)

SEATS = pd.Series(
    {
        "E14001131": "Bristol Central",
        "E14001300": "Ilford North",
        "W07000112": "Ynys Môn",
        "W07000102": "Montgomeryshire and Glyndŵr",
    },
    name="constituency_name",
)
REGISTRY = build_party_registry()
SETTINGS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def outcome(raw: bytes, filename: str = "") -> ImportReport | None:
    """The report, or None when the importer refused the file with its own error."""
    try:
        report = import_endorsements(raw, SEATS, REGISTRY, filename)
    except UploadError as error:
        assert str(error)  # always says why
        return None
    assert isinstance(report, ImportReport)
    assert set(report.rows["status"]) <= set(ROW_STATUSES)
    assert sum(report.counts.values()) == len(report.rows)
    not_imported = report.rows[report.rows["status"] != IMPORTED]
    assert (not_imported["reason"].str.len() > 0).all()
    json.dumps(report.to_dict())  # JSON-ready data, however odd the cells
    # what is imported is clean by the same rules that load data/candidates.csv
    _, problems = validate_endorsements(report.imported[list(ENDORSEMENT_COLUMNS)], SEATS, REGISTRY)
    assert problems == []
    return report


@SETTINGS
@given(st.binary(max_size=2048))
@example(b"")
@example(b"\x00")
@example(b"PK\x03\x04")
@example(b"\xef\xbb\xbf")
@example(b"\xd0\xcf\x11\xe0")
@example(b'"unterminated\n')
def test_arbitrary_bytes(raw):
    outcome(raw)


@SETTINGS
@given(st.binary(max_size=512))
def test_arbitrary_bytes_named_as_a_workbook(raw):
    outcome(b"PK\x03\x04" + raw, "upload.xlsx")


cell = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=20) | st.sampled_from(
    [
        "",
        "E14001131",
        "Bristol Central",
        "Ynys Mon",
        "Bristl Central",
        "support",
        "oppose",
        "Labour and Co-operative",
        "Independent",
        '=HYPERLINK("http://x","y")',
        "https://x",
    ]
)
printable = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=20
) | st.sampled_from(["Carla Denyer", '=HYPERLINK("http://x","y")', "Llinos Medi"])
header_name = st.sampled_from(
    [*ENDORSEMENT_COLUMNS, "person_id", "person_name", "post_label", "gss", "Party", "extra"]
)


@SETTINGS
@given(
    header=st.lists(header_name, min_size=1, max_size=10),
    rows=st.lists(st.lists(cell, max_size=10), max_size=8),
    delimiter=st.sampled_from([",", ";", "\t"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]),
)
def test_arbitrary_csv_text(header, rows, delimiter, encoding):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    try:
        raw = buffer.getvalue().encode(encoding)
    except UnicodeEncodeError:
        raw = buffer.getvalue().encode("utf-8")
    outcome(raw)


@SETTINGS
@given(text=st.text(max_size=400))
def test_arbitrary_text(text):
    outcome(text.encode("utf-8", "replace"))


@SETTINGS
@given(
    rows=st.lists(
        st.tuples(
            st.sampled_from(["", "E14001131", "E14001300", "W07000112", "X1"]),
            st.sampled_from(["", "Bristol Central", "ilford north", "Ynys Môn", "Nowhere"]),
            printable,
            st.sampled_from(["Green", "Labour", "Example Local Party", ""]),
            st.sampled_from(["G", ""]),
            st.sampled_from(["support", "oppose", "backed", "maybe", ""]),
        ),
        min_size=1,
        max_size=12,
    )
)
def test_well_formed_files_always_give_a_report(rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(ENDORSEMENT_COLUMNS[:6])
    writer.writerows(rows)
    report = outcome(buffer.getvalue().encode())
    if any(any(cell.strip() for cell in row) for row in rows):
        assert report is not None  # printable text with the right header is never refused
