"""paid months: which months each case was paid for by confirmed rosters, and how many

Derived from roster_line so that generating a roster need not aggregate every confirmed line
of the history (SPEC §11); kept up to date by confirm_rosters, filled here from the rosters
already confirmed.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-26 06:28:02.018177
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "paid_month",
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("for_month", sa.String(length=7), nullable=False),
        sa.PrimaryKeyConstraint("case_id", "for_month", name=op.f("pk_paid_month")),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "paid_month_count",
        sa.Column("case_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("months", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("case_id", name=op.f("pk_paid_month_count")),
    )
    op.execute("""
        INSERT INTO paid_month (case_id, for_month)
        SELECT DISTINCT l.case_id, l.for_month FROM roster_line l JOIN roster r ON r.id = l.roster_id
        WHERE r.state != 'draft' AND l.case_id IS NOT NULL AND l.kind IN ('正常', '补发')""")
    op.execute("INSERT INTO paid_month_count (case_id, months) SELECT case_id, count(*) FROM paid_month GROUP BY case_id")


def downgrade() -> None:
    op.drop_table("paid_month_count")
    op.drop_table("paid_month")
