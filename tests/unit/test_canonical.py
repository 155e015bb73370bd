"""Canonical forms (SPEC §2): every spelling of a value is the one the registry stores."""

import json
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain import canonical
from app.domain.ids import is_stored_id, normalize_id
from app.domain.registry import HouseholdInput, MemberInput, canonicalize, validate_household
from app.errors import IdNumberError
from app.sync.errors import RecordRefused
from app.sync.records import check_payloads
from tests.conftest import FIXTURES
from tests.sync.test_record_checks import VALID

STORED = "43090219560412005X"
FULL_WIDTH = "４３０９０２１９５６０４１２００５Ｘ"
TODAY = date(2026, 11, 26)


def _full(text: str) -> str:
    """The full-width form an IME types: U+FF01..U+FF5E for ASCII 0x21..0x7E."""
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


@pytest.mark.parametrize(
    ("raw", "text", "compact"),
    [
        ("  东风村 ", "东风村", "东风村"),
        ("\u3000刘建国\u3000", "刘建国", "刘建国"),
        ("村（社区）", "村(社区)", "村(社区)"),
        ("\u200b张三\ufeff", "张三", "张三"),
        ("6228 4800\u30001234 5678 901", "6228 4800 1234 5678 901", "6228480012345678901"),
        ("１３９ ０００\t０ ００００", "139 000\t0 0000", "13900000000"),
        (None, "", ""),
        (12345, "12345", "12345"),
    ],
)
def test_text_is_nfkc_and_trimmed_and_compact_has_no_space(raw, text, compact):
    assert (canonical.text(raw), canonical.compact(raw)) == (text, compact)


@pytest.mark.parametrize(
    "raw",
    [
        STORED,
        STORED.lower(),
        FULL_WIDTH,
        "４３０９０２１９５６０４１２００５ｘ",  # full-width lower-case x
        "430902 19560412 005x",
        "430902\u300019560412\u3000005X",  # ideographic spaces
        "\t43090219560412005X\n",
        "43090219\u200b560412005X",  # zero-width space from a web page
        "\ufeff４３０９０２ 19560412 ００５x ",
    ],
)
def test_every_spelling_of_an_id_gives_the_one_stored_form(raw):
    assert canonical.id_text(raw).upper() == canonical.id_text(raw)
    assert normalize_id(raw, today=TODAY).number == STORED
    assert is_stored_id(normalize_id(raw, today=TODAY).number, today=TODAY)


@pytest.mark.parametrize("raw", [FULL_WIDTH, STORED.lower(), " " + STORED, "430902 19560412 005X", "430902560412005"])
def test_only_the_stored_form_is_stored(raw):
    assert not is_stored_id(raw, today=TODAY)


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("٤٣٠٩٠٢١٩٥٦٠٤١٢٠٠١X", "前 17 位必须是数字"),  # Arabic-Indic digits: isdigit(), but not an ID
        ("43090219560412005X1", "长度"),
        ("４３０９０２１９５６０４１２００１Ｙ", "末位"),
        ("\u3000\u200b", "不能为空"),
    ],
)
def test_what_is_not_an_id_in_any_spelling_is_refused(raw, reason):
    with pytest.raises(IdNumberError) as err:
        normalize_id(raw, today=TODAY)
    assert reason in err.value.text


def _valid_ids() -> list[str]:
    path = FIXTURES / "id_numbers.json"
    return json.loads(path.read_text(encoding="utf-8"))["valid"] if path.is_file() else [STORED]


_SPACES = st.sampled_from([" ", "\u3000", "\t", "\u200b", "\u00a0"])


@st.composite
def spellings(draw) -> tuple[str, str]:  # noqa: ANN001
    """(stored form, a random spelling): each character half- or full-width, x/X/ｘ/Ｘ, spaces around."""
    stored = draw(st.sampled_from(_valid_ids()))
    stored = normalize_id(stored).number
    out = [draw(st.lists(_SPACES, max_size=2))]
    for c in stored:
        if c == "X":
            c = draw(st.sampled_from("xXｘＸ"))
        elif draw(st.booleans()):
            c = _full(c)
        out += [c, *draw(st.lists(_SPACES, max_size=1))]
    return stored, "".join(x for part in out for x in part)


@given(spellings())
def test_a_random_spelling_of_a_valid_id_is_always_the_same_person(case):
    stored, spelled = case
    assert normalize_id(spelled).number == stored
    assert is_stored_id(stored) and (spelled == stored or not is_stored_id(spelled))


def test_canonicalize_puts_each_field_in_its_form():
    data = HouseholdInput(village=" 东风村\u3000", address="东风村３组 ", phone="１３９ ０００ ０００００",
                          bank_name="中国农业银行（益阳）", bank_account="6228 4800 1234 5678 901",
                          notes="\u200b备注 ", members=[MemberInput("刘建国\u3000", FULL_WIDTH, " 本人")])
    canonicalize(data)
    assert (data.village, data.address, data.phone, data.bank_name, data.bank_account, data.notes) == (
        "东风村", "东风村3组", "13900000000", "中国农业银行(益阳)", "6228480012345678901", "备注")
    assert (data.members[0].name, data.members[0].id_number, data.members[0].relation) == ("刘建国", STORED, "本人")


def test_validation_stores_the_canonical_id_and_takes_a_full_width_account():
    data = HouseholdInput(village="东风村", bank_account="６２２８４８００１２３４", members=[
        MemberInput("刘建国", "430902 19560412 005x", "本人")])
    assert validate_household(data, today=TODAY) == []
    assert (data.members[0].id_number, data.bank_account) == (STORED, "622848001234")


def test_two_spellings_of_one_person_in_one_household_are_a_duplicate():
    data = HouseholdInput(village="东风村", members=[MemberInput("刘建国", STORED, "本人"),
                                                    MemberInput("刘建国", FULL_WIDTH, "子")])
    assert ("成员第 2 行「身份证号」", "与本户其他成员重复") in validate_household(data, today=TODAY)


@pytest.mark.parametrize("account", ["٦٢٢٨٤٨٠٠", "6228-4800", "62284800a"])
def test_an_account_of_other_characters_is_refused(account):
    data = HouseholdInput(village="东风村", bank_account=account, members=[MemberInput("刘建国", STORED, "本人")])
    assert ("银行账号", "只能包含数字") in validate_household(data, today=TODAY)


@pytest.mark.parametrize(("number", "why"), [
    ("１１０１０５１９４９１２３１００２Ｘ", "身份证号不是规范形式"), ("11010519491231002ｘ", "身份证号不是规范形式"),
    ("110105\u300019491231002X", "字段 id_number"), ("11010519491231002X", None)])
def test_a_batch_member_whose_id_is_not_in_stored_form_is_refused_at_ingest(number, why):
    """Stage 7 of the receiver (county ingest): a member's ID must already be in its stored form."""
    records = {"members": [{**VALID["members"], "id_number": number}]}
    if why is None:
        assert check_payloads(records) is None
        return
    with pytest.raises(RecordRefused, match=why):
        check_payloads(records)
