"""AppTest helpers: run the real app (app.py) on a chosen page.

Pitfall (Streamlit 1.67 AppTest): when a page's ``url_path`` equals its file's stem
(``pages/seats.py`` with ``url_path="seats"``), ``switch_page`` runs the page file alone,
without app.py, so the sidebar filters vanish. Page files are therefore named
``<name>_page.py`` with ``url_path="<name>"``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "app.py")
TIMEOUT = 120
DEFAULT_PAGE = "pages/map_page.py"


@pytest.fixture()
def open_page(seat_data):
    """Open a page of the app, optionally with query parameters, and run it."""

    def opener(page: str | None = None, **query: str | list[str]) -> AppTest:
        at = AppTest.from_file(APP, default_timeout=TIMEOUT)
        at.query_params.update(query)
        at.run()
        if page and page != DEFAULT_PAGE:
            at.switch_page(page)
            at.query_params.update(query)
            at.run()
        assert not at.exception, at.exception
        return at

    return opener


@pytest.fixture()
def downloads(monkeypatch):
    """Capture the bytes of every eagerly-prepared download: file name -> bytes."""
    captured: dict[str, bytes] = {}
    original = MemoryMediaFileStorage.load_and_get_id

    def spy(self, path_or_data, mimetype, kind, filename=None):
        if filename and isinstance(path_or_data, bytes):
            captured[filename] = path_or_data
        return original(self, path_or_data, mimetype, kind, filename)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", spy)
    return captured
