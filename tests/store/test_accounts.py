"""Team members on a real database (SQLite and PostgreSQL): hashes, sign-in, back-off, roles."""

import datetime as dt
import json
import logging

import pytest
import sqlalchemy as sa

from targets.cli.main import main
from targets.errors import BadInputError, UnknownChoiceError
from targets.store import accounts
from targets.store.accounts import WRONG_NAME_OR_PASSWORD, Member, SignInRefused
from targets.store.audit import read_audit
from targets.store.tables import Base, SignInAttempt

PASSWORD = "correct horse battery staple"
WRONG = "Tr0ub4dor&3-not-it"
NOW = dt.datetime(2026, 12, 1, 14, 0, tzinfo=dt.UTC)


def later(seconds: float) -> dt.datetime:
    return NOW + dt.timedelta(seconds=seconds)


def every_row_as_text(engine) -> str:
    """Every row of every workspace table, as one string."""
    with engine.connect() as connection:
        return "\n".join(
            repr(connection.execute(table.select()).all()) for table in Base.metadata.sorted_tables
        )


def attempts(engine) -> list[tuple[str, bool]]:
    with engine.connect() as connection:
        rows = connection.execute(
            sa.select(SignInAttempt.user_name, SignInAttempt.succeeded).order_by(SignInAttempt.id)
        )
        return [(name, bool(ok)) for name, ok in rows]


def test_the_hash_is_argon2id_and_verifies():
    hashed = accounts.hash_password(PASSWORD)
    assert hashed.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    assert PASSWORD not in hashed
    assert accounts.password_matches(hashed, PASSWORD)
    assert not accounts.password_matches(hashed, WRONG)
    assert not accounts.password_matches(None, PASSWORD)
    assert not accounts.password_matches("not a hash", PASSWORD)
    assert accounts.hash_password(PASSWORD) != hashed  # salted


def test_a_short_password_is_refused():
    with pytest.raises(BadInputError, match="at least 8"):
        accounts.hash_password("short")


def test_a_member_signs_in_with_their_role(workspace_engine):
    added = accounts.add_user(workspace_engine, "alice", role="editor", password=PASSWORD)
    assert added == Member("alice", "main", "editor")
    member = accounts.sign_in(workspace_engine, "alice", PASSWORD, now=NOW)
    assert member == added and member.can_edit() and not member.is_admin()
    assert accounts.sign_in(workspace_engine, " ALICE ", PASSWORD, now=later(1)) == added
    assert attempts(workspace_engine) == [("alice", True), ("alice", True)]


def test_the_password_is_nowhere_in_the_database_the_logs_or_the_member_list(
    workspace_engine, caplog, capsys
):
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.INFO, logger="sqlalchemy.engine")  # statements and parameters
    accounts.add_user(
        workspace_engine, "alice", role="admin", password=PASSWORD, email="Alice@Example.org"
    )
    accounts.sign_in(workspace_engine, "alice", PASSWORD, now=NOW)
    for second in range(1, 8):  # failures, then the back-off
        with pytest.raises(SignInRefused):
            accounts.sign_in(workspace_engine, "alice", WRONG, now=later(second))
    with pytest.raises(SignInRefused):
        accounts.sign_in(workspace_engine, PASSWORD, PASSWORD, now=later(100))  # not a name
    stored = every_row_as_text(workspace_engine)
    assert "$argon2id$" in stored and "alice@example.org" in stored  # the dump is real
    assert WRONG not in stored and PASSWORD not in stored
    assert attempts(workspace_engine)[-1][0].startswith("unknown name ")  # recorded, digested
    logged = caplog.text + "".join(str(record.args) for record in caplog.records)
    assert "sign_in_attempt" in logged.lower()  # the statements were logged
    assert PASSWORD not in logged and WRONG not in logged

    capsys.readouterr()
    assert main(["users", "list"]) == 0
    listing = capsys.readouterr().out
    assert "alice\tadmin\talice@example.org" in listing
    assert PASSWORD not in listing and "argon2" not in listing
    members = accounts.list_members(workspace_engine)
    assert list(members.columns) == ["name", "email", "role", "created_at", "disabled"]


def test_an_unknown_name_and_a_wrong_password_get_the_same_answer(workspace_engine):
    accounts.add_user(workspace_engine, "alice", role="viewer", password=PASSWORD)
    with pytest.raises(SignInRefused) as wrong:
        accounts.sign_in(workspace_engine, "alice", WRONG, now=NOW)
    with pytest.raises(SignInRefused) as unknown:
        accounts.sign_in(workspace_engine, "mallory", PASSWORD, now=NOW)
    assert str(wrong.value) == str(unknown.value) == WRONG_NAME_OR_PASSWORD
    assert wrong.value.retry_after_seconds == unknown.value.retry_after_seconds == 0
    (alice, _), (unknown_name, _) = attempts(workspace_engine)
    assert alice == "alice" and unknown_name.startswith("unknown name ")
    assert "mallory" not in every_row_as_text(workspace_engine)


def test_repeated_failures_are_slowed_then_the_right_password_works(workspace_engine):
    accounts.add_user(workspace_engine, "alice", role="editor", password=PASSWORD)
    for second in range(4):
        with pytest.raises(SignInRefused, match="^Wrong name or password.$"):
            accounts.sign_in(workspace_engine, "alice", WRONG, now=later(second))
    with pytest.raises(SignInRefused, match="try again in 30 s") as fifth:
        accounts.sign_in(workspace_engine, "alice", WRONG, now=later(4))
    assert fifth.value.retry_after_seconds == 30
    # refused without the password being checked, even the right one
    with pytest.raises(SignInRefused, match="^Too many attempts: try again in 20 s") as early:
        accounts.sign_in(workspace_engine, "alice", PASSWORD, now=later(14))
    assert early.value.retry_after_seconds == 20
    assert accounts.sign_in(workspace_engine, "alice", PASSWORD, now=later(35)).role == "editor"
    assert len(attempts(workspace_engine)) == 7
    throttled = read_audit(workspace_engine, "main")
    throttled = throttled[throttled["action"] == "sign-in throttled"]
    assert len(throttled) == 1 and json.loads(throttled["detail"].iloc[0]) == {
        "retry_after_seconds": 30
    }


def test_the_back_off_doubles_and_holds_for_unknown_names_too(workspace_engine):
    waits = []
    moment = NOW
    for _ in range(8):
        with pytest.raises(SignInRefused) as refused:
            accounts.sign_in(workspace_engine, "nobody", WRONG, now=moment)
        waits.append(refused.value.retry_after_seconds)
        moment += dt.timedelta(seconds=max(refused.value.retry_after_seconds, 1))
    assert waits == [0, 0, 0, 0, 30, 60, 120, 240]


def test_another_name_is_not_slowed(workspace_engine):
    accounts.add_user(workspace_engine, "bob", role="viewer", password=PASSWORD)
    for second in range(6):
        with pytest.raises(SignInRefused):
            accounts.sign_in(workspace_engine, "alice", WRONG, now=later(second))
    assert accounts.sign_in(workspace_engine, "bob", PASSWORD, now=later(6)).name == "bob"


def test_a_disabled_account_is_refused_until_enabled(workspace_engine):
    accounts.add_user(workspace_engine, "alice", role="editor", password=PASSWORD)
    member = accounts.sign_in(workspace_engine, "alice", PASSWORD, now=NOW)
    accounts.set_disabled(workspace_engine, "alice", True, actor="cli")
    with pytest.raises(SignInRefused, match="disabled"):
        accounts.sign_in(workspace_engine, "alice", PASSWORD, now=later(1))
    with pytest.raises(SignInRefused, match=WRONG_NAME_OR_PASSWORD):
        accounts.sign_in(workspace_engine, "alice", WRONG, now=later(2))  # says nothing more
    assert accounts.recheck_member(workspace_engine, member) is None
    accounts.set_disabled(workspace_engine, "alice", False, actor="cli")
    assert accounts.sign_in(workspace_engine, "alice", PASSWORD, now=later(3)) == member


def test_roles_change_and_are_audited(workspace_engine):
    accounts.add_user(workspace_engine, "alice", role="viewer", password=PASSWORD, actor="bob")
    viewer = accounts.sign_in(workspace_engine, "alice", PASSWORD, now=NOW)
    assert viewer.role == "viewer" and not viewer.can_edit()
    admin = accounts.set_role(workspace_engine, "alice", "admin", actor="bob")
    assert admin.is_admin() and admin.can_edit()
    assert accounts.recheck_member(workspace_engine, viewer) == admin
    assert accounts.sign_in(workspace_engine, "alice", PASSWORD, now=later(1)) == admin
    log = read_audit(workspace_engine, "main")
    assert list(log["action"]) == ["role changed", "user added"]
    assert set(log["actor"]) == {"bob"} and set(log["subject"]) == {"alice"}
    assert json.loads(log["detail"].iloc[0]) == {"from": "viewer", "to": "admin"}
    assert PASSWORD not in log.to_csv()


def test_roles_are_checked(workspace_engine):
    with pytest.raises(UnknownChoiceError, match="admin, editor, viewer"):
        accounts.add_user(workspace_engine, "alice", role="owner", password=PASSWORD)
    accounts.add_user(workspace_engine, "alice", role="viewer", password=PASSWORD)
    with pytest.raises(UnknownChoiceError):
        accounts.set_role(workspace_engine, "alice", "superuser", actor="cli")
    with pytest.raises(BadInputError, match="no user 'carol'"):
        accounts.set_role(workspace_engine, "carol", "editor", actor="cli")


def test_a_name_is_added_once_per_workspace(workspace_engine):
    accounts.add_user(workspace_engine, "alice", role="viewer", password=PASSWORD)
    with pytest.raises(BadInputError, match="already in workspace 'main'"):
        accounts.add_user(workspace_engine, "Alice", role="editor")
    with pytest.raises(BadInputError, match="already exists"):
        accounts.add_user(workspace_engine, "alice", role="editor", password=WRONG)
    with pytest.raises(BadInputError, match="needs a password or an e-mail"):
        accounts.add_user(workspace_engine, "bob", role="editor")


def test_membership_is_per_workspace(workspace_engine):
    accounts.add_user(workspace_engine, "alice", role="editor", password=PASSWORD)
    with pytest.raises(SignInRefused, match="not a member of workspace 'north'"):
        accounts.sign_in(workspace_engine, "alice", PASSWORD, workspace="north", now=NOW)
    accounts.add_user(workspace_engine, "alice", role="viewer", workspace="north")
    north = accounts.sign_in(workspace_engine, "alice", PASSWORD, workspace="north", now=NOW)
    assert north == Member("alice", "north", "viewer")
    assert list(accounts.list_members(workspace_engine, "north")["name"]) == ["alice"]


def test_an_identity_provider_email_finds_its_member(workspace_engine):
    accounts.add_user(workspace_engine, "alice", role="editor", email="Alice@Example.org")
    found = accounts.member_for_email(workspace_engine, "alice@example.ORG")
    assert found == Member("alice", "main", "editor")
    assert accounts.member_for_email(workspace_engine, "bob@example.org") is None
    assert accounts.member_for_email(workspace_engine, "") is None
    assert accounts.member_for_email(workspace_engine, "alice@example.org", "north") is None
    with pytest.raises(SignInRefused, match=WRONG_NAME_OR_PASSWORD):  # no local password
        accounts.sign_in(workspace_engine, "alice", PASSWORD, now=NOW)
    with pytest.raises(BadInputError, match="already belongs to 'alice'"):
        accounts.add_user(workspace_engine, "al", role="viewer", email="alice@example.org")


def test_an_older_hash_is_renewed_at_sign_in(workspace_engine):
    from argon2 import PasswordHasher

    from targets.store.tables import User

    accounts.add_user(workspace_engine, "alice", role="viewer", password=PASSWORD)
    weaker = PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1).hash(PASSWORD)
    with workspace_engine.begin() as connection:
        connection.execute(sa.update(User).values(password_hash=weaker))
    assert accounts.sign_in(workspace_engine, "alice", PASSWORD, now=NOW).name == "alice"
    with workspace_engine.connect() as connection:
        renewed = connection.execute(sa.select(User.password_hash)).scalar_one()
    assert renewed.startswith("$argon2id$v=19$m=19456,t=2,p=1$") and renewed != weaker


def test_names_match_whatever_their_case_and_spacing_beyond_ascii_too(workspace_engine):
    accounts.add_user(workspace_engine, "Émile  Zola", role="viewer", password=PASSWORD)
    for typed in ("Émile Zola", "émile zola", " ÉMILE   ZOLA "):
        assert accounts.sign_in(workspace_engine, typed, PASSWORD, now=NOW).name == "Émile Zola"
    with pytest.raises(BadInputError, match="already in workspace"):
        accounts.add_user(workspace_engine, "émile zola", role="editor")
