"""Seat Targets: the dashboard's entry point (`targets serve` or `streamlit run app.py`)."""

import streamlit as st

from targets.app import pages, plotly_script

# the icon is an emoji: a Material page icon as favicon makes the browser fetch a font
st.set_page_config(page_title="Seat Targets", page_icon=pages.APP_ICON, layout="wide")
# a session's first run says what it is doing while the libraries and data load (seconds
# on a fresh server), so the page is never blank; later runs keep the slot empty
opening = st.empty()
if not st.session_state.get(pages.OPENED):
    opening.info(pages.OPENING_TEXT, icon=":material/hourglass_top:")
    if pages.opens_a_live_map(st.context.url or "", st.get_option("server.baseUrlPath")):
        plotly_script.start_loading_plotly()  # meanwhile, the browser fetches plotly.js

from targets.app import cache, sidebar, signin  # noqa: E402  (after the note: they are heavy)

page = pages.navigation()
st.set_page_config(page_title=pages.tab_title(page.title), page_icon=pages.APP_ICON)
signin.render_sign_in(st.sidebar)  # before the data: restoring a good list needs an editor
data = cache.load_data_or_stop()
sidebar.render_sidebar(data)
sidebar.about_the_data()
sidebar.show_url_notes()
opening.empty()
st.session_state[pages.OPENED] = True
page.run()
