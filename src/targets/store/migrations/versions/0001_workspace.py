"""The workspace: workspaces, users and roles, list versions, target seats, plans, audit.

Revision ID: 0001
Revises:
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

WHEN = sa.DateTime(timezone=True)


def _id(table: str) -> list:
    return [
        sa.Column("id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=f"pk_{table}"),
    ]


def _workspace_fk(table: str, nullable: bool = False) -> list:
    return [
        sa.Column("workspace_id", sa.Integer(), nullable=nullable),
        sa.ForeignKeyConstraint(
            ["workspace_id"], ["workspace.id"], name=f"fk_{table}_workspace_id"
        ),
    ]


def upgrade() -> None:
    """Create every table of the workspace."""
    op.create_table(
        "workspace",
        *_id("workspace"),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        sa.UniqueConstraint("name", name="uq_workspace_name"),
    )
    op.create_table(
        "app_user",
        *_id("app_user"),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("email", sa.String(320), nullable=True),
        sa.Column("password_hash", sa.String(500), nullable=True),
        sa.Column("disabled", sa.Boolean(), nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        sa.UniqueConstraint("name", name="uq_app_user_name"),
        sa.UniqueConstraint("email", name="uq_app_user_email"),
    )
    op.create_table(
        "membership",
        *_id("membership"),
        sa.Column("user_id", sa.Integer(), nullable=False),
        *_workspace_fk("membership"),
        sa.Column("role", sa.String(20), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["app_user.id"], name="fk_membership_user_id"),
        sa.UniqueConstraint("user_id", "workspace_id", name="uq_membership_user_id_workspace_id"),
    )
    op.create_table(
        "list_version",
        *_id("list_version"),
        *_workspace_fk("list_version"),
        sa.Column("list_name", sa.String(100), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        sa.Column("author", sa.String(320), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("source", sa.String(20), nullable=False),
        sa.Column("restored_from", sa.Integer(), nullable=True),
        sa.Column("row_count", sa.Integer(), nullable=False),
        sa.Column("rows_added", sa.Integer(), nullable=False),
        sa.Column("rows_removed", sa.Integer(), nullable=False),
        sa.Column("rows_changed", sa.Integer(), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.UniqueConstraint(
            "workspace_id",
            "list_name",
            "number",
            name="uq_list_version_workspace_id_list_name_number",
        ),
    )
    op.create_table(
        "target_seat",
        *_id("target_seat"),
        *_workspace_fk("target_seat"),
        sa.Column("group_name", sa.String(200), nullable=False),
        sa.Column("constituency_code", sa.String(9), nullable=False),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("owner", sa.String(320), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("updated_at", WHEN, nullable=False),
        sa.Column("updated_by", sa.String(320), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.UniqueConstraint(
            "workspace_id",
            "group_name",
            "constituency_code",
            name="uq_target_seat_workspace_id_group_name_constituency_code",
        ),
    )
    op.create_table(
        "deployment_plan",
        *_id("deployment_plan"),
        *_workspace_fk("deployment_plan"),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        sa.Column("author", sa.String(320), nullable=False),
        sa.Column("settings", sa.Text(), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
    )
    op.create_table(
        "audit_entry",
        *_id("audit_entry"),
        sa.Column("at", WHEN, nullable=False),
        *_workspace_fk("audit_entry", nullable=True),
        sa.Column("actor", sa.String(320), nullable=False),
        sa.Column("action", sa.String(100), nullable=False),
        sa.Column("subject", sa.String(500), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
    )
    op.create_index("ix_audit_entry_workspace_id_at", "audit_entry", ["workspace_id", "at"])
    op.create_table(
        "sign_in_attempt",
        *_id("sign_in_attempt"),
        sa.Column("user_name", sa.String(200), nullable=False),
        sa.Column("at", WHEN, nullable=False),
        sa.Column("succeeded", sa.Boolean(), nullable=False),
    )
    op.create_index("ix_sign_in_attempt_user_name_at", "sign_in_attempt", ["user_name", "at"])


def downgrade() -> None:
    """Nothing in the workspace is ever dropped: downgrades are not supported."""
    raise NotImplementedError("the workspace schema is only ever upgraded")
