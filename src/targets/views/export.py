"""One export path for the CLI and the app's download buttons: CSV, XLSX and GeoJSON bytes.

Every text cell a spreadsheet would run as a formula (starting ``=``, ``+``, ``-``, ``@``,
tab or carriage return) is neutralised with a leading apostrophe in every format; numbers
stay numbers.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re

import geopandas as gpd
import pandas as pd

from targets.data import sources
from targets.data.boundaries import orient_rfc7946
from targets.data.sources import SOURCES
from targets.text import FORMULA_PREFIXES
from targets.values import json_value
from targets.views.labels import column_label, number_format

FORMATS: tuple[str, ...] = ("csv", "xlsx", "geojson")
MEDIA_TYPES: dict[str, str] = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "geojson": "application/geo+json",
}
_MAX_COLUMN_WIDTH = 50


def neutralise_cell(value: object) -> object:
    """Prefix an apostrophe to text a spreadsheet would run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def neutralise_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy with every formula-like text cell neutralised; numeric columns untouched."""
    safe = frame.copy()
    for column in safe.columns:
        series = safe[column]
        if column == "geometry" or pd.api.types.is_numeric_dtype(series):
            continue
        if pd.api.types.is_bool_dtype(series):
            continue
        safe[column] = series.map(neutralise_cell, na_action="ignore")
    safe.columns = [neutralise_cell(str(name)) for name in safe.columns]
    return safe


def export_csv(frame: pd.DataFrame) -> bytes:
    """UTF-8 CSV bytes (no index), CRLF line ends as RFC 4180 so stray CRs are quoted."""
    return neutralise_formulas(frame).to_csv(index=False, lineterminator="\r\n").encode("utf-8")


def _sheet_name(title: str) -> str:
    """An Excel sheet name: at most 31 characters, none of the characters Excel refuses."""
    cleaned = re.sub(r"[\[\]:*?/\\]", " ", title).strip() or "Seats"
    return cleaned[:31]


def about_rows(title: str, filters: str, made: dt.datetime | None = None) -> list[tuple]:
    """The "About" sheet: what the file holds, the filters, every source, the data dates."""
    made = made or dt.datetime.now(dt.UTC)
    rows = [
        ("Seat Targets export", title),
        ("Filters", filters),
        ("Made", made.strftime("%Y-%m-%d %H:%M UTC")),
        ("Results", "UK general election, 4 July 2024"),
        ("Sitting MPs as of", sources.source_named("members").as_of),
        ("", ""),
        ("Source", "Licence and attribution"),
    ]
    rows += [(source.title, f"{source.licence}. {source.attribution}") for source in SOURCES]
    return rows


def _times_in_utc(frame: pd.DataFrame) -> pd.DataFrame:
    """Times with a time zone as plain UTC times (Excel has no time zones)."""
    zoned = [
        column
        for column in frame.columns
        if isinstance(frame[column].dtype, pd.DatetimeTZDtype)
        or (
            frame[column].dtype == object
            and frame[column].map(lambda v: getattr(v, "tzinfo", None) is not None).any()
        )
    ]
    return frame.assign(
        **{c: pd.to_datetime(frame[c], utc=True).dt.tz_localize(None) for c in zoned}
    )


def export_xlsx(frame: pd.DataFrame, title: str = "Seats", filters: str = "all seats") -> bytes:
    """An Excel workbook for people: readable headers, number formats, Yes/No, a filter.

    The first sheet (named after ``title``) holds the rows with its header frozen and an
    autofilter; an "About" sheet names the filters, the sources and the data dates.
    """
    shown = _times_in_utc(frame.drop(columns="geometry", errors="ignore"))
    flags = [c for c in shown.columns if pd.api.types.is_bool_dtype(shown[c])]
    shown = shown.assign(**{c: shown[c].map({True: "Yes", False: "No"}) for c in flags})
    safe = neutralise_formulas(shown)
    name = _sheet_name(title)
    buffer = io.BytesIO()
    options = {"strings_to_formulas": False, "strings_to_urls": False}
    with pd.ExcelWriter(buffer, engine="xlsxwriter", engine_kwargs={"options": options}) as xl:
        safe.to_excel(xl, sheet_name=name, index=False, header=False, startrow=1)
        book, sheet = xl.book, xl.sheets[name]
        bold = book.add_format({"bold": True, "text_wrap": True, "valign": "top"})
        for index, column in enumerate(shown.columns):
            label = str(neutralise_cell(column_label(str(column))))
            sheet.write_string(0, index, label, bold)
            code = number_format(str(column), shown[column].dtype)
            lengths = safe.iloc[:, index].astype("string").str.len().fillna(0)
            longest = max(len(label), int(lengths.max()) if len(lengths) else 0)
            width = min(longest + 2, _MAX_COLUMN_WIDTH)
            sheet.set_column(
                index, index, width, book.add_format({"num_format": code}) if code else None
            )
        sheet.freeze_panes(1, 0)
        sheet.autofilter(0, 0, max(len(safe), 1), max(len(safe.columns) - 1, 0))
        about = book.add_worksheet("About")
        for row, (key, value) in enumerate(about_rows(title, filters)):
            about.write_string(row, 0, str(neutralise_cell(key)), bold)
            about.write_string(row, 1, str(neutralise_cell(value)))
        about.set_column(0, 0, 40)
        about.set_column(1, 1, 100)
    return buffer.getvalue()


def export_geojson(frame: pd.DataFrame, boundaries: gpd.GeoDataFrame) -> bytes:
    """A WGS84 GeoJSON FeatureCollection: one feature per row, the row as its properties.

    Polygons follow RFC 7946: exterior rings anticlockwise, holes clockwise, whatever
    winding the boundaries came with.
    """
    shapes = boundaries.to_crs("EPSG:4326").set_index("constituency_code")["geometry"]
    shapes = pd.Series(orient_rfc7946(shapes.values), index=shapes.index)
    safe = neutralise_formulas(frame.drop(columns="geometry", errors="ignore"))
    features = []
    for record in safe.to_dict(orient="records"):
        geometry = shapes.get(record.get("constituency_code"))
        features.append(
            {
                "type": "Feature",
                "geometry": None if geometry is None else geometry.__geo_interface__,
                "properties": {key: json_value(value) for key, value in record.items()},
            }
        )
    collection = {"type": "FeatureCollection", "features": features}
    return json.dumps(collection, ensure_ascii=False).encode("utf-8")


def export_table(
    frame: pd.DataFrame,
    fmt: str,
    boundaries: gpd.GeoDataFrame | None = None,
    *,
    title: str = "Seats",
    filters: str = "all seats",
) -> bytes:
    """Bytes of ``frame`` in ``fmt`` ("csv", "xlsx" or "geojson", which needs boundaries).

    CSV keeps the snake_case column names (a contract for scripts); Excel is for people
    (``title`` names its sheet; ``filters`` goes on its About sheet).
    """
    if fmt == "csv":
        return export_csv(frame)
    if fmt == "xlsx":
        return export_xlsx(frame, title, filters)
    if fmt == "geojson":
        if boundaries is None:
            raise ValueError("GeoJSON export needs the constituency boundaries")
        return export_geojson(frame, boundaries)
    raise ValueError(f"unknown export format {fmt!r}; choose from: {', '.join(FORMATS)}")


def export_filename(stem: str, slug: str, fmt: str, today: dt.date | None = None) -> str:
    """A download name carrying the date and a short form of the filters."""
    today = today or dt.date.today()
    return f"{stem}_{slug}_{today.isoformat()}.{fmt}"
