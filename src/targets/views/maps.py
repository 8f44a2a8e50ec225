"""Seat maps as Plotly figures that need no internet: no tiles, no CDN, no base map.

Each map is a set of ``Choroplethmap`` traces on a background-only style. Seats outside
the filters stay on the map in grey, so the context is kept. Each trace carries only its
own seats' shapes, so the figure holds every seat's outline exactly once.
"""

from __future__ import annotations

import html
import math
import os
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import plotly.graph_objects as go

from targets.data.context import CONTEXT_LABELS
from targets.parties import OTHER_COLOUR, UNFILTERED_GREY, colour_map, party_names
from targets.text import ordinal
from targets.views.hex_regions import hex_region_traces
from targets.views.labels import html_text
from targets.views.map_layers import MapLayers, choose_detail, closeup_features, detail_level

COLOUR_MODES: dict[str, str] = {
    "winner": "2024 winner",
    "current": "Held now",
    "context": "Who lives there",
    "majority": "Majority (%)",
    "stance": "Group stance",
    "swing": "Swing needed for a party",
}
MAP_STYLE = "white-bg"  # background only: nothing is fetched
MAP_STYLE_ENV = "TARGETS_MAP_STYLE"  # opt-in base map for deployments with internet
MAP_HEIGHT = 720
LOCATOR_HEIGHT = 320
STANCE_COLOURS: dict[str, str] = {
    "Backed": "#1B9E77",
    "Opposed": "#D95F02",
    "Backed and opposed": "#7570B3",
    "No stance": "#C9C9C9",
}
OUTSIDE_FILTERS = "Outside filters"


@dataclass(frozen=True)
class SeatColours:
    """How each seat is drawn: one row per seat with its category or value and hover text."""

    frame: pd.DataFrame  # constituency_code, category, colour, value, hover
    continuous: bool
    legend_title: str
    colour_scale: str = "YlOrRd_r"  # for continuous values: dark is small (a marginal seat)


def map_style() -> str:
    """The map's base style: none by default (works offline); a tile style if opted in.

    Set ``TARGETS_MAP_STYLE`` (e.g. "carto-positron") on a deployment with internet to draw
    seats over a base map; the browser then fetches tiles from that style's servers.
    """
    return os.environ.get(MAP_STYLE_ENV, "").strip() or MAP_STYLE


def _hover(seats: pd.DataFrame) -> pd.Series:
    stance = np.where(
        seats["groups"].fillna("") != "",
        "<br>Backed: "
        + html_text(seats["backed_candidate"]).replace("", "–")
        + "<br>Opposed: "
        + html_text(seats["opposed_candidate"]).replace("", "–"),
        "",
    )
    return (
        "<b>"
        + html_text(seats["constituency_name"])
        + "</b><br>"
        + html_text(seats["winner_party"])
        + ": "
        + html_text(seats["winner_candidate"])
        + "<br>Majority "
        + seats["majority"].map("{:,}".format)
        + " ("
        + seats["majority_pct"].map("{:.1f}%".format)
        + ")"
        + _holder_now(seats)
        + stance
    )


def _holder_now(seats: pd.DataFrame) -> pd.Series | str:
    """'<br>Now: Sarah Pochin (RUK), Reform UK gain at a by-election' where it changed."""
    if "change_description" not in seats:
        return ""
    changed = seats["change_description"].fillna("") != ""
    text = (
        "<br>Now: "
        + html_text(seats["current_mp"])
        + " ("
        + seats["current_party"].fillna("")
        + "), "
        + html_text(seats["change_description"])
    )
    return text.where(changed, "")


def _swing_note(seats: pd.DataFrame, targets: pd.DataFrame) -> pd.Series | str:
    """'<br>must also overtake Con (29.5%)' where a candidate other than the holder binds."""
    if "swing_note" not in targets:
        return ""
    note = seats["constituency_code"].map(targets.set_index("constituency_code")["swing_note"])
    note = note.fillna("").astype(str)
    return ("<br>" + note.map(html.escape)).where(note != "", "")


def _stance_category(seats: pd.DataFrame) -> pd.Series:
    backed = seats["backed_candidate"].fillna("") != ""
    opposed = seats["opposed_candidate"].fillna("") != ""
    category = np.select(
        [backed & opposed, backed, opposed],
        ["Backed and opposed", "Backed", "Opposed"],
        default="No stance",
    )
    return pd.Series(category, index=seats.index)


def colour_seats(
    seats: pd.DataFrame,
    mask: pd.Series,
    mode: str,
    registry: pd.DataFrame,
    targets: pd.DataFrame | None = None,
    party: str | None = None,
    measure: str | None = None,
) -> SeatColours:
    """Decide each seat's colour for a colour mode; seats outside ``mask`` are grey.

    Modes: "winner" (party colours), "majority" (majority % on a sequential scale),
    "stance" (backed, opposed, both, none), "swing" (swing needed for ``party``; needs
    ``targets``, the party's target list from ``targeting.rank_targets``).
    """
    frame = pd.DataFrame(
        {"constituency_code": seats["constituency_code"], "hover": _hover(seats)},
        index=seats.index,
    )
    continuous = False
    scale = "YlOrRd_r"
    if mode in ("winner", "current"):
        column = "winner_party" if mode == "winner" else "current_party"
        colours = colour_map(registry)
        names = party_names(registry)
        frame["category"] = seats[column].map(lambda p: names.get(p, p))
        frame["colour"] = seats[column].map(lambda p: colours.get(p, OTHER_COLOUR))
        frame["value"] = np.nan
        title = COLOUR_MODES[mode]
    elif mode == "stance":
        frame["category"] = _stance_category(seats)
        frame["colour"] = frame["category"].map(STANCE_COLOURS)
        frame["value"] = np.nan
        title = "Group stance"
    elif mode == "context":
        if measure not in CONTEXT_LABELS:
            raise ValueError(f"colouring by context needs a measure: {', '.join(CONTEXT_LABELS)}")
        continuous = True
        value = pd.to_numeric(seats[measure], errors="coerce").astype("float64")
        rank = value.rank(ascending=False, method="min")
        frame["value"] = value
        frame["category"] = np.where(value.isna(), "No figure", CONTEXT_LABELS[measure])
        frame["colour"] = np.where(value.isna(), "#EFEFEF", "")
        frame["hover"] += np.where(
            value.isna(),
            f"<br>{CONTEXT_LABELS[measure]}: no figure",
            f"<br>{CONTEXT_LABELS[measure]}: "
            + value.map("{:,.1f}".format)
            + " ("
            + rank.map(lambda r: ordinal(int(r)) if r == r else "")
            + f" highest of {int(value.notna().sum())})",
        )
        title = f"{CONTEXT_LABELS[measure]}<br>(dark: highest)"
        scale = "Purples"
    elif mode == "majority":
        continuous = True
        frame["category"] = "Majority"
        frame["colour"] = ""
        frame["value"] = seats["majority_pct"].astype(float)
        title = "Majority (% of votes)"
    elif mode == "swing":
        if targets is None or not party:
            raise ValueError("colouring by swing needs the party's target list and the party")
        continuous = True
        swing = targets.set_index("constituency_code")["swing_needed"]
        value = seats["constituency_code"].map(swing).astype(float)
        held = (seats["winner_party"] == party).to_numpy()
        frame["value"] = value
        frame["category"] = np.select(
            [held, value.isna()], [f"Held by {party}", f"{party} did not stand"], "Target"
        )
        frame["colour"] = np.select(
            [held, value.isna()], [colour_map(registry).get(party, OTHER_COLOUR), "#EFEFEF"], ""
        )
        frame["hover"] += np.select(
            [held, value.isna()],
            ["", f"<br>{party} did not stand"],
            f"<br>Swing needed for {party}: "
            + value.map("{:.1f} pts".format)
            + " from the holder"
            + _swing_note(seats, targets),
        )
        title = f"Swing needed for {party} (points from the holder)"
    else:
        raise ValueError(f"unknown colour mode {mode!r}; choose from: {', '.join(COLOUR_MODES)}")
    outside = ~mask.reindex(seats.index).fillna(False).astype(bool)
    frame.loc[outside, "category"] = OUTSIDE_FILTERS
    frame.loc[outside, "colour"] = UNFILTERED_GREY
    frame.loc[outside, "value"] = np.nan
    return SeatColours(frame.reset_index(drop=True), continuous, title, scale)


def _view(codes: list[str], layer: gpd.GeoDataFrame) -> dict:
    """Centre and zoom that fit the given seats in the map."""
    chosen = layer[layer["constituency_code"].isin(codes)] if codes else layer
    minx, miny, maxx, maxy = chosen.total_bounds
    lon_span = max(maxx - minx, 0.01)
    merc = lambda lat: math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))  # noqa: E731
    lat_span = max(merc(maxy) - merc(miny), 0.0002)
    zoom_lon = math.log2(360 / lon_span * 0.9 * 760 / 512)
    zoom_lat = math.log2(2 * math.pi / lat_span * 0.9 * MAP_HEIGHT / 512)
    return {
        "center": {"lon": (minx + maxx) / 2, "lat": (miny + maxy) / 2},
        "zoom": max(0.0, min(zoom_lon, zoom_lat, 12.0)),
    }


def _collection(features: dict[str, dict], codes: pd.Series) -> dict:
    return {"type": "FeatureCollection", "features": [features[c] for c in codes]}


def build_map_figure(
    colours: SeatColours,
    features: dict[str, dict],
    layer: gpd.GeoDataFrame,
    fit_codes: list[str] | None = None,
) -> go.Figure:
    """A Choroplethmap figure: one trace per category (legend), or a colour scale.

    Args:
        colours: from :func:`colour_seats`.
        features: from :func:`layer_geojson` for the same layer.
        layer: the layer's GeoDataFrame (for fitting the view).
        fit_codes: seats to fit the view to (all when None or empty).
    """
    frame = colours.frame[colours.frame["constituency_code"].isin(features)]
    figure = go.Figure()
    common = {
        "featureidkey": "id",
        "marker": {"line": {"width": 0.4, "color": "white"}},
        "hovertemplate": "%{customdata}<extra></extra>",
    }
    if colours.continuous:
        flat = frame[frame["value"].isna()]
        for category, group in flat.groupby("category", sort=False):
            figure.add_trace(_flat_trace(group, str(category), features, common))
        scaled = frame[frame["value"].notna()]
        if not scaled.empty:
            figure.add_trace(
                go.Choroplethmap(
                    geojson=_collection(features, scaled["constituency_code"]),
                    locations=scaled["constituency_code"],
                    z=scaled["value"].round(2),
                    customdata=scaled["hover"],
                    colorscale=colours.colour_scale,
                    colorbar={"title": {"text": colours.legend_title}, "thickness": 14},
                    name=colours.legend_title,
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
            figure.add_trace(_flat_trace(group, str(category), features, common))
    figure.update_layout(
        map={"style": map_style(), **_view(fit_codes or [], layer)},
        height=MAP_HEIGHT,
        margin={"l": 0, "r": 0, "t": 0, "b": 0},
        legend={
            "title": {"text": colours.legend_title},
            "itemclick": False,
            "itemdoubleclick": False,
            "bgcolor": "rgba(255,255,255,0.85)",
            "x": 0.01,
            "y": 0.99,
        },
        clickmode="event+select",
        dragmode="pan",
        uirevision="seat-map",
    )
    return figure


def _flat_trace(group: pd.DataFrame, name: str, features: dict, common: dict) -> go.Choroplethmap:
    colour = group["colour"].iloc[0]
    return go.Choroplethmap(
        geojson=_collection(features, group["constituency_code"]),
        locations=group["constituency_code"],
        z=np.zeros(len(group)),
        customdata=group["hover"],
        colorscale=[[0, colour], [1, colour]],
        showscale=False,
        showlegend=True,
        name=f"{name} ({len(group)})",
        **common,
    )


def seat_code_from_selection(selection: dict | None) -> str | None:
    """The seat code of the first clicked shape in a Streamlit Plotly selection event."""
    if not selection:
        return None
    points = (
        selection.get("selection", {}).get("points", [])
        if "selection" in selection
        else (selection.get("points", []))
    )
    for point in points:
        code = point.get("location")
        if code:
            return str(code)
        data = point.get("customdata")  # a marker drawn over a seat carries its code first
        if isinstance(data, list | tuple) and data:
            return str(data[0])
    return None


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
) -> go.Figure:
    """The seat map for the current filters: all 650 seats, the matching ones coloured.

    The hex view always shows the whole country. The geographic view fits to the matching
    seats when the filters narrow to a close-up, drawing those in generalised detail.
    """
    colours = colour_seats(seats, mask, mode, registry, targets, party, measure)
    codes = seats.loc[mask.reindex(seats.index).fillna(False).astype(bool), "constituency_code"]
    codes = codes.tolist()
    if hex_view:
        figure = build_map_figure(colours, layers.hex_features, layers.hexes)
        figure.add_traces(hex_region_traces(layers.hexes, seats))  # outlines, names
        return figure
    if choose_detail(len(codes), len(seats)) == "detailed":
        level = detail_level(layers.national, codes)
        features = closeup_features(
            layers.national, layers.national_features, layers.detailed(level), codes
        )
        return build_map_figure(colours, features, layers.national, codes)
    return build_map_figure(colours, layers.national_features, layers.national)
