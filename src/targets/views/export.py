"""One export path for the CLI and the app's download buttons: CSV, XLSX and GeoJSON bytes.

Every text cell a spreadsheet would run as a formula (starting ``=``, ``+``, ``-``, ``@``,
tab or carriage return) is neutralised with a leading apostrophe in every format; numbers
stay numbers.
"""

from __future__ import annotations

import datetime as dt
import io
import json

import geopandas as gpd
import pandas as pd

from targets.data.boundaries import orient_rfc7946
from targets.values import json_value

FORMATS: tuple[str, ...] = ("csv", "xlsx", "geojson")
MEDIA_TYPES: dict[str, str] = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "geojson": "application/geo+json",
}
FORMULA_PREFIXES: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")
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


def export_xlsx(frame: pd.DataFrame, sheet_name: str = "Seats") -> bytes:
    """An Excel workbook with one sheet, header row frozen, columns sized to their text."""
    safe = neutralise_formulas(frame)
    buffer = io.BytesIO()
    options = {"strings_to_formulas": False, "strings_to_urls": False}
    with pd.ExcelWriter(buffer, engine="xlsxwriter", engine_kwargs={"options": options}) as xl:
        safe.to_excel(xl, sheet_name=sheet_name, index=False)
        sheet = xl.sheets[sheet_name]
        sheet.freeze_panes(1, 0)
        for index, column in enumerate(safe.columns):
            lengths = safe[column].astype("string").str.len().fillna(0)
            longest = max(len(str(column)), int(lengths.max()) if len(lengths) else 0)
            sheet.set_column(index, index, min(longest + 2, _MAX_COLUMN_WIDTH))
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
    frame: pd.DataFrame, fmt: str, boundaries: gpd.GeoDataFrame | None = None
) -> bytes:
    """Bytes of ``frame`` in ``fmt`` ("csv", "xlsx" or "geojson", which needs boundaries)."""
    if fmt == "csv":
        return export_csv(frame)
    if fmt == "xlsx":
        return export_xlsx(frame)
    if fmt == "geojson":
        if boundaries is None:
            raise ValueError("GeoJSON export needs the constituency boundaries")
        return export_geojson(frame, boundaries)
    raise ValueError(f"unknown export format {fmt!r}; choose from: {', '.join(FORMATS)}")


def export_filename(stem: str, slug: str, fmt: str, today: dt.date | None = None) -> str:
    """A download name carrying the date and a short form of the filters."""
    today = today or dt.date.today()
    return f"{stem}_{slug}_{today.isoformat()}.{fmt}"
