"""One table of field limits (app/domain/limits.py): the household editor, the import and the
county's batch validator accept exactly the same lengths, and each refusal names the field and
its limit in Chinese."""

import pytest

from app.domain import canonical, limits
from app.domain.legacy import COLUMNS, parse_sheet
from app.domain.registry import HouseholdInput, MemberInput, validate_household
from app.sync.errors import RecordRefused
from app.sync.records import check_record
from tests.sync.test_record_checks import VALID

PHONES = "13807371234、13907375678（儿子）、0737-4321234（村委会）"  # 45 characters, as clerks write them


def household(**fields) -> HouseholdInput:
    member = fields.pop("member", {})
    return HouseholdInput(village=fields.pop("village", "东风村"), **fields, members=[
        MemberInput(member.get("name", "张三丰"), "430902194501010013", "本人",
                    labour_ability=member.get("labour_ability", ""))])


@pytest.mark.parametrize(("fields", "problem"), [
    ({"phone": PHONES}, None),
    ({"phone": "1" * 100}, None),
    ({"phone": "1" * 101}, ("联系电话", "最多 100 个字符，现为 101 个")),
    ({"address": "一" * 200}, None),
    ({"address": "一" * 201}, ("家庭住址", "最多 200 个字符，现为 201 个")),
    ({"notes": "备" * 1001}, ("备注", "最多 1000 个字符，现为 1001 个")),
    ({"bank_name": "行" * 61}, ("开户银行", "最多 60 个字符，现为 61 个")),
    ({"village": "村" * 101}, ("村(社区)", "最多 100 个字符，现为 101 个")),
    ({"legacy_no": "H" * 41}, ("户编号", "最多 40 个字符，现为 41 个")),
    ({"member": {"name": "名" * 50}}, None),
    ({"member": {"name": "名" * 51}}, ("成员第 1 行「姓名」", "最多 50 个字符，现为 51 个")),
])
def test_entry_checks_the_batch_formats_limits(fields, problem):
    problems = validate_household(household(**fields))
    assert problems == ([problem] if problem else [])


@pytest.mark.parametrize(("field", "length", "ok"), [
    ("phone", 100, True), ("phone", 101, False), ("address", 200, True), ("address", 201, False),
    ("notes", 1000, True), ("notes", 1001, False), ("bank_name", 61, False),
])
def test_the_county_refuses_what_entry_refuses_naming_field_and_limit(field, length, ok):
    rec = dict(VALID["households"], **{field: "一" * length})
    if ok:
        check_record("households", 1, rec)
        return
    with pytest.raises(RecordRefused) as info:
        check_record("households", 1, rec)
    limit = limits.HOUSEHOLD[field]
    assert f"字段 {field}「{limit.label}」最多 {limit.chars} 个字符，现为 {length} 个" in info.value.text
    assert "一" * length not in info.value.text  # the length, never the text


def test_a_household_at_every_limit_passes_the_county():
    at_limit = {f: "1" * lim.chars for f, lim in limits.HOUSEHOLD.items() if f != "village_code"}
    check_record("households", 1, dict(VALID["households"], **at_limit))


def _sheet(**cells) -> list[tuple]:
    row = {"村(社区)": "东风村", "户编号": "H1", "姓名": "张三丰", "身份证号": "430902194501010013", "与户主关系": "本人",
           "救助类别": "无", "月收入(元)": "0", "残疾等级": "0", "重病": "否", "自理能力缺失项数": "0", "开户行": "",
           "银行账号": "", "联系电话": PHONES, "纳入年月": "", "月救助金(元)": "", **cells}
    return [COLUMNS, tuple(row[c] for c in COLUMNS)]


def test_the_import_takes_several_phone_numbers_with_notes():
    households, problems = parse_sheet(_sheet())
    assert problems == [] and households[0].phone == canonical.compact(PHONES)  # NFKC: （ becomes (


@pytest.mark.parametrize(("column", "length"), [("联系电话", 101), ("姓名", 51), ("开户行", 61)])
def test_the_import_refuses_a_cell_over_its_limit_naming_row_and_column(column, length):
    _, problems = parse_sheet(_sheet(**{column: "1" * length}))
    assert [(p.row, p.column) for p in problems] == [(2, column)]
    assert f"最多 {limits.IMPORT_COLUMNS[column].chars} 个字符，现为 {length} 个" in problems[0].reason
