"""The stack's floor: a one-polygon Streamlit + Plotly map, for ``bench/browser.py``.

The same page shape as the peer (a sidebar region filter, a ``go.Choroplethmap`` on a
background-only style, a caption) with one square for geometry, so what it costs to paint is
what Streamlit, Plotly and maplibre cost on their own. Run: ``streamlit run bench/floor_app.py``.
"""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

REGIONS = ["East Midlands", "London", "North East", "Scotland", "Wales"]
SQUARE = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "id": "E00000001",
            "properties": {},
            "geometry": {
                "type": "Polygon",
                "coordinates": [
                    [[-2.0, 52.0], [0.0, 52.0], [0.0, 53.5], [-2.0, 53.5], [-2.0, 52.0]]
                ],
            },
        }
    ],
}

st.set_page_config(page_title="Floor", layout="wide")
chosen = st.sidebar.multiselect("Region", REGIONS, key="region")
st.title("One polygon")
st.caption(f"{len(chosen)} regions chosen")
figure = go.Figure(
    go.Choroplethmap(
        geojson=SQUARE,
        locations=["E00000001"],
        z=[len(chosen)],
        zmin=0,
        zmax=len(REGIONS),
        showscale=False,
        marker={"line": {"width": 0.5, "color": "white"}},
    )
)
figure.update_layout(
    map={"style": "white-bg", "center": {"lon": -1.0, "lat": 52.75}, "zoom": 5},
    height=720,
    margin={"l": 0, "r": 0, "t": 0, "b": 0},
)
st.plotly_chart(figure, key="map", config={"scrollZoom": True})
