"""Maps of a few seats: the seat page's locator and a group's seats (no tiles, no CDN)."""

from __future__ import annotations

import math

import geopandas as gpd
import pandas as pd
import plotly.graph_objects as go

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


def build_locator_map(
    seats: pd.DataFrame, code: str, layers: MapLayers, registry: pd.DataFrame
) -> go.Figure:
    """A small map of the seat in its winner's colour among its grey neighbours (no tiles)."""
    this_seat = seats["constituency_code"] == code
    colours = colour_seats(seats, this_seat, "winner", registry)
    level = detail_level(layers.national, [code])
    features = closeup_features(
        layers.national, layers.national_features, layers.detailed(level), [code], margin=1.0
    )
    figure = build_map_figure(colours, features, layers.national, list(features))
    # the view was fitted for a full-height map: zoom out to fit the same area in a small one
    zoom = figure.layout.map.zoom - math.log2(MAP_HEIGHT / LOCATOR_HEIGHT)
    figure.update_layout(
        height=LOCATOR_HEIGHT,
        showlegend=False,
        uirevision=f"locator-{code}",
        map={"zoom": max(0.0, zoom)},
    )
    return figure


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
    category = codes.map(groups.classify_outcomes(table, seats)).fillna(groups.NO_STANCE)
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
    return figure


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
