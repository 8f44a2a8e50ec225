"""Exports: formula neutralisation and round trips."""

import io
import json

import geopandas as gpd
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from shapely.geometry import MultiPolygon, Polygon, box

from targets.data.candidates_file import clean_text
from targets.views.export import (
    export_csv,
    export_filename,
    export_geojson,
    export_table,
    export_xlsx,
    neutralise_cell,
    neutralise_formulas,
)

DANGEROUS = ['=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx"]


def frame():
    return pd.DataFrame(
        {
            "constituency_code": ["E1", "E2", "E3", "E4", "E5", "E6"],
            "candidate_name": DANGEROUS,
            "votes": [1, -2, 3, 4, 5, 6],
            "share": [1.5, -0.5, 2.0, 3.0, 4.0, 5.0],
        }
    )


def test_neutralises_text_not_numbers():
    safe = neutralise_formulas(frame())
    assert all(value.startswith("'") for value in safe["candidate_name"])
    assert safe["votes"].tolist() == [1, -2, 3, 4, 5, 6]
    assert safe["share"].tolist() == [1.5, -0.5, 2.0, 3.0, 4.0, 5.0]


def test_csv_neutralised():
    text = export_csv(frame()).decode("utf-8")
    back = pd.read_csv(io.StringIO(text))
    assert back["candidate_name"].str.startswith("'").all()
    assert back["votes"].tolist() == [1, -2, 3, 4, 5, 6]


def test_xlsx_has_no_formulas_and_keeps_numbers():
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(export_xlsx(frame())))
    sheet = book.active
    assert sheet.freeze_panes == "A2"
    values = [cell.value for cell in sheet["B"][1:]]
    assert all(isinstance(v, str) and v.startswith("'") for v in values)
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    assert [cell.value for cell in sheet["C"][1:]] == [1, -2, 3, 4, 5, 6]
    assert sheet.column_dimensions["B"].width > 10


def test_geojson_features_and_properties():
    shapes = gpd.GeoDataFrame(
        {"constituency_code": ["E1", "E2"], "geometry": [box(0, 50, 1, 51), box(1, 50, 2, 51)]},
        crs="EPSG:4326",
    )
    collection = json.loads(export_geojson(frame().iloc[:2], shapes))
    assert collection["type"] == "FeatureCollection"
    assert [f["properties"]["constituency_code"] for f in collection["features"]] == ["E1", "E2"]
    assert collection["features"][0]["properties"]["candidate_name"].startswith("'=")
    assert collection["features"][1]["geometry"]["type"] == "Polygon"


def signed_area(ring: list[list[float]]) -> float:
    """Shoelace area of a closed ring: positive when anticlockwise."""
    return (
        sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring[:-1], ring[1:], strict=True)) / 2
    )


def rings_follow_rfc7946(geometry: dict) -> bool:
    """Every exterior ring anticlockwise and every hole clockwise (RFC 7946, 3.1.6)."""
    polygons = (
        [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    )
    return all(
        signed_area(polygon[0]) > 0 and all(signed_area(hole) < 0 for hole in polygon[1:])
        for polygon in polygons
    )


def test_geojson_rings_are_wound_as_rfc_7946_asks():
    # exterior clockwise, hole anticlockwise: the wrong way round on both counts
    clockwise = Polygon(
        [(0, 50), (0, 51), (1, 51), (1, 50)], holes=[[(0.2, 50.2), (0.8, 50.2), (0.8, 50.8)]]
    )
    assert shapely_area(clockwise.exterior) < 0
    shapes = gpd.GeoDataFrame(
        {
            "constituency_code": ["E1", "E2"],
            "geometry": [clockwise, MultiPolygon([clockwise, box(3, 50, 4, 51, ccw=False)])],
        },
        crs="EPSG:4326",
    )
    collection = json.loads(export_geojson(frame().iloc[:2], shapes))
    for feature in collection["features"]:
        assert rings_follow_rfc7946(feature["geometry"]), feature["properties"]


def shapely_area(ring) -> float:
    return signed_area([list(point) for point in ring.coords])


def test_unknown_format_and_geojson_without_shapes():
    with pytest.raises(ValueError, match="choose from"):
        export_table(frame(), "pdf")
    with pytest.raises(ValueError, match="boundaries"):
        export_table(frame(), "geojson")


def test_filename_has_date_and_filters():
    import datetime as dt

    assert export_filename("seats", "winner-lab", "csv", dt.date(2026, 11, 30)) == (
        "seats_winner-lab_2026-11-30.csv"
    )


def test_markdown_from_links_and_uploads_is_shown_as_typed():
    from targets.views.labels import escape_markdown

    hostile = "[click](https://evil.example) **bold** :red[x] <b>hi</b> `code`"
    escaped = escape_markdown(hostile)
    for token in ("[", "]", "(", ")", "*", ":", "<", ">", "`"):
        assert all(escaped[i - 1] == "\\" for i, ch in enumerate(escaped) if ch == token)
    assert escape_markdown("Ynys Môn") == "Ynys Môn"


def test_bare_addresses_in_escaped_text_cannot_become_links():
    from targets.views.labels import ZERO_WIDTH_SPACE, escape_markdown

    escaped = escape_markdown("see https://evil.example, www.evil.example or bob@evil.example")
    assert f"https{ZERO_WIDTH_SPACE}\\:" in escaped
    assert f"www{ZERO_WIDTH_SPACE}\\." in escaped
    assert f"bob{ZERO_WIDTH_SPACE}@" in escaped
    # what a person reads is unchanged once the invisible space is dropped
    shown = escaped.replace(ZERO_WIDTH_SPACE, "").replace("\\", "")
    assert shown == "see https://evil.example, www.evil.example or bob@evil.example"


def test_xlsx_reads_like_a_product():
    from openpyxl import load_workbook

    table = pd.DataFrame(
        {
            "constituency_name": ["Alpha", "Beta"],
            "majority": [12345, 6789],
            "majority_pct": [12.345, 6.7],
            "gain": [True, False],
            "derived_2019_share_ruk": [4.2, None],
        }
    )
    book = load_workbook(
        io.BytesIO(export_table(table, "xlsx", title="Green targets", filters="x"))
    )
    assert book.sheetnames == ["Green targets", "About"]
    sheet = book["Green targets"]
    assert [c.value for c in sheet[1]] == [
        "Seat",
        "Majority",
        "Majority %",
        "Gain",
        "2019 share, Reform UK (derived)",
    ]
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:E3"
    assert [c.value for c in sheet["D"][1:]] == ["Yes", "No"]
    assert sheet["B2"].value == 12345 and sheet["B2"].number_format == "#,##0"
    assert sheet["C2"].number_format == "0.0"
    about = {row[0].value: row[1].value for row in book["About"].iter_rows()}
    assert about["Seat Targets export"] == "Green targets" and about["Filters"] == "x"
    assert "Open Parliament Licence" in " ".join(str(v) for v in about.values())
    assert about["Sitting MPs as of"] == "27 June 2026"


def test_tables_lead_with_what_people_decide_on_and_fit_their_rows():
    from targets.views.labels import lead_columns, table_height

    columns = ["constituency_code", "nation", "majority", "constituency_name", "winner_party"]
    assert lead_columns(columns) == [
        "constituency_name",
        "winner_party",
        "majority",
        "constituency_code",
        "nation",
    ]
    assert table_height(1) < 100  # one matching seat is not a 640 px grid
    assert table_height(650) == 640


@given(st.text(alphabet=st.sampled_from("=+-@' \tAbc1&é"), max_size=8) | st.text(max_size=12))
def test_a_neutralised_cell_reads_back_as_it_was(text):
    kept = clean_text(text)
    assert clean_text(neutralise_cell(kept)) == kept
    assert clean_text(kept) == kept


def test_the_apostrophe_an_export_adds_is_taken_off_on_reading():
    assert neutralise_cell("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert clean_text("'=HYPERLINK(1)") == "=HYPERLINK(1)"
    assert clean_text("'-5") == "-5"
    assert clean_text("O'Brien") == "O'Brien"  # an apostrophe elsewhere is kept
    assert clean_text("''=x") == "''=x"


def test_times_with_a_time_zone_are_written_to_excel_as_utc():
    import datetime as dt

    import openpyxl

    when = dt.datetime(2026, 12, 1, 14, 2, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    frame = pd.DataFrame(
        {
            "saved_at": pd.to_datetime([when], utc=True),
            "opened_at": pd.Series([when], dtype=object),
            "rows": [3],
        }
    )
    sheet = openpyxl.load_workbook(io.BytesIO(export_xlsx(frame, "Versions"))).active
    assert sheet.cell(row=2, column=1).value == dt.datetime(2026, 12, 1, 13, 2)
    assert sheet.cell(row=2, column=2).value == dt.datetime(2026, 12, 1, 13, 2)
