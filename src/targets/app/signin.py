"""Who this session's member is: sign-in, sign-out and the role a page needs.

Two ways in. When ``.streamlit/secrets.toml`` configures an OpenID Connect provider
(an ``[auth]`` section), Streamlit's ``st.login`` signs people in and their e-mail is
matched to a member (:func:`targets.store.accounts.member_for_email`). Otherwise local
accounts (``targets users add``): a name and password form. Either way the member lives in
``st.session_state`` only (never in the link), is checked against the database on every
run (a disabled account or a changed role takes effect at once), and signing out forgets
it together with every workspace-derived session key (those starting with
:data:`WORKSPACE_KEY_PREFIX`).

The state logic works on plain mappings, so it is tested with dicts.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable, Mapping, MutableMapping
from dataclasses import dataclass

import streamlit as st

from targets.errors import BadInputError, DataError
from targets.store.members import DEFAULT_WORKSPACE, MAX_NAME_LENGTH, ROLES, Member, check_role
from targets.views.labels import escape_markdown

MEMBER_KEY = "signed_in_member"
WORKSPACE_KEY_PREFIX = "ws_"  # every session key holding workspace data starts with this
NAME_KEY, PASSWORD_KEY = "signin_name", "signin_password"
MESSAGE_KEY = "signin_message"
APP_WORKSPACE = DEFAULT_WORKSPACE
SIGN_IN_TITLE = "Sign in for your team's workspace"
NOT_SIGNED_IN = (
    "This needs a signed-in member of your team's workspace: sign in in the sidebar "
    f"(**{SIGN_IN_TITLE}**). The 2024 results on the other pages need no account."
)
_AUTH_GENERAL = ("redirect_uri", "cookie_secret")
_AUTH_PROVIDER = ("client_id", "client_secret", "server_metadata_url")


# --- state on plain mappings ------------------------------------------------------------


def remembered_member(state: Mapping) -> Member | None:
    """The member this session signed in as, or None."""
    saved = state.get(MEMBER_KEY)
    if not isinstance(saved, Mapping):
        return None
    try:
        member = Member(str(saved["name"]), str(saved["workspace"]), str(saved["role"]))
    except KeyError:
        return None
    return member if member.role in ROLES else None


def remember_member(state: MutableMapping, member: Member) -> None:
    """Keep the member in the session (a plain dict: nothing else is kept)."""
    state[MEMBER_KEY] = {"name": member.name, "workspace": member.workspace, "role": member.role}


def forget_member(state: MutableMapping) -> None:
    """Sign out: forget the member and every workspace-derived key of the session."""
    for key in [key for key in state if _is_workspace_key(key)]:
        state.pop(key, None)
    state.pop(MEMBER_KEY, None)


def _is_workspace_key(key: object) -> bool:
    return isinstance(key, str) and key.startswith(WORKSPACE_KEY_PREFIX)


def access_problem(member: Member | None, min_role: str = "viewer") -> str | None:
    """Why this member may not see a page needing ``min_role``, or None when they may."""
    check_role(min_role)
    if member is None:
        return NOT_SIGNED_IN
    if not member.has_role(min_role):
        return (
            f"This needs the role **{min_role}** or above in workspace "
            f"{escape_markdown(member.workspace)}; you are **{member.role}**. "
            "An admin can change it with `targets users role`."
        )
    return None


def attempt_sign_in(state: MutableMapping, check: Callable[[str, str], Member]) -> Member | None:
    """Sign in with the name and password typed into the form (``check`` raises if refused).

    The password is taken out of the session at once, whatever the answer.
    """
    name = str(state.get(NAME_KEY) or "").strip()
    password = str(state.get(PASSWORD_KEY) or "")
    state[PASSWORD_KEY] = ""
    if not name or not password:
        state[MESSAGE_KEY] = "Type your name and your password."
        return None
    try:
        member = check(name, password)
    except BadInputError as refused:
        state[MESSAGE_KEY] = str(refused)
        return None
    except DataError as error:
        state[MESSAGE_KEY] = f"The team workspace cannot be reached: {error}"
        return None
    forget_member(state)  # a new member starts from a clean session
    remember_member(state, member)
    state.pop(MESSAGE_KEY, None)
    state[NAME_KEY] = ""
    return member


def refresh_member(
    state: MutableMapping, recheck: Callable[[Member], Member | None]
) -> Member | None:
    """The remembered member as the database has them now; signed out once they are not.

    If the database cannot be reached the member is kept but not trusted (None).
    """
    member = remembered_member(state)
    if member is None:
        return None
    try:
        current = recheck(member)
    except DataError:
        return None
    if current is None:
        forget_member(state)
    elif current != member:
        remember_member(state, current)
    return current


@dataclass(frozen=True)
class OidcSetup:
    """What ``[auth]`` in secrets.toml configures: providers to offer, or what is missing."""

    providers: tuple[str, ...]
    missing: tuple[str, ...]


def oidc_setup(auth: Mapping | None) -> OidcSetup | None:
    """The OpenID Connect setup an ``[auth]`` secrets section describes (None: no section).

    A provider is the section itself (``st.login()``, provider "default") or any
    sub-section (``[auth.google]`` → ``st.login("google")``) with a client id, secret and
    server metadata URL.
    """
    if not isinstance(auth, Mapping) or not auth:
        return None
    missing = [key for key in _AUTH_GENERAL if not auth.get(key)]
    providers = []
    if all(auth.get(key) for key in _AUTH_PROVIDER):
        providers.append("default")
    for name, section in auth.items():
        if isinstance(section, Mapping) and all(section.get(key) for key in _AUTH_PROVIDER):
            providers.append(str(name))
    if not providers:
        missing.append("a provider (client_id, client_secret, server_metadata_url)")
    return OidcSetup(tuple(providers), tuple(missing))


# --- Streamlit ----------------------------------------------------------------------------


def _secrets_auth() -> Mapping | None:
    try:
        if not st.secrets.load_if_toml_exists():
            return None
        auth = st.secrets.get("auth")
    except Exception:  # noqa: BLE001 - a missing or unreadable secrets file: no OIDC
        return None
    return auth if isinstance(auth, Mapping) else None


def _engine():
    from targets.store.database import open_database

    return open_database()


def _accounts():
    """``targets.store.accounts``, imported only once someone signs in.

    SQLAlchemy and argon2 take about half a second to load; an unsigned visitor's first
    page does not wait for them.
    """
    from targets.store import accounts

    return accounts


def _recheck_local(member: Member) -> Member | None:
    return _accounts().recheck_member(_engine(), member)


def _oidc_member(state: MutableMapping) -> Member | None:
    user = st.user
    if not user.is_logged_in:
        forget_member(state)
        return None
    email = str(user.get("email") or "")
    if user.get("email_verified") is False:
        forget_member(state)
        return None
    try:
        member = _accounts().member_for_email(_engine(), email, workspace=APP_WORKSPACE)
    except DataError:
        return None
    previous = remembered_member(state)
    if member is None or (previous is not None and previous.name != member.name):
        forget_member(state)
    if member is not None:
        remember_member(state, member)
    return member


def current_member(state: MutableMapping | None = None) -> Member | None:
    """This session's member, or None; with ``state`` given, what that mapping remembers."""
    if state is not None:
        return remembered_member(state)
    state = st.session_state
    if oidc_setup(_secrets_auth()) is not None:
        return _oidc_member(state)
    return refresh_member(state, _recheck_local)


def require_member(min_role: str = "viewer") -> Member:
    """The member, when signed in with ``min_role`` or above; else say so and stop the page."""
    member = current_member()
    problem = access_problem(member, min_role)
    if problem is not None:
        st.info(problem, icon=":material/lock:")
        st.stop()
    return member


def _sign_in_clicked() -> None:
    def check(name: str, password: str) -> Member:
        return _accounts().sign_in(_engine(), name, password, workspace=APP_WORKSPACE)

    attempt_sign_in(st.session_state, check)


def _sign_out_clicked() -> None:
    forget_member(st.session_state)
    st.session_state.pop(MESSAGE_KEY, None)


def _oidc_sign_out_clicked() -> None:
    _sign_out_clicked()
    st.logout()


def _signed_in_as(where, member: Member, on_sign_out: Callable[[], None]) -> None:
    where.markdown(
        f":material/account_circle: Signed in as **{escape_markdown(member.name)}** ({member.role})"
    )
    where.button("Sign out", key="signin_sign_out", on_click=on_sign_out)


def _render_local(where, member: Member | None) -> None:
    if member is not None:
        _signed_in_as(where, member, _sign_out_clicked)
        return
    message = st.session_state.get(MESSAGE_KEY)
    with where.expander(SIGN_IN_TITLE, expanded=bool(message)):
        with st.form("signin_form", border=False):
            st.text_input("Name", key=NAME_KEY, autocomplete="username", max_chars=MAX_NAME_LENGTH)
            st.text_input(
                "Password", key=PASSWORD_KEY, type="password", autocomplete="current-password"
            )
            st.form_submit_button("Sign in", on_click=_sign_in_clicked)
        if message:
            st.error(escape_markdown(message), icon=":material/error:")


def _render_oidc(where, setup: OidcSetup, member: Member | None) -> None:
    if setup.missing:
        where.warning(
            f"Sign-in is not set up completely: secrets.toml [auth] needs "
            f"{', '.join(setup.missing)}."
        )
        return
    if member is not None:
        _signed_in_as(where, member, _oidc_sign_out_clicked)
        return
    if st.user.is_logged_in:
        email = escape_markdown(str(st.user.get("email") or "this account"))
        where.warning(
            f"{email} is not a member of this workspace: ask an admin to add you "
            "(`targets users add NAME --role viewer --email E --no-password`)."
        )
        where.button("Sign out", key="signin_sign_out", on_click=_oidc_sign_out_clicked)
        return
    if importlib.util.find_spec("authlib") is None:
        where.warning(
            "Sign-in through the identity provider needs Authlib: "
            "`.venv/bin/python -m pip install 'Authlib>=1.3.2'`."
        )
        return
    for provider in setup.providers:
        label = SIGN_IN_TITLE if provider == "default" else f"Sign in with {provider.title()}"
        where.button(label, key=f"signin_{provider}", on_click=st.login, args=(provider,))


def render_sign_in(where=None) -> Member | None:
    """The sidebar's sign-in section: who is signed in and Sign out, or a way to sign in."""
    where = st.sidebar if where is None else where
    member = current_member()
    setup = oidc_setup(_secrets_auth())
    if setup is None:
        _render_local(where, member)
    else:
        _render_oidc(where, setup, member)
    return member
