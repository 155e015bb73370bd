"""The domain's one vocabulary: programs and their families, roster line kinds, roles, audit labels."""

import pytest

from app.domain.programs import ALL_PROGRAMS, CASE_PROGRAMS, PROGRAM_NAMES, family, is_dibao, programs_of
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
