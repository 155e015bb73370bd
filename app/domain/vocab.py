"""What offices write in a roster cell, and what it means (SPEC §7.1): the one visible mapping table.

`VOCABULARY` is shown in the import dialog and in docs/import.md; the parsers below use exactly
that table, so what the clerk reads is what the import does. A value that is not in the table
is refused with the row and what to write instead; nothing is guessed.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from app.domain.canonical import compact
from app.domain.months import month_problem

RELATION_WORDS: dict[str, tuple[str, ...]] = {
    "本人": ("本人", "户主"),
    "配偶": ("配偶", "妻", "夫", "丈夫", "妻子", "老伴"),
    "子": ("子", "长子", "次子", "三子", "四子", "儿子", "独子", "养子"),
    "女": ("女", "长女", "次女", "三女", "四女", "女儿", "独女", "养女"),
    "父母": ("父母", "父亲", "母亲", "父", "母"),
    "祖父母": ("祖父母", "祖父", "祖母", "外祖父", "外祖母"),
    "孙子女": ("孙子女", "孙子", "孙女", "外孙", "外孙女", "外孙子"),
    "兄弟姐妹": ("兄弟姐妹", "兄", "弟", "姐", "妹", "哥哥", "弟弟", "姐姐", "妹妹"),
    "其他": ("其他", "儿媳", "女婿", "孙媳"),
}
YES_WORDS = ("是", "√", "✓", "✔", "1", "有")
NO_WORDS = ("", "否", "×", "✗", "✘", "0", "无")
GRADE_WORDS: dict[int, tuple[str, ...]] = {
    0: ("", "无", "0"),
    1: ("一级", "1级", "1"), 2: ("二级", "2级", "2"), 3: ("三级", "3级", "3"), 4: ("四级", "4级", "4"),
}
CATEGORY_WORDS: dict[str, tuple[str, ...]] = {
    "urban_dibao": ("城市低保", "城镇低保"),
    "rural_dibao": ("农村低保",),
    "urban_tekun": ("城市特困", "城市特困供养", "城镇特困"),
    "rural_tekun": ("农村特困", "农村特困供养", "农村五保", "五保"),
    "": ("无", ""),
}
AMBIGUOUS_CATEGORIES = {
    "特困供养": "请写「城市特困」或「农村特困」", "特困": "请写「城市特困」或「农村特困」",
    "特困人员": "请写「城市特困」或「农村特困」", "低保": "请写「城市低保」或「农村低保」",
}
# a local class after the program: 农村低保A类, 城市低保（一类）, 农村低保二档
_CLASS = re.compile(r"\(?([A-Da-d一二三四1-4][类档])\)?")
MAX_YUAN = Decimal(1_000_000)  # a month's income or benefit above this is a typo, never a value

# (column, as written in the file, stored as): shown to the clerk, in this order
VOCABULARY: tuple[tuple[str, str, str], ...] = (
    *(("与户主关系", "、".join(words), rel) for rel, words in RELATION_WORDS.items()),
    ("重病", "、".join(YES_WORDS), "是"),
    ("重病", "、".join(w or "空白" for w in NO_WORDS), "否"),
    *(("残疾等级", "、".join(w or "空白" for w in words), str(g)) for g, words in GRADE_WORDS.items()),
    *(("救助类别", "、".join(w or "空白" for w in words), words[0] or "无") for words in CATEGORY_WORDS.values()),
    ("救助类别", "以上加分类：农村低保A类、城市低保（一类）、二档", "该项目，分类记入家庭备注"),
    ("救助类别", "、".join(AMBIGUOUS_CATEGORIES) + "（未写城市/农村）", "拒绝：请写明城市或农村"),
    ("金额", "650、650元、1,005.00、1,005.00元", "650.00、1005.00 元"),
    ("纳入年月", "2019-03、2019年3月、2019.03、2019/3、201903、日期单元格", "2019-03"),
)


def _lookup(table: dict, value: str):  # noqa: ANN202 - key of the first entry whose words hold value
    return next((key for key, words in table.items() if value in words), None)


def cell_text(value: object) -> str:
    """A cell as compact canonical text; whole floats lose their ".0" (2.0 -> "2")."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        value = int(value)
    return compact(value)


def relation(value: object) -> str:
    text = cell_text(value)
    found = _lookup(RELATION_WORDS, text)
    if found is None:
        raise ValueError(f"应为 {'/'.join(RELATION_WORDS)} 之一（或 户主、妻、长子、长女 等），实为「{text}」")
    return found


def yes_no(value: object) -> bool:
    if isinstance(value, bool):
        return value
    text = cell_text(value)
    if text in YES_WORDS:
        return True
    if text in NO_WORDS:
        return False
    raise ValueError(f"应为 是/否（或 √/×、1/0），实为「{text}」")


def grade(value: object) -> int:
    found = _lookup(GRADE_WORDS, cell_text(value))
    if found is None or isinstance(value, bool):
        raise ValueError(f"应为 一级/二级/三级/四级、1-4 或 无，实为「{cell_text(value)}」")
    return found


def count(value: object, hi: int) -> int:
    """A small whole number 0..hi (自理能力缺失项数); "3项" is 3."""
    text = cell_text(value).removesuffix("项")
    if isinstance(value, bool) or not (text == "" or text.isdigit() and int(text) <= hi):
        raise ValueError(f"应为 0-{hi} 的整数，实为「{cell_text(value)}」")
    return int(text or 0)


def money_fen(value: object) -> int:
    """Yuan in a cell -> fen: 650, "650元", "1,005.00", "1,005.00元"; empty is 0."""
    if isinstance(value, bool) or isinstance(value, datetime | date):
        raise ValueError(f"应为非负金额，实为「{cell_text(value)}」")
    if value is None:
        return 0
    if isinstance(value, int | float):
        if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
            raise ValueError("应为非负金额，实为非数字")
        amount = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        shown = cell_text(value)
    else:
        shown = cell_text(value)
        text = shown.removesuffix("元")
        if text == "":
            return 0
        if not re.fullmatch(r"-?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?", text):
            raise ValueError(f"应为金额（如 650、650元、1,005.00），实为「{shown}」")
        try:
            amount = Decimal(text.replace(",", ""))
        except InvalidOperation:
            raise ValueError(f"应为金额（如 650、650元、1,005.00），实为「{shown}」") from None
    if amount < 0:
        raise ValueError(f"金额不能为负，实为「{shown}」")
    if amount > MAX_YUAN:
        raise ValueError(f"金额过大（每月不超过 {MAX_YUAN} 元），实为「{shown}」")
    fen = amount * 100
    if fen != fen.to_integral_value():
        raise ValueError(f"金额最多两位小数，实为「{shown}」")
    return int(fen)


_MONTH_FORMS = (
    re.compile(r"(\d{4})[-/.](\d{1,2})"),
    re.compile(r"(\d{4})年(\d{1,2})月?"),
    re.compile(r"(\d{4})(\d{2})"),
    re.compile(r"(\d{4})[-/.年](\d{1,2})[-/.月]\d{1,2}日?"),  # a whole date: its month
)


def month(value: object) -> str | None:
    """纳入年月 -> "YYYY-MM" (None when empty), within app.domain.months' range."""
    if isinstance(value, datetime | date):
        text = f"{value.year:04d}-{value.month:02d}"
    elif isinstance(value, float) and not value.is_integer():
        # a number cell: Excel shows 2019.10 as 2019.1, so one decimal is October or January
        text = repr(value)
        if re.fullmatch(r"\d{4}\.\d", text):
            raise ValueError(f"数值「{text}」无法判断是 {text[:4]}-{text[5]:0>2} 还是 {text[:4]}-{text[5]}0，"
                             "请把该列设为文本并写成 YYYY-MM")
    else:
        text = cell_text(value)
    if text == "":
        return None
    match = next((m for m in (f.fullmatch(text) for f in _MONTH_FORMS) if m), None)
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise ValueError(f"应为年月（如 2019-03、2019年3月、201903），实为「{text}」")
    ym = f"{match.group(1)}-{int(match.group(2)):02d}"
    problem = month_problem(ym)
    if problem:
        raise ValueError(problem)
    return ym


def category(value: object) -> tuple[str, str]:
    """救助类别 -> (program key or "", the local class such as "A类" or "")."""
    text = cell_text(value)
    if text in AMBIGUOUS_CATEGORIES:
        raise ValueError(f"「{text}」不能确定是城市还是农村，{AMBIGUOUS_CATEGORIES[text]}")
    for key, words in CATEGORY_WORDS.items():
        for word in words:
            if word and text.startswith(word):
                rest = text[len(word):]
                found = _CLASS.fullmatch(rest) if rest else None
                if rest == "" or found:
                    return key, found.group(1) if found else ""
        if text in words:
            return key, ""
    names = "城市低保/农村低保/城市特困/农村特困/无"
    if "特困" in text or "低保" in text:
        raise ValueError(f"「{text}」无法确定救助项目，应为 {names} 之一（可带分类，如 农村低保A类）")
    raise ValueError(f"应为 {names} 之一，实为「{text}」")
