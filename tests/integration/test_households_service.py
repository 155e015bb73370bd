"""Registering households: validation, one ID in one household, history, the audit chain."""

import pytest

from app.domain.registry import HouseholdInput, MemberInput
from app.errors import Conflict, InvalidInput
from app.services import audit
from app.services.households import history, household_input, register_household, update_household
from app.services.queries import HouseholdFilter, household_rows
from tests.conftest import dump_content

HEAD = "430902194501010013"
SPOUSE = "11010519491231002X"


def _household(*members, village="东风村"):
    return HouseholdInput(village=village, members=list(members), phone="13900000000",
                          bank_name="中国农业银行", bank_account="6228000011112222333")


def _zhang():
    return _household(MemberInput("张三丰", HEAD, "本人", incomes={"工资性": 12000}),
                      MemberInput("李四娘", SPOUSE.lower(), "配偶"))


def test_registered_household_is_found_by_name_id_part_and_initials(db_ctx, clerk):
    register_household(db_ctx.uow, clerk, _zhang())
    for text in ("张三丰", "0101001", "zsf", "lsn"):
        rows = household_rows(db_ctx.uow, HouseholdFilter(text=text))
        assert [r.head_name for r in rows] == ["张三丰"], text
    assert household_rows(db_ctx.uow, HouseholdFilter(text="王"))  == []


@pytest.mark.parametrize("typed", ["０１０１００１", "1231 002x", "１２３１００２ｘ", " 张三丰　"])
def test_search_finds_a_person_typed_with_full_width_digits_or_spaces(db_ctx, clerk, typed):
    register_household(db_ctx.uow, clerk, _zhang())
    assert [r.head_name for r in household_rows(db_ctx.uow, HouseholdFilter(text=typed))] == ["张三丰"]


def test_list_masks_the_id_and_account(db_ctx, clerk):
    register_household(db_ctx.uow, clerk, _zhang())
    row = household_rows(db_ctx.uow)[0]
    assert (row.head_id_masked, row.account_masked) == ("430902********0013", "***************2333")
    assert row.members == 2


def test_birth_date_and_sex_are_derived_and_x_stored_upper_case(db_ctx, clerk):
    hid = register_household(db_ctx.uow, clerk, _zhang())
    members = household_input(db_ctx.uow, hid).members
    assert [m.id_number for m in members] == [HEAD, SPOUSE]


@pytest.mark.parametrize(
    ("members", "message"),
    [
        ([MemberInput("张三丰", "430902194501010014", "本人")], "成员第 1 行「身份证号」"),
        ([MemberInput("张三丰", HEAD, "配偶")], "本人"),
        ([MemberInput("张三丰", HEAD, "本人"), MemberInput("李", SPOUSE, "本人")], "本人"),
        ([MemberInput("", HEAD, "本人")], "成员第 1 行「姓名」"),
        ([MemberInput("张三丰", HEAD, "本人", disability_grade=5)], "残疾等级"),
    ],
)
def test_invalid_household_is_refused_and_nothing_written(db_ctx, clerk, members, message):
    before = dump_content(db_ctx.db_path)
    with pytest.raises(InvalidInput) as err:
        register_household(db_ctx.uow, clerk, _household(*members))
    assert message in err.value.text
    assert dump_content(db_ctx.db_path) == before


def test_one_person_can_belong_to_only_one_household(db_ctx, clerk):
    register_household(db_ctx.uow, clerk, _zhang())
    with pytest.raises(Conflict) as err:
        register_household(db_ctx.uow, clerk, _household(MemberInput("张三丰", HEAD, "本人")))
    assert "一人只能属于一户" in err.value.text


def test_removed_member_may_join_another_household(db_ctx, clerk):
    hid = register_household(db_ctx.uow, clerk, _zhang())
    data = household_input(db_ctx.uow, hid)
    data.members = data.members[:1]
    update_household(db_ctx.uow, clerk, hid, data)
    register_household(db_ctx.uow, clerk, _household(MemberInput("李四娘", SPOUSE, "本人")))
    assert len(household_rows(db_ctx.uow)) == 2


def test_every_change_is_kept_as_history_with_before_and_after(db_ctx, clerk):
    hid = register_household(db_ctx.uow, clerk, _zhang())
    data = household_input(db_ctx.uow, hid)
    data.phone = "13811112222"
    update_household(db_ctx.uow, clerk, hid, data)
    entries = history(db_ctx.uow, hid)
    assert [(e.actor, e.action) for e in entries] == [("clerk", "household.create"), ("clerk", "household.update")]
    assert (entries[1].before["phone"], entries[1].after["phone"]) == ("13900000000", "13811112222")


def test_audit_chain_verifies_and_detects_an_edited_record(db_ctx, clerk):
    register_household(db_ctx.uow, clerk, _zhang())
    with db_ctx.uow.read() as s:
        assert audit.verify_chain(s) == []
    with db_ctx.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE audit_log SET actor = 'mallory' WHERE action = 'household.create'")
    with db_ctx.uow.read() as s:
        assert [p.reason for p in audit.verify_chain(s)] == ["记录内容被修改"]
