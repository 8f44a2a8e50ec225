"""Seat Targets: the dashboard's entry point (`targets serve` or `streamlit run app.py`)."""

import streamlit as st

from targets.app import cache, pages, sidebar

st.set_page_config(page_title="Seat Targets", page_icon="🗳️", layout="wide")

page = pages.navigation()
data = cache.load_data_or_stop()
sidebar.render_sidebar(data)
sidebar.about_the_data()
sidebar.show_url_notes()
page.run()
