"""The bundled CJK TrueType font, registered once with reportlab under the name "CJK".

reportlab's built-in fonts have no Chinese glyphs, so every PDF style uses this one. The
bundled DroidSansFallbackFull is a *fallback* font: it has Chinese and full-width forms but
no ASCII at all (no digits, no Latin letters, no '.', '-', ':'). Text is therefore set in runs:
`font_runs` gives each character the CJK font when it has the glyph, else Helvetica, else
Symbol (both among the 14 standard PDF fonts every viewer has: ASCII, × ÷ “ ” — from one,
≈ ≤ ≥ ± from the other); pdf_common builds paragraphs and canvas strings from these runs.
U+2212 minus is printed as '-' to match the digits around it.

The CJK font has no bold face: the family maps bold and italic onto the regular face, so
`<b>` in a paragraph renders (un-bolded) instead of failing. Titles fake bold by stroking.
"""

from __future__ import annotations

import threading
from functools import lru_cache
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from app.errors import AppError
from app.paths import resources_dir

CJK_FONT = "CJK"
LATIN_FONT = "Helvetica"
SYMBOL_FONT = "Symbol"
FONT_FILE = "wqy-microhei.ttc"  # a collection: face 0 is Micro Hei
# symbols in neither font, and what to print instead
SUBSTITUTES = {"\u2212": "-", "\u2013": "-"}

_lock = threading.Lock()
_cjk_chars: frozenset[int] = frozenset()
_registered: set[str] = set()


def font_path() -> Path:
    return resources_dir() / "fonts" / FONT_FILE


def register_cjk_font() -> str:
    """Register the bundled font (first call only) and return its reportlab name."""
    global _cjk_chars
    if CJK_FONT in _registered:  # fast path: called for every string drawn
        return CJK_FONT
    with _lock:
        if CJK_FONT in _registered:
            return CJK_FONT
        path = font_path()
        if not path.is_file():
            raise AppError(f"找不到中文字体文件 {path}，无法生成 PDF，请重新安装本程序")
        try:
            font = TTFont(CJK_FONT, str(path), subfontIndex=0)
        except Exception as exc:  # a truncated or corrupt file: reportlab raises its own TTFError
            raise AppError(f"中文字体文件 {path} 无法读取（{exc}），请重新安装本程序") from exc
        pdfmetrics.registerFont(font)
        _cjk_chars = frozenset(font.face.charToGlyph)
        for bold in (0, 1):
            for italic in (0, 1):
                addMapping(CJK_FONT, bold, italic, CJK_FONT)
        _registered.add(CJK_FONT)
        return CJK_FONT


def _encodable(ch: str, encoding: str) -> bool:
    try:
        ch.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return False
    return True


@lru_cache(maxsize=8192)
def _font_for(ch: str) -> str:
    if ord(ch) in _cjk_chars:
        return CJK_FONT
    if _encodable(ch, "cp1252"):  # Helvetica is set in WinAnsiEncoding
        return LATIN_FONT
    if _encodable(ch, "symbol"):  # ≈ ≤ ≥ ≠ ± ...; reportlab registers the codec
        return SYMBOL_FONT
    return CJK_FONT  # nobody has it: the CJK font's blank .notdef


def font_runs(text: str) -> tuple[tuple[str, str], ...]:
    """Split `text` into (font name, run) pieces; spaces stay with the run they are in."""
    register_cjk_font()
    return _runs(text)


@lru_cache(maxsize=16384)  # rosters repeat village names, amounts, headers on every page
def _runs(text: str) -> tuple[tuple[str, str], ...]:
    runs: list[tuple[str, str]] = []
    current, buf = "", []
    for ch in text:
        ch = SUBSTITUTES.get(ch, ch)
        font = current if ch == " " and current else _font_for(ch)
        if font != current and buf:
            runs.append((current, "".join(buf)))
            buf = []
        current = font
        buf.append(ch)
    if buf:
        runs.append((current, "".join(buf)))
    return tuple(runs)


def text_width(text: str, size: float) -> float:
    """Width in points of `text` set in runs at `size`."""
    return sum(pdfmetrics.stringWidth(run, font, size) for font, run in font_runs(text))
