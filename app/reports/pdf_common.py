"""Building blocks shared by every PDF the app prints: forms, notices, rosters.

- `build_pdf(path, story, title=...)` lays a story out on A4 and writes the file atomically,
  with the footer "第 x 页 共 y 页" on every page and, with `draft=True`, a large diagonal grey
  "草稿" behind the content of every page.
- `pdf_styles()` gives paragraph styles in the CJK font (title, subtitle, heading, body,
  letter, small, cell, cell_center, label).
- `Title` is a centred, outline-stroked title (the bundled font has no bold face).
- `grid_table(rows, widths)` and `grid_table_style()` make bordered tables whose text cells
  wrap; tables longer than LONG_TABLE_ROWS lay out page by page in linear time (LongTable).
- `SignatureLines` / `signature_lines()` print "经办人：____  审核人：____  负责人：____  日期：____".
- `atomic_output(path)` (reports/output.py) checks the path and writes temp-file-then-rename.

The bundled CJK font has no ASCII glyphs (see fonts.py). Text therefore goes out in font runs:
paragraph text must pass through `para_text()` (or use `para()`), canvas text through
`draw_text()`; plain strings drawn in the CJK font (str table cells) are split into runs by
`NumberedCanvas`, so they are safe inside `build_pdf`.

Page totals: `NumberedCanvas` keeps each finished page's drawing state and paints the footers
when the document is saved, so one layout pass suffices and memory grows linearly with pages.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache, partial
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Table, TableStyle, paragraph

from app.reports.fonts import CJK_FONT, font_runs, register_cjk_font, text_width
from app.reports.output import atomic_output  # noqa: F401 - re-exported (roster and stats workbooks)

PAGE_SIZE = A4
MARGIN_X = 18 * mm
MARGIN_TOP = 16 * mm
MARGIN_BOTTOM = 18 * mm  # leaves room for the page footer
CONTENT_WIDTH = PAGE_SIZE[0] - 2 * MARGIN_X
FOOTER_FORMAT = "第 {page} 页 共 {total} 页"
LABEL_BACKGROUND = colors.HexColor("#F0F0F0")
WATERMARK_GREY = colors.Color(0.55, 0.55, 0.55, alpha=0.28)


# Chinese punctuation that may not start a line. reportlab's CJK wrap lets one such character
# hang in the margin, but its list is Japanese and lacks the full-width comma, semicolon, colon...
CANNOT_START_LINE = "，；：！？、。）》」』】〕"
paragraph.ALL_CANNOT_START += "".join(ch for ch in CANNOT_START_LINE if ch not in paragraph.ALL_CANNOT_START)


def page_label(page: int, total: int) -> str:
    """The footer text: page_label(1, 3) -> '第 1 页 共 3 页'."""
    return FOOTER_FORMAT.format(page=page, total=total)


BLANK_DATE = "＿＿＿＿年＿＿月＿＿日"  # to fill in by hand (paragraphs collapse runs of spaces)


def chinese_date(day: date | None, blank: str = BLANK_DATE) -> str:
    """2020-10-09 -> '2020 年 10 月 9 日'; None -> a blank to fill in by hand."""
    return f"{day.year} 年 {day.month} 月 {day.day} 日" if day else blank


def para_text(text: object) -> str:
    """Plain text as paragraph markup: XML-escaped, newlines kept, ASCII runs in the Latin font."""
    register_cjk_font()
    parts = []
    # an ideographic space is a deliberate gap: keep it as no-break spaces, which do not collapse
    for font, run in font_runs(str(text).replace("\u3000", "\xa0" * 4)):
        markup = escape(run).replace("\n", "<br/>")
        parts.append(markup if font == CJK_FONT else f'<font name="{font}">{markup}</font>')
    return "".join(parts)


def para(text: object, style: ParagraphStyle | None = None) -> Paragraph:
    """A Paragraph of plain text (digits and Latin letters included) in `style` (default: body)."""
    return Paragraph(para_text(text), style or pdf_styles().body)


def draw_text(canvas: Canvas, x: float, y: float, text: str, size: float, anchor: str = "left") -> float:
    """Draw `text` in font runs at (x, y); anchor is left, centre or right. Returns the width."""
    width = text_width(text, size)
    x -= {"left": 0, "centre": width / 2, "right": width}[anchor]
    obj = canvas.beginText(x, y)
    for font, run in font_runs(text):
        obj.setFont(font, size)
        obj.textOut(run)
    obj.setFont(canvas._fontname, canvas._fontsize, canvas._leading)  # leave the PDF font as the canvas thinks
    canvas.drawText(obj)
    return width


# ---- styles -------------------------------------------------------------------------------


@dataclass(frozen=True)
class PdfStyles:
    title: ParagraphStyle  # 18 pt, centred; for wrapping titles (short ones: use Title)
    subtitle: ParagraphStyle  # 10.5 pt, centred, under the title
    heading: ParagraphStyle  # 12 pt, left, section heads outside tables
    body: ParagraphStyle  # 10.5 pt, justified
    letter: ParagraphStyle  # 12 pt body text of a notice, first line indented two characters
    small: ParagraphStyle  # 9 pt, for notes and header lines
    cell: ParagraphStyle  # 9.5 pt, left, table cells
    cell_center: ParagraphStyle  # 9.5 pt, centred, table cells
    label: ParagraphStyle  # 9.5 pt, centred, label cells of a form


@lru_cache(maxsize=1)
def pdf_styles() -> PdfStyles:
    """Paragraph styles in the CJK font; CJK word wrap so Chinese breaks between any characters."""
    font = register_cjk_font()

    def style(name: str, size: float, align: int = TA_LEFT, leading: float = 1.45, **kw) -> ParagraphStyle:
        return ParagraphStyle(name, fontName=font, fontSize=size, leading=size * leading, alignment=align,
                              wordWrap="CJK", **kw)

    return PdfStyles(
        title=style("jz-title", 18, TA_CENTER, spaceAfter=4 * mm),
        subtitle=style("jz-subtitle", 10.5, TA_CENTER, spaceAfter=3 * mm),
        heading=style("jz-heading", 12, spaceBefore=3 * mm, spaceAfter=2 * mm),
        body=style("jz-body", 10.5, TA_JUSTIFY, leading=1.6),
        letter=style("jz-letter", 12, TA_JUSTIFY, leading=1.9, firstLineIndent=24),
        small=style("jz-small", 9, leading=1.4),
        cell=style("jz-cell", 9.5, leading=1.35, rightIndent=6),  # room for a hanging "）" or "，"
        cell_center=style("jz-cell-center", 9.5, TA_CENTER, leading=1.35),
        label=style("jz-label", 9.5, TA_CENTER, leading=1.35),
    )


def right_aligned(style: ParagraphStyle, indent: float = 0) -> ParagraphStyle:
    """A copy of `style` aligned right, `indent` points in from the right (signature and date lines)."""
    return ParagraphStyle(f"{style.name}-right-{indent}", parent=style, alignment=TA_RIGHT, firstLineIndent=0,
                          rightIndent=indent)


# ---- flowables ----------------------------------------------------------------------------


class Title(Flowable):
    """A one-line centred title, stroked so it reads as bold; shrinks to fit the frame width."""

    def __init__(self, text: str, size: float = 18, space_after: float = 5 * mm, char_space: float = 1.5) -> None:
        super().__init__()
        self.text, self.size, self.char_space = text, size, char_space
        self.spaceAfter = space_after
        register_cjk_font()

    def _text_width(self, size: float) -> float:
        return text_width(self.text, size) + self.char_space * max(len(self.text) - 1, 0)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        self._fit = min(self.size, self.size * avail_width / max(self._text_width(self.size), 1))
        return avail_width, self._fit * 1.5

    def draw(self) -> None:
        c, size = self.canv, self._fit
        c.saveState()
        c.setLineWidth(size * 0.035)
        text = c.beginText((self.width - self._text_width(size)) / 2, size * 0.35)
        text.setCharSpace(self.char_space)
        text.setTextRenderMode(2)  # fill and stroke: a faux bold
        for font, run in font_runs(self.text):
            text.setFont(font, size)
            text.textOut(run)
        c.drawText(text)
        c.restoreState()


class SignatureLines(Flowable):
    """Labels with ruled blanks spread across the line: 经办人：____  审核人：____  负责人：____  日期：____.

    `filled` prints known values (a name, a date) just above a blank; the rest stay empty
    for a pen.
    """

    def __init__(self, labels: Sequence[str] = ("经办人", "审核人", "负责人", "日期"), *,
                 filled: Mapping[str, str] | None = None, size: float = 10.5, space_before: float = 6 * mm) -> None:
        super().__init__()
        self.labels, self.filled, self.size = list(labels), dict(filled or {}), size
        self.spaceBefore = space_before
        register_cjk_font()

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        return avail_width, self.size * 2.2

    def draw(self) -> None:
        c, slot = self.canv, self.width / max(len(self.labels), 1)
        gap = 4 * mm
        c.saveState()
        c.setLineWidth(0.6)
        for i, label in enumerate(self.labels):
            x = i * slot
            start = x + draw_text(c, x, self.size * 0.4, f"{label}：", self.size)
            c.line(start, self.size * 0.2, x + slot - gap, self.size * 0.2)
            if self.filled.get(label):
                draw_text(c, (start + x + slot - gap) / 2, self.size * 0.4, self.filled[label], self.size, "centre")
        c.restoreState()


def signature_lines(labels: Sequence[str] = ("经办人", "审核人", "负责人", "日期"), **kw) -> SignatureLines:
    """The standard signature row of a roster or a form (see SignatureLines)."""
    return SignatureLines(labels, **kw)


# ---- tables -------------------------------------------------------------------------------


def grid_table_style(*, header_rows: int = 1, font_size: float = 9.5, padding: float = 3,
                     header_background: colors.Color | None = LABEL_BACKGROUND) -> TableStyle:
    """CJK font, thin inner grid, heavier outer box, cells vertically centred, shaded header rows."""
    font = register_cjk_font()
    commands: list[tuple] = [
        ("FONT", (0, 0), (-1, -1), font, font_size, font_size * 1.35),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("BOX", (0, 0), (-1, -1), 1.0, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), padding),
        ("RIGHTPADDING", (0, 0), (-1, -1), padding),
        ("TOPPADDING", (0, 0), (-1, -1), padding),
        ("BOTTOMPADDING", (0, 0), (-1, -1), padding),
    ]
    if header_rows:
        commands.append(("ALIGN", (0, 0), (-1, header_rows - 1), "CENTER"))
        if header_background is not None:
            commands.append(("BACKGROUND", (0, 0), (-1, header_rows - 1), header_background))
    return TableStyle(commands)


class CellText(Flowable):
    """One line of cell text in font runs: a cheap stand-in for a Paragraph that needs no wrapping."""

    def __init__(self, text: str, size: float, align: int) -> None:
        super().__init__()
        self.text, self.size, self.align = text, size, align

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        return avail_width, self.size * 1.35

    def draw(self) -> None:
        x = {TA_CENTER: self.width / 2, TA_RIGHT: self.width}.get(self.align, 0)
        anchor = {TA_CENTER: "centre", TA_RIGHT: "right"}.get(self.align, "left")
        draw_text(self.canv, x, self.size * 0.3, self.text, self.size, anchor)


def cell(value: object, style: ParagraphStyle | None = None, width: float | None = None) -> object:
    """A table cell: text becomes a wrapping Paragraph; flowables and None pass through.

    With the cell's inner `width`, one-line text that fits becomes a CellText instead: it
    looks the same and lays out many times faster (long rosters).
    """
    if value is None or isinstance(value, Flowable | list):
        return value
    style = style or pdf_styles().cell
    text = str(value)
    if width is not None and "\n" not in text:
        if text_width(text, style.fontSize) <= width:
            return CellText(text, style.fontSize, style.alignment)
    return Paragraph(para_text(text), style)


@dataclass(frozen=True)
class _TableSpec:
    """What grid_table was asked for; builds the Table for any slice of the body rows."""

    rows: Sequence[Sequence[object]]
    col_widths: list[float]
    header_rows: int
    styles: tuple[ParagraphStyle, ParagraphStyle, ParagraphStyle]  # body, centred body, header
    centered_cols: frozenset[int]
    commands: list[tuple]
    padding: float

    def make_row(self, r: int) -> list[object]:
        body, center, header = self.styles
        return [cell(v, header if r < self.header_rows else center if c in self.centered_cols else body,
                     self.col_widths[c] - 2 * self.padding) for c, v in enumerate(self.rows[r])]

    def table(self, start: int, stop: int) -> Table:
        """Header rows plus body rows [start, stop), with the style commands moved to match."""
        h = self.header_rows
        data = [self.make_row(r) for r in (*range(h), *range(start, stop))]
        spans = any(command[0] == "SPAN" for command in self.commands)
        table = Table(data, colWidths=self.col_widths, repeatRows=h, splitInRow=0 if spans else 1)
        whole = start == h and stop == len(self.rows)
        table.setStyle(TableStyle(self.commands if whole else self._window(start, stop)))
        return table

    def _window(self, start: int, stop: int) -> list[tuple]:
        h, n, out = self.header_rows, len(self.rows), []
        for name, (c0, r0), (c1, r1), *rest in self.commands:
            r0, r1 = (r0 + n if r0 < 0 else r0), (r1 + n if r1 < 0 else r1)
            lo, hi = max(r0, start), min(r1, stop - 1)
            if r0 < h and lo <= hi and lo == start:  # header and body rows form one block here
                out.append((name, (c0, r0), (c1, h + hi - start), *rest))
                continue
            if r0 < h:
                out.append((name, (c0, r0), (c1, min(r1, h - 1)), *rest))
            if lo <= hi:
                out.append((name, (c0, h + lo - start), (c1, h + hi - start), *rest))
        return out


class LongTable(Flowable):
    """A grid table of any length, laid out one page-sized window of rows at a time.

    reportlab splits a Table by copying every remaining row into a new Table at each page
    break, which is quadratic in the row count; here each page builds a Table of just over a
    page of rows, so layout time grows linearly. Rows do not break across pages.
    """

    def __init__(self, spec: _TableSpec, start: int | None = None, window: int = 60) -> None:
        super().__init__()
        self.spec, self.window = spec, window
        self.start = spec.header_rows if start is None else start
        self._table: Table | None = None
        self._more = False

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        n = len(self.spec.rows)
        while True:
            stop = min(n, self.start + self.window)
            self._table = self.spec.table(self.start, stop)
            width, height = self._table.wrap(avail_width, avail_height)
            self._more = stop < n
            if not self._more or height > avail_height:
                return width, height
            self.window *= 2  # the window must hold more than a page, or rows would be lost

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        self.wrap(avail_width, avail_height)
        assert self._table is not None
        parts = self._table.split(avail_width, avail_height)
        if not self._more or not parts:
            return parts
        used = len(parts[0]._cellvalues) - self.spec.header_rows
        if used <= 0:
            return []
        return [parts[0], LongTable(self.spec, self.start + used, max(used + used // 2, 10))]

    def draw(self) -> None:
        assert self._table is not None
        self._table.drawOn(self.canv, 0, 0)


LONG_TABLE_ROWS = 200  # more body rows than this: laid out window by window (LongTable)


def grid_table(rows: Sequence[Sequence[object]], col_widths: Sequence[float], *, header_rows: int = 1,
               centered_cols: Sequence[int] = (), extra_style: Sequence[tuple] = (),
               font_size: float = 9.5) -> Flowable:
    """A bordered table whose text cells wrap inside their column; header rows repeat on each page.

    `col_widths` are points (use `widths()` for proportions); `centered_cols` centre those
    columns' body cells; `extra_style` appends TableStyle commands (spans, shading ...), with
    row numbers counted in `rows` as given. A row taller than a page breaks inside the row,
    unless the table has spans (reportlab misplaces split cells under a SPAN: keep long free
    text out of spanned tables) or more than LONG_TABLE_ROWS body rows (see LongTable).
    Returns a reportlab Table, or a LongTable for long ones.
    """
    st = pdf_styles()
    styles = (st.cell, st.cell_center, st.label)
    if font_size != st.cell.fontSize:
        styles = tuple(ParagraphStyle(f"{s.name}-{font_size}", parent=s, fontSize=font_size,
                                      leading=font_size * 1.35) for s in styles)  # type: ignore[assignment]
    padding = 3
    commands = list(grid_table_style(header_rows=header_rows, font_size=font_size, padding=padding).getCommands())
    spec = _TableSpec(rows, list(col_widths), header_rows, styles, frozenset(centered_cols),
                      commands + [tuple(c) for c in extra_style], padding)
    if len(rows) - header_rows > LONG_TABLE_ROWS:
        return LongTable(spec)
    return spec.table(header_rows, len(rows))


def widths(*weights: float, total: float = CONTENT_WIDTH) -> list[float]:
    """Column widths in proportion to `weights`, filling `total` points."""
    whole = sum(weights)
    return [total * w / whole for w in weights]


# ---- pages --------------------------------------------------------------------------------


def draw_draft_watermark(canvas: Canvas, text: str = "草稿", pagesize: tuple[float, float] = PAGE_SIZE) -> None:
    """A large diagonal translucent grey mark across the middle of the page."""
    font = register_cjk_font()
    width, height = pagesize
    canvas.saveState()
    canvas.setFillColor(WATERMARK_GREY)
    canvas.translate(width / 2, height / 2)
    canvas.rotate(45)
    size = min(width, height) * 0.32
    canvas.setFont(font, size)
    canvas.drawCentredString(0, -size * 0.35, text)
    canvas.restoreState()


class NumberedCanvas(Canvas):
    """Holds every page until save(), then stamps "第 x 页 共 y 页" (and a left note) on each."""

    def __init__(self, *args, footer_note: str = "", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict] = []
        self._footer_note = footer_note

    # Plain strings drawn in the CJK font (table cells given as str, onPage decorations) go out
    # in font runs too, so the digits and Latin letters the bundled font lacks still print.
    def drawString(self, x: float, y: float, text: str, *args, **kwargs) -> None:  # noqa: N802
        self._aligned(super().drawString, x, y, text, "left", args, kwargs)

    def drawCentredString(self, x: float, y: float, text: str, *args, **kwargs) -> None:  # noqa: N802
        self._aligned(super().drawCentredString, x, y, text, "centre", args, kwargs)

    def drawRightString(self, x: float, y: float, text: str, *args, **kwargs) -> None:  # noqa: N802
        self._aligned(super().drawRightString, x, y, text, "right", args, kwargs)

    def _aligned(self, plain, x: float, y: float, text: str, anchor: str, args: tuple, kwargs: dict) -> None:
        if self._fontname == CJK_FONT and not args and not kwargs:
            draw_text(self, x, y, str(text), self._fontsize, anchor)
        else:
            plain(x, y, text, *args, **kwargs)

    def showPage(self) -> None:  # noqa: N802 - reportlab's name
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self._draw_footer(total)
            super().showPage()
        super().save()

    def _draw_footer(self, total: int) -> None:
        width = self._pagesize[0]
        self.saveState()
        self.setFillColor(colors.black)
        y = MARGIN_BOTTOM / 2
        draw_text(self, width / 2, y, page_label(self._pageNumber, total), 9, "centre")
        if self._footer_note:
            draw_text(self, MARGIN_X, y, self._footer_note, 9)
        self.restoreState()


def build_pdf(path: Path | str, story: list[Flowable], *, title: str, draft: bool = False,
              author: str = "", subject: str = "", footer_note: str = "",
              margins: tuple[float, float, float, float] | None = None) -> Path:
    """Lay `story` out on A4 and write it atomically to `path`; returns the path.

    `draft` draws the diagonal "草稿" mark behind every page; `footer_note` goes at the left
    of every footer (e.g. "打印日期：2020-10-20"); `margins` are (left, right, top, bottom) points.
    """
    register_cjk_font()
    left, right, top, bottom = margins or (MARGIN_X, MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM)

    def on_page(canvas: Canvas, doc: SimpleDocTemplate) -> None:
        if draft:
            draw_draft_watermark(canvas, pagesize=doc.pagesize)

    with atomic_output(path) as tmp:
        doc = SimpleDocTemplate(str(tmp), pagesize=PAGE_SIZE, leftMargin=left, rightMargin=right, topMargin=top,
                                bottomMargin=bottom, title=title, author=author, subject=subject,
                                creator="jiuzhu 乡镇社会救助工作台")
        doc.build(list(story), onFirstPage=on_page, onLaterPages=on_page,
                  canvasmaker=partial(NumberedCanvas, footer_note=footer_note))
    return Path(path)
