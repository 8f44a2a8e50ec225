"""Two replicas on one PostgreSQL: a seat added on one is seen on the other, and back.

Two ``targets serve`` processes on their own free ports (127.0.0.1), both with
``TARGETS_DATABASE_URL`` naming one fresh database on the server from
``TARGETS_TEST_POSTGRES_URL`` (or a throwaway server, ``tests/postgres_fixtures.py``). An
editor is made with the real CLI (``targets users add --password-stdin``); then, in
Chromium, the editor signs in on each replica. Replica 1 adds a seat to a group's target
list; replica 2 sees it and saves a change; replica 1, which opened the seat before that,
is told, sees replica 2's save, and saves its own on top. Both processes are stopped at
the end.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from conftest import (
    ARTIFACTS,
    FIRST_RUN_TIMEOUT_MS,
    StreamlitPage,
    _first_run,
    _new_context,
    expect,
    start_app_server,
)
from postgres_fixtures import empty_postgres_database

from targets.store import database, target_lists

pytestmark = pytest.mark.browser

EDITOR, PASSWORD = "edna", "replica test password"
GROUP = "We Deserve Better"  # in the fixture candidates.csv the workspace is seeded from
SEAT = "Ilford North"


@pytest.fixture()
def shared_database(postgres_server):
    """A fresh database on the test PostgreSQL server, dropped at the end."""
    url, drop = empty_postgres_database(postgres_server)
    try:
        yield url
    finally:
        database.close_databases()
        drop()


@pytest.fixture()
def replicas(data_paths, browser, shared_database):
    """Two replicas on the shared database, each up and warmed; both stopped at the end."""
    servers = []
    try:
        for number in (1, 2):
            log = ARTIFACTS / f"replica-{number}.log"
            servers.append(start_app_server(log, {database.DATABASE_URL_ENV: shared_database}))
        for server in servers:
            _first_run(browser, server)
        yield servers
    finally:
        for server in servers:
            server.stop()
        assert all(server.process.poll() is not None for server in servers)


def add_editor(url: str) -> None:
    """``targets users add edna --role editor --password-stdin``, as an admin would."""
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "targets.cli.main",
            "users",
            "add",
            EDITOR,
            "--role",
            "editor",
            "--password-stdin",
        ],
        input=PASSWORD + "\n",
        env={**os.environ, database.DATABASE_URL_ENV: url},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert PASSWORD not in done.stdout + done.stderr


def signed_in(browser, server, name: str) -> StreamlitPage:
    """A new browser session on ``server``'s Our targets page, signed in as the editor."""
    app = StreamlitPage(_new_context(browser), server, f"replicas-{name}")
    app.page.set_default_timeout(FIRST_RUN_TIMEOUT_MS)
    app.open("/our-targets")
    expect(app.main).to_contain_text("needs a signed-in member")
    app.sidebar.get_by_text("Sign in for your team's workspace").click()
    app.widget("signin_name").locator("input").fill(EDITOR)
    app.widget("signin_password").locator("input").fill(PASSWORD)
    app.rerun(lambda: app.sidebar.get_by_role("button", name="Sign in").click())
    expect(app.sidebar).to_contain_text(f"Signed in as {EDITOR}")
    expect(app.main.get_by_role("heading", name="Our targets")).to_be_visible()
    return app


def pick_seat(app: StreamlitPage, key: str, seat: str) -> None:
    """Pick a seat in a seat picker by typing its name (no Escape: it would clear the pick)."""
    box = app.widget(key).locator("input")
    box.click()
    box.press_sequentially(seat[:6])
    app.rerun(lambda: app.page.get_by_role("option", name=seat, exact=True).click())
    expect(box).to_have_value(seat)


def heading(app: StreamlitPage, text: str) -> None:
    expect(app.main.get_by_role("heading", name=f"{GROUP}: {text}")).to_be_visible()


def test_two_replicas_see_each_others_saves(browser, replicas, shared_database):
    add_editor(shared_database)
    first = signed_in(browser, replicas[0], "one")
    heading(first, "No seats yet")
    pick_seat(first, "ws_tt_add_seat", SEAT)
    first.click_button("ws_tt_add")
    expect(first.main).to_contain_text("Added to the list.")
    heading(first, "1 seat: 1 considering")

    second = signed_in(browser, replicas[1], "two")
    heading(second, "1 seat: 1 considering")  # replica 1's seat, seen on replica 2
    table = second.main.get_by_test_id("stDataFrame").first
    expect(second.grid_column(table, "Seat")).to_have_text([f"/seat?seat=E14001300#{SEAT}"])
    second.choose("ws_tt_status", "target")
    second.click_button("ws_tt_save")
    expect(second.main).to_contain_text("Saved.")
    heading(second, "1 seat: 1 target")

    notes = first.widget("ws_tt_notes").locator("textarea")  # opened before replica 2 saved
    notes.fill("Canvass from replica one")
    first.rerun(lambda: notes.press("Control+Enter"))
    first.click_button("ws_tt_save")
    expect(first.main).to_contain_text(f"{EDITOR} changed this seat")
    heading(first, "1 seat: 1 target")  # replica 2's save, seen on replica 1
    expect(notes).to_have_value("Canvass from replica one")  # nothing typed is lost
    first.shot("conflict")
    first.click_button("ws_tt_save_mine")
    expect(first.main).to_contain_text("Saved yours over theirs.")

    saved = target_lists.read_target_list(database.open_database(shared_database), GROUP)
    row = saved.set_index("constituency_code").loc["E14001300"]
    assert (row["notes"], row["revision"], row["updated_by"]) == (
        "Canvass from replica one",
        3,
        EDITOR,
    )
    assert not first.problems, first.problems
    assert not second.problems, second.problems
    for app in (first, second):
        app.context.close()
