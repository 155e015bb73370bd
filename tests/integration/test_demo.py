"""The demo township (`jiuzhu demo`): deterministic, valid, realistic, and only on an empty database."""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload
from stdnum import luhn

from app.bootstrap import open_database
from app.domain.calc import CalcMember, DibaoParams, dibao_amount
from app.domain.ids import age_on, normalize_id
from app.domain.standards import parse_month
from app.errors import Conflict, InvalidInput
from app.models import AuditRecord, Case, Household, Member, Township, User, Village
from app.services import audit
from app.services.auth import login
from app.services.cases import case_snapshot
from app.services.demo import TODAY, build_demo
from app.services.households import household_snapshot

N = 150
SEED = 8  # a seed whose 150 households include cases ended for income
PASSWORD = "pw-demo-1"


@pytest.fixture
def open_db(tmp_path, monkeypatch):
    monkeypatch.setenv("JIUZHU_HOME", str(tmp_path))
    opened = []

    def _open(name: str = "t.db"):
        ctx = open_database(tmp_path / name, create=True)
        opened.append(ctx)
        return ctx

    yield _open
    for ctx in opened:
        ctx.close()


@pytest.fixture
def demo(open_db):
    ctx = open_db()
    summary = build_demo(ctx.uow, households=N, seed=SEED, password=PASSWORD)
    return ctx, summary


@pytest.fixture
def session(demo):
    ctx, _ = demo
    with ctx.uow.read() as s:
        yield s


def _households(s) -> list[Household]:
    return list(s.scalars(select(Household).order_by(Household.id).options(
        selectinload(Household.members).selectinload(Member.incomes), selectinload(Household.village))))


def _cases(s) -> list[Case]:
    return list(s.scalars(select(Case).order_by(Case.id).options(selectinload(Case.members))))


def _heads(ctx) -> list[tuple[str, str, str]]:
    with ctx.uow.read() as s:
        return [(m.name, m.id_number, h.address)
                for h in _households(s) for m in h.members if m.relation == "本人"]


def _table_counts(ctx) -> dict[str, int]:
    with ctx.uow.read() as s:
        counts = {t.__name__: s.scalar(select(func.count()).select_from(t))
                  for t in (Township, User, Village, Household, Member, Case, AuditRecord)}
        counts["head"] = audit.head_hash(s)
        return counts


def test_the_same_seed_gives_the_same_people(open_db):
    first, second, other = open_db("a.db"), open_db("b.db"), open_db("c.db")
    for ctx, seed in ((first, 3), (second, 3), (other, 4)):
        build_demo(ctx.uow, households=40, seed=seed, password=PASSWORD)
    assert _heads(first) == _heads(second)
    assert _heads(first) != _heads(other)


def test_every_id_number_is_valid_and_belongs_to_one_person(session):
    numbers = [m.id_number for h in _households(session) for m in h.members]
    assert all(normalize_id(n).number == n for n in numbers)
    assert len(set(numbers)) == len(numbers)
    assert {n[:6] for n in numbers} <= {"430902", "430903", "430921", "430922", "430923", "430981"}


def test_every_household_has_exactly_one_head(session):
    assert all(sum(m.relation == "本人" for m in h.members) == 1 for h in _households(session))


def test_a_second_build_is_refused_and_changes_nothing(demo):
    ctx, _ = demo
    before = _table_counts(ctx)
    with pytest.raises(Conflict, match="演示数据只能生成到新数据库"):
        build_demo(ctx.uow, households=20, seed=1, password=PASSWORD)
    assert _table_counts(ctx) == before


def test_bad_arguments_are_refused_before_anything_is_written(open_db):
    ctx = open_db()
    with pytest.raises(InvalidInput):
        build_demo(ctx.uow, households=0)
    with pytest.raises(InvalidInput):
        build_demo(ctx.uow, households=10, password="123")
    assert _table_counts(ctx)["Township"] == 0


def test_cases_cover_co_resident_members_of_their_own_household(session):
    members = {m.id: m for h in _households(session) for m in h.members}
    for case in _cases(session):
        covered = [members[cm.member_id] for cm in case.members]
        assert covered and all(m.household_id == case.household_id and m.co_resident for m in covered)
        if "tekun" in case.program:
            assert len(covered) == 1 and age_on(covered[0].birth_date, TODAY) >= 60


def test_counts_are_roughly_as_asked(demo, session):
    _, summary = demo
    households = _households(session)
    cases = _cases(session)
    dibao = {c.household_id for c in cases if "dibao" in c.program}
    tekun = [c for c in cases if "tekun" in c.program]
    assert len(households) == N
    assert 0.33 <= len(dibao) / N <= 0.57
    assert 0.02 <= len(tekun) / N <= 0.15
    assert all(len([c for c in cases if c.household_id == h]) == 1 for h in dibao)
    assert summary.startswith(f"龙光桥镇：{N} 户，{sum(len(h.members) for h in households)} 人；")
    assert "城市低保" in summary and "农村低保" in summary


def test_case_months_give_a_year_of_history(session):
    cases = _cases(session)
    assert all("2018-01" <= c.start_month <= "2020-12" for c in cases)
    assert sum(c.start_month >= "2020-01" for c in cases) / len(cases) >= 0.3
    ended = [c for c in cases if c.status == "ended"]
    assert ended and all(c.start_month <= c.end_month and c.end_month.startswith("2020") and c.end_reason
                         for c in ended)
    assert all(c.end_month is None and c.status == "active" for c in cases if c not in ended)


def test_active_amounts_are_what_the_formulas_give(session):
    by_id = {h.id: h for h in _households(session)}
    standards = {"urban": Decimal(580), "rural": Decimal(335)}
    tekun = {"rural": {59000, 69200, 94900}, "urban": {90800, 101100, 126700}}
    for case in _cases(session):
        h = by_id[case.household_id]
        if case.status != "active":
            continue
        if "tekun" in case.program:  # basic + 1/10, 1/6 or 1/3 of 1540, whole yuan
            assert case.amount_fen in tekun[h.area]
            continue
        covered = [m for m in h.members if m.id in {cm.member_id for cm in case.members}]
        calc = [CalcMember(m.id_number, True, m.monthly_income_fen, m.disability_grade, m.serious_illness)
                for m in covered]
        result = dibao_amount(calc, DibaoParams(standards[h.area]), parse_month("2020-12"), h.deductions_fen)
        assert result.eligible and case.amount_fen == result.amount_fen > 0


def test_a_case_ended_for_income_now_has_income_above_the_standard(session):
    by_id = {h.id: h for h in _households(session)}
    standards = {"urban": 580_00, "rural": 335_00}
    ended = [c for c in _cases(session) if c.end_reason in ("家庭人均收入超过保障标准", "就业后渐退期满")]
    assert ended
    for case in ended:
        h = by_id[case.household_id]
        covered = [m for m in h.members if m.id in {cm.member_id for cm in case.members}]
        income = sum(m.monthly_income_fen for m in covered) - h.deductions_fen
        assert income >= len(covered) * standards[h.area]


def test_relations_agree_with_sex_and_age(session):
    for h in _households(session):
        head = next(m for m in h.members if m.relation == "本人")
        for m in h.members:
            years = m.birth_date.year - head.birth_date.year
            assert m.relation != "子" or (m.sex == "男" and years >= 20)
            assert m.relation != "女" or (m.sex == "女" and years >= 20)
            assert m.relation != "配偶" or (m.sex != head.sex and abs(years) <= 6)
            assert m.relation != "父母" or years <= -20
            assert m.relation != "孙子女" or years >= 40


def test_villages_communities_and_hukou(session):
    villages = list(session.scalars(select(Village)))
    assert Counter(v.kind for v in villages) == {"村": 8, "社区": 3}
    assert all(re.fullmatch(r"430903101\d{3}", v.code) for v in villages)
    households = _households(session)
    assert all(h.hukou_type == "城镇" for h in households if h.village.kind == "社区")
    in_villages = [h for h in households if h.village.kind == "村"]
    assert sum(h.hukou_type == "农业" for h in in_villages) / len(in_villages) > 0.85
    assert all(h.address.startswith(h.village.name) for h in households)


def test_bank_accounts_and_phones_look_real(session):
    households = _households(session)
    accounts = [h.bank_account for h in households]
    assert len(set(accounts)) == len(accounts)
    assert all(re.fullmatch(r"(6228|6217|6221)\d{15}", a) and luhn.is_valid(a) for a in accounts)
    assert all(re.fullmatch(r"1[3-9]\d{9}", h.phone) for h in households)
    assert {h.bank_name for h in households} <= {"中国农业银行", "益阳农村商业银行", "中国邮政储蓄银行", "中国建设银行"}


def test_demo_users_log_in_with_the_given_password(demo):
    ctx, _ = demo
    assert [login(ctx.uow, name, PASSWORD).role for name in ("admin", "clerk", "reviewer")] == [
        "admin", "clerk", "reviewer"]


def test_audit_chain_holds_and_matches_current_content(demo):
    ctx, _ = demo
    with ctx.uow.read() as s:
        assert audit.verify_chain(s) == []
        latest = {(r.object_type, r.object_id): r.after_digest for r in s.scalars(select(AuditRecord))}
        for h in s.scalars(select(Household)):
            assert latest[("household", h.id)] == audit.digest(household_snapshot(h))
        for c in s.scalars(select(Case)):
            assert latest[("case", c.id)] == audit.digest(case_snapshot(c))
