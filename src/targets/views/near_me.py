"""Maps for the Near me page: the nearest targets around a postcode, and a volunteer plan.

Like every map here they need no internet (no tiles, no CDN): seats are ``Choroplethmap``
traces on the background-only style, points and lines are ``Scattermap`` traces. Text
from the data or an upload (seat names, volunteers' names) is html-escaped in hovers.
"""

from __future__ import annotations

import html

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from targets.views.map_layers import MapLayers
from targets.views.maps import map_style

NEAR_HEIGHT = 520
TARGET_COLOUR = "#D95F02"
OWN_COLOUR = "#1B9E77"
LINE_COLOUR = "#555555"


def seat_points(layers: MapLayers, codes: list[str]) -> pd.DataFrame:
    """A point inside each seat (for markers and line ends): lon, lat by code."""
    shapes = layers.national.set_index("constituency_code").loc[codes, "geometry"]
    points = shapes.representative_point()
    return pd.DataFrame({"lon": points.x, "lat": points.y}, index=shapes.index)


def _view(lons, lats) -> dict:
    lons, lats = np.asarray(lons, dtype=float), np.asarray(lats, dtype=float)
    span = max(float(np.nanmax(lons) - np.nanmin(lons)), float(np.nanmax(lats) - np.nanmin(lats)))
    zoom = float(np.clip(np.log2(360 / max(span * 2.2, 0.02)) - 0.4, 3.5, 12))
    return {
        "center": {"lon": float(np.nanmean(lons)), "lat": float(np.nanmean(lats))},
        "zoom": zoom,
    }


def _seats_trace(layers: MapLayers, codes: list[str], hover: list[str], colour: str, name: str):
    features = [layers.national_features[code] for code in codes]
    return go.Choroplethmap(
        geojson={"type": "FeatureCollection", "features": features},
        featureidkey="id",
        locations=codes,
        z=np.zeros(len(codes)),
        customdata=hover,
        hovertemplate="%{customdata}<extra></extra>",
        colorscale=[[0, colour], [1, colour]],
        showscale=False,
        marker={"opacity": 0.55, "line": {"width": 0.6, "color": "white"}},
        name=name,
        showlegend=True,
    )


def _layout(figure: go.Figure, lons, lats) -> go.Figure:
    figure.update_layout(
        map={"style": map_style(), **_view(lons, lats)},
        height=NEAR_HEIGHT,
        margin={"l": 0, "r": 0, "t": 0, "b": 0},
        legend={"bgcolor": "rgba(255,255,255,0.85)", "x": 0.01, "y": 0.99},
        dragmode="pan",
    )
    return figure


def build_nearest_map(
    layers: MapLayers,
    nearest: pd.DataFrame,
    own_code: str,
    own_name: str,
    postcode: str,
    lon: float,
    lat: float,
) -> go.Figure:
    """The postcode, its seat and the nearest targets (each with its distance in the hover)."""
    figure = go.Figure()
    codes = [c for c in nearest["constituency_code"] if c != own_code]
    hover = [
        f"<b>{html.escape(str(name))}</b><br>{km:.1f} km"
        + ("" if swing != swing else f"<br>swing needed {swing:.1f} pts")
        for name, km, swing in zip(
            nearest.set_index("constituency_code").loc[codes, "constituency_name"],
            nearest.set_index("constituency_code").loc[codes, "distance_km"],
            nearest.set_index("constituency_code").loc[codes, "swing_needed"],
            strict=True,
        )
    ]
    figure.add_trace(
        _seats_trace(
            layers,
            [own_code],
            [f"<b>{html.escape(own_name)}</b><br>your seat"],
            OWN_COLOUR,
            "Your seat",
        )
    )
    if codes:
        figure.add_trace(_seats_trace(layers, codes, hover, TARGET_COLOUR, "Nearest targets"))
    figure.add_trace(
        go.Scattermap(
            lon=[lon],
            lat=[lat],
            mode="markers",
            marker={"size": 14, "color": "#222222"},
            hovertext=[html.escape(postcode)],
            hoverinfo="text",
            name=html.escape(postcode),
        )
    )
    points = seat_points(layers, [own_code, *codes])
    if codes:  # markers keep small city seats visible at any zoom
        figure.add_trace(
            go.Scattermap(
                lon=points.loc[codes, "lon"],
                lat=points.loc[codes, "lat"],
                mode="markers",
                marker={"size": 11, "color": TARGET_COLOUR},
                hovertext=hover,
                hoverinfo="text",
                showlegend=False,
                name="Target markers",
            )
        )
    return _layout(figure, [lon, *points["lon"]], [lat, *points["lat"]])


def build_plan_map(layers: MapLayers, seats: pd.DataFrame, lines: pd.DataFrame) -> go.Figure:
    """The target seats (hours delivered of needed), a line from each volunteer to theirs."""
    figure = go.Figure()
    codes = seats["constituency_code"].tolist()
    hover = [
        f"<b>{html.escape(str(row.constituency_name))}</b><br>{row.hours_delivered:g} of "
        f"{row.hours_needed:g} hours, {row.volunteer_count} volunteer(s)"
        for row in seats.itertuples()
    ]
    figure.add_trace(_seats_trace(layers, codes, hover, TARGET_COLOUR, "Target seats"))
    points = seat_points(layers, codes)
    if not lines.empty:
        ends = points.loc[lines["constituency_code"]]
        lon = np.column_stack([lines["longitude"], ends["lon"], np.full(len(lines), np.nan)])
        lat = np.column_stack([lines["latitude"], ends["lat"], np.full(len(lines), np.nan)])
        figure.add_trace(
            go.Scattermap(
                lon=lon.ravel(),
                lat=lat.ravel(),
                mode="lines",
                line={"width": 1.2, "color": LINE_COLOUR},
                hoverinfo="skip",
                name="Volunteer to seat",
            )
        )
        figure.add_trace(
            go.Scattermap(
                lon=lines["longitude"],
                lat=lines["latitude"],
                mode="markers",
                marker={"size": 7, "color": "#222222"},
                hovertext=[
                    f"{html.escape(str(name))} ({html.escape(str(code))}): {km:.1f} km"
                    for name, code, km in zip(
                        lines["name"], lines["postcode"], lines["distance_km"], strict=True
                    )
                ],
                hoverinfo="text",
                name="Volunteers",
            )
        )
        return _layout(
            figure, [*lines["longitude"], *points["lon"]], [*lines["latitude"], *points["lat"]]
        )
    return _layout(figure, points["lon"], points["lat"])
