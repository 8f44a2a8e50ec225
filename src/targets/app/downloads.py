"""Download buttons: CSV, Excel and GeoJSON of exactly the rows shown, via the export path."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from targets import filters
from targets.app.cache import load_layer
from targets.app.sidebar import active_filters
from targets.views import export


def download_buttons(
    frame: pd.DataFrame,
    stem: str,
    slug: str,
    boundaries=None,
    key: str = "download",
    title: str | None = None,
    described: str | None = None,
) -> None:
    """CSV, Excel and GeoJSON downloads of exactly ``frame``, via the shared export module.

    ``title`` names the Excel sheet ("Green targets"); ``described`` is what the rows are
    (the filters in words), for the workbook's About sheet. Both default to the sidebar's.
    """
    title = title or stem.replace("-", " ").replace("_", " ").capitalize()
    described = described or filters.describe_filters(active_filters())
    columns = st.columns(3)
    columns[0].download_button(
        "Download CSV",
        data=export.export_table(frame, "csv"),
        file_name=export.export_filename(stem, slug, "csv"),
        mime=export.MEDIA_TYPES["csv"],
        key=f"{key}_csv",
        icon=":material/download:",
    )
    columns[1].download_button(
        "Download Excel",
        data=lambda: export.export_table(frame, "xlsx", title=title, filters=described),
        file_name=export.export_filename(stem, slug, "xlsx"),
        mime=export.MEDIA_TYPES["xlsx"],
        key=f"{key}_xlsx",
        icon=":material/download:",
    )
    shapes = boundaries if boundaries is not None else load_layer("national")
    columns[2].download_button(
        "Download GeoJSON",
        data=lambda: export.export_table(frame, "geojson", shapes),
        file_name=export.export_filename(stem, slug, "geojson"),
        mime=export.MEDIA_TYPES["geojson"],
        key=f"{key}_geojson",
        icon=":material/download:",
    )
