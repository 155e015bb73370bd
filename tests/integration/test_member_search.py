"""The members' trigram index answers what the LIKE scan answers, and the triggers keep it in step."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import text

from app.domain.registry import HouseholdInput, MemberInput
from app.models import member_search
from app.services.households import register_household
from app.services.queries import HouseholdFilter, household_ids

PEOPLE = [("青山村", [("张三丰", "430902194501010013", "本人"), ("李秀英", "430902194703020025", "配偶")]),
          ("桃花村", [("王五", "43090219600101001X", "本人")]),
          ("新市社区", [("欧阳小明", "430902198807070012", "本人"), ("张三", "430902201001010026", "子")])]


@pytest.fixture
def township(db_ctx, clerk):
    from stdnum.cn import ric

    for village, members in PEOPLE:
        fixed = [(n, i[:17] + ric.calc_check_digit(i[:17] + "0"), r) for n, i, r in members]
        register_household(db_ctx.uow, clerk, HouseholdInput(
            village=village, members=[MemberInput(name=n, id_number=i, relation=r) for n, i, r in fixed]))
    return db_ctx


def _scan(ctx, typed: str) -> list[int]:
    """The same search with the index switched off: what the LIKE scan finds."""
    with ctx.engine.begin() as conn:
        conn.execute(text("ALTER TABLE member_search RENAME TO member_search_off"))
    try:
        return household_ids(ctx.uow, HouseholdFilter(text=typed))
    finally:
        with ctx.engine.begin() as conn:
            conn.execute(text("ALTER TABLE member_search_off RENAME TO member_search"))


@pytest.mark.parametrize("typed", ["张三丰", "三丰", "张三", "欧阳小", "阳小明", "0101001", "19450101", "001x",
                                   "００１Ｘ", "zsf", "ZSF", "zs", "oyxm", "yxm", "lxy", "秀英", "王五", "无此人",
                                   "4309", "abc"])
def test_the_index_finds_what_the_scan_finds(township, typed):
    with township.uow.read() as s:
        assert member_search.has_index(s)
    assert household_ids(township.uow, HouseholdFilter(text=typed)) == _scan(township, typed)


@pytest.mark.parametrize(("name", "id_text", "expected"), [
    ("张三", "张三", None),  # too short for trigrams: the scan answers
    ("张三丰", "张三丰", 'name : "张三丰" OR id_number : "张三丰"'),
    ("zsf", "zsf", 'name : "zsf" OR id_number : "zsf" OR initials : "^zsf"'),
    ('a"b', 'a"b', 'name : "a""b" OR id_number : "a""b"'),
])
def test_the_match_expression(name, id_text, expected):
    assert member_search.match_expression(name, id_text) == expected


def test_triggers_keep_the_index_in_step_with_every_write(township):
    path = township.db_path
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE member SET name = '张三峰', name_initials = 'zsf' WHERE name = '张三丰'")
        conn.execute("DELETE FROM member WHERE name = '王五'")
    conn.close()
    assert household_ids(township.uow, HouseholdFilter(text="张三峰")) == [1]
    assert household_ids(township.uow, HouseholdFilter(text="张三丰")) == []
    with sqlite3.connect(path) as conn:
        members = conn.execute("SELECT id, name, id_number, '^' || name_initials FROM member ORDER BY id").fetchall()
        indexed = conn.execute("SELECT rowid, name, id_number, initials FROM member_search ORDER BY rowid").fetchall()
    conn.close()
    assert indexed == members
