"""事项 of a listed row: the SPEC §6 external list names per row what it is

A cross-check list (姓名, 身份证号, 事项, 日期) holds deaths, cremations, civil servants, vehicles and
business owners in one sheet; imported as a monitoring list (SPEC §13), each row keeps its 事项 so
the covered_hit rule sees 死亡 on the row, not only the list's kind.

Revision ID: 0010
Revises: 0009p
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009p"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("monitor_listed") as batch:
        batch.add_column(sa.Column("matter", sa.String(length=20), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("monitor_listed") as batch:
        batch.drop_column("matter")
