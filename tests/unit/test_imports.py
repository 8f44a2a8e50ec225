"""Uploads of our own candidates: reading, seat matching, party mapping, the row report."""

import io
import json
import tomllib
from pathlib import Path

import geopandas as gpd
import openpyxl
import pandas as pd
import pytest
from shapely.geometry import box

from targets import seat_names
from targets.endorsements import ENDORSEMENT_COLUMNS
from targets.errors import DataError
from targets.parties import build_party_registry
from targets.uploads import limits, reading, seat_matching
from targets.uploads import report as imports
from targets.uploads.reading import UploadError, assign_group_stance, read_upload
from targets.uploads.report import (
    IMPORTED,
    NEEDS_CONFIRMATION,
    REJECTED,
    build_import_report,
    import_endorsements,
)
from targets.views import export

UPLOADS = Path(__file__).resolve().parents[1] / "fixtures" / "uploads"
PROJECT = Path(__file__).resolve().parents[2]
HEADER = "constituency_code,constituency_name,candidate_name,party,group,stance,source_url,notes\n"
FORMULA = '=HYPERLINK("http://x","y")'

# A few real July 2024 seats (codes and names as the Commons Library publishes them).
SEATS = pd.Series(
    {
        "E14001131": "Bristol Central",
        "E14001132": "Bristol East",
        "E14001133": "Bristol North East",
        "E14001134": "Bristol North West",
        "E14001135": "Bristol South",
        "E14001172": "Cities of London and Westminster",
        "E14001260": "Hackney South and Shoreditch",
        "E14001300": "Ilford North",
        "E14001301": "Ilford South",
        "E14001305": "Islington North",
        "W07000102": "Montgomeryshire and Glyndŵr",
        "S14000103": "Perth and Kinross-shire",
        "W07000112": "Ynys Môn",
    },
    name="constituency_name",
)
REGISTRY = build_party_registry()


def fixture(name: str) -> bytes:
    return (UPLOADS / name).read_bytes()


def report_for(raw: bytes, filename: str = "", confirmed=None) -> imports.ImportReport:
    return import_endorsements(raw, SEATS, REGISTRY, filename, confirmed)


def status_of(report, row: int) -> str:
    return report.rows.at[row, "status"]


def assert_every_row_has_one_status(report):
    assert set(report.rows["status"]) <= {IMPORTED, NEEDS_CONFIRMATION, REJECTED}
    assert sum(report.counts.values()) == len(report.rows) == len(report.upload.frame)
    reasons = report.rows["reason"]
    assert (reasons[report.rows["status"] != IMPORTED] != "").all()
    assert (reasons[report.rows["status"] == IMPORTED] == "").all()


# ---------------------------------------------------------------- encodings and delimiters


def test_utf8_with_bom_is_read_and_reported():
    report = report_for(fixture("bom_utf8.csv"))
    assert report.upload.encoding == "utf-8-sig"
    assert report.upload.delimiter == ","
    assert report.upload.describe_source() == (
        "CSV, UTF-8 with BOM, comma-separated, endorsement columns"
    )
    assert report.is_clean
    imported = report.imported.set_index("candidate_name")
    assert imported.at["Llinos Medi", "constituency_code"] == "W07000112"
    assert imported.at["Llinos Medi", "constituency_name"] == "Ynys Môn"
    assert imported.at["Steve Witherden", "constituency_code"] == "W07000102"
    assert imported.at["Steve Witherden", "constituency_name"] == "Montgomeryshire and Glyndŵr"
    # the BOM does not stick to the first header
    assert list(report.upload.original.columns)[0] == "constituency_code"


def test_cp1252_is_read_and_reported():
    report = report_for(fixture("cp1252.csv"))
    assert report.upload.encoding == "cp1252"
    assert "Windows-1252" in report.upload.describe_source()
    assert report.is_clean
    assert report.imported["constituency_name"].tolist() == ["Ynys Môn", "Ynys Môn"]
    assert report.imported["notes"].tolist()[1] == "café notes, with a comma"


def test_semicolons_with_commas_inside_cells():
    report = report_for(fixture("semicolon.csv"))
    assert report.upload.delimiter == ";"
    assert "semicolon-separated" in report.upload.describe_source()
    assert report.is_clean
    by_name = report.imported.set_index("candidate_name")
    assert by_name.at["Leanne Mohamad", "notes"] == "backs her, against Wes Streeting"
    assert by_name.at["Leanne Mohamad", "source_url"] == "https://example.org/wdb"
    # "&" for "and", and the stance words campaigners use
    assert by_name.at["Steve Witherden", "constituency_code"] == "W07000102"
    assert by_name.at["Steve Witherden", "stance"] == "support"
    assert by_name.at["Wes Streeting", "stance"] == "oppose"


def test_tabs():
    report = report_for(fixture("tabs.tsv"))
    assert report.upload.delimiter == "\t"
    assert report.to_dict()["source"]["delimiter"] == "tab"
    assert report.imported["candidate_name"].tolist() == ["Carla Denyer", "Thangam Debbonaire"]
    assert report.imported["party"].tolist() == ["Green", "Lab"]
    assert report.imported["party_given"].tolist() == ["Green Party", "Labour Party"]


def test_mojibake_is_repaired_before_matching():
    assert "Ã´" in fixture("mojibake.csv").decode("utf-8")
    report = report_for(fixture("mojibake.csv"))
    assert report.is_clean
    assert report.imported.at[0, "constituency_code"] == "W07000112"
    assert report.upload.original.iloc[0]["constituency_name"] == "Ynys Môn"


def test_row_numbers_are_spreadsheet_rows_counting_blank_lines():
    raw = (
        HEADER
        + "\n"
        + "E14001131,,Carla Denyer,Green,G,support,,\n\n"
        + "E14001131,,Carla Denyer,Green,G,bad,,\n"
    ).encode()
    report = report_for(raw)
    assert list(report.rows.index) == [3, 5]
    assert status_of(report, 3) == IMPORTED
    assert status_of(report, 5) == REJECTED


# ---------------------------------------------------------------- files refused outright


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"", "empty"),
        (b"   \r\n\n", "empty"),
        (HEADER.encode(), "no rows of data"),
        (b"\x00\x01\x02binary\x00" * 50, "binary"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, ".xls"),
        (b"PK\x03\x04 not really a workbook", "not a readable Excel workbook"),
        (b"constituency_code,\x01\x02\x03\x04\x05\x06\x07\x08" * 20, "binary"),
        (b"a,b\n\x81\x8d\x8f\x90\x9d", "neither UTF-8 nor Windows-1252"),
    ],
)
def test_unreadable_files_raise_upload_error(raw, message):
    with pytest.raises(UploadError, match=message):
        read_upload(raw)


def test_upload_error_is_a_data_error():
    assert issubclass(UploadError, DataError)


def test_empty_and_header_only_fixtures():
    with pytest.raises(UploadError, match="empty"):
        read_upload(fixture("empty.csv"))
    with pytest.raises(UploadError, match="header row but no rows"):
        read_upload(fixture("header_only.csv"))


def test_over_the_size_limit_is_refused_before_reading():
    row = "E14001131,Bristol Central,Carla Denyer,Green,G,support,,\n"
    raw = (HEADER + row * (limits.MAX_UPLOAD_BYTES // len(row) + 1)).encode()
    assert len(raw) > limits.MAX_UPLOAD_BYTES
    with pytest.raises(UploadError, match=r"limit is 5 MB"):
        read_upload(raw)
    just_under = (HEADER + row * 1000).encode()
    assert len(read_upload(just_under).frame) == 1000


def test_streamlit_upload_limit_matches_the_library():
    config = tomllib.loads((PROJECT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["maxUploadSize"] == limits.MAX_UPLOAD_MB
    assert limits.MAX_UPLOAD_BYTES == limits.MAX_UPLOAD_MB * 1024 * 1024
    assert config["server"]["enableXsrfProtection"] is True
    assert config["server"]["enableCORS"] is True


def test_duplicate_headers_are_named():
    with pytest.raises(UploadError) as caught:
        read_upload(fixture("duplicate_headers.csv"))
    assert "duplicate column headers" in str(caught.value)
    assert "'Party' in columns 4, 7" in str(caught.value)


def test_headers_meaning_the_same_column_are_duplicates():
    raw = (
        b"constituency,constituency_name,candidate_name,party,group,stance\n"
        b"Bristol Central,Bristol Central,Carla Denyer,Green,G,support\n"
    )
    with pytest.raises(UploadError, match="both mean 'constituency_name'"):
        read_upload(raw)


def test_missing_required_columns_are_named():
    with pytest.raises(UploadError) as caught:
        read_upload(fixture("missing_columns.csv"))
    assert "required column(s) missing: stance" in str(caught.value)
    assert "The header has: constituency_code" in str(caught.value)


def test_a_seat_column_is_required():
    raw = b"candidate_name,party,group,stance\nCarla Denyer,Green,G,support\n"
    with pytest.raises(UploadError, match="constituency_code or constituency_name"):
        read_upload(raw)


def test_blank_header_cell_is_refused():
    raw = HEADER.strip() + ",,extra\n" + "E14001131,,Carla Denyer,Green,G,support,,,,x\n"
    with pytest.raises(UploadError, match="column\\(s\\) 9 have no header"):
        read_upload(raw.encode())


def test_friendly_headers_are_understood():
    raw = (
        b"Constituency,Candidate,Party Name,Campaign Group,Stance\n"
        b"Ilford North,Leanne Mohamad,Independent,We Deserve Better,Support\n"
    )
    report = report_for(raw)
    assert report.is_clean
    row = report.imported.iloc[0]
    assert (row["constituency_code"], row["party"], row["stance"]) == (
        "E14001300",
        "Ind",
        "support",
    )


# ---------------------------------------------------------------- seat matching


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Ynys Môn", "W07000112"),
        ("Ynys Mon", "W07000112"),
        ("YNYS MÔN", "W07000112"),
        ("Montgomeryshire and Glyndŵr", "W07000102"),
        ("Montgomeryshire & Glyndwr", "W07000102"),
        ("Perth & Kinross-shire", "S14000103"),
        ("Perth and Kinross shire", "S14000103"),
        ("  cities of london and westminster. ", "E14001172"),
    ],
)
def test_names_match_after_normalisation(name, code):
    match = seat_matching.match_seat(None, name, seat_names.build_seat_index(SEATS))
    assert (match.constituency_code, match.method) == (code, "name")


def test_code_comes_first_and_a_blank_name_is_filled_in():
    report = report_for((HEADER + "e14001300,,Leanne Mohamad,Independent,G,support,,\n").encode())
    assert report.rows.at[2, "match"] == "code"
    assert report.imported.at[0, "constituency_code"] == "E14001300"
    assert report.imported.at[0, "constituency_name"] == "Ilford North"


def test_fuzzy_names_are_never_matched_silently():
    report = report_for(fixture("fuzzy_names.csv"))
    assert_every_row_has_one_status(report)
    assert report.counts == {IMPORTED: 1, NEEDS_CONFIRMATION: 3, REJECTED: 0}
    assert report.imported["candidate_name"].tolist() == ["Thangam Debbonaire"]
    assert report.suggestions[2][0].constituency_code == "E14001131"
    ilford = [s.constituency_name for s in report.suggestions[3]]
    assert ilford == ["Ilford North", "Ilford South"]
    assert report.suggestions[4][0].constituency_name == "Hackney South and Shoreditch"
    assert "did you mean Bristol Central (E14001131" in report.rows.at[2, "reason"]
    assert report.rows.loc[[2, 3, 4], "constituency_code"].isna().all()


def test_confirmed_suggestions_are_imported():
    confirmed = {2: "E14001131", 3: "E14001300", 4: "E14001260"}
    report = report_for(fixture("fuzzy_names.csv"), confirmed=confirmed)
    assert report.is_clean
    assert report.rows.loc[[2, 3, 4], "match"].tolist() == ["confirmed"] * 3
    by_name = report.imported.set_index("candidate_name")
    assert by_name.at["Meg Hillier", "constituency_name"] == "Hackney South and Shoreditch"
    assert by_name.at["Meg Hillier", "party"] == "Lab"
    assert by_name.at["Wes Streeting", "constituency_code"] == "E14001300"


def test_confirming_a_code_that_does_not_exist_rejects_the_row():
    report = report_for(fixture("fuzzy_names.csv"), confirmed={2: "E14099999"})
    assert status_of(report, 2) == REJECTED
    assert "'E14099999', which is not a July 2024 constituency" in report.rows.at[2, "reason"]


def test_unknown_seats_are_rejected_or_need_confirmation():
    report = report_for(fixture("unknown_seat.csv"))
    assert_every_row_has_one_status(report)
    assert status_of(report, 2) == REJECTED
    assert "'Atlantis East': is not the name of a July 2024 seat" in report.rows.at[2, "reason"]
    assert status_of(report, 3) == REJECTED
    assert "'E14009999': is not a July 2024 constituency code" in report.rows.at[3, "reason"]
    # a pre-2024 code beside a real name: the name is offered, not taken
    assert status_of(report, 4) == NEEDS_CONFIRMATION
    assert report.suggestions[4][0].constituency_code == "E14001131"
    assert status_of(report, 5) == IMPORTED
    assert 2 not in report.suggestions


def test_a_name_naming_another_seat_than_the_code_is_rejected():
    report = report_for(
        (HEADER + "E14001300,Ilford South,Wes Streeting,Labour,G,oppose,,\n").encode()
    )
    assert status_of(report, 2) == REJECTED
    assert (
        "'Ilford South': is E14001301, but the code E14001300 is 'Ilford North'"
        in (report.rows.at[2, "reason"])
    )


def test_a_misspelt_name_beside_a_good_code_needs_confirmation():
    report = report_for(
        (HEADER + "E14001300,Ilford Nrth,Wes Streeting,Labour,G,oppose,,\n").encode()
    )
    assert status_of(report, 2) == NEEDS_CONFIRMATION
    assert [s.constituency_code for s in report.suggestions[2]] == ["E14001300"]


def test_suggestions_have_a_score_cutoff():
    seats = seat_names.build_seat_index(SEATS)
    rule = seat_names.CONFIRMATION
    assert seat_names.suggest_seats(seats, "Atlantis East", rule) == ()
    assert seat_names.suggest_seats(seats, "", rule) == ()
    hits = seat_names.suggest_seats(seats, "Bristl Central", rule)
    assert hits[0].constituency_name == "Bristol Central"
    assert all(hit.score >= rule.score_cutoff for hit in hits)


# ---------------------------------------------------------------- parties


@pytest.mark.parametrize(
    ("given", "party"),
    [
        ("Labour and Co-operative Party", "Lab"),
        ("Labour and Co-operative", "Lab"),
        ("Labour Party", "Lab"),
        ("Scottish Green Party", "Green"),
        ("Scottish Greens", "Green"),
        ("Green Party", "Green"),
        ("Plaid Cymru - The Party of Wales", "PC"),
        ("Scottish National Party (SNP)", "SNP"),
        ("Conservative and Unionist Party", "Con"),
        ("Liberal Democrats", "LD"),
        ("Independent", "Ind"),
        ("lab", "Lab"),
        ("Your Party", "YP"),  # founded 2025: in the registry for today's MPs
        ("Example Local Party", None),
        ("", None),
    ],
)
def test_party_names_map_to_the_registry(given, party):
    assert imports.resolve_party_name(given, REGISTRY) == party


def test_unknown_party_is_kept_with_a_warning():
    report = report_for(fixture("unknown_party.csv"))
    assert report.is_clean
    assert report.imported["party"].tolist() == ["Example Local Party", "Lab"]
    assert [(w.row, w.column, w.value) for w in report.warnings] == [
        (2, "party", "Example Local Party")
    ]
    assert "kept under its own name" in report.warnings[0].message


def test_independents_are_kept_per_candidate():
    raw = (
        HEADER
        + "E14001305,Islington North,Jeremy Corbyn,Independent,G,support,,\n"
        + "E14001305,Islington North,Paul Josling,Independent,G,oppose,,\n"
    ).encode()
    report = report_for(raw)
    assert report.is_clean
    assert report.imported["party"].tolist() == ["Ind", "Ind"]
    assert report.imported["candidate_name"].tolist() == ["Jeremy Corbyn", "Paul Josling"]


# ---------------------------------------------------------------- the schema, in one pass


def test_every_problem_is_found_in_one_pass():
    report = report_for(fixture("many_problems.csv"))
    assert_every_row_has_one_status(report)
    assert report.counts == {IMPORTED: 1, NEEDS_CONFIRMATION: 0, REJECTED: 5}
    found = {(p.row, p.column) for p in report.problems}
    assert found == {
        (3, "candidate_name"),
        (4, "stance"),
        (5, "candidate_name"),
        (6, "constituency_name"),
        (6, "source_url"),
        (7, "group"),
    }
    by_place = {(p.row, p.column): p for p in report.problems}
    assert by_place[(4, "stance")].value == "maybe"
    assert "must be 'support' or 'oppose'" in by_place[(4, "stance")].message
    assert "duplicates row 2" in by_place[(5, "candidate_name")].message
    assert by_place[(6, "source_url")].value == "ftp://x"
    assert "source_url 'ftp://x'" in report.rows.at[6, "reason"]
    assert "Ilford South" in report.rows.at[6, "reason"]


def test_ragged_rows_are_rejected_not_shifted():
    raw = (
        HEADER
        + "E14001131,Bristol Central,Carla Denyer,Green,G,support,,a note,extra\n"
        + "E14001131,Bristol Central,Thangam Debbonaire,Labour,G,oppose\n"
    ).encode()
    report = report_for(raw)
    assert status_of(report, 2) == REJECTED
    assert "has 9 cells but the header (row 1) has 8" in report.rows.at[2, "reason"]
    # a short row is a spreadsheet trimming empty cells: fine
    assert status_of(report, 3) == IMPORTED


def test_rejected_rows_download_with_a_reason_column():
    report = report_for(fixture("many_problems.csv"))
    table = pd.read_csv(
        io.BytesIO(export.export_table(report.rejected, "csv")), dtype=str, keep_default_na=False
    )
    assert table["row"].tolist() == ["3", "4", "5", "6", "7"]
    assert list(table.columns) == ["row", *ENDORSEMENT_COLUMNS, "reason"]
    assert table.loc[table["row"] == "4", "stance"].item() == "maybe"
    assert "must be 'support' or 'oppose'" in table.loc[table["row"] == "4", "reason"].item()


def test_not_imported_rows_include_those_waiting_for_confirmation():
    report = report_for(fixture("unknown_seat.csv"))
    table = pd.read_csv(
        io.BytesIO(export.export_table(report.not_imported, "csv")),
        dtype=str,
        keep_default_na=False,
    )
    assert table[["row", "status"]].values.tolist() == [
        ["2", REJECTED],
        ["3", REJECTED],
        ["4", NEEDS_CONFIRMATION],
    ]


def test_uploaded_columns_clashing_with_the_report_are_kept():
    raw = (
        b"constituency_name,candidate_name,party,group,stance,reason,row\n"
        b"Atlantis,Carla Denyer,Green,G,support,my reason,7\n"
    )
    table = report_for(raw).rejected
    assert table.at[0, "reason (uploaded)"] == "my reason"
    assert table.at[0, "row (uploaded)"] == "7"
    assert table.at[0, "row"] == 2
    assert "Atlantis" in table.at[0, "reason"]


# ---------------------------------------------------------------- Democracy Club exports


def test_democracy_club_export_is_detected_and_mapped():
    upload = read_upload(fixture("democracy_club_2024.csv"))
    assert upload.kind == reading.DEMOCRACY_CLUB
    assert "Democracy Club" in upload.describe_source()
    frame = upload.frame
    assert frame["candidate_name"].tolist() == [
        "Carla Denyer",
        "Thangam Debbonaire",
        "Leanne Mohamad",
        "Wes Streeting",
    ]
    assert frame["constituency_code"].tolist() == ["E14001131"] * 2 + ["E14001300"] * 2
    assert frame["group"].isna().all() and frame["stance"].isna().all()
    assert frame.at[2, "source_url"] == "https://candidates.democracyclub.org.uk/person/9774"
    assert "parl.bristol-central.2024-07-04" in frame.at[2, "notes"]
    report = build_import_report(upload, SEATS, REGISTRY)
    assert report.counts[REJECTED] == 4
    assert "stance: is not set: choose a group and stance" in report.rows.at[2, "reason"]


def test_democracy_club_rows_take_a_group_and_stance():
    upload = read_upload(fixture("democracy_club_2024.csv"))
    upload = assign_group_stance(upload, "We Deserve Better", "support", rows=[2, 4])
    upload = assign_group_stance(upload, "We Deserve Better", "opposed", rows=[3, 5])
    report = build_import_report(upload, SEATS, REGISTRY)
    assert report.is_clean
    stances = report.imported.set_index("candidate_name")["stance"].to_dict()
    assert stances == {
        "Carla Denyer": "support",
        "Thangam Debbonaire": "oppose",
        "Leanne Mohamad": "support",
        "Wes Streeting": "oppose",
    }
    assert report.imported["party"].tolist() == ["Green", "Lab", "Ind", "Lab"]


def test_only_chosen_rows_get_a_stance():
    upload = read_upload(fixture("democracy_club_2024.csv"))
    upload = assign_group_stance(upload, "We Deserve Better", "support", rows=[4])
    report = build_import_report(upload, SEATS, REGISTRY)
    assert report.imported["candidate_name"].tolist() == ["Leanne Mohamad"]
    assert report.counts == {IMPORTED: 1, NEEDS_CONFIRMATION: 0, REJECTED: 3}
    filled = assign_group_stance(upload, "Other", "oppose", only_blank=True)
    assert filled.frame["group"].tolist() == ["Other", "Other", "We Deserve Better", "Other"]


@pytest.mark.parametrize(
    ("group", "stance", "rows", "message"),
    [
        ("", "support", None, "group name"),
        ("G", "neutral", None, "stance must be"),
        ("G", "support", [99], "no such row"),
    ],
)
def test_assigning_a_bad_group_or_stance_is_refused(group, stance, rows, message):
    upload = read_upload(fixture("democracy_club_2024.csv"))
    with pytest.raises(ValueError, match=message):
        assign_group_stance(upload, group, stance, rows=rows)


def test_democracy_club_rows_for_other_elections_are_rejected():
    text = fixture("democracy_club_2024.csv").decode()
    text = text.replace("parl.2024-07-04,parl.ilford-north", "local.redbridge.2024-05-02,x", 1)
    upload = assign_group_stance(read_upload(text.encode()), "G", "support")
    report = build_import_report(upload, SEATS, REGISTRY)
    assert status_of(report, 4) == REJECTED
    assert "not a UK Parliament (Westminster) ballot" in report.rows.at[4, "reason"]
    assert report.counts[IMPORTED] == 3


# ---------------------------------------------------------------- XLSX


def make_xlsx(rows: list[list[object]], formula_cell: str | None = None) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # text, not a formula
    if formula_cell:
        sheet[formula_cell] = "=1+1"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_xlsx_upload():
    raw = make_xlsx(
        [
            HEADER.strip().split(","),
            [
                "W07000112",
                "Ynys Môn",
                "Llinos Medi",
                "Plaid Cymru",
                "Example Campaign",
                "support",
                None,
                None,
            ],
            [
                None,
                "Ilford North",
                "Leanne Mohamad",
                "Independent",
                "We Deserve Better",
                "Support",
                None,
                2024,
            ],
        ],
        formula_cell="H2",
    )
    report = report_for(raw, "list.xlsx")
    assert report.upload.file_format == "xlsx"
    assert report.upload.encoding is None and report.upload.delimiter is None
    assert report.upload.describe_source() == "XLSX, endorsement columns"
    assert report.is_clean
    assert report.imported["constituency_code"].tolist() == ["W07000112", "E14001300"]
    assert report.imported.at[1, "notes"] == "2024"
    assert [(w.row, w.column) for w in report.warnings] == [(2, "notes")]
    assert "formula" in report.warnings[0].message


# ---------------------------------------------------------------- formulas stay inert


def test_a_formula_name_survives_import_and_is_neutralised_in_every_export():
    report = report_for(fixture("formula_name.csv"))
    assert report.is_clean
    assert report.imported.at[0, "candidate_name"] == FORMULA
    table = report.imported[list(ENDORSEMENT_COLUMNS)]

    csv_back = pd.read_csv(io.BytesIO(export.export_table(table, "csv")), dtype=str)
    assert csv_back.at[0, "candidate_name"] == "'" + FORMULA

    sheet = openpyxl.load_workbook(io.BytesIO(export.export_table(table, "xlsx"))).active
    cell = sheet.cell(row=2, column=list(table.columns).index("candidate_name") + 1)
    assert cell.data_type == "s"
    assert cell.value == "'" + FORMULA

    shapes = gpd.GeoDataFrame(
        {"constituency_code": ["E14001131"]},
        geometry=[box(-2.6, 51.4, -2.5, 51.5)],
        crs="EPSG:4326",
    )
    collection = json.loads(export.export_table(table, "geojson", shapes))
    assert collection["features"][0]["properties"]["candidate_name"] == "'" + FORMULA


def test_a_formula_in_a_rejected_row_is_neutralised_in_the_download():
    raw = HEADER + f'Atlantis,,"{FORMULA.replace(chr(34), chr(34) * 2)}",Green,G,support,,\n'
    report = report_for(raw.encode())
    table = pd.read_csv(io.BytesIO(export.export_table(report.rejected, "csv")), dtype=str)
    assert table.at[0, "candidate_name"] == "'" + FORMULA


# ---------------------------------------------------------------- report and merging


def test_report_as_json_and_text():
    report = report_for(fixture("fuzzy_names.csv"))
    data = json.loads(json.dumps(report.to_dict()))
    assert data["counts"] == {IMPORTED: 1, NEEDS_CONFIRMATION: 3, REJECTED: 0}
    assert data["clean"] is False
    assert data["source"]["encoding"] == "utf-8"
    first = data["rows"][0]
    assert first["row"] == 2 and first["status"] == NEEDS_CONFIRMATION
    assert first["suggestions"][0]["constituency_code"] == "E14001131"
    text = imports.format_report(report, "fuzzy_names.csv")
    assert "4 row(s): 1 imported, 3 need confirmation, 0 rejected" in text
    assert "confirm with --confirm 2=E14001131" in text


def test_merge_adds_new_rows_and_replaces_the_same_stance():
    current = report_for(fixture("semicolon.csv")).imported
    new = report_for(
        (
            HEADER
            + "E14001300,Ilford North,Wes Streeting,Labour,We Deserve Better,support,,\n"
            + "E14001131,Bristol Central,Carla Denyer,Green,We Deserve Better,support,,\n"
        ).encode()
    ).imported
    merged = imports.merge_endorsements(current, new)
    assert len(merged) == 4
    streeting = merged[merged["candidate_name"] == "Wes Streeting"]
    assert streeting["stance"].tolist() == ["support"]
    assert list(merged.columns) == list(ENDORSEMENT_COLUMNS)
    assert imports.merge_endorsements(pd.DataFrame(), new).equals(new[list(ENDORSEMENT_COLUMNS)])


def test_merge_keeps_another_party_candidate_of_the_same_name():
    # Mid Buckinghamshire, 2024: two candidates called Greg Smith, one Con, one Green
    person = ["E14001382", "Mid Buckinghamshire", "Greg Smith"]

    def rows(*stances):
        records = [
            [*person, party, "Example Campaign", stance, pd.NA, pd.NA] for party, stance in stances
        ]
        return pd.DataFrame(records, columns=list(ENDORSEMENT_COLUMNS))

    current = rows(("Con", "oppose"))
    merged = imports.merge_endorsements(current, rows(("Green", "support")))
    assert merged[["party", "stance"]].values.tolist() == [["Con", "oppose"], ["Green", "support"]]
    # the same candidate of the same party is the same stance: the new row replaces it
    replaced = imports.merge_endorsements(merged, rows(("Con", "support")))
    assert replaced[["party", "stance"]].values.tolist() == [
        ["Green", "support"],
        ["Con", "support"],
    ]


def test_rows_are_described_for_choosing():
    upload = read_upload(fixture("democracy_club_2024.csv"))
    assert reading.rows_without_stance(upload) == [2, 3, 4, 5]
    upload = assign_group_stance(upload, "We Deserve Better", "oppose", rows=[5])
    labels = reading.describe_rows(upload)
    assert labels[2] == "row 2 · Carla Denyer · Bristol Central · Green Party"
    assert labels[5] == (
        "row 5 · Wes Streeting · Ilford North · Labour Party · We Deserve Better: oppose"
    )
    assert reading.rows_without_stance(upload) == [2, 3, 4]


# ---------------------------------------------------------------- one cleaning for every path


def test_csv_and_xlsx_cells_are_cleaned_the_same_way():
    rows = [
        HEADER.strip().split(","),
        ["E14001131", "Bristol Central", "Dara O’Brien", "Green", "A &amp; B", "support", "", ""],
        ["W07000112", "Ynys MÃ´n", " Llinos\u00a0Medi ", "Plaid Cymru", "ﬁrst", "support", "", ""],
    ]
    text = "".join(",".join(row) + "\n" for row in rows)
    from_csv = read_upload(text.encode(), "list.csv")
    from_xlsx = read_upload(make_xlsx(rows), "list.xlsx")
    pd.testing.assert_frame_equal(from_csv.frame, from_xlsx.frame)
    pd.testing.assert_frame_equal(from_csv.original, from_xlsx.original)
    # stripped at the ends; a no-break space inside a name is kept (matching ignores it)
    assert from_xlsx.frame["candidate_name"].tolist() == ["Dara O'Brien", "Llinos\u00a0Medi"]
    assert from_xlsx.frame["group"].tolist() == ["A & B", "first"]
    assert from_xlsx.frame.at[3, "constituency_name"] == "Ynys Môn"


def test_the_limits_are_checked_for_csv_and_xlsx_alike(monkeypatch):
    monkeypatch.setattr(limits, "MAX_ROWS", 3)
    monkeypatch.setattr(limits, "MAX_COLUMNS", 9)
    row = ["E14001131", "Bristol Central", "Carla Denyer", "Green", "G", "support", "", ""]
    header = HEADER.strip().split(",")
    for rows, message in [
        ([header] + [row] * 4, "too many rows: at most 3 under the header"),
        ([header, row + ["", "x"]], "too many columns: at most 9, but row 2 has data in column 10"),
    ]:
        text = "".join(",".join(cells) + "\n" for cells in rows)
        for raw, name in [(text.encode(), "list.csv"), (make_xlsx(rows), "list.xlsx")]:
            with pytest.raises(UploadError, match=message):
                read_upload(raw, name)
    assert len(read_upload(make_xlsx([header] + [row] * 3), "list.xlsx").frame) == 3
