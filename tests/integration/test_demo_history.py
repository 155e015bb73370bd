"""The demo's year of history: confirmed rosters for every month and applications at several steps."""

from app.services.application_queries import application_rows
from app.services.demo import build_demo
from app.services.demo_history import add_history
from app.services.integrity import verify
from app.services.rosters import roster_summaries


def test_demo_history_has_twelve_confirmed_months_and_open_applications(tmp_path):
    from app.bootstrap import open_database

    ctx = open_database(tmp_path / "demo.db", create=True)
    build_demo(ctx.uow, households=80, seed=3, password="demo1234")
    add_history(ctx.uow, "demo1234")
    for month in range(1, 13):
        assert {r.state for r in roster_summaries(ctx.uow, f"2020-{month:02d}")} == {"confirmed"}
    states = {r.state for r in application_rows(ctx.uow)}
    assert {"已受理", "已调查", "公示中"} <= states
    assert verify(ctx.uow) == []


def test_a_demo_up_to_last_month_looks_like_a_normal_month(tmp_path):
    """`jiuzhu demo` on 2026-12-02 builds 2025-12..2026-11: no sea of red on the first screen."""
    from datetime import date

    from app.bootstrap import open_database
    from app.models import Case, Member
    from app.services.case_lifecycle import reviews_due

    ctx = open_database(tmp_path / "demo.db", create=True)
    summary = build_demo(ctx.uow, households=80, seed=3, password="demo1234", last_month="2026-11")
    assert "2025-12 至 2026-11 停保" in summary
    add_history(ctx.uow, "demo1234", "2026-11")
    assert {r.state for r in roster_summaries(ctx.uow, "2025-12")} == {"confirmed"}
    assert {r.state for r in roster_summaries(ctx.uow, "2026-11")} == {"confirmed"}
    assert roster_summaries(ctx.uow, "2025-11") == []
    with ctx.uow.read() as s:
        starts = {c.start_month for c in s.query(Case)}
        births = {m.birth_date for m in s.query(Member)}
    assert min(starts) >= "2023-12" and max(starts) <= "2026-11"
    assert max(births) < date(2026, 11, 1)
    overdue = [r for r in reviews_due(ctx.uow, date(2026, 12, 2)) if r.due < date(2026, 12, 2)]
    assert all((date(2026, 12, 2) - r.due).days <= 31 for r in overdue)
    assert verify(ctx.uow) == []


def test_the_default_demo_is_still_the_2020_township(tmp_path):
    from app.bootstrap import open_database
    from app.models import Case

    ctx = open_database(tmp_path / "demo.db", create=True)
    build_demo(ctx.uow, households=40, seed=3, password="demo1234")
    with ctx.uow.read() as s:
        starts = {c.start_month for c in s.query(Case)}
    assert min(starts) >= "2018-01" and max(starts) <= "2020-12"


def test_the_demo_notices_carry_a_complaint_phone(tmp_path):
    from app.bootstrap import open_database
    from app.services.notices import township_header

    ctx = open_database(tmp_path / "demo.db", create=True)
    build_demo(ctx.uow, households=5, seed=3, password="demo1234")
    assert township_header(ctx.uow) == ("龙光桥镇", "0737-4221234")
