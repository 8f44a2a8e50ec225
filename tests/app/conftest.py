"""AppTest helpers: run the real app (app.py) on a chosen page.

Page scripts live in ``app_pages/``, not ``pages/``: a ``pages/`` folder beside app.py
makes Streamlit 1.67 start in its old pages-directory mode, so on a cold server the first
deep link (``/seats``) shows "Page not found", and AppTest's ``switch_page`` runs the page
file without app.py when a page's ``url_path`` equals its file's stem.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "app.py")
TIMEOUT = 120
DEFAULT_PAGE = "app_pages/map_page.py"


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
