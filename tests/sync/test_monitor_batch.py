"""Monitoring warnings travel in the township's batch and the county totals them (SPEC §13)."""

from app.county.ingest import ingest
from app.county.models import CountyRecord
from app.county.stats import county_stats_json
from app.services.monitoring import import_list
from app.services.monitoring_handle import handle_warning, list_warnings
from app.services.monitoring_scan import scan
from app.sync.batch import STREAM_CONTENTS
from tests.integration.monitoring_township import LI, TODAY, ZHAO, build_township, office_list


def test_warnings_and_their_handling_reach_the_county(db_ctx, admin, clerk, linked, export, tmp_path):
    assert "monitor_warnings" in STREAM_CONTENTS["data"]
    build_township(db_ctx, admin, tmp_path)
    import_list(db_ctx.uow, clerk, office_list(tmp_path / "l.xlsx", [LI, ZHAO]), "脱贫监测户", today=TODAY)
    scan(db_ctx.uow, clerk, TODAY)
    ingest(linked, export())
    poor = next(w for w in list_warnings(db_ctx.uow, today=TODAY) if w.rule == "uncovered_poor")
    handle_warning(db_ctx.uow, clerk, poor.id, "verify", {"visit_date": TODAY, "investigators": ["甲", "乙"],
                                                         "findings": "无收入"}, on=TODAY)
    handle_warning(db_ctx.uow, clerk, poor.id, "refer", {"referral": "医疗救助"}, on=TODAY)
    ingest(linked, export())  # an incremental batch carries the handled warning again
    with linked.db.uow.read() as s:
        kinds = {r.object_id: r.status for r in s.query(CountyRecord).filter_by(kind="monitor_warning")}
    assert sorted(kinds.values()) == ["待核实", "转介"]
    stats = county_stats_json(linked, 2021)
    assert stats["monitoring"]["raised"]["uncovered_poor"] == 1 and stats["monitoring"]["raised"]["unregistered"] == 1
    assert stats["monitoring"]["open"] == 1 and stats["monitoring"]["referred"] == 1
    assert stats["monitoring_townships"]["430902101"]["referred"] == 1
    assert county_stats_json(linked, 2020)["monitoring"]["raised"]["uncovered_poor"] == 0
