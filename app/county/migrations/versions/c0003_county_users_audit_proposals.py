"""county application: users (roles, lockout), audit log, four-eyes proposals, settings

Revision ID: c0003
Revises: c0002
Create Date: 2026-12-03 13:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "c0003"
down_revision = "c0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "county_user",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=50), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("password_hash", sa.String(length=200), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("failed_logins", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_county_user")),
        sa.UniqueConstraint("name", name=op.f("uq_county_user_name")),
    )
    op.create_table(
        "county_audit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(length=50), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("target", sa.String(length=80), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_county_audit")),
    )
    op.create_table(
        "county_proposal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("township_code", sa.String(length=20), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("application_version", sa.Integer(), nullable=False),
        sa.Column("decision", sa.String(length=10), nullable=False),
        sa.Column("amount_fen", sa.Integer(), nullable=True),
        sa.Column("opinion", sa.Text(), nullable=False),
        sa.Column("prepared_by", sa.String(length=50), nullable=False),
        sa.Column("prepared_at", sa.DateTime(), nullable=False),
        sa.Column("reviewed_decision", sa.String(length=10), nullable=False),
        sa.Column("review_opinion", sa.Text(), nullable=False),
        sa.Column("reviewed_by", sa.String(length=50), nullable=False),
        sa.Column("reviewed_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_county_proposal")),
        sa.UniqueConstraint("township_code", "application_id", "application_version",
                            name=op.f("uq_county_proposal_township_code")),
    )
    op.create_table(
        "county_setting",
        sa.Column("key", sa.String(length=50), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_county_setting")),
    )


def downgrade() -> None:
    op.drop_table("county_setting")
    op.drop_table("county_proposal")
    op.drop_table("county_audit")
    op.drop_table("county_user")
