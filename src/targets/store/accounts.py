"""Team members: local accounts with argon2id password hashes, roles per workspace, sign-in.

A password is never stored, logged or put in a message: only its argon2id hash (argon2-cffi)
is kept. Every sign-in attempt is recorded (``SignInAttempt``) and repeated failures for a
user name are slowed (:func:`retry_after_seconds`): after :data:`FAILURES_BEFORE_BACK_OFF`
failures in a row, each within :data:`QUIET_RESET` of the one before, the name is refused
without its password being checked for :data:`FIRST_BACK_OFF`, doubling with every further
failure up to :data:`MAX_BACK_OFF`. An unknown name and a wrong password get the same answer.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import logging
from collections.abc import Iterable
from dataclasses import replace

import pandas as pd
import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from targets.errors import BadInputError
from targets.store import audit
from targets.store.database import reading, transaction
from targets.store.members import (  # noqa: F401  (re-exported: accounts.Member, …)
    DEFAULT_WORKSPACE,
    MAX_NAME_LENGTH,
    ROLES,
    Member,
    check_role,
)
from targets.store.tables import Membership, SignInAttempt, User, Workspace
from targets.store.workspaces import workspace_id

log = logging.getLogger(__name__)

WRONG_NAME_OR_PASSWORD = "Wrong name or password."
MIN_PASSWORD_LENGTH = 8

FAILURES_BEFORE_BACK_OFF = 5
QUIET_RESET = dt.timedelta(minutes=15)
FIRST_BACK_OFF = dt.timedelta(seconds=30)
MAX_BACK_OFF = dt.timedelta(minutes=15)
HISTORY = dt.timedelta(days=1)  # attempts older than this never count

# argon2id with OWASP's recommended minimum (19 MiB, 2 passes, 1 lane): about 0.1-0.2 s a
# hash on a shared 2-core server, where argon2-cffi's default (64 MiB, 3 passes, 4 lanes)
# takes a second and would let a stream of sign-ins tie the server up. Older hashes are
# rehashed with these parameters at the next sign-in.
_hasher = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)


class SignInRefused(BadInputError):
    """A sign-in that did not succeed; ``retry_after_seconds`` > 0 when the name is slowed."""

    def __init__(self, message: str, retry_after_seconds: float = 0.0):
        super().__init__(message)
        self.retry_after_seconds = retry_after_seconds


def hash_password(password: str) -> str:
    """The argon2id hash of a password (BadInputError if it is too short)."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise BadInputError(f"a password needs at least {MIN_PASSWORD_LENGTH} characters")
    return _hasher.hash(password)


def password_matches(password_hash: str | None, password: str) -> bool:
    """Whether the password is the one hashed; a missing or unreadable hash never matches.

    A missing hash still costs one verification, so an unknown name takes as long as a
    wrong password.
    """
    try:
        return _hasher.verify(password_hash or _dummy_hash(), password) and bool(password_hash)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


@functools.cache
def _dummy_hash() -> str:
    return _hasher.hash("not anybody's password")


def back_off(failures: int) -> dt.timedelta:
    """How long a name is refused after its ``failures``-th failure in a row (0 before 5)."""
    if failures < FAILURES_BEFORE_BACK_OFF:
        return dt.timedelta(0)
    doublings = min(failures - FAILURES_BEFORE_BACK_OFF, 20)
    return min(FIRST_BACK_OFF * 2**doublings, MAX_BACK_OFF)


def retry_after_seconds(attempts: Iterable[tuple[dt.datetime, bool]], now: dt.datetime) -> float:
    """Seconds until a name may try again, from its attempts ``(at, succeeded)``; 0 = now.

    The attempts are replayed in time order. One made while the name was refused was not
    checked and changes nothing. A success ends a run of failures, and so does a quiet
    spell of :data:`QUIET_RESET` after the last failure (or after the back-off it caused).
    From the fifth failure in a run the name is refused for :func:`back_off` of the run's
    length, counted from that failure.
    """
    run, last_failure, refused_until = 0, None, None
    for at, succeeded in sorted(attempts, key=lambda attempt: attempt[0]):
        if refused_until is not None and at < refused_until:
            continue  # refused without checking the password
        if succeeded:
            run, last_failure, refused_until = 0, None, None
            continue
        quiet_since = max(last_failure, refused_until or last_failure) if last_failure else None
        if quiet_since is not None and at - quiet_since >= QUIET_RESET:
            run, refused_until = 0, None
        run += 1
        last_failure = at
        if run >= FAILURES_BEFORE_BACK_OFF:
            refused_until = at + back_off(run)
    if refused_until is None:
        return 0.0
    return max(0.0, (refused_until - now).total_seconds())


def _utc(moment: dt.datetime) -> dt.datetime:
    """A time from the database as UTC (SQLite gives them back without a zone)."""
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)


def _clean_name(name: str) -> str:
    cleaned = " ".join(str(name).split())
    if not cleaned:
        raise BadInputError("a user name cannot be empty")
    if len(cleaned) > MAX_NAME_LENGTH:
        raise BadInputError(f"a user name has at most {MAX_NAME_LENGTH} characters")
    return cleaned


def _clean_email(email: str | None) -> str | None:
    if email is None or not str(email).strip():
        return None
    cleaned = str(email).strip().lower()
    local, _, domain = cleaned.partition("@")
    if not local or "." not in domain or any(char.isspace() for char in cleaned):
        raise BadInputError(f"{email!r} is not an e-mail address like name@example.org")
    return cleaned


def _folded(name: str) -> str:
    return " ".join(str(name).split()).casefold()


def _attempt_key(user: User | None, name: str) -> str:
    """Whose attempts these are: a known user's name, or a one-way digest of an unknown one.

    Somebody may type their password into the name field: an unknown name is never stored
    as typed, yet it is slowed exactly like a known one.
    """
    # digested for a known name too, so both take the same time
    digest = hashlib.pbkdf2_hmac("sha256", _folded(name).encode(), b"seat-targets sign-in", 20_000)
    return _folded(user.name) if user is not None else "unknown name " + digest.hex()[:32]


def _find_user(session, name: str) -> User | None:
    wanted = _folded(name)
    if not wanted or len(wanted) > MAX_NAME_LENGTH:
        return None
    exact = session.scalars(sa.select(User).where(User.name == " ".join(name.split()))).first()
    if exact is not None:
        return exact
    # case differs: compared here, since SQLite's lower() knows only ASCII (Émile, ÉMILE)
    for user_id, user_name in session.execute(sa.select(User.id, User.name)):
        if _folded(user_name) == wanted:
            return session.get(User, user_id)
    return None


def _membership(session, user: User, workspace: str) -> Membership | None:
    return session.scalars(
        sa.select(Membership)
        .join(Workspace, Workspace.id == Membership.workspace_id)
        .where(Membership.user_id == user.id, Workspace.name == workspace)
    ).first()


def _flush_or_taken(session, name: str) -> None:
    try:
        session.flush()
    except sa.exc.IntegrityError:  # added by somebody else at the same moment
        raise BadInputError(f"{name!r} was just added by somebody else") from None


def add_user(
    engine: sa.Engine,
    name: str,
    *,
    role: str,
    password: str | None = None,
    email: str | None = None,
    workspace: str = DEFAULT_WORKSPACE,
    actor: str = "cli",
) -> Member:
    """Add a person to a workspace with a role (a new account, or an existing one elsewhere).

    A new account needs a password (local sign-in) or an e-mail (sign-in through the
    identity provider), or both. An existing account keeps its password and e-mail.
    """
    name, email, role = _clean_name(name), _clean_email(email), check_role(role)
    password_hash = hash_password(password) if password is not None else None
    with transaction(engine) as session:
        user = _find_user(session, name)
        if user is None:
            if password_hash is None and email is None:
                raise BadInputError(f"{name!r} needs a password or an e-mail to sign in with")
            taken = email and session.scalars(sa.select(User).where(User.email == email)).first()
            if taken:
                raise BadInputError(f"the e-mail {email} already belongs to {taken.name!r}")
            user = User(
                name=name,
                email=email,
                password_hash=password_hash,
                disabled=False,
                created_at=dt.datetime.now(dt.UTC),
            )
            session.add(user)
            _flush_or_taken(session, name)
        elif password_hash is not None or (email and email != user.email):
            raise BadInputError(
                f"{user.name!r} already exists: its password and e-mail are kept as they are"
            )
        elif _membership(session, user, workspace) is not None:
            raise BadInputError(
                f"{user.name!r} is already in workspace {workspace!r}: "
                "change the role with `targets users role`"
            )
        session.add(
            Membership(user_id=user.id, workspace_id=workspace_id(session, workspace), role=role)
        )
        _flush_or_taken(session, name)
        audit.record(
            session,
            actor=actor,
            action="user added",
            subject=user.name,
            detail={"role": role, "email": bool(user.email), "password": bool(user.password_hash)},
            workspace=workspace,
        )
        return Member(user.name, workspace, role)


def set_role(
    engine: sa.Engine, name: str, role: str, *, workspace: str = DEFAULT_WORKSPACE, actor: str
) -> Member:
    """Change a member's role in a workspace (an existing account joins it with that role)."""
    role = check_role(role)
    with transaction(engine) as session:
        user = _find_user(session, name)
        if user is None:
            raise BadInputError(f"there is no user {_clean_name(name)!r}: add it first")
        membership = _membership(session, user, workspace)
        before = membership.role if membership else None
        if membership is None:
            session.add(
                Membership(
                    user_id=user.id, workspace_id=workspace_id(session, workspace), role=role
                )
            )
        else:
            membership.role = role
        audit.record(
            session,
            actor=actor,
            action="role changed",
            subject=user.name,
            detail={"from": before, "to": role},
            workspace=workspace,
        )
        return Member(user.name, workspace, role)


def set_disabled(
    engine: sa.Engine, name: str, disabled: bool, *, actor: str, workspace: str | None = None
) -> None:
    """Disable (or enable again) an account: a disabled one cannot sign in anywhere."""
    with transaction(engine) as session:
        user = _find_user(session, name)
        if user is None:
            raise BadInputError(f"there is no user {_clean_name(name)!r}")
        user.disabled = disabled
        audit.record(
            session,
            actor=actor,
            action="user disabled" if disabled else "user enabled",
            subject=user.name,
            workspace=workspace,
        )


def set_password(engine: sa.Engine, name: str, password: str, *, actor: str) -> None:
    """Give an account a new password (its old one stops working at once)."""
    password_hash = hash_password(password)
    with transaction(engine) as session:
        user = _find_user(session, name)
        if user is None:
            raise BadInputError(f"there is no user {_clean_name(name)!r}")
        user.password_hash = password_hash
        audit.record(session, actor=actor, action="password changed", subject=user.name)


def _recent_attempts(session, key: str, now: dt.datetime) -> list[tuple[dt.datetime, bool]]:
    rows = session.execute(
        sa.select(SignInAttempt.at, SignInAttempt.succeeded)
        .where(SignInAttempt.user_name == key, SignInAttempt.at >= now - HISTORY)
        .order_by(SignInAttempt.at)
    )
    return [(_utc(at), bool(succeeded)) for at, succeeded in rows]


def sign_in(
    engine: sa.Engine,
    name: str,
    password: str,
    *,
    workspace: str = DEFAULT_WORKSPACE,
    now: dt.datetime | None = None,
) -> Member:
    """The member for a name and password, or SignInRefused saying only what may be said.

    Every attempt is recorded (:func:`_attempt_key`), and an unknown name is slowed exactly
    like a known one.
    """
    now = _utc(now or dt.datetime.now(dt.UTC))
    with transaction(engine) as session:
        user = _find_user(session, name)
        key = _attempt_key(user, name)
        attempts = _recent_attempts(session, key, now)
        wait = retry_after_seconds(attempts, now)
        if wait > 0:
            session.add(SignInAttempt(user_name=key, at=now, succeeded=False))
            refusal = SignInRefused(_too_many(wait), retry_after_seconds=wait)
        else:
            refusal, member = _check_password(session, user, str(password), workspace)
            session.add(SignInAttempt(user_name=key, at=now, succeeded=refusal is None))
            if refusal is None:
                return member
            wait = retry_after_seconds([*attempts, (now, False)], now)
            if wait > 0:
                refusal = SignInRefused(f"{refusal} {_too_many(wait)}", retry_after_seconds=wait)
                audit.record(
                    session,
                    actor=key,
                    action="sign-in throttled",
                    subject=key,
                    detail={"retry_after_seconds": round(wait)},
                    workspace=workspace,
                )
                log.warning("a user name is slowed for %d s after repeated failures", wait)
    raise refusal  # after the transaction, so the attempt is recorded


def _check_password(
    session, user: User | None, password: str, workspace: str
) -> tuple[SignInRefused | None, Member | None]:
    if not password_matches(user.password_hash if user else None, password):
        return SignInRefused(WRONG_NAME_OR_PASSWORD), None
    if user.disabled:
        return SignInRefused("This account is disabled: ask an admin of your workspace."), None
    membership = _membership(session, user, workspace)
    if membership is None:
        return SignInRefused(f"{user.name} is not a member of workspace {workspace!r}."), None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    return None, Member(user.name, workspace, membership.role)


def _too_many(wait: float) -> str:
    return f"Too many attempts: try again in {max(1, round(wait))} s."


def member_for_email(
    engine: sa.Engine, email: str, workspace: str = DEFAULT_WORKSPACE
) -> Member | None:
    """The member an identity provider's e-mail belongs to (st.login), or None."""
    try:
        wanted = _clean_email(email)
    except BadInputError:
        return None
    if wanted is None:
        return None
    with reading(engine) as session:
        user = session.scalars(sa.select(User).where(User.email == wanted)).first()
        if user is None or user.disabled:
            return None
        membership = _membership(session, user, workspace)
        return Member(user.name, workspace, membership.role) if membership else None


def recheck_member(engine: sa.Engine, member: Member) -> Member | None:
    """The member with their role as it is now; None once disabled or no longer a member."""
    with reading(engine) as session:
        user = _find_user(session, member.name)
        if user is None or user.disabled:
            return None
        membership = _membership(session, user, member.workspace)
        return replace(member, role=membership.role) if membership else None


def list_members(engine: sa.Engine, workspace: str = DEFAULT_WORKSPACE) -> pd.DataFrame:
    """The workspace's members: name, email, role, created_at (and disabled), by name."""
    query = (
        sa.select(User.name, User.email, Membership.role, User.created_at, User.disabled)
        .join(Membership, Membership.user_id == User.id)
        .join(Workspace, Workspace.id == Membership.workspace_id)
        .where(Workspace.name == workspace)
        .order_by(User.name)
    )
    with reading(engine) as session:
        rows = session.execute(query).all()
    frame = pd.DataFrame(rows, columns=["name", "email", "role", "created_at", "disabled"])
    frame["created_at"] = pd.to_datetime(frame["created_at"], utc=True)
    frame["disabled"] = frame["disabled"].astype(bool)
    return frame
