"""The roster generator writes exactly what its line-by-line predecessor wrote.

Each test brings a township to some state, copies the database, generates the month with the
current generator in one copy and with the reference (tests/integration/roster_reference.py,
the generator of commit 440b421) in the other, and compares every roster: state, totals and
every column of every line in line_no order (what the content hash covers).
"""

import json
import sqlite3

import pytest
from sqlalchemy import select, text

from app.bootstrap import open_database
from app.models import (
    Case,
    CaseEvent,
    Household,
    Member,
    PaidMonthCount,
    PaymentAdjustment,
    Roster,
    TemporaryGrant,
    roster_build,
)
from app.services.cases import create_case_in
from app.services.households import household_input, update_household
from app.services.legacy_io import import_legacy
from app.services.rosters import (
    add_adjustment,
    confirm_rosters,
    content_hash,
    generate_rosters,
    roster_content,
)
from app.services.standards import set_price_subsidy
from tests.integration import roster_reference


@pytest.fixture
def imported(db_ctx, admin, fixtures_dir):
    import_legacy(db_ctx.uow, admin, fixtures_dir / "legacy/roster_valid.xlsx")
    return json.loads((fixtures_dir / "legacy/roster_valid.expected.json").read_text(encoding="utf-8"))


def _rosters(ctx, month):
    with ctx.uow.read() as s:
        return {r.program: (r.state, roster_content(s, r))
                for r in s.scalars(select(Roster).where(Roster.month == month))}


def _generate_both(ctx, tmp_path, clerk, month):
    """Generate `month` here and, in a copy taken just before, with the reference; both results."""
    twin_path = tmp_path / "twin.db"
    twin_path.unlink(missing_ok=True)
    with sqlite3.connect(ctx.db_path) as source, sqlite3.connect(twin_path) as target:
        source.backup(target)
    twin = open_database(twin_path)
    try:
        generate_rosters(ctx.uow, clerk, month)
        roster_reference.generate(twin.uow, clerk.name, month)
        return _rosters(ctx, month), _rosters(twin, month)
    finally:
        twin.close()


def _assert_same(ctx, tmp_path, clerk, month):
    got, want = _generate_both(ctx, tmp_path, clerk, month)
    assert got == want
    return got


def _case_ids(ctx, program=None):
    with ctx.uow.read() as s:
        q = select(Case.id).order_by(Case.id)
        return list(s.scalars(q.where(Case.program == program) if program else q))


def _add(ctx, *rows):
    with ctx.uow.begin() as s:
        s.add_all(rows)


def test_plain_cases_give_the_same_lines(db_ctx, clerk, imported, tmp_path):
    got = _assert_same(db_ctx, tmp_path, clerk, "2020-12")
    assert sum(len(c["lines"]) for _, c in got.values()) > 30


def test_cases_with_events_give_the_same_lines(db_ctx, clerk, imported, tmp_path):
    a, b, c, d, e, f = _case_ids(db_ctx)[:6]
    _add(db_ctx,
         CaseEvent(case_id=a, kind="suspend", effective_month="2020-11", created_by="t"),
         CaseEvent(case_id=b, kind="change", effective_month="2020-10", amount_fen=12345, created_by="t"),
         CaseEvent(case_id=c, kind="taper", effective_month="2020-11", months=3, created_by="t"),
         CaseEvent(case_id=d, kind="taper", effective_month="2020-09", months=2, created_by="t"),
         CaseEvent(case_id=e, kind="terminate", effective_month="2020-12", created_by="t"),
         CaseEvent(case_id=f, kind="suspend", effective_month="2020-10", created_by="t"),
         CaseEvent(case_id=f, kind="resume", effective_month="2020-12", created_by="t"),
         CaseEvent(case_id=a, kind="change", effective_month="2021-03", amount_fen=1, created_by="t"))
    got = _assert_same(db_ctx, tmp_path, clerk, "2020-12")
    kinds = {line[11] for _, content in got.values() for line in content["lines"]}
    assert {"正常", "停发"} <= kinds


def test_back_pay_for_a_month_a_confirmed_roster_missed(db_ctx, clerk, reviewer, imported, tmp_path):
    for month in ("2020-10", "2020-11"):
        generate_rosters(db_ctx.uow, clerk, month)
        confirm_rosters(db_ctx.uow, reviewer, month)
    with db_ctx.uow.begin() as s:  # cases recorded only after their first months were confirmed
        cases = []
        for legacy_no, start in (("H110002", "2020-10"), ("H110003", "2020-08")):  # 08: before any roster
            household = s.scalar(select(Household).where(Household.legacy_no == legacy_no))
            head = next(m for m in household.members if m.relation == "本人")
            cases.append(create_case_in(s, clerk, household, "urban_tekun", start, 95700, [head]))
        s.add(CaseEvent(case_id=cases[0].id, kind="change", effective_month="2020-11", amount_fen=80000,
                        created_by="t"))
    got = _assert_same(db_ctx, tmp_path, clerk, "2020-12")
    back_pay = [line for _, c in got.values() for line in c["lines"] if line[11] == "补发"]
    assert sorted(line[13] for line in back_pay) == ["补发 2020-10", "补发 2020-10", "补发 2020-11", "补发 2020-11"]


def test_adjustments_in_the_same_month_keep_their_order(db_ctx, clerk, reviewer, imported, tmp_path):
    generate_rosters(db_ctx.uow, clerk, "2020-11")
    confirm_rosters(db_ctx.uow, reviewer, "2020-11")
    one, two = _case_ids(db_ctx)[:2]
    for case_id, for_month, fen, reason in ((one, "2020-11", 1000, "少发"), (one, "2020-11", -300, "多发"),
                                            (one, "2020-12", 500, "本月补"), (two, "2020-10", 700, "早先少发")):
        add_adjustment(db_ctx.uow, clerk, case_id, pay_month="2020-12", for_month=for_month, amount_fen=fen,
                       reason=reason)
    got = _assert_same(db_ctx, tmp_path, clerk, "2020-12")
    assert sum(line[11] == "调整" for _, c in got.values() for line in c["lines"]) == 4
    with db_ctx.uow.begin() as s:  # the same adjustment again, now after its twin: the draft's order changes
        first = s.scalar(select(PaymentAdjustment).order_by(PaymentAdjustment.id).limit(1))
        s.add(PaymentAdjustment(case_id=first.case_id, pay_month=first.pay_month, for_month=first.for_month,
                                amount_fen=first.amount_fen, reason=first.reason, created_by="t"))
        s.delete(first)
    _assert_same(db_ctx, tmp_path, clerk, "2020-12")


def test_temporary_grants_and_the_price_subsidy_give_the_same_lines(db_ctx, admin, clerk, imported, tmp_path):
    from datetime import date

    with db_ctx.uow.read() as s:
        households = list(s.scalars(select(Household.id).order_by(Household.id).limit(2)))
    grants = [TemporaryGrant(household_id=h, kind="急难型", amount_fen=fen, persons=2, reason=reason,
                             status=status, applied_on=date(2020, 12, 1), paid_month="2020-12", created_by="t")
              for h, fen, reason, status in ((households[0], 50000, "火灾", "已批准"),
                                             (households[0], 20000, "医疗", "先行救助"),
                                             (households[1], 30000, "车祸", "已批准"),
                                             (households[1], 9000, "未批", "待审批"))]
    _add(db_ctx, *grants)
    set_price_subsidy(db_ctx.uow, admin, "2020-12", "30", "20")
    got = _assert_same(db_ctx, tmp_path, clerk, "2020-12")
    assert len(got["temporary"][1]["lines"]) == 3 and len(got["price_subsidy"][1]["lines"]) > 30


def test_regenerating_a_draft_gives_what_a_fresh_generation_gives(db_ctx, clerk, imported, tmp_path):
    generate_rosters(db_ctx.uow, clerk, "2020-12")
    _assert_same(db_ctx, tmp_path, clerk, "2020-12")  # nothing changed
    data = household_input(db_ctx.uow, 1)
    data.bank_account, data.members[0].name = "6228000000000000001", "宋小改"
    update_household(db_ctx.uow, clerk, 1, data)
    _assert_same(db_ctx, tmp_path, clerk, "2020-12")  # one household changed
    for column in ("id_number", "relation"):  # a head's ID number, then who the head is
        with db_ctx.uow.begin() as s:
            head = s.scalar(select(Member).where(Member.relation == "本人").order_by(Member.id.desc()).limit(1))
            if column == "id_number":
                head.id_number = head.id_number[:-4] + "0000"
            else:
                head.relation = "配偶"
        _assert_same(db_ctx, tmp_path, clerk, "2020-12")
    with db_ctx.uow.begin() as s:  # a new case early in the order shifts every line after it
        household = s.scalar(select(Household).where(Household.legacy_no == "H110002"))
        create_case_in(s, clerk, household, "urban_tekun", "2020-12", 95700, household.members[:1])
        s.add(CaseEvent(case_id=_case_ids(db_ctx)[-1], kind="terminate", effective_month="2020-12",
                        created_by="t"))
    _assert_same(db_ctx, tmp_path, clerk, "2020-12")  # lines added, one case gone


def test_a_month_before_a_confirmed_one_counts_paid_months_from_the_lines(db_ctx, clerk, reviewer, imported,
                                                                         tmp_path):
    for month in ("2020-09", "2020-10", "2020-12"):
        generate_rosters(db_ctx.uow, clerk, month)
        confirm_rosters(db_ctx.uow, reviewer, month)
    with db_ctx.uow.begin() as s:
        household = s.scalar(select(Household).where(Household.legacy_no == "H110002"))
        create_case_in(s, clerk, household, "urban_tekun", "2020-09", 95700, household.members[:1])
        assert roster_build.Paid(s, "2020-11").table == "paid_exact"
        s.rollback()
    with db_ctx.uow.begin() as s:
        household = s.scalar(select(Household).where(Household.legacy_no == "H110002"))
        create_case_in(s, clerk, household, "urban_tekun", "2020-09", 95700, household.members[:1])
    got = _assert_same(db_ctx, tmp_path, clerk, "2020-11")
    back_pay = sorted(line[12] for _, c in got.values() for line in c["lines"] if line[11] == "补发")
    assert back_pay == ["2020-09", "2020-10"]


def test_confirmed_content_hashes_match_the_reference(db_ctx, clerk, reviewer, imported, tmp_path):
    generate_rosters(db_ctx.uow, clerk, "2020-11")
    confirm_rosters(db_ctx.uow, reviewer, "2020-11")
    got, want = _generate_both(db_ctx, tmp_path, clerk, "2020-12")
    assert got == want
    hashes = {s.program: s.content_hash for s in confirm_rosters(db_ctx.uow, reviewer, "2020-12")}
    assert hashes == {p: content_hash(c) for p, (_, c) in want.items()}


def test_paid_month_counts_equal_the_confirmed_lines_even_when_back_pay_repeats(db_ctx, clerk, reviewer,
                                                                               imported):
    generate_rosters(db_ctx.uow, clerk, "2020-10")
    confirm_rosters(db_ctx.uow, reviewer, "2020-10")
    with db_ctx.uow.begin() as s:
        household = s.scalar(select(Household).where(Household.legacy_no == "H110002"))
        create_case_in(s, clerk, household, "urban_tekun", "2020-10", 95700, household.members[:1])
    generate_rosters(db_ctx.uow, clerk, "2020-11")  # both drafts pay October back
    generate_rosters(db_ctx.uow, clerk, "2020-12")
    confirm_rosters(db_ctx.uow, reviewer, "2020-11")
    confirm_rosters(db_ctx.uow, reviewer, "2020-12")
    with db_ctx.uow.read() as s:
        exact = dict(s.execute(text("""
            SELECT l.case_id, count(DISTINCT l.for_month) FROM roster_line l JOIN roster r ON r.id = l.roster_id
            WHERE r.state != 'draft' AND l.case_id IS NOT NULL AND l.kind IN ('正常', '补发')
            GROUP BY l.case_id""")).all())
        kept = dict(s.execute(select(PaidMonthCount.case_id, PaidMonthCount.months)).all())
    assert kept == exact and max(exact.values()) == 3


def test_the_migration_fills_paid_months_from_the_rosters_confirmed_before(db_ctx, clerk, reviewer, imported):
    from alembic import command

    from app.models.migrate import alembic_config

    for month in ("2020-10", "2020-11"):
        generate_rosters(db_ctx.uow, clerk, month)
        confirm_rosters(db_ctx.uow, reviewer, month)
    count_rows = "SELECT case_id, months FROM paid_month_count ORDER BY case_id"
    with db_ctx.uow.read() as s:
        before = s.execute(text(count_rows)).all()
    cfg = alembic_config(f"sqlite:///{db_ctx.db_path}")
    command.downgrade(cfg, "0005")
    command.upgrade(cfg, "head")
    with db_ctx.uow.read() as s:
        assert s.execute(text(count_rows)).all() == before and len(before) > 30


def test_a_demo_year_gives_the_same_next_month(tmp_path):
    from app.services.auth import login
    from app.services.demo import build_demo
    from app.services.demo_history import add_history

    ctx = open_database(tmp_path / "demo.db", create=True)
    try:
        build_demo(ctx.uow, households=80, seed=5, password="demo1234")
        add_history(ctx.uow, "demo1234")
        clerk = login(ctx.uow, "clerk", "demo1234")
        with ctx.uow.begin() as s:  # a few lifecycle events and an adjustment on top of the demo's
            cases = list(s.scalars(select(Case.id).order_by(Case.id).limit(4)))
            s.add_all([CaseEvent(case_id=cases[0], kind="suspend", effective_month="2021-01", created_by="t"),
                       CaseEvent(case_id=cases[1], kind="change", effective_month="2021-01", amount_fen=5000,
                                 created_by="t"),
                       CaseEvent(case_id=cases[2], kind="taper", effective_month="2020-12", months=2,
                                 created_by="t"),
                       PaymentAdjustment(case_id=cases[3], pay_month="2021-01", for_month="2020-12",
                                         amount_fen=-100, reason="多发", created_by="t")])
        got = _assert_same(ctx, tmp_path, clerk, "2021-01")
        assert sum(len(c["lines"]) for _, c in got.values()) > 30
    finally:
        ctx.close()
