"""Stage 7: check_payloads() runs each record through the compiled test of its type first; a record
it does not pass goes through check_record(). Whatever the record, the outcome - accepted, or
refused with the message naming the first bad record and field - is check_record()'s."""

import pytest

from app.sync.errors import RecordRefused
from app.sync.records import check_payloads, check_record, field_text
from app.sync.strictjson import canonical, sha256_hex

LINE = [1, 257, None, 513, "东风村", "陈鑫佑", "430903199103217632", "中国农业银行", "6228480575476836185", 4, 162000,
        "正常", "2020-01", ""]
CONTENT = {"month": "2020-01", "program": "rural_dibao", "households": 1, "persons": 4, "total_fen": 162000,
           "lines": [LINE]}
VALID = {
    "households": {"type": "household", "id": 1, "version": 1, "village": "东风村", "village_code": None,
                   "address": "一组", "hukou_type": "农业", "phone": "", "bank_name": "", "bank_account": "",
                   "separately_registered": False, "deductions_fen": 0, "notes": "", "legacy_no": None,
                   "status": "active", "updated_at": "2020-10-01T08:00:00.123456"},
    "members": {"type": "member", "id": 2, "household_id": 1, "version": 1, "name": "张三", "id_number":
                "11010519491231002X", "relation": "本人", "co_resident": True, "labour_ability": "",
                "disability_category": "", "disability_grade": 0, "serious_illness": False, "student": False,
                "selfcare_items_failed": 0, "death_date": None, "incomes": {"工资性": 20000}},
    "applications": {"type": "application", "id": 3, "household_id": 1, "version": 4, "program": "urban_dibao",
                     "state": "已报县", "covered_member_ids": [2], "created_on": "2020-09-25", "accepted_on": None,
                     "decided_on": None, "amount_fen": None, "computed_amount_fen": 1000, "case_id": None,
                     "transitions": [{"step": "accept", "from_state": "登记", "to_state": "已受理", "actor": "clerk",
                                      "role": "clerk", "on": "2020-09-28", "opinion": "", "data": {}}]},
    "cases": {"type": "case", "id": 4, "household_id": 1, "version": 1, "program": "rural_dibao",
              "start_month": "2020-01", "end_month": None, "amount_fen": 1000, "initial_amount_fen": 1000,
              "status": "active", "support_mode": "", "payee_name": "张三", "payee_account": "", "end_reason": "",
              "member_ids": [2], "events": [{"id": 1, "kind": "change", "effective_month": "2020-03",
                                             "amount_fen": 900, "months": None, "reason": "收入变化"}]},
    "rosters": {"type": "roster", "id": 5, "month": "2020-01", "program": "rural_dibao", "state": "confirmed",
                "content_hash": sha256_hex(canonical(CONTENT)), "confirmed_by": "reviewer",
                "confirmed_at": None, "content": CONTENT},
    "tombstones": {"type": "tombstone", "kind": "member", "id": 2, "household_id": 1, "reason": "removed"},
    "decisions": {"type": "decision", "application_id": 3, "application_version": 4, "decision": "confirm",
                  "amount_fen": 1000, "opinion": "", "decided_on": "2020-10-20", "decided_by": "县审核员"},
    "receipts": {"type": "receipt", "for_batch_id": "a" * 32, "for_stream": "data", "for_sequence": 1,
                 "for_manifest_sha256": "b" * 64, "status": "accepted", "error_code": "", "message": "",
                 "received_at": "2020-10-20T08:00:00", "counts": {}, "rejected": []},
}
WRONG = [None, True, False, 0, -1, 5, 7, 2 ** 70, 1.5, "", "x" * 33, "y" * 20_000, "2020-02-30", "2020-13",
         "2020-02-29", "2021-02-29T00:00:00", "已报县", "active", [], [1, -1], [True], {}, {"工资性": -1},
         {"其他": 1}, "11010519491231002x", "110105194912310021", "11010520991231002X", "４３0903199103217632"]


def outcome(check, *args) -> str:
    try:
        check(*args)
    except RecordRefused as exc:
        return exc.text
    return "accepted"


def variants() -> list[tuple[str, dict]]:
    """Every valid record, and each with one field (or one nested field) changed to each wrong value."""
    out = []
    for content, rec in VALID.items():
        out.append((content, rec))
        for key in rec:
            out += [(content, {**rec, key: value}) for value in WRONG]
        out += [(content, {k: v for k, v in rec.items() if k != key}) for key in list(rec)[:3]]
        out.append((content, {**rec, "extra": 1}))
    for i in range(len(LINE)):
        for value in WRONG:
            line = LINE[:i] + [value] + LINE[i + 1:]
            content = dict(CONTENT, lines=[LINE, line])
            out.append(("rosters", dict(VALID["rosters"], content=content, content_hash=sha256_hex(canonical(content)))))
    for key in ("households", "month", "lines"):
        content = dict(CONTENT, **{key: "2020-02"})
        out.append(("rosters", dict(VALID["rosters"], content=content, content_hash=sha256_hex(canonical(content)))))
    for key in VALID["applications"]["transitions"][0]:
        step = dict(VALID["applications"]["transitions"][0], **{key: 2.5})
        out.append(("applications", dict(VALID["applications"], transitions=[step])))
    for key in VALID["cases"]["events"][0]:
        event = dict(VALID["cases"]["events"][0], **{key: "x" * 20_000})
        out.append(("cases", dict(VALID["cases"], events=[event, "not an object"])))
    return out


@pytest.mark.parametrize("content", list(VALID))
def test_a_valid_record_of_each_type_is_accepted(content):
    check_payloads({content: [VALID[content]]})


def lines(*records: dict) -> list[str] | None:
    try:
        return [canonical(r).decode() for r in records]
    except ValueError:  # a float or NaN: such a line never takes the fast path
        return None


def test_every_changed_record_gets_exactly_the_outcome_of_the_full_checks():
    cases = variants()
    results = [(outcome(check_payloads, {c: [VALID[c], rec]}), outcome(check_record, c, 2, rec)) for c, rec in cases]
    assert [r for r in results if r[0] != r[1]] == []
    with_lines = [outcome(check_payloads, {c: [VALID[c], rec]}, {c: lines(VALID[c], rec)}) for c, rec in cases]
    assert with_lines == [fast for fast, _ in results]
    assert len(cases) > 1000 and 0 < sum(1 for fast, _ in results if fast == "accepted") < len(cases) // 4


@pytest.mark.parametrize(("content", "change", "message"), [
    ("members", {"id_number": "430902194501010012"}, "members 第 1 条（编号 2）：身份证号校验不通过"),
    ("members", {"id_number": "11010519491231002x"}, "身份证号不是规范形式"),
    ("members", {"relation": "邻居"}, "字段 relation 的值无效"),
    ("households", {"deductions_fen": 12}, None),
    ("households", {"unknown_field": 1}, "未知字段 ['unknown_field']"),
    ("rosters", {"content_hash": "0" * 64}, "内容与确认时记录的 SHA-256 不符"),
])
def test_refusals_name_the_record_and_the_problem(content, change, message):
    result = outcome(check_payloads, {content: [{**VALID[content], **change}]})
    assert result == "accepted" if message is None else message in result


@pytest.mark.parametrize(("rec", "key"), [
    (VALID["rosters"], "content"),
    (VALID["rosters"], "confirmed_at"),
    (VALID["rosters"], "type"),
    ({"a": 1}, "a"),
    ({"content": {"x": ',"content_hash":"\\"}'}, "content_hash": "q", "z": [1]}, "content"),
    ({"b": '","content":{"', "content": "中文 \n", "d": None}, "content"),
])
def test_field_text_is_the_fields_canonical_json_cut_from_the_line(rec, key):
    assert field_text(canonical(rec).decode(), rec, key) == canonical(rec[key]).decode()


def test_field_text_of_a_line_that_is_not_the_records_is_none():
    assert field_text('{"a":1,"content":{},"z":2}', {"a": 2, "content": {}, "z": 2}, "content") is None
    assert field_text("{}", {"content": {}}, "content") is None


def test_a_roster_whose_content_does_not_hash_to_its_hash_is_refused_with_its_line_too():
    rec = dict(VALID["rosters"], content_hash="0" * 64)
    result = outcome(check_payloads, {"rosters": [rec]}, {"rosters": lines(rec)})
    assert "内容与确认时记录的 SHA-256 不符" in result
