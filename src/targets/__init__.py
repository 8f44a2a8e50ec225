"""Seat Targets: constituency campaign targeting for UK Westminster elections.

The package is layered; imports point down only (``lint-imports`` checks it in CI):

=========  ==================================================================
surfaces   ``targets.app`` (everything that imports Streamlit), ``targets.cli``
views      ``targets.views``: maps, charts, labels, export (DataFrame -> figure / bytes)
analyses   ``filters``, ``targeting``, ``scenario``, ``seat_profile``, ``groups``,
           ``uploads`` (reading and checking what campaigners bring)
model      ``seats`` (the seat table), ``endorsements``, ``seat_names`` (finding a seat)
data       ``targets.data``: the source registry and fetcher, readers, saved files
base       ``parties`` (the registry), ``errors``, ``text``, ``values``
=========  ==================================================================

Only ``targets.app`` and ``targets.views`` import streamlit or plotly.
"""

__version__ = "0.2.0"
