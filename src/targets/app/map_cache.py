"""Map shapes and seat map figures, prepared once per server process and shared.

The boundary layers are written once as static files (``targets.views.map_files``:
``targets data fetch`` does it, else the first run of the app), so no person's click waits
for shapes to be simplified. Each built seat map figure is kept per view, colour mode,
party, measure, matching seats and data version: a rerun that changes nothing on the map
reuses it and costs only its serialisation.
"""

from __future__ import annotations

import hashlib
import weakref
from collections.abc import Callable

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from targets import targeting
from targets.data.boundaries import load_boundaries, load_hex_layout
from targets.seats import SeatData
from targets.views import map_colours, map_files, maps
from targets.views import map_layers as geometry

FIGURES_KEPT = 64  # seat map figures kept per process (each tens of kilobytes)


@st.cache_resource(show_spinner=False)
def load_layer(name: str):
    """A boundary layer, read once per process: "national", "detailed" or "hex" (plane)."""
    return load_hex_layout() if name == "hex" else load_boundaries(name)


@st.cache_resource(show_spinner="Preparing the map files (once, after a data fetch)…")
def layer_files() -> dict[str, str]:
    """The map layer files (layer -> file name under static/maps), written if missing."""
    return map_files.prepare_map_files()


@st.cache_resource(show_spinner="Reading close-up boundaries…", max_entries=3)
def _detailed_features(level: int) -> dict[str, dict]:
    """A close-up detail level's features, read from its prepared file (never simplified here)."""
    names = layer_files()
    return map_files.read_features(names["detailed" if level == 0 else f"level-{level}"])


@st.cache_resource(show_spinner="Preparing the maps…")
def map_layers() -> geometry.MapLayers:
    """Map-ready shapes and the layer files' addresses (once per process)."""
    names = layer_files()
    points = map_files.read_manifest().get("label_points") or None
    return geometry.prepare_layers(
        load_layer("national"),
        load_layer("hex"),
        _detailed_features,
        urls={layer: map_files.layer_url(name) for layer, name in names.items()},
        label_points={code: tuple(point) for code, point in points.items()} if points else None,
    )


@st.cache_resource(show_spinner=False)
def seat_shapes():
    """The generalised seat polygons in British National Grid metres, for distances."""
    from targets.nearest import seat_shapes as to_grid

    return to_grid(load_layer("detailed"))


_VERSIONS: dict[int, tuple[weakref.ref, str]] = {}  # id(endorsements) -> (the frame, digest)


def data_version(data: SeatData) -> str:
    """A digest of what can differ between sessions' data: the endorsement list in use.

    Worked out once per endorsement table (the tables are shared and never changed).
    """
    endorsements = data.endorsements
    kept = _VERSIONS.get(id(endorsements))
    if kept is not None and kept[0]() is endorsements:
        return kept[1]
    digest = _digest(endorsements)
    key = id(endorsements)
    _VERSIONS[key] = (weakref.ref(endorsements, lambda _: _VERSIONS.pop(key, None)), digest)
    return digest


def _digest(endorsements: pd.DataFrame) -> str:
    try:
        hashed = pd.util.hash_pandas_object(endorsements, index=False).to_numpy().tobytes()
    except TypeError:  # a column of unhashable cells: fall back on the object itself
        hashed = str(id(endorsements)).encode()
    columns = ",".join(map(str, endorsements.columns)).encode()
    return hashlib.blake2b(hashed + columns, digest_size=12).hexdigest()


def matching_key(mask: pd.Series) -> str:
    """A digest of which seats match (the seat table's order is fixed)."""
    flags = mask.fillna(False).astype(bool).to_numpy()
    return hashlib.blake2b(flags.tobytes(), digest_size=12).hexdigest()


@st.cache_resource(show_spinner=False, max_entries=8)
def _hover_fields(version: str, _seats: pd.DataFrame) -> pd.DataFrame:
    """The seats' hover text, made once per data version (it does not depend on filters)."""
    return map_colours.hover_fields(_seats)


@st.cache_resource(show_spinner=False, max_entries=FIGURES_KEPT)
def _kept_figure(key: tuple, _build: Callable[[], go.Figure]) -> go.Figure:
    return _build()


def seat_map(
    data: SeatData,
    mask: pd.Series,
    colour: str,
    *,
    hex_view: bool = False,
    party: str | None = None,
    measure: str | None = None,
    phone: bool = False,
) -> go.Figure:
    """The Map page's figure, built once per (view, colour, party, measure, seats, data).

    The figure is shared between sessions: draw it, never change it.
    """
    version = data_version(data)
    key = (
        "hex" if hex_view else "geo",
        phone,
        colour,
        party if colour == "swing" else None,
        measure if colour == "context" else None,
        matching_key(mask),
        version,
        tuple(sorted(layer_files().items())),
    )

    def build() -> go.Figure:
        # every seat the party stood in, the Speaker's too (its hover says whose seat it is)
        targets = (
            targeting.rank_targets(data.seats, data.candidates, party, include_speaker=True)
            if colour == "swing" and party
            else None
        )
        return maps.build_seat_map(
            data.seats,
            mask,
            colour,
            map_layers(),
            data.registry,
            hex_view=hex_view,
            targets=targets,
            party=party if colour == "swing" else None,
            measure=measure if colour == "context" else None,
            hover=_hover_fields(version, data.seats),
            phone=phone,
        )

    return _kept_figure(key, build)


def on_a_phone() -> bool:
    """Whether this session's browser says it is a phone ("Mobile" in its User-Agent)."""
    return "Mobile" in (st.context.headers.get("User-Agent") or "")
