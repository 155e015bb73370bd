"""Canonical forms of what people type (SPEC §2): one spelling of each value wherever it enters.

Text is Unicode NFKC (full-width digits, letters and brackets become their ASCII forms) and
trimmed; identifiers (ID numbers, bank accounts, phone numbers) also lose every space, including
the ideographic space and the zero-width characters an IME or a copy from a web page leaves.
"""

from __future__ import annotations

import re
import unicodedata

_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))
_SPACES = re.compile(r"\s+")


def text(value: object) -> str:
    """NFKC and trimmed; None is the empty text."""
    if value is None:
        return ""
    return unicodedata.normalize("NFKC", str(value)).translate(_INVISIBLE).strip()


def compact(value: object) -> str:
    """NFKC with every space removed: the form of account and phone numbers."""
    return _SPACES.sub("", text(value))


def id_text(value: object) -> str:
    """The canonical spelling of an ID number before it is validated: compact, upper-case X."""
    return compact(value).upper()
