"""Case lifecycle: decisions take effect the month after, 渐退期 ends on its own, 调标 preview and apply."""

from datetime import date

import pytest
from sqlalchemy import select

from app.errors import Conflict, InvalidInput, PermissionDenied
from app.models import Case
from app.services.case_lifecycle import case_rows, record_event, reviews_due
from app.services.legacy_io import import_legacy
from app.services.restandard import apply, preview
from app.services.rosters import generate_rosters
from app.services.standards import add_standard


@pytest.fixture
def case_id(db_ctx, admin, fixtures_dir):
    import_legacy(db_ctx.uow, admin, fixtures_dir / "legacy/roster_valid.xlsx")
    with db_ctx.uow.read() as s:
        return s.scalar(select(Case.id).where(Case.program == "urban_dibao").order_by(Case.id))


def _row(ctx, cid, month):
    return next(r for r in case_rows(ctx.uow, month) if r.id == cid)


def test_suspension_and_resumption_take_effect_the_month_after(db_ctx, reviewer, case_id):
    assert record_event(db_ctx.uow, reviewer, case_id, "suspend", decided_on=date(2020, 10, 15),
                        reason="外出务工未核实") == "2020-11"
    record_event(db_ctx.uow, reviewer, case_id, "resume", decided_on=date(2020, 11, 20), reason="已核实")
    assert [_row(db_ctx, case_id, m).status for m in ("2020-10", "2020-11", "2020-12")] == [
        "active", "suspended", "active"]


def test_amount_change_applies_from_next_month_only(db_ctx, reviewer, case_id):
    old = _row(db_ctx, case_id, "2020-10").amount_fen
    record_event(db_ctx.uow, reviewer, case_id, "change", decided_on=date(2020, 10, 20), reason="复核",
                 amount_fen=50000)
    assert (_row(db_ctx, case_id, "2020-10").amount_fen, _row(db_ctx, case_id, "2020-11").amount_fen) == (old, 50000)


def test_taper_keeps_paying_then_ends_by_itself(db_ctx, reviewer, clerk, case_id):
    record_event(db_ctx.uow, reviewer, case_id, "taper", decided_on=date(2020, 5, 10), reason="就业后收入超标")
    assert _row(db_ctx, case_id, "2020-11").status == "active"  # 6 months: 2020-06..2020-11
    assert _row(db_ctx, case_id, "2020-12").status == "ended"
    generate_rosters(db_ctx.uow, clerk, "2020-12")


def test_terminated_case_cannot_be_changed_and_reasons_are_required(db_ctx, reviewer, case_id):
    with pytest.raises(InvalidInput):
        record_event(db_ctx.uow, reviewer, case_id, "terminate", decided_on=date(2020, 10, 1), reason="")
    record_event(db_ctx.uow, reviewer, case_id, "terminate", decided_on=date(2020, 10, 1), reason="死亡")
    with pytest.raises(Conflict):
        record_event(db_ctx.uow, reviewer, case_id, "suspend", decided_on=date(2020, 12, 1), reason="x")


def test_only_a_reviewer_decides_on_cases(db_ctx, clerk, case_id):
    with pytest.raises(PermissionDenied):
        record_event(db_ctx.uow, clerk, case_id, "suspend", decided_on=date(2020, 10, 1), reason="x")


def test_new_standard_is_previewed_then_applied_in_one_go(db_ctx, admin, reviewer, case_id):
    add_standard(db_ctx.uow, admin, program="dibao", area="urban", amount_yuan="600", effective_month="2021-01")
    lines = preview(db_ctx.uow, "urban_dibao", "2021-01")
    assert len(lines) == 16 and any(x.new_fen > x.old_fen for x in lines)
    changed = apply(db_ctx.uow, reviewer, "urban_dibao", "2021-01")
    assert changed == len([x for x in lines if x.eligible and x.new_fen != x.old_fen])
    after = {r.id: r.amount_fen for r in case_rows(db_ctx.uow, "2021-01", "urban_dibao")}
    assert all(after[x.case_id] == x.new_fen for x in lines if x.eligible and x.new_fen != x.old_fen)
    assert _row(db_ctx, case_id, "2020-12").amount_fen == next(x.old_fen for x in lines if x.case_id == case_id)


def test_reviews_due_are_listed(db_ctx, case_id):
    due = reviews_due(db_ctx.uow, today=date(2020, 12, 1))
    assert due and all(r.due <= date(2020, 12, 31) for r in due)
