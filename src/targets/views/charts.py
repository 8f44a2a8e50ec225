"""Charts for people: a seat's candidates and a party's battleground (Plotly, no internet)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from targets.parties import OTHER_COLOUR, colour_map
from targets.views.labels import html_text

MAJORITY_LINE = 326  # seats for a Commons majority of the 650


def build_candidate_chart(candidates: pd.DataFrame, registry: pd.DataFrame) -> go.Figure:
    """Horizontal bars of every candidate's votes in party colours, the winner at the top."""
    colours = colour_map(registry)
    labels = html_text(candidates["candidate_name"]) + " (" + html_text(candidates["party"]) + ")"
    figure = go.Figure(
        go.Bar(
            x=candidates["votes"],
            y=labels,
            orientation="h",
            marker={
                "color": [colours.get(party, OTHER_COLOUR) for party in candidates["party"]],
                "line": {"color": "#555555", "width": 0.5},
            },
            text=[
                f"{v:,} · {s:.1f}%"
                for v, s in zip(candidates["votes"], candidates["share"], strict=True)
            ],
            textposition="auto",
            customdata=html_text(candidates["party_name"]),
            hovertemplate="%{y}<br>%{customdata}<br>%{text}<extra></extra>",
        )
    )
    figure.update_layout(
        yaxis={"autorange": "reversed", "title": None},
        xaxis={"title": "Votes, 2024"},
        height=max(220, 44 * len(candidates) + 80),
        margin={"l": 0, "r": 10, "t": 10, "b": 40},
        showlegend=False,
    )
    return figure


def build_battleground_chart(
    curve: pd.DataFrame, party: str, registry: pd.DataFrame, whole_country: bool
) -> go.Figure:
    """Seats against uniform swing: held vs the majority line, or gains among filtered seats."""
    measure = "total_seats" if whole_country else "seats_gained"
    chart = go.Figure(
        go.Scatter(
            x=curve["swing"],
            y=curve[measure],
            mode="lines+markers",
            line={"shape": "hv", "color": colour_map(registry).get(party, OTHER_COLOUR)},
            customdata=curve["seats_gained"],
            hovertemplate="Swing %{x:.1f} pts: %{customdata} gains<extra></extra>",
            name=party,
        )
    )
    if whole_country:
        chart.add_hline(
            y=MAJORITY_LINE,
            line_dash="dot",
            annotation_text=f"Majority ({MAJORITY_LINE})",
            annotation_position="top left",
        )
    chart.update_layout(
        title=(
            f"Battleground: {party} seats held at each uniform swing"
            if whole_country
            else f"Battleground: {party} gains among the filtered seats at each uniform swing"
        ),
        xaxis_title="Uniform swing to the party (points)",
        yaxis_title="Seats held" if whole_country else "Seats gained",
        height=380,
        margin={"l": 0, "r": 0, "t": 40, "b": 0},
    )
    return chart


def build_poll_trend_chart(
    polls: pd.DataFrame, trend: pd.DataFrame, parties: list[str], registry: pd.DataFrame
) -> go.Figure:
    """Each poll a dot and the rolling poll average a line, per party, in party colours."""
    colours = colour_map(registry)
    names = dict(zip(registry["party"], registry["party_name"], strict=True))
    figure = go.Figure()
    for party in parties:
        colour = colours.get(party, OTHER_COLOUR)
        name = names.get(party, party)
        figure.add_trace(
            go.Scatter(
                x=polls["fieldwork_end"],
                y=polls[party],
                mode="markers",
                marker={"color": colour, "size": 5, "opacity": 0.35},
                name=name,
                legendgroup=party,
                showlegend=False,
                customdata=html_text(polls["pollster"]),
                hovertemplate=f"{name} %{{y:.0f}}%<br>%{{customdata}}, %{{x|%d %b %Y}}"
                "<extra></extra>",
            )
        )
        figure.add_trace(
            go.Scatter(
                x=trend["fieldwork_end"],
                y=trend[party],
                mode="lines",
                line={"color": colour, "width": 3},
                name=name,
                legendgroup=party,
                hovertemplate=f"{name} average %{{y:.1f}}%<br>%{{x|%d %b %Y}}<extra></extra>",
            )
        )
    figure.update_layout(
        xaxis_title="Fieldwork end",
        yaxis_title="GB voting intention (%)",
        height=420,
        margin={"l": 0, "r": 0, "t": 10, "b": 0},
        legend={"orientation": "h", "y": -0.2},
        hovermode="closest",
    )
    return figure


def build_target_scatter(
    targets: pd.DataFrame, measure: str, label: str, registry: pd.DataFrame
) -> go.Figure:
    """Swing needed against a seat measure, one dot per target coloured by holder.

    ``targets`` is a target list with the measure joined in (``targeting.with_measure``);
    each dot carries its seat code, so a click can open the seat.
    """
    colours = colour_map(registry)
    names = dict(zip(registry["party"], registry["party_name"], strict=True))
    figure = go.Figure()
    shown = targets.dropna(subset=[measure])
    for holder, group in shown.groupby("holder_party", sort=False):
        figure.add_trace(
            go.Scatter(
                x=group[measure],
                y=group["swing_needed"],
                mode="markers",
                marker={"color": colours.get(holder, OTHER_COLOUR), "size": 8, "opacity": 0.8},
                name=f"Held by {names.get(holder, holder)}",
                customdata=list(
                    zip(
                        group["constituency_code"],
                        html_text(group["constituency_name"]),
                        strict=True,
                    )
                ),
                hovertemplate=(
                    "%{customdata[1]}<br>" + label + ": %{x:,.1f}<br>"
                    "Swing needed: %{y:.2f} pts<extra></extra>"
                ),
            )
        )
    figure.update_layout(
        xaxis_title=label,
        yaxis_title="Swing needed (points)",
        height=420,
        margin={"l": 0, "r": 0, "t": 10, "b": 0},
        legend={"orientation": "h", "y": -0.2},
        clickmode="event+select",
    )
    return figure


def seat_code_from_point(selection: dict | None) -> str | None:
    """The seat code of the first clicked dot of a chart whose dots carry it in customdata."""
    points = ((selection or {}).get("selection") or {}).get("points") or []
    for point in points:
        data = point.get("customdata")
        if data:
            return str(data[0] if isinstance(data, list | tuple) else data)
    return None
