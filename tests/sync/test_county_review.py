"""Four-eyes county review (app.county.review) and the county-only cross-township checks."""

from __future__ import annotations

import json
from datetime import date

import pytest

from app.county.checks import cross_township_hits
from app.county.errors import FourEyes
from app.county.ingest import ingest
from app.county.models import CountyRecord, CountyTownship
from app.county.office import batch_rows, set_silent_days, silent_days, township_rows
from app.county.review import pending_items, propose, review, write_decisions
from app.county.users import add_user, audit_rows, login
from app.errors import InvalidInput, PermissionDenied

PASSWORD = "secret123"


@pytest.fixture
def people(linked):
    add_user(linked, None, "boss", "admin", PASSWORD)
    boss = login(linked, "boss", PASSWORD)
    for name, role in (("kc", "county_clerk"), ("kr", "county_reviewer")):
        add_user(linked, boss, name, role, PASSWORD)
    return {n: login(linked, n, PASSWORD) for n in ("boss", "kc", "kr")}


@pytest.fixture
def item(linked, export, submitted):
    ingest(linked, export())
    [it] = pending_items(linked)
    return it


def _key(it):
    return it.township, it.application_id, it.version


def test_the_pending_item_carries_the_file_the_county_decides_on(item):
    assert (item.program_name, item.head, item.village, item.township_opinion) == ("城市低保", "张三丰", "新市社区", "同意")
    assert item.investigation["findings"] == "家中无劳动力，收入低" and item.stage == "待拟办"


def test_a_decision_needs_a_proposal_by_someone_else(linked, people, item):
    with pytest.raises(FourEyes, match="尚无拟办意见"):
        review(linked, people["kr"], *_key(item), confirm=True, opinion="同意")
    propose(linked, people["kr"], *_key(item), confirm=True, opinion="拟同意")
    with pytest.raises(FourEyes, match="双人审核"):
        review(linked, people["kr"], *_key(item), confirm=True, opinion="同意")
    review(linked, people["boss"], *_key(item), confirm=True, opinion="同意")
    assert pending_items(linked)[0].stage == "待写出决定批次"


def test_a_county_clerk_proposes_but_never_decides(linked, people, item):
    propose(linked, people["boss"], *_key(item), confirm=True, opinion="拟同意")
    with pytest.raises(PermissionDenied, match="县级审核人"):
        review(linked, people["kc"], *_key(item), confirm=True, opinion="同意")
    with pytest.raises(PermissionDenied):
        write_decisions(linked, people["kc"], ".")


def test_a_refusal_needs_its_reason_at_both_steps(linked, people, item):
    with pytest.raises(InvalidInput, match="拟办意见：不予确认必须填写意见"):
        propose(linked, people["kc"], *_key(item), confirm=False, opinion="  ")
    propose(linked, people["kc"], *_key(item), confirm=True, opinion="拟同意")
    with pytest.raises(InvalidInput, match="审定意见：不予确认必须填写意见"):
        review(linked, people["kr"], *_key(item), confirm=False, opinion="")


def test_the_decided_applications_leave_in_one_batch_per_township_and_are_audited(linked, people, item, tmp_path):
    propose(linked, people["kc"], *_key(item), confirm=True, opinion="拟同意", amount_fen=90000)
    review(linked, people["kr"], *_key(item), confirm=True, opinion="同意")
    with pytest.raises(InvalidInput, match="已由 kr 审定"):
        propose(linked, people["kc"], *_key(item), confirm=False, opinion="改主意")
    [batch] = write_decisions(linked, people["kr"], tmp_path, on=date(2020, 10, 20))
    assert batch.path.exists() and batch.decisions == 1 and pending_items(linked) == []
    assert [r.direction for r in batch_rows(linked)][:1] == ["发出"]
    assert {"拟办", "审定", "写出决定批次"} <= {a.action_label for a in audit_rows(linked)}
    with pytest.raises(InvalidInput, match="没有已审定"):
        write_decisions(linked, people["kr"], tmp_path)


def test_the_folder_must_exist(linked, people, item, tmp_path):
    with pytest.raises(InvalidInput, match="不存在"):
        write_decisions(linked, people["kr"], tmp_path / "no-stick")


def test_silent_days_is_a_setting_an_admin_changes(linked, people):
    assert silent_days(linked) == 40
    set_silent_days(linked, people["boss"], 30)
    assert silent_days(linked) == 30
    with pytest.raises(PermissionDenied):
        set_silent_days(linked, people["kr"], 10)
    [row] = township_rows(linked)
    assert row.silent  # registered, never sent a batch


def _seed(county, code: str, name: str, number: str, program: str) -> None:  # noqa: ANN001
    with county.db.uow.begin() as s:
        if s.get(CountyTownship, code) is None:
            s.add(CountyTownship(code=code, name=name))
        s.add(CountyRecord(township_code=code, kind="member", object_id=1, household_id=1,
                           content=json.dumps({"name": "王五", "id_number": number, "relation": "本人"})))
        s.add(CountyRecord(township_code=code, kind="case", object_id=1, household_id=1, content=json.dumps(
            {"program": program, "household_id": 1, "member_ids": [1], "status": "active"})))


def test_one_id_covered_in_two_townships_and_dibao_with_tekun_are_found(county):
    _seed(county, "430902101", "甲镇", "430902194501010013", "urban_dibao")
    _seed(county, "430902102", "乙镇", "430902194501010013", "rural_tekun")
    hits = cross_township_hits(county)
    assert [h.check for h in hits] == ["跨乡镇重复救助", "低保特困跨乡镇重叠"]
    assert hits[0].id_number == "430902********0013" and "甲镇：城市低保" in hits[0].covers


def test_one_township_alone_is_no_cross_township_hit(county):
    _seed(county, "430902101", "甲镇", "430902194501010013", "urban_dibao")
    assert cross_township_hits(county) == []


def _roster(county, code: str, month: str, line: list) -> None:  # noqa: ANN001
    with county.db.uow.begin() as s:
        s.add(CountyRecord(township_code=code, kind="roster", object_id=int(month[-2:]), content=json.dumps(
            {"month": month, "program": "urban_dibao", "state": "confirmed", "content": {"lines": [line]}})))


def _line(case_id: int, payee: str, amount: int) -> list:
    return [1, case_id, None, 1, "新市社区", "王五", payee, "", "", 1, amount, "regular", None, ""]


def test_a_payment_after_a_death_is_found_in_any_township(county):
    from app.county.checks import county_checks

    _seed(county, "430902101", "甲镇", "430902194501010013", "urban_dibao")
    with county.db.uow.begin() as s:
        member = s.get(CountyRecord, ("430902101", "member", 1))
        member.content = json.dumps({**json.loads(member.content), "death_date": "2020-08-15"})
        s.add(CountyTownship(code="430902102", name="乙镇"))
    _roster(county, "430902101", "2020-08", _line(1, "430902194501010013", 58000))  # the month of death: paid
    _roster(county, "430902101", "2020-09", _line(1, "", 58000))  # a member of the paid case
    _roster(county, "430902102", "2020-10", _line(9, "430902194501010013", 30000))  # payee in another township
    hits = [h for h in county_checks(county) if h.check == "死亡后仍发放"]
    assert [h.covers.split("；")[1] for h in hits] == ["甲镇 2020-09 城市低保仍发放", "乙镇 2020-10 城市低保仍发放"]


def test_the_proposal_reads_as_a_sentence_with_its_amount(linked, people, item):
    propose(linked, people["kc"], *_key(item), confirm=True, opinion="拟同意", amount_fen=90000)
    review(linked, people["kr"], *_key(item), confirm=True, opinion="同意")
    assert pending_items(linked)[0].proposal.text == "拟确认（kc，金额 900.00 元）：拟同意；已审定确认（kr）：同意"


def test_decisions_for_two_townships_leave_in_one_batch_each(linked, people, item, tmp_path):
    from app.county.admin import register_township
    from app.sync import keys

    pair, _ = keys.generate("township", "430902102", "乙镇", tmp_path / "other-keys")
    register_township(linked, keys.write_public(pair.public, tmp_path / "T2.pub"), "430902102")
    with linked.db.uow.begin() as s:
        s.add(CountyRecord(township_code="430902102", kind="application", object_id=5, household_id=3, version=2,
                           status="已报县", content=json.dumps({"household_id": 3, "program": "rural_tekun",
                                                              "amount_fen": 70000, "transitions": []})))
    for it in pending_items(linked):
        propose(linked, people["kc"], *_key(it), confirm=True, opinion="拟同意")
        review(linked, people["kr"], *_key(it), confirm=it.township == "430902101", opinion="按规定")
    batches = write_decisions(linked, people["kr"], tmp_path)
    assert [(b.township, b.sequence, b.decisions) for b in batches] == [("430902101", 1, 1), ("430902102", 1, 1)]
