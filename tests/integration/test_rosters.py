"""Monthly rosters: golden totals, four-eyes confirmation, immutability, 补发 and adjustments."""

import json

import pytest
from sqlalchemy import select

from app.errors import Conflict, NotFound, PermissionDenied
from app.models import Case, Household, Member, Roster
from app.services.cases import create_case_in
from app.services.households import household_input, update_household
from app.services.legacy_io import import_legacy
from app.services.rosters import (
    add_adjustment,
    confirm_rosters,
    content_hash,
    generate_rosters,
    roster_content,
    roster_summaries,
)
from app.services.standards import set_price_subsidy


@pytest.fixture
def imported(db_ctx, admin, fixtures_dir):
    import_legacy(db_ctx.uow, admin, fixtures_dir / "legacy/roster_valid.xlsx")
    return json.loads((fixtures_dir / "legacy/roster_valid.expected.json").read_text(encoding="utf-8"))


def _by_program(summaries):
    return {s.program: s for s in summaries}


def test_december_2020_totals_match_the_golden_roster(db_ctx, clerk, reviewer, imported):
    generate_rosters(db_ctx.uow, clerk, "2020-12")
    got = _by_program(confirm_rosters(db_ctx.uow, reviewer, "2020-12"))
    for program, want in imported["roster_2020-12"].items():
        s = got[program]
        assert (s.households, s.persons, f"{s.total_fen / 100:.2f}", s.state) == (
            want["households"], want["persons"], want["total"], "confirmed"), program
    assert got["urban_tekun"].total_fen == 0 and got["temporary"].lines == 0


def test_the_generator_cannot_confirm_their_own_roster(db_ctx, reviewer, imported):
    generate_rosters(db_ctx.uow, reviewer, "2020-12")
    with pytest.raises(PermissionDenied):
        confirm_rosters(db_ctx.uow, reviewer, "2020-12")
    assert {s.state for s in roster_summaries(db_ctx.uow, "2020-12")} == {"draft"}


def test_confirm_without_a_draft_is_refused(db_ctx, reviewer, imported):
    with pytest.raises(NotFound):
        confirm_rosters(db_ctx.uow, reviewer, "2020-12")


def test_confirmed_roster_does_not_change_when_households_do(db_ctx, clerk, reviewer, imported):
    generate_rosters(db_ctx.uow, clerk, "2020-12")
    before = _by_program(confirm_rosters(db_ctx.uow, reviewer, "2020-12"))
    data = household_input(db_ctx.uow, 1)
    data.bank_account, data.members[0].name = "6228000000000000001", "宋小改"
    update_household(db_ctx.uow, clerk, 1, data)
    generate_rosters(db_ctx.uow, clerk, "2020-12")  # regenerating leaves confirmed rosters alone
    with db_ctx.uow.read() as s:
        for r in s.scalars(select(Roster).where(Roster.month == "2020-12")):
            assert content_hash(roster_content(s, r)) == before[r.program].content_hash


def test_a_month_missed_after_confirmation_is_paid_back_next_month(db_ctx, clerk, reviewer, imported):
    generate_rosters(db_ctx.uow, clerk, "2020-11")
    confirm_rosters(db_ctx.uow, reviewer, "2020-11")
    with db_ctx.uow.begin() as s:  # a case from November recorded only after November was confirmed
        household = s.scalar(select(Household).where(Household.legacy_no == "H110002"))
        head = next(m for m in household.members if m.relation == "本人")
        cid = create_case_in(s, clerk, household, "urban_tekun", "2020-11", 95700, [head]).id
    generate_rosters(db_ctx.uow, clerk, "2020-12")
    with db_ctx.uow.read() as s:
        dec = s.scalar(select(Roster).where(Roster.month == "2020-12", Roster.program == "urban_tekun"))
        lines = [(x.kind, x.for_month, x.amount_fen) for x in dec.lines if x.case_id == cid]
    assert sorted(lines) == [("正常", "2020-12", 95700), ("补发", "2020-11", 95700)]


def test_a_correction_after_confirmation_is_an_adjustment_next_month(db_ctx, clerk, reviewer, imported):
    generate_rosters(db_ctx.uow, clerk, "2020-11")
    confirm_rosters(db_ctx.uow, reviewer, "2020-11")
    with pytest.raises(Conflict):
        add_adjustment(db_ctx.uow, clerk, 1, pay_month="2020-11", for_month="2020-11", amount_fen=1000, reason="少发")
    add_adjustment(db_ctx.uow, clerk, 1, pay_month="2020-12", for_month="2020-11", amount_fen=1000, reason="少发")
    total_before = _by_program(roster_summaries(db_ctx.uow, "2020-11"))
    after = _by_program(generate_rosters(db_ctx.uow, clerk, "2020-12"))
    with db_ctx.uow.read() as s:
        program = s.get(Case, 1).program
    assert after[program].total_fen == total_before[program].total_fen + 1000


def test_price_subsidy_pays_every_covered_person(db_ctx, admin, clerk, imported):
    set_price_subsidy(db_ctx.uow, admin, "2020-12", "30", "20")
    got = _by_program(generate_rosters(db_ctx.uow, clerk, "2020-12"))
    assert got["price_subsidy"].persons == 49 + 53 + 6
    assert got["price_subsidy"].total_fen == 49 * 3000 + (53 + 6) * 2000


def test_suspended_case_shows_as_stopped(db_ctx, clerk, imported):
    from app.models import CaseEvent
    with db_ctx.uow.begin() as s:
        s.add(CaseEvent(case_id=1, kind="suspend", effective_month="2020-12", created_by="t"))
        program = s.get(Case, 1).program
    generate_rosters(db_ctx.uow, clerk, "2020-12")
    with db_ctx.uow.read() as s:
        r = s.scalar(select(Roster).where(Roster.month == "2020-12", Roster.program == program))
        assert [(x.kind, x.amount_fen) for x in r.lines if x.case_id == 1] == [("停发", 0)]
        assert s.scalar(select(Member).limit(1)) is not None
