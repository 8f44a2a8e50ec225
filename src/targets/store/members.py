"""Who a signed-in person is to a workspace, without the database: roles and ``Member``.

Also the names a workspace starts with (its own, and its endorsement list's).

Kept apart from ``targets.store.accounts`` (SQLAlchemy, argon2) so that the app can name a
member, check a role or default a workspace without loading the database libraries; an
unsigned visitor's first page then never waits for them.
"""

from __future__ import annotations

from dataclasses import dataclass

from targets.errors import UnknownChoiceError

ROLES = ("viewer", "editor", "admin")
MAX_NAME_LENGTH = 64
DEFAULT_WORKSPACE = "main"
DEFAULT_LIST = "candidates"  # a workspace's endorsement list unless another is named


def check_role(role: str) -> str:
    """The role, or UnknownChoiceError listing the roles."""
    if role not in ROLES:
        raise UnknownChoiceError("role", role, ROLES)
    return role


@dataclass(frozen=True)
class Member:
    """A signed-in person as seen by one workspace: who, where, and what they may do."""

    name: str
    workspace: str
    role: str

    def can_edit(self) -> bool:
        """Editors and admins may save lists, target lists and plans, and restore versions."""
        return self.role in ("editor", "admin")

    def is_admin(self) -> bool:
        """Admins may also read the audit log and manage members."""
        return self.role == "admin"

    def has_role(self, min_role: str) -> bool:
        """Whether this member's role is ``min_role`` or above (viewer < editor < admin)."""
        return ROLES.index(self.role) >= ROLES.index(check_role(min_role))
