"""Text cells that no spreadsheet program runs as a formula (SPEC §7.1 Exports).

openpyxl stores a str starting with "=" as a formula, and Excel / WPS treat a typed "+", "-" or
"@" at the start the same way. Every text value the app writes to an xlsx goes through these
helpers, which keep the value exactly as it is and mark the cell as a string (data_type "s",
with Excel's quote prefix):

- `safe_row(ws, values)` for `ws.append()` in write-only workbooks: text that could be read
  as a formula becomes a WriteOnlyCell of type "s"; cells and other values pass unchanged
  (a WriteOnlyCell already holding such text is re-typed as "s").
- `set_text(cell)` for a cell of an ordinary worksheet, after its value is set.

"Could be read as a formula": the first character after leading spaces, in NFKC form (so the
full-width ＝＋－＠ count too), is one of = + - @, or the text starts with a tab or a carriage
return (which some programs strip before looking).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell

FORMULA_STARTS = frozenset("=+-@")


def looks_like_formula(value: object) -> bool:
    """True for text a spreadsheet program could take for a formula: "=1+1", " ＝A1", "-2+3", "@SUM"."""
    if not isinstance(value, str) or not value:
        return False
    if value[0] in "\t\r\n":
        return True
    head = unicodedata.normalize("NFKC", value[:8]).lstrip()
    return bool(head) and head[0] in FORMULA_STARTS


def set_text(cell):  # noqa: ANN001, ANN201 - an openpyxl Cell or WriteOnlyCell, returned
    """Mark `cell` as a string cell when its text could be read as a formula; returns the cell."""
    if isinstance(cell.value, str) and (cell.data_type == "f" or looks_like_formula(cell.value)):
        cell.data_type = "s"
        cell.quotePrefix = True  # Excel shows it as typed text ('=...) and keeps it text when edited
    return cell


def safe_value(ws, value: object) -> object:  # noqa: ANN001 - a write-only worksheet
    """`value` ready for `ws.append()`: formula-like text as a WriteOnlyCell of type "s"."""
    if isinstance(value, Cell):  # WriteOnlyCell() makes a Cell
        return set_text(value)
    if looks_like_formula(value):
        return set_text(WriteOnlyCell(ws, value=value))
    return value


def safe_row(ws, values: Iterable[object]) -> list[object]:  # noqa: ANN001 - a write-only worksheet
    """A row for `ws.append()` in which no text is a formula."""
    return [safe_value(ws, v) for v in values]
