"""The import's vocabulary table (SPEC §7.1 Values), header matching and the digits rule, table-driven."""

from datetime import date, datetime

import pytest

from app.domain import vocab
from app.domain.accounts import lost_digits, luhn_ok
from app.domain.sheet_table import SheetData, find_header, header_key, records

RELATIONS = [("户主", "本人"), ("本人", "本人"), ("妻", "配偶"), ("夫", "配偶"), ("丈夫", "配偶"), ("妻子", "配偶"),
             ("长子", "子"), ("次子", "子"), ("儿子", "子"), ("长女", "女"), ("次女", "女"), ("女儿", "女"),
             ("孙子", "孙子女"), ("孙女", "孙子女"), ("外孙", "孙子女"), ("外孙女", "孙子女"), ("父亲", "父母"),
             ("母亲", "父母"), (" 户 主 ", "本人"), ("儿媳", "其他")]


@pytest.mark.parametrize(("written", "stored"), RELATIONS)
def test_relations(written, stored):
    assert vocab.relation(written) == stored


@pytest.mark.parametrize("bad", ["朋友", "", "1"])
def test_unknown_relation_is_refused(bad):
    with pytest.raises(ValueError, match="户主、妻、长子"):
        vocab.relation(bad)


@pytest.mark.parametrize(("written", "ill"), [("√", True), ("是", True), ("1", True), (1, True), (1.0, True),
                                              (None, False), ("", False), ("否", False), ("×", False), (0, False),
                                              ("0", False)])
def test_serious_illness(written, ill):
    assert vocab.yes_no(written) is ill


@pytest.mark.parametrize(("written", "grade"), [("一级", 1), ("二级", 2), ("三级", 3), ("四级", 4), (1, 1), ("4", 4),
                                                (2.0, 2), ("无", 0), (None, 0), ("", 0), ("２级", 2)])
def test_disability_grade(written, grade):
    assert vocab.grade(written) == grade


@pytest.mark.parametrize("bad", ["五级", 5, "肢体二级", -1, 2.5])
def test_bad_grade_is_refused(bad):
    with pytest.raises(ValueError):
        vocab.grade(bad)


@pytest.mark.parametrize(("written", "fen"), [("650元", 65000), ("1,005.00", 100500), ("1,005.00元", 100500),
                                              (650, 65000), (435.5, 43550), ("６５０元", 65000), (None, 0), ("", 0),
                                              ("12,345,678", None), ("1,00,5", None), ("1e3", None), (1e300, None),
                                              ("1e10000000", None), (99999999999999999, None), (-1, None),
                                              ("0.001", None), (True, None), (datetime(2020, 1, 1), None)])
def test_money(written, fen):
    if fen is None:
        with pytest.raises(ValueError):
            vocab.money_fen(written)
    else:
        assert vocab.money_fen(written) == fen


@pytest.mark.parametrize(("written", "month"), [
    ("2019-03", "2019-03"), ("2019年3月", "2019-03"), ("2019年03月", "2019-03"), ("2019.03", "2019-03"),
    ("2019/3", "2019-03"), ("201903", "2019-03"), (201903, "2019-03"), (2019.03, "2019-03"), (2019.12, "2019-12"),
    (date(2019, 3, 15), "2019-03"), (datetime(2019, 3, 1), "2019-03"), ("2019-03-15", "2019-03"),
    ("２０１９年３月", "2019-03"), (None, None), ("", None)])
def test_start_month(written, month):
    assert vocab.month(written) == month


@pytest.mark.parametrize(("bad", "why"), [("2019-13", "年月"), ("9999-12", "2099-12"), ("0000-01", "2000-01"),
                                          (2019.1, "无法判断"), ("三月", "年月"), (date(1999, 12, 1), "2000-01")])
def test_bad_start_month_is_refused(bad, why):
    with pytest.raises(ValueError, match=why):
        vocab.month(bad)


@pytest.mark.parametrize(("written", "program", "klass"), [
    ("农村低保", "rural_dibao", ""), ("农村低保A类", "rural_dibao", "A类"), ("城市低保（一类）", "urban_dibao", "一类"),
    ("城市低保二档", "urban_dibao", "二档"), ("城镇低保", "urban_dibao", ""), ("农村特困供养", "rural_tekun", ""),
    ("农村五保", "rural_tekun", ""), ("无", "", ""), (None, "", ""), ("城市特困", "urban_tekun", "")])
def test_category(written, program, klass):
    assert vocab.category(written) == (program, klass)


@pytest.mark.parametrize(("bad", "hint"), [("特困供养", "城市特困」或「农村特困"), ("低保", "城市低保」或「农村低保"),
                                           ("农村低保X类", "无法确定"), ("临时救助", "之一")])
def test_ambiguous_or_unknown_category_is_refused_with_what_to_write(bad, hint):
    with pytest.raises(ValueError, match=hint):
        vocab.category(bad)


@pytest.mark.parametrize(("value", "lost"), [(6228033076661934515, True), (6.228e18, True), (13900000000, True),
                                             ("4.3090219560412E+17", True), ("４.３０９０２１９５６０４１２Ｅ＋１７", True),
                                             ("6228033076661934515", False), ("13900000000", False), (None, False)])
def test_numbers_that_lost_digits(value, lost):
    assert lost_digits(value) is lost


def test_luhn():
    assert luhn_ok("6228033076661934515") and not luhn_ok("6228033076661934516") and not luhn_ok("62280a")


@pytest.mark.parametrize(("header", "key"), [("村（社区）", "村(社区)"), ("月保障金（元）", "月保障金"), (" 姓 名 ", "姓名"),
                                             ("*身份证号码", "身份证号码")])
def test_header_key(header, key):
    assert header_key(header) == key


def test_two_row_header_with_groups_and_merged_household_cells():
    rows = [("花名册",), ("村", "家庭成员", None, None, "银行卡号"), (None, "姓名", "身份证号码", "关系", None),
            ("东风村", "张三", "X1", "户主", "622"), (None, "李四", "X2", "妻", None), ("合计",), ("经办人：王五",)]
    merged = ((1, 1, 1, 5), (2, 1, 3, 1), (2, 2, 2, 4), (2, 5, 3, 5), (4, 1, 5, 1), (4, 5, 5, 5))
    sheet = SheetData("表", rows, merged)
    header = find_header(sheet, {"村(社区)": ("村",), "姓名": ("姓名",), "身份证号": ("身份证号码",),
                                 "与户主关系": ("关系",), "银行账号": ("银行卡号",)})
    assert (header.first_row, header.last_row) == (2, 3)
    recs = records(sheet, header)
    assert [(r.row, r.get("村(社区)"), r.get("姓名"), r.get("银行账号")) for r in recs] == [
        (4, "东风村", "张三", "622"), (5, "东风村", "李四", "622")]


def test_docs_show_the_same_vocabulary_table_the_import_uses():
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[2] / "docs/import.md").read_text(encoding="utf-8")
    for column, written, stored in vocab.VOCABULARY:
        assert f"| {column} | {written} | {stored} |" in doc
