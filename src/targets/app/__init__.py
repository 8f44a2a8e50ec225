"""Everything that imports Streamlit: cached data, URL state, the sidebar, downloads, pages."""
