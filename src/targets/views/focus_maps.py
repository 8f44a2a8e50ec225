"""Maps of a few seats: the seat page's locator and a group's seats (no tiles, no CDN)."""

from __future__ import annotations

import html
import math

import geopandas as gpd
import pandas as pd
import plotly.graph_objects as go
import shapely
import shapely.geometry

from targets import groups
from targets.views.labels import html_text
from targets.views.map_layers import MapLayers, choose_detail, closeup_features, detail_level
from targets.views.maps import (
    LOCATOR_HEIGHT,
    MAP_HEIGHT,
    STANCE_COLOURS,
    SeatColours,
    build_map_figure,
    colour_seats,
)

INSET_DOMAIN = {"x": [0.78, 1.0], "y": [0.5, 1.0]}  # the UK inset, top right of the locator
INSET_LINE = "#8a8a8a"
PHONE_MAP_WIDTH = 340  # px: a map across a 390 px phone, less the page's margins
GROUP_MAP_HEIGHT = 560  # px: on a phone, room above and below to scroll the page by
_UK_OUTLINES: dict[int, tuple[gpd.GeoDataFrame, dict]] = {}  # by national layer, once each


def build_locator_map(
    seats: pd.DataFrame, code: str, layers: MapLayers, registry: pd.DataFrame
) -> go.Figure:
    """A small map of the seat in its winner's colour among its grey neighbours (no tiles).

    The seat's name is written on it, and a small inset of the UK marks where it is.
    """
    this_seat = seats["constituency_code"] == code
    colours = colour_seats(seats, this_seat, "winner", registry)
    level = detail_level(layers.national, [code])
    features = closeup_features(
        layers.national, layers.national_features, layers.detailed(level), [code], margin=1.0
    )
    figure = build_map_figure(colours, features, layers.national, list(features))
    # the view was fitted for a full-height map: zoom out to fit the same area in a small one
    zoom = figure.layout.map.zoom - math.log2(MAP_HEIGHT / LOCATOR_HEIGHT)
    minx, miny, maxx, maxy = layers.national.loc[
        layers.national["constituency_code"] == code
    ].total_bounds
    figure.update_layout(
        height=LOCATOR_HEIGHT,
        showlegend=False,
        uirevision=f"locator-{code}",
        # the seat in the middle, its neighbours around it
        map={
            "zoom": max(0.0, zoom),
            "center": {"lon": (minx + maxx) / 2, "lat": (miny + maxy) / 2},
        },
        margin={"l": 0, "r": 0, "t": 0, "b": 0},
    )
    (name,) = seats.loc[this_seat, "constituency_name"]
    figure.add_annotation(
        text=f"<b>{html.escape(str(name))}</b>",
        xref="paper",
        yref="paper",
        x=0.01,
        y=0.99,
        xanchor="left",
        yanchor="top",
        showarrow=False,
        font={"size": 14, "color": "#1a1a1a"},
        bgcolor="rgba(255,255,255,0.85)",
    )
    _add_uk_inset(figure, layers.national, code)
    return figure


def uk_outline(national: gpd.GeoDataFrame) -> dict:
    """The whole UK as one simplified GeoJSON feature (for the locator's inset)."""
    kept = _UK_OUTLINES.get(id(national))
    if kept is None or kept[0] is not national:
        shape = shapely.union_all(national.geometry.values, grid_size=0.001).simplify(0.04)
        parts = [part for part in getattr(shape, "geoms", [shape]) if part.area > 0.01]
        shape = shapely.MultiPolygon(parts)
        feature = {"type": "Feature", "id": "UK", "geometry": shapely.geometry.mapping(shape)}
        kept = _UK_OUTLINES[id(national)] = (national, feature)
    return kept[1]


def _add_uk_inset(figure: go.Figure, national: gpd.GeoDataFrame, code: str) -> None:
    """The UK in light grey in the corner, the seat a dot on it."""
    outline = uk_outline(national)
    point = national.set_index("constituency_code").loc[code, "geometry"].representative_point()
    figure.add_trace(
        go.Choroplethmap(
            geojson={"type": "FeatureCollection", "features": [outline]},
            locations=["UK"],
            featureidkey="id",
            z=[0],
            colorscale=[[0, "#e4e4e4"], [1, "#e4e4e4"]],
            showscale=False,
            marker={"line": {"width": 0.5, "color": INSET_LINE}},
            hoverinfo="skip",
            showlegend=False,
            subplot="map2",
            name="United Kingdom",
        )
    )
    figure.add_trace(
        go.Scattermap(
            lon=[point.x],
            lat=[point.y],
            mode="markers",
            marker={"size": 8, "color": "#d62728"},
            hoverinfo="skip",
            showlegend=False,
            subplot="map2",
            name="Where the seat is",
        )
    )
    figure.update_layout(
        map2={
            "style": figure.layout.map.style,
            "domain": INSET_DOMAIN,
            "center": {"lon": -3.3, "lat": 55.3},
            "zoom": 2.55,
        }
    )
    figure.add_shape(
        type="rect",
        xref="paper",
        yref="paper",
        x0=INSET_DOMAIN["x"][0],
        x1=INSET_DOMAIN["x"][1],
        y0=INSET_DOMAIN["y"][0],
        y1=INSET_DOMAIN["y"][1],
        line={"width": 1, "color": INSET_LINE},
        fillcolor="rgba(0,0,0,0)",
    )


OUTCOME_COLOURS: dict[str, str] = {
    groups.WON: "#1B7837",
    groups.LOST_CLOSE: "#A6DBA0",
    groups.LOST_MIDDLE: "#FDB863",
    groups.LOST_FAR: "#D6604D",
    groups.BACKED_DID_NOT_STAND: "#878787",
    groups.OPPOSED_BEATEN: "#2166AC",
    groups.OPPOSED_WON: "#762A83",
    groups.OPPOSED_DID_NOT_STAND: "#C2A5CF",
}
OUTCOME_TITLE = "2024 outcome (gap to the winner)"


def colour_group_seats(seats: pd.DataFrame, table: pd.DataFrame) -> SeatColours:
    """Every seat's map colour for one group: how its seats went in 2024, grey elsewhere."""
    by_code = table.set_index("constituency_code")
    codes = seats["constituency_code"]
    category = codes.map(groups.classify_outcomes(table, seats)).astype(object)
    category = category.fillna(groups.NO_STANCE)  # object: an empty map is no float column
    outcome = codes.map(by_code["outcome"])
    hover = "<b>" + html_text(seats["constituency_name"]) + "</b><br>"
    hover += html_text(seats["winner_party"]) + ": " + html_text(seats["winner_candidate"])
    hover = hover.where(outcome.isna(), hover + "<br>" + html_text(outcome))
    colour = category.map(OUTCOME_COLOURS).fillna(STANCE_COLOURS[groups.NO_STANCE])
    frame = pd.DataFrame(
        {
            "constituency_code": codes,
            "category": category,
            "colour": colour,
            "value": float("nan"),
            "hover": hover,
        }
    )
    return SeatColours(frame.reset_index(drop=True), False, OUTCOME_TITLE)


def _legend_in_outcome_order(figure: go.Figure) -> None:
    """Outcomes best first, the seats outside the group's campaign last."""
    order = [*groups.OUTCOME_CATEGORIES, groups.NO_STANCE]
    for trace in figure.data:
        if trace.type == "choroplethmap" and trace.name:
            category = trace.name.rsplit(" (", 1)[0]
            trace.legendrank = 1000 + (order.index(category) if category in order else 99)


def build_group_map(seats: pd.DataFrame, table: pd.DataFrame, layers: MapLayers) -> go.Figure:
    """A map of the group's seats coloured by their 2024 outcome, their surroundings in grey.

    Seats close together are drawn in generalised detail; seats far apart on the national
    map. A marker on each of the group's seats keeps small city seats visible at any zoom.
    """
    colours = colour_group_seats(seats, table)
    codes = table["constituency_code"].tolist()
    close_together = bool(codes) and detail_level(layers.national, codes) == 0
    if choose_detail(len(codes), len(seats)) == "detailed" and close_together:
        features = closeup_features(
            layers.national, layers.national_features, layers.detailed(0), codes, margin=0.5
        )
        figure = build_map_figure(colours, features, layers.national, list(features))
    else:
        figure = build_map_figure(colours, layers.national_features, layers.national, codes)
    _legend_in_outcome_order(figure)
    if codes:
        figure.add_trace(_seat_markers(colours, layers.national, codes))
        _fit_a_phone(figure, layers.national, codes)
    return figure


def _fit_a_phone(figure: go.Figure, national: gpd.GeoDataFrame, codes: list[str]) -> None:
    """A shorter map, zoomed out so the group's seats fit across a phone too.

    The view is fitted on the server, which does not know the screen's width.
    """
    minx, _, maxx, _ = national[national["constituency_code"].isin(codes)].total_bounds
    span = max(maxx - minx, 0.01)
    widest = math.log2(360 / span * 0.85 * PHONE_MAP_WIDTH / 512)
    # the view was fitted for a full-height map
    zoom = figure.layout.map.zoom - math.log2(MAP_HEIGHT / GROUP_MAP_HEIGHT)
    figure.update_layout(height=GROUP_MAP_HEIGHT, map={"zoom": max(0.0, min(zoom, widest))})


def _seat_markers(colours: SeatColours, national: gpd.GeoDataFrame, codes: list[str]):
    """Circle markers on the given seats (circles need no map glyphs or sprites)."""
    shapes = national.set_index("constituency_code").loc[codes, "geometry"]
    points = shapes.representative_point()
    drawn = colours.frame.set_index("constituency_code").loc[codes]
    return go.Scattermap(
        lon=points.x,
        lat=points.y,
        mode="markers",
        marker={"size": 14, "color": drawn["colour"].tolist(), "opacity": 0.95},
        customdata=list(zip(codes, drawn["hover"], strict=True)),  # a click opens the seat
        hovertemplate="%{customdata[1]}<extra></extra>",
        showlegend=False,
        name="Group seats",
    )
