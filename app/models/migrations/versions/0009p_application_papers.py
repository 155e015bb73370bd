"""Application papers (SPEC §14): attached scans and photos, and the admin's own paper types

Each paper row names what it is attached to (a household, an application, its investigation or a
临时救助 grant), its type and the SHA-256 of the file kept in the data folder's paper store.

Revision ID: 0009p
Revises: 0009m
"""

import sqlalchemy as sa
from alembic import op

revision = "0009p"
down_revision = "0009m"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "paper",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("household_id", sa.Integer(), nullable=False),
        sa.Column("owner_kind", sa.String(length=20), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("paper_type", sa.String(length=30), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("original_sha256", sa.String(length=64), nullable=False),
        sa.Column("media", sa.String(length=20), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("pages", sa.Integer(), nullable=False),
        sa.Column("width", sa.Integer(), nullable=True),
        sa.Column("height", sa.Integer(), nullable=True),
        sa.Column("rotation", sa.Integer(), nullable=False),
        sa.Column("attached_by", sa.String(length=50), nullable=False),
        sa.Column("attached_on", sa.Date(), nullable=False),
        sa.Column("attached_at", sa.DateTime(), nullable=False),
        sa.Column("removed", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("removed_by", sa.String(length=50), nullable=False),
        sa.Column("removed_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["household_id"], ["household.id"], name=op.f("fk_paper_household_id_household")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_paper")),
    )
    op.create_index(op.f("ix_paper_household_id"), "paper", ["household_id"])
    op.create_index(op.f("ix_paper_sha256"), "paper", ["sha256"])
    op.create_table(
        "paper_type",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=30), nullable=False),
        sa.Column("required", sa.Boolean(), nullable=False),
        sa.Column("added_by", sa.String(length=50), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_paper_type")),
        sa.UniqueConstraint("name", name=op.f("uq_paper_type_name")),
    )


def downgrade() -> None:
    op.drop_table("paper_type")
    op.drop_index(op.f("ix_paper_sha256"), table_name="paper")
    op.drop_index(op.f("ix_paper_household_id"), table_name="paper")
    op.drop_table("paper")
