"""Resident ID numbers (GB 11643-1999): validation, 15->18 conversion, birth date and sex."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from stdnum.cn import ric

from app.domain.canonical import id_text
from app.errors import IdNumberError


@dataclass(frozen=True)
class IdInfo:
    number: str
    birth_date: date
    sex: str  # "男" / "女"


def _check_char(body17: str) -> str:
    """GB 11643 check character for 17 digits (stdnum wants the number with a check slot)."""
    return ric.calc_check_digit(body17 + "0")


def _birth_date(digits8: str) -> date:
    try:
        return date(int(digits8[:4]), int(digits8[4:6]), int(digits8[6:8]))
    except ValueError as exc:
        raise IdNumberError(f"出生日期 {digits8} 不存在") from exc


_STORED = re.compile(r"[0-9]{17}[0-9X]")  # ASCII only: str.isdigit() is also true for "４" and "٤"
_LEGACY = re.compile(r"[0-9]{15}")
_CHECK_CHARS = "0123456789X"


def normalize_id(raw: object, *, today: date | None = None) -> IdInfo:
    """Validate an ID number and return it in its stored form (18 ASCII characters, upper-case X).

    Every spelling of one number gives the one stored form (SPEC §2): full-width digits and ｘ,
    spaces of any kind (U+3000 too) and zero-width characters are taken out by canonical.id_text
    first. Unknown area codes are accepted on purpose (stdnum's own `validate` rejects them), so
    the checksum comes from stdnum and the date is checked here.
    """
    today = today or date.today()
    text = raw if isinstance(raw, str) and _STORED.fullmatch(raw) else id_text(raw)  # most are stored already
    if not text:
        raise IdNumberError("不能为空")
    if len(text) == 15:
        if not _LEGACY.fullmatch(text):
            raise IdNumberError(f"{text}：15 位号码只能是数字")
        body = text[:6] + "19" + text[6:]
        text = body + _check_char(body)
    elif len(text) != 18:
        raise IdNumberError(f"{text}：长度应为 18 位（或 15 位旧号），实为 {len(text)} 位")
    if not _STORED.fullmatch(text):
        raise IdNumberError(f"{text}：前 17 位必须是数字，末位为数字或 X")
    body, check = text[:17], text[17]
    born = _birth_date(body[6:14])
    if born > today:
        raise IdNumberError(f"{text}：出生日期 {born.isoformat()} 在未来")
    expected = _check_char(body)
    if check != expected:
        raise IdNumberError(f"{text}：校验位错误（应为 {expected}）")
    sex = "男" if int(body[16]) % 2 == 1 else "女"
    return IdInfo(number=text, birth_date=born, sex=sex)


def is_stored_id(text: object, *, today: date | None = None) -> bool:
    """True exactly when normalize_id(text) succeeds and gives `text` back (a valid number already in its
    stored form): the test for the many numbers of a county batch, without IdInfo or messages. Any
    other spelling (full-width, spaced, lower-case x, 15 digits) is False: its canonical form differs."""
    if not (isinstance(text, str) and _STORED.fullmatch(text)):  # 18 ASCII characters, upper-case X
        return False
    if text[17] != _CHECK_CHARS[(1 - 2 * int(text[:17], 13)) % 11]:  # _check_char(), without the copies
        return False
    try:
        born = date.fromisoformat(text[6:14])  # YYYYMMDD: the same date (or error) as _birth_date()
    except ValueError:
        return False
    return born <= (today or date.today())


def is_valid_id(raw: object) -> bool:
    try:
        normalize_id(raw)
    except IdNumberError:
        return False
    return True


def age_on(birth: date, day: date) -> int:
    """Whole years of age on `day`."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))
