"""The members' search index (SPEC §11 search row): an FTS5 table with the trigram tokenizer over each
member's name, ID number and pinyin initials, kept by triggers on `member` (migration 0011).

A trigram index answers a substring query of 3 or more characters without reading every member; a
shorter query (a two-character name such as 张三) falls back to the LIKE scan. Pinyin initials are
indexed behind a "^" so that a two-letter prefix ("zs") is a three-character substring ("^zs") that
can only match at the start, as the LIKE 'zs%' it replaces. A database made by a SQLite without FTS5
(or older than 3.34, without trigram) has no index, and every query scans as before.
"""

from __future__ import annotations

from sqlalchemy import column, text
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import TextClause

TABLE = "member_search"
MIN_CHARS = 3  # a trigram index finds nothing for a shorter substring


def _phrase(value: str) -> str:
    return '"' + value.replace('"', '""') + '"'


def match_expression(name_text: str, id_text: str) -> str | None:
    """The FTS5 query for a search box's text, or None when the index cannot answer it (too short)."""
    if len(name_text) < MIN_CHARS:
        return None
    parts = [f"name : {_phrase(name_text)}"]
    if len(id_text) >= MIN_CHARS:
        parts.append(f"id_number : {_phrase(id_text)}")
    if name_text.isascii() and name_text.isalpha():
        parts.append(f"initials : {_phrase('^' + name_text.lower())}")
    return " OR ".join(parts)


def has_index(s: Session) -> bool:
    return s.execute(text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = :t"),
                     {"t": TABLE}).first() is not None


def matching_member_ids(expression: str) -> TextClause:
    """A subquery of the member ids the index matches (for `Member.id.in_(...)`)."""
    return text(f"SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH :expression").bindparams(
        expression=expression).columns(column("rowid"))
