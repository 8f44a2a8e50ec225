"""`targets users add|role|list|disable|enable` on a real database (SQLite and PostgreSQL)."""

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from targets.cli import users
from targets.cli.main import main
from targets.store import accounts, database
from targets.store.accounts import SignInRefused

PASSWORD = "a long enough passphrase"
TARGETS = Path(sys.executable).with_name("targets")


def test_add_with_password_stdin_then_sign_in_works(workspace_engine, workspace_url):
    environment = {**os.environ, database.DATABASE_URL_ENV: workspace_url}
    done = subprocess.run(
        [str(TARGETS), "users", "add", "alice", "--role", "editor", "--password-stdin"],
        input=PASSWORD + "\n",
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == "added alice to workspace main as editor\n"
    assert PASSWORD not in done.stdout + done.stderr
    assert accounts.sign_in(workspace_engine, "alice", PASSWORD).role == "editor"


def test_the_password_is_asked_twice_without_echo(workspace_engine, monkeypatch, capsys):
    answers = iter([PASSWORD, PASSWORD])
    monkeypatch.setattr(users.getpass, "getpass", lambda prompt: next(answers))
    assert main(["users", "add", "bob", "--role", "viewer", "--workspace", "north"]) == 0
    assert accounts.sign_in(workspace_engine, "bob", PASSWORD, workspace="north").role == "viewer"
    assert PASSWORD not in capsys.readouterr().out


def test_two_different_passwords_change_nothing(workspace_engine, monkeypatch, capsys):
    answers = iter([PASSWORD, PASSWORD + "!"])
    monkeypatch.setattr(users.getpass, "getpass", lambda prompt: next(answers))
    assert main(["users", "add", "bob", "--role", "viewer"]) == 2
    assert "the two passwords differ" in capsys.readouterr().err
    assert accounts.list_members(workspace_engine).empty


def test_role_list_disable_enable(workspace_engine, monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.StringIO(PASSWORD + "\n"))
    assert main(["users", "add", "alice", "--role", "viewer", "--password-stdin"]) == 0
    assert main(["users", "role", "alice", "admin"]) == 0
    assert main(["users", "disable", "alice"]) == 0
    capsys.readouterr()
    assert main(["users", "list"]) == 0
    assert capsys.readouterr().out.startswith("alice\tadmin\t-\t")
    with pytest.raises(SignInRefused, match="disabled"):
        accounts.sign_in(workspace_engine, "alice", PASSWORD)
    assert main(["users", "enable", "alice"]) == 0
    assert accounts.sign_in(workspace_engine, "alice", PASSWORD).is_admin()


def test_an_identity_provider_member_needs_no_password(workspace_engine, capsys):
    argv = ["users", "add", "carol", "--role", "editor", "--no-password"]
    assert main(argv) == 2
    assert "--no-password needs --email" in capsys.readouterr().err
    assert main([*argv, "--email", "carol@example.org"]) == 0
    member = accounts.member_for_email(workspace_engine, "carol@example.org")
    assert member is not None and member.role == "editor"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["users", "role", "nobody", "editor"], "there is no user 'nobody'"),
        (["users", "disable", "nobody"], "there is no user 'nobody'"),
    ],
)
def test_bad_input_exits_2_with_a_message(workspace_engine, capsys, argv, message):
    assert main(argv) == 2
    assert message in capsys.readouterr().err


def test_an_unknown_role_is_refused_by_the_parser(workspace_engine, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["users", "role", "alice", "owner"])
    assert exit_info.value.code == 2
    assert "invalid choice: 'owner'" in capsys.readouterr().err


def test_an_empty_password_line_is_refused(workspace_engine, monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.StringIO("\n"))
    assert main(["users", "add", "alice", "--role", "viewer", "--password-stdin"]) == 2
    assert "read no password" in capsys.readouterr().err


def test_a_new_password_replaces_the_old_one(workspace_engine, monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.StringIO(PASSWORD + "\n"))
    assert main(["users", "add", "alice", "--role", "viewer", "--password-stdin"]) == 0
    monkeypatch.setattr(sys, "stdin", io.StringIO("an entirely new passphrase\n"))
    assert main(["users", "password", "alice", "--password-stdin"]) == 0
    with pytest.raises(SignInRefused, match="Wrong name or password"):
        accounts.sign_in(workspace_engine, "alice", PASSWORD)
    assert accounts.sign_in(workspace_engine, "alice", "an entirely new passphrase").name == "alice"
    assert "passphrase" not in capsys.readouterr().out
    monkeypatch.setattr(sys, "stdin", io.StringIO(PASSWORD + "\n"))
    assert main(["users", "password", "nobody", "--password-stdin"]) == 2
    assert "there is no user 'nobody'" in capsys.readouterr().err
