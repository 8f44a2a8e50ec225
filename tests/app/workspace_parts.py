"""A team workspace for AppTest: a real SQLite database, members, versions, signing in."""

from __future__ import annotations

import pandas as pd
import pytest

from targets.data.candidates_file import ENDORSEMENT_COLUMNS
from targets.store import accounts
from targets.store import endorsement_lists as lists
from targets.store.database import DATABASE_URL_ENV, open_database

PASSWORD = "correct horse battery"
MEMBERS = {"alice": "editor", "bob": "editor", "victor": "viewer", "ada": "admin"}
# a candidate and a group only the workspace's list names: never public
SECRET_NAME = "Zebedee Quartermaine"
SECRET_GROUP = "Quiet Workspace Group"
SEED_ROW = ["E14001300", "Ilford North", "Leanne Mohamad", "Independent", "Team Group", "support"]
SECRET_ROW = ["E14001300", "Ilford North", SECRET_NAME, "Independent", SECRET_GROUP, "support"]


def list_rows(*rows: list[str]) -> pd.DataFrame:
    """Endorsement rows from (code, name, candidate, party, group, stance) lists."""
    return pd.DataFrame([[*row, "", ""] for row in rows], columns=list(ENDORSEMENT_COLUMNS))


@pytest.fixture(name="team")
def team_fixture(tmp_path, monkeypatch):
    """A workspace database with the MEMBERS and two versions: v1 SEED_ROW, v2 adds SECRET_ROW."""
    url = f"sqlite:///{tmp_path / 'team.sqlite3'}"
    monkeypatch.setenv(DATABASE_URL_ENV, url)
    engine = open_database(url)
    for name, role in MEMBERS.items():
        accounts.add_user(engine, name, role=role, password=PASSWORD)
    lists.save_version(engine, list_rows(SEED_ROW), author="alice", based_on=None, source="seed")
    lists.save_version(engine, list_rows(SEED_ROW, SECRET_ROW), author="bob", based_on=1)
    return engine


def sign_in(at, name: str, password: str = PASSWORD):
    """Sign in through the sidebar's form, as a person would."""
    at.text_input(key="signin_name").input(name)
    at.text_input(key="signin_password").input(password)
    next(button for button in at.button if button.label == "Sign in").click().run()
    assert not at.exception, at.exception
    assert any(f"Signed in as **{name}**" in str(m.value) for m in at.sidebar.markdown)
    return at


def every_text(at) -> str:
    """Everything the page drew (text, tables, charts, widget options), as one string."""
    parts: list[str] = []

    def walk(node) -> None:
        for child in getattr(node, "children", {}).values():
            walk(child)
        proto = getattr(node, "proto", None)
        if proto is not None:
            parts.append(str(proto))
        if type(node).__name__ == "Dataframe":
            parts.append(node.value.to_csv())

    walk(at._tree)
    return "\n".join(parts)


def table_under(at, heading: str, nth: int = 0) -> pd.DataFrame:
    """The ``nth`` table drawn after the last heading or text containing ``heading``."""
    texts = ("Markdown", "Caption", "Title", "Header", "Subheader")
    elements: list = []

    def walk(node) -> None:
        if type(node).__name__ in ("Dataframe", *texts):
            elements.append(node)
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at.main)
    found: list[pd.DataFrame] | None = None
    for element in elements:
        if type(element).__name__ != "Dataframe":
            if heading in str(element.value):
                found = []
        elif found is not None:
            found.append(element.value)
    assert found is not None and len(found) > nth, f"no table {nth} under {heading!r}"
    return found[nth]
