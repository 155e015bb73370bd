"""Township export -> county ingest -> county decide -> township import, and the decisions' checks."""

from datetime import date

import pytest
from sqlalchemy import select

from app.county.decide import decide, pending_applications
from app.county.ingest import ingest
from app.models import Application, Case, SyncBatch, SyncDecision
from app.services.applications import record_extension
from app.services.exchange.incoming import dismiss_held, held_decisions, import_file
from app.sync.errors import ForkRefused, GapRefused, SignatureRefused
from tests.conftest import dump_content
from tests.sync.conftest import edit_json, resign


def _decide(county, outdir, app_id, **kw):
    kw.setdefault("confirm", True)
    return decide(county, outdir, decided_by="县审核员", application_ids=[app_id], on=date(2020, 10, 20), **kw)


def test_round_trip_confirms_the_application_and_its_case_starts_next_month(db_ctx, clerk, submitted, export,
                                                                             linked, outdir):
    outcome = ingest(linked, export())
    assert outcome.status == "accepted" and outcome.counts["applications"] == 1
    assert [(p.application_id, p.version) for p in pending_applications(linked)] == [(submitted, 7)]
    [written] = _decide(linked, outdir, submitted)
    result = import_file(db_ctx.uow, clerk, written.path)
    assert (result.applied, result.held) == ([submitted], [])
    with db_ctx.uow.read() as s:
        app = s.get(Application, submitted)
        case = s.scalar(select(Case))
        assert (app.state, app.transitions[-1].role, app.transitions[-1].step) == ("已确认", "county", "county_confirm")
        assert (case.start_month, case.amount_fen) == ("2020-11", 2 * 58000 - 20000)
    assert pending_applications(linked) == []


def test_the_receipt_marks_the_batch_as_received_by_the_county(db_ctx, clerk, submitted, export, linked):
    outcome = ingest(linked, export())
    import_file(db_ctx.uow, clerk, outcome.receipt_path)
    with db_ctx.uow.read() as s:
        assert s.scalar(select(SyncBatch.status).where(SyncBatch.direction == "out")) == "received"


def test_a_county_rejection_ends_the_application_with_the_reason(db_ctx, clerk, submitted, export, linked, outdir):
    ingest(linked, export())
    [written] = _decide(linked, outdir, submitted, confirm=False, reason="家庭收入超过标准")
    import_file(db_ctx.uow, clerk, written.path)
    with db_ctx.uow.read() as s:
        app = s.get(Application, submitted)
        assert (app.state, app.transitions[-1].opinion, app.case_id) == ("不予确认", "家庭收入超过标准", None)


def test_a_decision_on_a_stale_version_is_held_for_review_not_applied(db_ctx, clerk, reviewer, submitted, export,
                                                                       linked, outdir):
    ingest(linked, export())
    [written] = _decide(linked, outdir, submitted)
    record_extension(db_ctx.uow, reviewer, submitted, "补充材料")  # the application changes meanwhile
    result = import_file(db_ctx.uow, clerk, written.path)
    assert result.applied == [] and "版本 7" in result.held[0][1]
    with db_ctx.uow.read() as s:
        assert s.get(Application, submitted).state == "已报县"
        assert s.scalar(select(SyncDecision.status)) == "held"
    [held] = held_decisions(db_ctx.uow)
    dismiss_held(db_ctx.uow, reviewer, held["id"], "县级将按新版本重新决定")
    assert held_decisions(db_ctx.uow) == []


def test_importing_the_same_decision_batch_twice_changes_nothing(db_ctx, clerk, submitted, export, linked, outdir):
    ingest(linked, export())
    [written] = _decide(linked, outdir, submitted)
    import_file(db_ctx.uow, clerk, written.path)
    before = dump_content(db_ctx.db_path)
    assert import_file(db_ctx.uow, clerk, written.path).status == "duplicate"
    assert dump_content(db_ctx.db_path) == before


@pytest.mark.parametrize(("change", "error"), [
    (lambda m: m.update(sequence=3, previous_manifest_sha256="ab" * 32), GapRefused),
    (lambda m: m.update(created="2030-01-01T00:00:00Z"), ForkRefused),
])
def test_decision_batches_get_the_same_sequence_checks(db_ctx, clerk, submitted, export, linked, outdir, change,
                                                       error):
    from app.sync import keys

    ingest(linked, export())
    [written] = _decide(linked, outdir, submitted)
    import_file(db_ctx.uow, clerk, written.path)
    forged = written.path.with_name("forged.zip")
    forged.write_bytes(resign(written.path.read_bytes(), edit_json(change), keys.load("county", "430902", "")))
    before = dump_content(db_ctx.db_path)
    with pytest.raises(error):
        import_file(db_ctx.uow, clerk, forged)
    assert dump_content(db_ctx.db_path) == before


def test_a_decision_batch_signed_by_an_unknown_key_is_refused(db_ctx, clerk, submitted, export, linked, outdir,
                                                               tmp_path):
    from app.sync import keys

    ingest(linked, export())
    [written] = _decide(linked, outdir, submitted)
    impostor, _ = keys.generate("county", "430902", "冒充者", tmp_path / "evil")
    forged = written.path.with_name("forged.zip")
    forged.write_bytes(resign(written.path.read_bytes(), lambda raw: raw, impostor))
    before = dump_content(db_ctx.db_path)
    with pytest.raises(SignatureRefused):
        import_file(db_ctx.uow, clerk, forged)
    assert dump_content(db_ctx.db_path) == before


def test_the_next_batch_names_the_decisions_it_builds_on_and_the_county_checks_them(db_ctx, clerk, submitted,
                                                                                    export, linked, outdir):
    from app.county.admin import find_township_key
    from app.sync.errors import DependencyRefused
    from app.sync.receive import open_envelope

    ingest(linked, export())
    [written] = _decide(linked, outdir, submitted)
    import_file(db_ctx.uow, clerk, written.path)
    after = export()
    with linked.db.uow.read() as s:
        m = open_envelope(after.read_bytes(), find_key=find_township_key(s), me=linked.keys.public).manifest
    assert [(d["stream"], d["sequence"]) for d in m["depends_on"]] == [("decisions", 1)]
    forged = after.with_name("forged.zip")
    forged.write_bytes(resign(after.read_bytes(), edit_json(lambda m: m["depends_on"][0].update(sequence=2))))
    with pytest.raises(DependencyRefused):
        ingest(linked, forged)
    assert ingest(linked, after).counts["applications"] == 1  # the application, now 已确认, goes up again
