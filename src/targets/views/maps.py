"""Seat maps as Plotly figures that need no internet: no tiles, no CDN, no base map.

Each map is a set of ``Choroplethmap`` traces on a background-only style. Seats outside
the filters stay on the map in grey, so the context is kept. The shapes come from a layer
file the browser fetches once by address (``targets.views.map_files``); a rerun sends only
seat codes, colours and the hover fields (``customdata``, the markup once per trace in
``hovertemplate``). Without layer files each trace carries its own seats' shapes inline.
"""

from __future__ import annotations

import math
import os

import geopandas as gpd
import numpy as np
import pandas as pd
import plotly.graph_objects as go

from targets.views.hex_regions import hex_region_traces
from targets.views.map_colours import (  # noqa: F401  (re-exported: maps.colour_seats, …)
    COLOUR_MODES,
    HOVER_TEMPLATE,
    OUTSIDE_FILTERS,
    STANCE_COLOURS,
    SeatColours,
    colour_seats,
    hover_text,
)
from targets.views.map_layers import (
    GeometryUrl,
    MapLayers,
    choose_detail,
    closeup_codes,
    closeup_features,
    detail_level,
)

MAP_STYLE = "white-bg"  # background only: nothing is fetched
MAX_ZOOM = 10.5  # a close-up on one city seat still shows the seats around it
NO_MATCH = "No seat matches these filters"
MAP_STYLE_ENV = "TARGETS_MAP_STYLE"  # opt-in base map for deployments with internet
NATIONAL_LAYER_ENV = "TARGETS_MAP_NATIONAL_LAYER"  # the national view's layer file
# From this zoom on (about 700 m a pixel at British latitudes; the national view is about
# 4.5) the 500 m layer's corners show, so the browser swaps in the 20 m layer.
SHARPER_AT_ZOOM = 7.0
MAP_HEIGHT = 720
FIT_HEIGHT = MAP_HEIGHT - 120  # px: the plot's height once the legend below takes its rows
FIT_WIDTH = 760  # px: the map's width a view is fitted to on a computer
PHONE_FIT_WIDTH = 340  # px: a 390 px phone's map, inside the page's margins
LOCATOR_HEIGHT = 320


def map_style() -> str:
    """The map's base style: none by default (works offline); a tile style if opted in.

    Set ``TARGETS_MAP_STYLE`` (e.g. "carto-positron") on a deployment with internet to draw
    seats over a base map; the browser then fetches tiles from that style's servers.
    """
    return os.environ.get(MAP_STYLE_ENV, "").strip() or MAP_STYLE


def national_layer() -> str:
    """Which layer file the national geographic view draws first (``TARGETS_MAP_NATIONAL_LAYER``).

    "national" (500 m, the default): the first view paints soonest (a quarter of a megabyte
    against 8 MB), and the figure says where the 20 m layer is, so the browser swaps it in
    once the user zooms to :data:`SHARPER_AT_ZOOM` (see ``targets.app.live_chart``).
    "detailed" draws the 20 m layer from the start; "level-1" (100 m) is in between.
    """
    chosen = os.environ.get(NATIONAL_LAYER_ENV, "").strip()
    return chosen if chosen in ("national", "level-1", "detailed") else "national"


def labelled_style(blank_style_url: str | None) -> str:
    """:func:`map_style`, or when it is white-bg the same background with no glyph server.

    Plotly's white-bg names a glyph server on the internet; without one, maplibre draws the
    seat names with the browser's own font, so labels need nothing from outside. That style
    is a file (``map_files``: "style"); without layer files, white-bg is kept.
    """
    style = map_style()
    return blank_style_url if style == MAP_STYLE and blank_style_url else style


def _view(
    codes: list[str], layer: gpd.GeoDataFrame, max_zoom: float = 12.0, width_px: int = FIT_WIDTH
) -> dict:
    """Centre and zoom that fit the seats in a map ``width_px`` wide (at most ``max_zoom``)."""
    chosen = layer[layer["constituency_code"].isin(codes)] if codes else layer
    minx, miny, maxx, maxy = chosen.total_bounds
    lon_span = max(maxx - minx, 0.01)
    merc = lambda lat: math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))  # noqa: E731
    lat_span = max(merc(maxy) - merc(miny), 0.0002)
    zoom_lon = math.log2(360 / lon_span * 0.9 * width_px / 512)
    zoom_lat = math.log2(2 * math.pi / lat_span * 0.9 * FIT_HEIGHT / 512)
    return {
        "center": {"lon": (minx + maxx) / 2, "lat": (miny + maxy) / 2},
        "zoom": max(0.0, min(zoom_lon, zoom_lat, max_zoom)),
    }


Geometry = dict[str, dict] | GeometryUrl


def _codes_in(geometry: Geometry) -> frozenset[str] | dict:
    return geometry.codes if isinstance(geometry, GeometryUrl) else geometry


def _geojson(geometry: Geometry, codes: pd.Series) -> str | dict:
    """The trace's geometry: the layer file's address, or its seats' features inline."""
    if isinstance(geometry, GeometryUrl):
        return geometry.url
    return {"type": "FeatureCollection", "features": [geometry[c] for c in codes]}


def _hover_args(colours: SeatColours, group: pd.DataFrame) -> dict:
    if not colours.hover_fields:
        return {"customdata": group["hover"], "hovertemplate": colours.hovertemplate}
    return {
        "customdata": group[list(colours.hover_fields)].to_numpy(),
        "hovertemplate": colours.hovertemplate,
    }


def build_map_figure(
    colours: SeatColours,
    features: Geometry,
    layer: gpd.GeoDataFrame,
    fit_codes: list[str] | None = None,
    max_zoom: float = 12.0,
    width_px: int | None = None,
) -> go.Figure:
    """A Choroplethmap figure: one trace per category (legend), or a colour scale.

    The legend counts every seat in a category, drawn or not: "Outside filters (649)".

    Args:
        colours: from :func:`colour_seats`.
        features: the seats' shapes: a layer file's address (:class:`GeometryUrl`), or
            features from :func:`layer_geojson` for the same layer.
        layer: the layer's GeoDataFrame (for fitting the view).
        fit_codes: seats to fit the view to (all when None or empty).
        max_zoom: the closest zoom the view is fitted at.
        width_px: the width to fit the view in (``FIT_WIDTH``, or ``PHONE_FIT_WIDTH``).
    """
    counts = colours.frame["category"].value_counts()
    frame = colours.frame[colours.frame["constituency_code"].isin(_codes_in(features))]
    # plain numpy columns: selecting rows of Arrow-backed text per trace is what costs here
    frame = frame.astype({c: object for c in frame.columns if c != "value"})
    figure = go.Figure()
    common = {"featureidkey": "id", "marker": {"line": {"width": 0.4, "color": "white"}}}
    if colours.continuous:
        flat = frame[frame["value"].isna()]
        for category, group in flat.groupby("category", sort=False):
            name = f"{category} ({counts[category]})"
            figure.add_trace(_flat_trace(colours, group, name, features, common))
        scaled = frame[frame["value"].notna()]
        if not scaled.empty:
            figure.add_trace(
                go.Choroplethmap(
                    geojson=_geojson(features, scaled["constituency_code"]),
                    locations=scaled["constituency_code"],
                    z=scaled["value"].round(2),
                    colorscale=colours.colour_scale,
                    colorbar={
                        "title": {"text": colours.legend_title, "side": "top"},
                        "thickness": 12,
                        "orientation": "h",
                        "x": 0.5,
                        "y": 0,
                        "yanchor": "top",
                        "len": 0.6,
                    },
                    name=colours.legend_title,
                    **_hover_args(colours, scaled),
                    **common,
                )
            )
    else:
        order = frame.groupby("category", sort=False).size().sort_values(ascending=False).index
        order = [c for c in order if c != OUTSIDE_FILTERS] + (
            [OUTSIDE_FILTERS] if OUTSIDE_FILTERS in set(order) else []
        )
        for category in order:
            group = frame[frame["category"] == category]
            name = f"{category} ({counts[category]})"
            figure.add_trace(_flat_trace(colours, group, name, features, common))
    view = _view(fit_codes or [], layer, max_zoom, width_px or FIT_WIDTH)
    figure.update_layout(
        map={"style": map_style(), **view},
        height=MAP_HEIGHT,
        margin={"l": 0, "r": 0, "t": 0, "b": 0},
        legend={  # below the map, so it never covers Scotland on a phone
            "title": {"text": colours.legend_title, "side": "top"},  # rows get the full width
            "itemclick": False,
            "itemdoubleclick": False,
            "orientation": "h",
            "x": 0,
            "y": -0.09 if colours.continuous else 0,  # under the colour bar
            "yanchor": "top",
        },
        clickmode="event+select",
        dragmode="pan",
        # redrawn in place, the map keeps the user's pan and zoom until the fitted view changes
        uirevision=_view_name(view),
    )
    return figure


def _view_name(view: dict) -> str:
    centre = view["center"]
    return f"seat-map {centre['lon']:.4f} {centre['lat']:.4f} {view['zoom']:.2f}"


def _flat_trace(
    colours: SeatColours, group: pd.DataFrame, name: str, features: Geometry, common: dict
) -> go.Choroplethmap:
    colour = group["colour"].iloc[0]
    return go.Choroplethmap(
        geojson=_geojson(features, group["constituency_code"]),
        locations=group["constituency_code"],
        z=np.zeros(len(group), dtype=int),
        colorscale=[[0, colour], [1, colour]],
        showscale=False,
        showlegend=True,
        name=name,
        **_hover_args(colours, group),
        **common,
    )


def _name_labels(seats: pd.DataFrame, codes: list[str], points: dict) -> go.Scattermap:
    """The chosen seats' names at a point inside each (text drawn by the map itself)."""
    names = seats.set_index("constituency_code").loc[codes, "constituency_name"]
    lonlat = np.array([points[code] for code in codes], dtype=float).reshape(-1, 2)
    return go.Scattermap(
        lon=lonlat[:, 0].round(4).astype(np.float32),  # about 1 m: half the bytes of f8
        lat=lonlat[:, 1].round(4).astype(np.float32),
        mode="text",
        text=names.tolist(),
        textfont={"size": 11, "color": "#1a1a1a"},
        hoverinfo="skip",
        showlegend=False,
        name="Seat names",
    )


def _say_no_match(figure: go.Figure) -> None:
    figure.add_annotation(
        text=f"<b>{NO_MATCH}</b>",
        xref="paper",
        yref="paper",
        x=0.5,
        y=0.6,
        showarrow=False,
        font={"size": 18, "color": "#333"},
        bgcolor="rgba(255,255,255,0.9)",
        borderpad=10,
    )


def count_shapes(figure: go.Figure) -> int:
    """How many seat shapes a map figure draws (markers are not shapes)."""
    return sum(len(trace.locations) for trace in figure.data if trace.type == "choroplethmap")


def build_seat_map(
    seats: pd.DataFrame,
    mask: pd.Series,
    mode: str,
    layers: MapLayers,
    registry: pd.DataFrame,
    *,
    hex_view: bool = False,
    targets: pd.DataFrame | None = None,
    party: str | None = None,
    measure: str | None = None,
    hover: pd.DataFrame | None = None,
    phone: bool = False,
) -> go.Figure:
    """The seat map for the current filters: all 650 seats, the matching ones coloured.

    The hex view always shows the whole country. The geographic view draws every seat from
    the national layer file (:func:`national_layer`; zooming in swaps in the 20 m one), and
    fits to the matching seats when the filters narrow to a close-up: there the seats in
    view are drawn (context from the same layer: no slivers), the chosen seats named, the
    zoom capped at ``MAX_ZOOM``.
    When nothing matches, the map says so. ``hover``: the seats' hover fields made earlier
    (:func:`targets.views.map_colours.hover_fields`). ``phone``: fit the view to a phone's
    width (on a wider screen the height often decides: the UK is tall).
    """
    colours = colour_seats(seats, mask, mode, registry, targets, party, measure, hover)
    fit_width = PHONE_FIT_WIDTH if phone else FIT_WIDTH
    codes = seats.loc[mask.reindex(seats.index).fillna(False).astype(bool), "constituency_code"]
    codes = codes.tolist()
    if hex_view:
        figure = build_map_figure(
            colours,
            layers.geometry("hex") or layers.hex_features,
            layers.hexes,
            width_px=fit_width,
        )
        figure.add_traces(hex_region_traces(layers.hexes, seats))  # outlines, names
    elif choose_detail(len(codes), len(seats)) == "detailed":
        figure = _closeup(colours, seats, codes, layers, fit_width)
    else:
        geometry = layers.geometry(national_layer()) or layers.national_features
        figure = build_map_figure(
            colours, geometry, layers.national, max_zoom=MAX_ZOOM, width_px=fit_width
        )
        _sharper_when_zoomed(figure, layers)
    if not codes:
        _say_no_match(figure)
    # one style for every view (the served white background, no glyph server), so a figure
    # that plotly.js updates in place never reloads the style
    figure.update_layout(map={"style": labelled_style(layers.urls.get("style"))})
    return figure


def _sharper_when_zoomed(figure: go.Figure, layers: MapLayers) -> None:
    """Tell the browser which 20 m file replaces the national one once zoomed in (if served)."""
    coarse, sharp = layers.urls.get(national_layer()), layers.urls.get("detailed")
    if coarse and sharp and coarse != sharp:
        rule = {"coarse": coarse, "sharp": sharp, "zoom": SHARPER_AT_ZOOM}
        figure.update_layout(meta={"sharperWhenZoomed": rule})


def _closeup(
    colours: SeatColours,
    seats: pd.DataFrame,
    codes: list[str],
    layers: MapLayers,
    fit_width: int = FIT_WIDTH,
) -> go.Figure:
    in_view = layers.closeup_geometry(closeup_codes(layers.national, codes))
    if in_view is None:  # shapes inline: the chosen seats and their context at one level
        level = detail_level(layers.national, codes)
        features = closeup_features(
            layers.national, layers.national_features, layers.detailed(level), codes
        )
        figure = build_map_figure(colours, features, layers.national, codes, MAX_ZOOM, fit_width)
    else:  # from one file at 20 m: a region's when the view lies in one, else the country's
        figure = build_map_figure(colours, in_view, layers.national, codes, MAX_ZOOM, fit_width)
    figure.add_trace(_name_labels(seats, codes, layers.label_points))
    return figure


def listed_seats(seats: pd.DataFrame, mask: pd.Series) -> list[tuple[str, str]]:
    """(code, name) of the matching seats a close-up shows, by name; none on the national map."""
    flags = mask.reindex(seats.index).fillna(False).astype(bool)
    if choose_detail(int(flags.sum()), len(seats)) != "detailed":
        return []
    named = seats.loc[flags, ["constituency_code", "constituency_name"]]  # not every column
    ordered = named.sort_values("constituency_name")
    return list(zip(ordered["constituency_code"], ordered["constituency_name"], strict=True))
