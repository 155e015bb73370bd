"""rejection log: the refused batch's manifest hash

A batch refused for its content (or format version) is never accepted later, so the township
may re-issue its sequence number; the receiver finds such a refusal by the manifest hash.

Revision ID: c0002
Revises: c0001
Create Date: 2026-12-02 18:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "c0002"
down_revision = "c0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("county_rejection", schema=None) as batch_op:
        batch_op.add_column(sa.Column("manifest_sha256", sa.String(length=64), nullable=False, server_default=""))
        batch_op.create_index("ix_county_rejection_manifest", ["manifest_sha256"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("county_rejection", schema=None) as batch_op:
        batch_op.drop_index("ix_county_rejection_manifest")
        batch_op.drop_column("manifest_sha256")
