"""``targets users add|role|password|list|disable|enable``: the team members of a workspace.

A password is asked for twice (not echoed), or read as one line from standard input with
``--password-stdin``; it is never printed, logged or stored (only its argon2id hash is).
"""

from __future__ import annotations

import argparse
import getpass
import sys

from targets.cli.common import EXIT_OK, UsageError
from targets.store import accounts
from targets.store.database import open_database
from targets.store.workspaces import DEFAULT_WORKSPACE

ACTOR = "cli"


def register(commands: argparse._SubParsersAction) -> None:
    """Add ``users add``, ``role``, ``password``, ``list``, ``disable`` and ``enable``."""
    parser = commands.add_parser("users", help="the team members who may sign in, and roles")
    actions = parser.add_subparsers(dest="users_command", required=True, metavar="ACTION")

    add = actions.add_parser("add", help="add a member to a workspace with a role")
    add.add_argument("name", metavar="NAME", help="the user name they sign in with")
    add.add_argument("--role", required=True, choices=accounts.ROLES)
    _workspace_argument(add)
    add.add_argument("--email", help="their e-mail: sign-in through the identity provider")
    how = add.add_mutually_exclusive_group()
    how.add_argument(
        "--password-stdin", action="store_true", help="read the password as one line from stdin"
    )
    how.add_argument(
        "--no-password",
        action="store_true",
        help="no local password: signs in with --email through the identity provider only",
    )
    add.set_defaults(handler=run_add)

    role = actions.add_parser("role", help="change a member's role")
    role.add_argument("name", metavar="NAME")
    role.add_argument("role", metavar="ROLE", choices=accounts.ROLES, help="viewer|editor|admin")
    _workspace_argument(role)
    role.set_defaults(handler=run_role)

    listing = actions.add_parser("list", help="the members of a workspace and their roles")
    _workspace_argument(listing)
    listing.set_defaults(handler=run_list)

    password = actions.add_parser("password", help="give an account a new password")
    password.add_argument("name", metavar="NAME")
    password.add_argument(
        "--password-stdin", action="store_true", help="read the password as one line from stdin"
    )
    password.set_defaults(handler=run_password)

    for action, disabled in (("disable", True), ("enable", False)):
        toggle = actions.add_parser(
            action, help=f"{action} an account ({'it cannot' if disabled else 'it can'} sign in)"
        )
        toggle.add_argument("name", metavar="NAME")
        toggle.set_defaults(handler=run_toggle, disabled=disabled)


def _workspace_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--workspace", default=DEFAULT_WORKSPACE, help=f"default {DEFAULT_WORKSPACE}"
    )


def read_password(from_stdin: bool) -> str:
    """The new password: one line of stdin, or typed twice at a prompt that does not echo."""
    if from_stdin:
        line = sys.stdin.readline()
        password = line[:-1] if line.endswith("\n") else line
        password = password[:-1] if password.endswith("\r") else password
        if not password:
            raise UsageError("--password-stdin read no password (expected one line)")
        return password
    password = getpass.getpass("Password: ")
    if getpass.getpass("Password again: ") != password:
        raise UsageError("the two passwords differ; nothing was changed")
    return password


def run_add(args: argparse.Namespace) -> int:
    """Add the member; say who was added (never the password)."""
    if args.no_password and not args.email:
        raise UsageError("--no-password needs --email (to sign in through the identity provider)")
    password = None if args.no_password else read_password(args.password_stdin)
    member = accounts.add_user(
        open_database(),
        args.name,
        role=args.role,
        password=password,
        email=args.email,
        workspace=args.workspace,
        actor=ACTOR,
    )
    print(f"added {member.name} to workspace {member.workspace} as {member.role}")
    return EXIT_OK


def run_role(args: argparse.Namespace) -> int:
    """Change the role."""
    member = accounts.set_role(
        open_database(), args.name, args.role, workspace=args.workspace, actor=ACTOR
    )
    print(f"{member.name} is now {member.role} in workspace {member.workspace}")
    return EXIT_OK


def run_password(args: argparse.Namespace) -> int:
    """Set a new password."""
    accounts.set_password(
        open_database(), args.name, read_password(args.password_stdin), actor=ACTOR
    )
    print(f"{args.name}: password changed")
    return EXIT_OK


def run_list(args: argparse.Namespace) -> int:
    """One line per member: name, role, e-mail, since when, disabled."""
    members = accounts.list_members(open_database(), workspace=args.workspace)
    if members.empty:
        print(f"workspace {args.workspace} has no members yet: add one with `targets users add`")
        return EXIT_OK
    for row in members.itertuples(index=False):
        flags = "  (disabled)" if row.disabled else ""
        email = row.email or "-"
        print(f"{row.name}\t{row.role}\t{email}\t{row.created_at:%Y-%m-%d}{flags}")
    return EXIT_OK


def run_toggle(args: argparse.Namespace) -> int:
    """Disable or enable an account."""
    accounts.set_disabled(open_database(), args.name, args.disabled, actor=ACTOR)
    print(f"{args.name} is {'disabled' if args.disabled else 'enabled'}")
    return EXIT_OK
