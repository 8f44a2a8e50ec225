"""Signing in to the team workspace in the running app (AppTest), on a real SQLite database."""

import importlib.util

import pytest

from targets.app import signin
from targets.store import accounts, database

PASSWORD = "correct horse battery staple"
TEAM_PAGE = "app_pages/team_targets_page.py"


@pytest.fixture()
def team(tmp_path, monkeypatch):
    """A workspace database of the test's own with alice (editor) and vera (viewer)."""
    url = f"sqlite:///{tmp_path / 'workspace.sqlite3'}"
    monkeypatch.setenv(database.DATABASE_URL_ENV, url)
    engine = database.open_database(url)
    accounts.add_user(engine, "alice", role="editor", password=PASSWORD)
    accounts.add_user(engine, "vera", role="viewer", password=PASSWORD)
    yield engine
    database.close_databases(url)


def sign_in(at, name: str, password: str):
    at.text_input(key=signin.NAME_KEY).input(name)
    at.text_input(key=signin.PASSWORD_KEY).input(password)
    (submit,) = [button for button in at.button if button.label == "Sign in"]
    submit.click().run()
    assert not at.exception, at.exception
    return at


def sidebar_text(at) -> str:
    return "\n".join(element.value for element in at.sidebar.markdown)


def page_messages(at) -> str:
    return "\n".join(element.value for element in [*at.info, *at.error, *at.warning])


def test_a_member_signs_in_and_the_team_page_opens(open_page, team):
    at = open_page(TEAM_PAGE)
    assert signin.NOT_SIGNED_IN in page_messages(at)
    assert "Signed in as" not in sidebar_text(at)
    sign_in(at, "alice", PASSWORD)
    assert "Signed in as **alice** (editor)" in sidebar_text(at)
    assert signin.NOT_SIGNED_IN not in page_messages(at)
    assert [title.value for title in at.title] == ["Our targets"]
    assert at.session_state[signin.MEMBER_KEY] == {
        "name": "alice",
        "workspace": "main",
        "role": "editor",
    }
    assert at.session_state[signin.PASSWORD_KEY] == ""  # the password is not kept
    assert "sign" not in str(dict(at.query_params)).lower()  # nothing of it in the link


def test_a_wrong_password_is_a_message_not_a_traceback(open_page, team):
    at = sign_in(open_page(TEAM_PAGE), "alice", "not the password")
    errors = [element.value for element in at.sidebar.error]
    assert errors == [accounts.WRONG_NAME_OR_PASSWORD.replace(".", "\\.")]
    assert signin.NOT_SIGNED_IN in page_messages(at)
    assert signin.MEMBER_KEY not in at.session_state
    # an unknown name gets exactly the same answer
    at = sign_in(at, "mallory", PASSWORD)
    assert [element.value for element in at.sidebar.error] == errors


def test_sign_out_ends_the_sessions_access(open_page, team):
    at = sign_in(open_page(TEAM_PAGE), "alice", PASSWORD)
    at.session_state["ws_probe"] = "workspace data"
    at.run()
    at.button(key="signin_sign_out").click().run()
    assert not at.exception, at.exception
    assert signin.MEMBER_KEY not in at.session_state
    assert "ws_probe" not in at.session_state
    assert signin.NOT_SIGNED_IN in page_messages(at)
    assert "Signed in as" not in sidebar_text(at)
    assert at.sidebar.expander[0].label == signin.SIGN_IN_TITLE


def test_a_disabled_account_loses_access_at_once(open_page, team):
    at = sign_in(open_page(TEAM_PAGE), "alice", PASSWORD)
    accounts.set_disabled(team, "alice", True, actor="test")
    at.run()
    assert signin.NOT_SIGNED_IN in page_messages(at)
    assert signin.MEMBER_KEY not in at.session_state


def test_a_link_cannot_sign_anybody_in(open_page, team):
    at = open_page(TEAM_PAGE, signed_in_member="alice", member="alice", role="admin", user="alice")
    assert signin.NOT_SIGNED_IN in page_messages(at)
    assert signin.MEMBER_KEY not in at.session_state


GOOGLE_AUTH = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "a test cookie secret, not a real one",
    "google": {
        "client_id": "test-client",
        "client_secret": "test-secret",
        "server_metadata_url": "https://accounts.google.com/.well-known/openid-configuration",
    },
}


def open_with_identity_provider(open_page, user: dict):
    """The team page with an OIDC provider configured and st.user as the provider gave it."""
    at = open_page(TEAM_PAGE)
    at.secrets["auth"] = GOOGLE_AUTH
    at.user = user
    at.run()
    assert not at.exception, at.exception
    return at


def test_with_an_identity_provider_there_is_no_password_form(open_page, team):
    at = open_with_identity_provider(open_page, {"is_logged_in": False})
    assert [field.key for field in at.text_input if field.key == signin.PASSWORD_KEY] == []
    offered = [button.label for button in at.sidebar.button if button.label.startswith("Sign")]
    warnings = [element.value for element in at.sidebar.warning]
    if importlib.util.find_spec("authlib"):
        assert offered == ["Sign in with Google"]
    else:
        assert offered == [] and "needs Authlib" in warnings[0]
    assert signin.NOT_SIGNED_IN in page_messages(at)


def test_an_identity_provider_email_is_matched_to_its_member(open_page, team):
    accounts.add_user(team, "olive", role="viewer", email="olive@example.org")
    at = open_with_identity_provider(
        open_page, {"is_logged_in": True, "email": "Olive@example.org", "email_verified": True}
    )
    assert "Signed in as **olive** (viewer)" in sidebar_text(at)
    assert signin.NOT_SIGNED_IN not in page_messages(at)
    at.button(key="signin_sign_out").click().run()
    assert not at.exception, at.exception
    assert signin.MEMBER_KEY not in at.session_state
    assert signin.NOT_SIGNED_IN in page_messages(at)


def test_an_identity_provider_account_that_is_no_member_sees_nothing(open_page, team):
    at = open_with_identity_provider(
        open_page, {"is_logged_in": True, "email": "stranger@example.org"}
    )
    assert "is not a member of this workspace" in at.sidebar.warning[0].value
    assert signin.NOT_SIGNED_IN in page_messages(at)
    assert signin.MEMBER_KEY not in at.session_state


def test_an_unreachable_database_is_a_message_without_its_password(open_page, monkeypatch):
    monkeypatch.setenv(
        database.DATABASE_URL_ENV, "postgresql+psycopg://team:s3cret-pw@127.0.0.1:1/targets"
    )
    at = sign_in(open_page(), "alice", PASSWORD)
    (message,) = [element.value for element in at.sidebar.error]
    assert "The team workspace cannot be reached" in message
    assert "s3cret-pw" not in message and PASSWORD not in message
    assert signin.MEMBER_KEY not in at.session_state
