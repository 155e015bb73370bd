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
