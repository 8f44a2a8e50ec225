"""The app's sign-in state on plain dicts: remember, sign out, roles, the form, OIDC setup."""

import pytest

from targets.app import signin
from targets.errors import DataError
from targets.store.accounts import WRONG_NAME_OR_PASSWORD, Member, SignInRefused

ALICE = Member("alice", "main", "editor")


def signed_in(member: Member = ALICE, **extra) -> dict:
    state = dict(extra)
    signin.remember_member(state, member)
    return state


def test_a_remembered_member_is_read_back():
    state = signed_in()
    assert signin.current_member(state) == ALICE
    assert signin.remembered_member({}) is None


def test_only_name_workspace_and_role_are_kept():
    state = signed_in()
    assert state == {signin.MEMBER_KEY: {"name": "alice", "workspace": "main", "role": "editor"}}


@pytest.mark.parametrize(
    "saved",
    [
        "alice",
        {"name": "alice", "workspace": "main"},
        {"name": "alice", "workspace": "main", "role": "owner"},
    ],
)
def test_anything_else_in_the_member_key_is_nobody(saved):
    assert signin.remembered_member({signin.MEMBER_KEY: saved}) is None


def test_sign_out_forgets_the_member_and_every_workspace_key():
    state = signed_in(
        ws_list_version=3,
        ws_target_list={"rows": 12},
        session_endorsements="the user's own upload",
        f_nation=["Wales"],
    )
    signin.forget_member(state)
    assert signin.current_member(state) is None
    assert state == {"session_endorsements": "the user's own upload", "f_nation": ["Wales"]}


def test_roles_viewer_editor_admin():
    viewer, editor, admin = (Member("x", "main", role) for role in ("viewer", "editor", "admin"))
    assert signin.access_problem(viewer, "viewer") is None
    assert "**editor**" in signin.access_problem(viewer, "editor")
    assert signin.access_problem(editor, "editor") is None
    assert "**admin**" in signin.access_problem(editor, "admin")
    assert signin.access_problem(admin, "admin") is None
    assert not viewer.can_edit() and editor.can_edit() and admin.can_edit()
    assert admin.is_admin() and not editor.is_admin()


def test_nobody_signed_in_is_told_to_sign_in():
    assert signin.access_problem(None, "viewer") == signin.NOT_SIGNED_IN


def test_an_unknown_role_is_a_bad_input():
    with pytest.raises(ValueError, match="viewer"):
        signin.access_problem(ALICE, "owner")


def fake_check(name: str, password: str) -> Member:
    if (name, password) == ("alice", "correct horse"):
        return ALICE
    raise SignInRefused(WRONG_NAME_OR_PASSWORD)


def test_signing_in_remembers_the_member_and_drops_the_password():
    state = {signin.NAME_KEY: " alice ", signin.PASSWORD_KEY: "correct horse", "ws_old": 1}
    assert signin.attempt_sign_in(state, fake_check) == ALICE
    assert signin.current_member(state) == ALICE
    assert state[signin.PASSWORD_KEY] == ""
    assert "ws_old" not in state and signin.MESSAGE_KEY not in state
    assert "correct horse" not in repr(state)


def test_a_refused_sign_in_leaves_a_message_and_no_password():
    state = {signin.NAME_KEY: "alice", signin.PASSWORD_KEY: "wrong"}
    assert signin.attempt_sign_in(state, fake_check) is None
    assert state[signin.MESSAGE_KEY] == WRONG_NAME_OR_PASSWORD
    assert state[signin.PASSWORD_KEY] == ""
    assert signin.current_member(state) is None


def test_an_empty_form_is_not_sent():
    calls = []
    state = {signin.NAME_KEY: "", signin.PASSWORD_KEY: ""}
    assert signin.attempt_sign_in(state, lambda *args: calls.append(args)) is None
    assert calls == [] and "Type your name" in state[signin.MESSAGE_KEY]


def test_an_unreachable_database_is_a_message():
    def down(name, password):
        raise DataError("cannot open the workspace database")

    state = {signin.NAME_KEY: "alice", signin.PASSWORD_KEY: "correct horse"}
    assert signin.attempt_sign_in(state, down) is None
    assert "cannot be reached" in state[signin.MESSAGE_KEY]


def test_refresh_follows_a_changed_role_and_a_disabled_account():
    state = signed_in(ws_list=1)
    promoted = Member("alice", "main", "admin")
    assert signin.refresh_member(state, lambda member: promoted) == promoted
    assert signin.current_member(state) == promoted and state["ws_list"] == 1
    assert signin.refresh_member(state, lambda member: None) is None
    assert state == {}


def test_refresh_does_not_trust_a_member_it_cannot_check():
    state = signed_in()

    def down(member):
        raise DataError("down")

    assert signin.refresh_member(state, down) is None
    assert signin.current_member(state) == ALICE  # still remembered for when it is back


GOOGLE = {
    "client_id": "id",
    "client_secret": "secret",
    "server_metadata_url": "https://accounts.google.com/.well-known/openid-configuration",
}


def test_no_auth_section_means_local_accounts():
    assert signin.oidc_setup(None) is None
    assert signin.oidc_setup({}) is None


def test_a_named_provider_is_offered():
    setup = signin.oidc_setup({"redirect_uri": "u", "cookie_secret": "c", "google": GOOGLE})
    assert setup == signin.OidcSetup(providers=("google",), missing=())


def test_the_default_provider_is_the_section_itself():
    setup = signin.oidc_setup({"redirect_uri": "u", "cookie_secret": "c", **GOOGLE})
    assert setup.providers == ("default",) and setup.missing == ()


def test_an_incomplete_section_says_what_is_missing():
    setup = signin.oidc_setup({"google": {**GOOGLE, "client_secret": ""}})
    assert setup.providers == ()
    assert setup.missing[:2] == ("redirect_uri", "cookie_secret")
    assert "a provider" in setup.missing[2]
