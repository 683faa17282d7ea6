"""checklist items: a stable item key, and voiding

A draft session's checklist is regenerated when the draft changes; a step that
no longer applies is voided (clinical rows are never deleted), and
``item_key`` keeps a step's identity (and its tick) across regenerations and
amendments.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import tracker.models.types

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


NO_DELETE = "clinical records are voided, not deleted"


def _columns() -> list[sa.Column]:
    return [
        sa.Column("item_key", sa.String(length=80), nullable=True),
        sa.Column("voided_at", tracker.models.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("void_reason", sa.Text(), nullable=True),
        sa.Column("voided_by_id", sa.Integer(), nullable=True),
    ]


def upgrade() -> None:
    fk_name = op.f("fk_checklist_item_voided_by_id_staff")
    if op.get_bind().dialect.name == "sqlite":
        # SQLite cannot add a foreign key in place: the table is copied, which
        # drops its triggers, so the no-delete guard of 0002 is made again.
        with op.batch_alter_table("checklist_item", schema=None) as batch_op:
            for column in _columns():
                batch_op.add_column(column)
            batch_op.create_foreign_key(fk_name, "staff", ["voided_by_id"], ["id"])
        op.execute("DROP TRIGGER IF EXISTS guard_no_delete_checklist_item")
        op.execute(
            "CREATE TRIGGER guard_no_delete_checklist_item BEFORE DELETE ON checklist_item "
            f"BEGIN SELECT RAISE(ABORT, '{NO_DELETE}'); END"
        )
    else:
        for column in _columns():
            op.add_column("checklist_item", column)
        op.create_foreign_key(fk_name, "checklist_item", "staff", ["voided_by_id"], ["id"])


def downgrade() -> None:
    with op.batch_alter_table("checklist_item", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("fk_checklist_item_voided_by_id_staff"), type_="foreignkey")
        for name in ("voided_by_id", "void_reason", "voided_at", "item_key"):
            batch_op.drop_column(name)
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS guard_no_delete_checklist_item")
        op.execute(
            "CREATE TRIGGER guard_no_delete_checklist_item BEFORE DELETE ON checklist_item "
            f"BEGIN SELECT RAISE(ABORT, '{NO_DELETE}'); END"
        )
