"""Seat Targets: the dashboard's entry point (`targets serve` or `streamlit run app.py`)."""

import streamlit as st

from targets import ui

st.set_page_config(page_title="Seat Targets", page_icon="🗳️", layout="wide")

PAGES = [
    st.Page("app_pages/map_page.py", title="Map", icon=":material/map:", default=True),
    st.Page(
        "app_pages/seats_page.py", title="Seats", icon=":material/table_rows:", url_path="seats"
    ),
    st.Page(
        "app_pages/targets_page.py", title="Target list", icon=":material/flag:", url_path="targets"
    ),
    st.Page(
        "app_pages/scenario_page.py", title="Scenario", icon=":material/tune:", url_path="scenario"
    ),
    st.Page("app_pages/seat_page.py", title="Seat", icon=":material/place:", url_path="seat"),
    st.Page("app_pages/group_page.py", title="Group", icon=":material/groups:", url_path="group"),
    st.Page(
        "app_pages/import_page.py",
        title="Import candidates",
        icon=":material/upload_file:",
        url_path="import",
    ),
]

page = st.navigation(PAGES)
data = ui.load_data_or_stop()
ui.render_sidebar(data)
ui.about_the_data()
ui.show_url_notes()
page.run()
