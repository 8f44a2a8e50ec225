"""The dashboard's pages: one registry read by ``app.py``, the docs test and the README."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from targets.data import sources


@dataclass(frozen=True)
class PageSpec:
    """One page: its script in ``app_pages/``, the title people see, icon and URL path."""

    script: str
    title: str
    icon: str
    url_path: str | None = None  # None: the default page, at the site's root

    def to_page(self) -> st.Page:
        """The Streamlit page for this spec."""
        path = sources.PROJECT_ROOT / "app_pages" / self.script
        if self.url_path is None:
            return st.Page(path, title=self.title, icon=self.icon, default=True)
        return st.Page(path, title=self.title, icon=self.icon, url_path=self.url_path)


PAGES: tuple[PageSpec, ...] = (
    PageSpec("map_page.py", "Map", ":material/map:"),
    PageSpec("seats_page.py", "Seats", ":material/table_rows:", "seats"),
    PageSpec("targets_page.py", "Target list", ":material/flag:", "targets"),
    PageSpec("scenario_page.py", "Scenario", ":material/tune:", "scenario"),
    PageSpec("polls_page.py", "Polls", ":material/monitoring:", "polls"),
    PageSpec("seat_page.py", "Seat", ":material/place:", "seat"),
    PageSpec("group_page.py", "Group", ":material/groups:", "group"),
    PageSpec("team_targets_page.py", "Our targets", ":material/checklist:", "our-targets"),
    PageSpec("near_me_page.py", "Near me", ":material/near_me:", "near-me"),
    PageSpec("import_page.py", "Import candidates", ":material/upload_file:", "import"),
    PageSpec("workspace_page.py", "Workspace", ":material/history:", "workspace"),
)


def navigation() -> st.navigation:
    """Streamlit's navigation over every registered page."""
    return st.navigation([spec.to_page() for spec in PAGES])


APP_ICON = "🗳️"
OPENED = "_opened"  # session key: the session's first run has finished its set-up
OPENING_TEXT = "Opening Seat Targets: loading the 2024 results, the maps and the filters…"


def tab_title(name: str) -> str:
    """The browser tab's title for a page or a seat: "Ilford North — Seat Targets"."""
    return f"{name} — Seat Targets"
