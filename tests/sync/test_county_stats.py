"""County-level indicators equal the township's own, computed from the rosters it sent."""

from app.county.ingest import ingest
from app.county.stats import county_stats_json
from app.services.legacy_io import import_legacy
from app.services.rosters import confirm_rosters, generate_rosters
from app.services.stats import stats_json


def test_county_stats_match_the_townships_from_ingested_rosters(db_ctx, admin, clerk, reviewer, linked, export,
                                                                fixtures_dir):
    import_legacy(db_ctx.uow, admin, fixtures_dir / "legacy/roster_valid.xlsx")
    for month in ("2020-11", "2020-12"):
        generate_rosters(db_ctx.uow, clerk, month)
        confirm_rosters(db_ctx.uow, reviewer, month)
    ingest(linked, export())
    county = county_stats_json(linked, 2020)
    assert county["programs"] == stats_json(db_ctx.uow, 2020)["programs"]
    assert list(county["townships"]) == ["430902101"]
    assert county["programs"]["urban_dibao"]["total_paid"] == "45406.00"  # two months of 22703.00


def test_a_month_no_township_sent_counts_as_nothing_paid(db_ctx, admin, clerk, reviewer, linked, export,
                                                         fixtures_dir):
    import_legacy(db_ctx.uow, admin, fixtures_dir / "legacy/roster_valid.xlsx")
    generate_rosters(db_ctx.uow, clerk, "2020-12")  # a draft never leaves the township
    ingest(linked, export())
    assert county_stats_json(linked, 2020, 12)["programs"]["urban_dibao"]["total_paid"] == "0.00"
