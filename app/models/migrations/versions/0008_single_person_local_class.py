"""单人保 on applications and cases; the local class of an imported case

单人保 (SPEC §3.1) covers one member of a household whose per-capita income is under 1.5 S and
counts only that member's income: the flag travels from the application to the case so that a
re-standardisation and the roster check compute the same amount. `local_class` keeps the class an
office sheet gave a case (农村低保A类 -> A类, SPEC §7.1).

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("application") as batch:
        batch.add_column(sa.Column("single_person", sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table("assistance_case") as batch:
        batch.add_column(sa.Column("single_person", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.add_column(sa.Column("local_class", sa.String(length=20), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("assistance_case") as batch:
        batch.drop_column("local_class")
        batch.drop_column("single_person")
    with op.batch_alter_table("application") as batch:
        batch.drop_column("single_person")
