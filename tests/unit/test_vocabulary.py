"""The domain's one vocabulary: programs and their families, roster line kinds, roles, audit labels."""

import pytest

from app.domain.programs import ALL_PROGRAMS, CASE_PROGRAMS, PROGRAM_NAMES, family, is_dibao, programs_of
from app.domain.roster_lines import CASE_MONTH_KINDS, CASE_PAID_KINDS, COUNTED_KINDS, LineKind
from app.errors import InvalidInput


@pytest.mark.parametrize(("program", "expected"), [
    ("urban_dibao", "dibao"), ("rural_dibao", "dibao"), ("urban_tekun", "tekun"), ("rural_tekun", "tekun"),
    ("temporary", "temporary"), ("price_subsidy", "price_subsidy"),
])
def test_family_of_every_program(program, expected):
    assert family(program) == expected
    assert is_dibao(program) == (expected == "dibao")


def test_the_table_above_names_every_program():
    assert set(ALL_PROGRAMS) == set(PROGRAM_NAMES)


def test_an_unknown_program_has_no_family_and_is_not_dibao():
    with pytest.raises(InvalidInput):
        family("dibao")
    assert not is_dibao("") and not is_dibao("None")


def test_programs_come_in_roster_order_case_programs_first():
    assert ALL_PROGRAMS == (*CASE_PROGRAMS, "temporary", "price_subsidy")
    assert list(PROGRAM_NAMES) == list(ALL_PROGRAMS)


def test_programs_of_a_family():
    assert programs_of("dibao") == ("urban_dibao", "rural_dibao")
    assert programs_of("tekun") == ("urban_tekun", "rural_tekun")


# the texts stored in roster_line.kind and carried in sync batches: they must never change
@pytest.mark.parametrize(("kind", "stored"), [
    (LineKind.REGULAR, "正常"), (LineKind.BACK_PAY, "补发"), (LineKind.SUSPENDED, "停发"),
    (LineKind.ADJUSTMENT, "调整"), (LineKind.TEMPORARY, "临时救助"), (LineKind.PRICE_SUBSIDY, "价格补贴"),
])
def test_line_kind_is_its_stored_text(kind, stored):
    assert kind == stored and kind.value == stored and f"{kind}" == stored
    assert LineKind(stored) is kind


def test_every_line_kind_is_in_the_table_above():
    assert len(LineKind) == 6


@pytest.mark.parametrize(("kinds", "expected"), [
    (COUNTED_KINDS, ("正常", "临时救助", "价格补贴")),
    (CASE_MONTH_KINDS, ("正常", "补发")),
    (CASE_PAID_KINDS, ("正常", "补发", "调整", "价格补贴")),
])
def test_groups_of_line_kinds(kinds, expected):
    assert tuple(kinds) == expected
