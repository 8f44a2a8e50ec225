"""The dashboard's pages: one registry read by ``app.py``, the docs test and the README."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

import streamlit as st

from targets.data import sources


@dataclass(frozen=True)
class PageSpec:
    """One page: its script in ``app_pages/``, the title people see, icon and URL path."""

    script: str
    title: str
    icon: str
    url_path: str | None = None  # None: the default page, at the site's root
    live_map: bool = False  # draws its map with targets.app.live_chart

    def to_page(self) -> st.Page:
        """The Streamlit page for this spec."""
        path = sources.PROJECT_ROOT / "app_pages" / self.script
        if self.url_path is None:
            return st.Page(path, title=self.title, icon=self.icon, default=True)
        return st.Page(path, title=self.title, icon=self.icon, url_path=self.url_path)


PAGES: tuple[PageSpec, ...] = (
    PageSpec("map_page.py", "Map", ":material/map:", live_map=True),
    PageSpec("seats_page.py", "Seats", ":material/table_rows:", "seats"),
    PageSpec("targets_page.py", "Target list", ":material/flag:", "targets"),
    PageSpec("scenario_page.py", "Scenario", ":material/tune:", "scenario", live_map=True),
    PageSpec("polls_page.py", "Polls", ":material/monitoring:", "polls"),
    PageSpec("seat_page.py", "Seat", ":material/place:", "seat"),
    PageSpec("group_page.py", "Group", ":material/groups:", "group", live_map=True),
    PageSpec("team_targets_page.py", "Our targets", ":material/checklist:", "our-targets"),
    PageSpec("near_me_page.py", "Near me", ":material/near_me:", "near-me"),
    PageSpec("import_page.py", "Import candidates", ":material/upload_file:", "import"),
    PageSpec("workspace_page.py", "Workspace", ":material/history:", "workspace"),
)


def navigation() -> st.navigation:
    """Streamlit's navigation over every registered page."""
    return st.navigation([spec.to_page() for spec in PAGES])


def opens_a_live_map(url: str, base_path: str = "") -> bool:
    """Whether the page at this address draws a live map (known before the navigation runs)."""
    path = urlsplit(url).path.strip("/")
    base = base_path.strip("/")
    if base and (path == base or path.startswith(base + "/")):
        path = path[len(base) :].strip("/")
    return any(spec.live_map and (spec.url_path or "") == path for spec in PAGES)


APP_ICON = "🗳️"
OPENED = "_opened"  # session key: the session's first run has finished its set-up
OPENING_TEXT = "Opening Seat Targets: loading the 2024 results, the maps and the filters…"


def tab_title(name: str) -> str:
    """The browser tab's title for a page or a seat: "Ilford North — Seat Targets"."""
    return f"{name} — Seat Targets"
