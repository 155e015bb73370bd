"""A trigram search index over members' names, ID numbers and pinyin initials (SPEC §11 search row)

An FTS5 table `member_search` (rowid = member.id) kept by three triggers on `member`, so every write
path - the household dialog, imports, the demo, raw repairs - keeps it in step. A SQLite without
FTS5 or trigram (older than 3.34) gets no index and searches scan as before (app/models/member_search.py).
A later migration that rebuilds `member` (batch mode) drops its triggers and must create them again.

Revision ID: 0011
Revises: 0010
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

TRIGGERS = (
    """CREATE TRIGGER member_search_ai AFTER INSERT ON member BEGIN
         INSERT INTO member_search (rowid, name, id_number, initials)
         VALUES (new.id, new.name, new.id_number, '^' || new.name_initials);
       END""",
    """CREATE TRIGGER member_search_ad AFTER DELETE ON member BEGIN
         DELETE FROM member_search WHERE rowid = old.id;
       END""",
    """CREATE TRIGGER member_search_au AFTER UPDATE OF name, id_number, name_initials ON member BEGIN
         UPDATE member_search SET name = new.name, id_number = new.id_number, initials = '^' || new.name_initials
         WHERE rowid = new.id;
       END""",
)


def _trigram_available(bind) -> bool:  # noqa: ANN001
    try:
        bind.exec_driver_sql("CREATE VIRTUAL TABLE temp.trigram_probe USING fts5(x, tokenize='trigram')")
    except sa.exc.OperationalError:
        return False
    bind.exec_driver_sql("DROP TABLE temp.trigram_probe")
    return True


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite" or not _trigram_available(bind):
        return
    op.execute("CREATE VIRTUAL TABLE member_search USING fts5(name, id_number, initials, tokenize='trigram')")
    op.execute("INSERT INTO member_search (rowid, name, id_number, initials) "
               "SELECT id, name, id_number, '^' || name_initials FROM member")
    for trigger in TRIGGERS:
        op.execute(trigger)


def downgrade() -> None:
    for name in ("member_search_au", "member_search_ad", "member_search_ai"):
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute("DROP TABLE IF EXISTS member_search")
