"""Shared PDF building blocks: page numbering, the draft mark, mixed CJK/ASCII text, atomic writes."""

import pytest
from pypdf import PdfReader
from reportlab.platypus import Flowable, PageBreak, Paragraph, Table

from app.errors import AppError
from app.reports import fonts
from app.reports.pdf_common import (
    LONG_TABLE_ROWS,
    build_pdf,
    grid_table,
    grid_table_style,
    para_text,
    pdf_styles,
    signature_lines,
    widths,
)


def _pages(path) -> list[str]:
    return [page.extract_text() for page in PdfReader(path).pages]


def _three_pages() -> list:
    body = pdf_styles().body
    return [Paragraph("第一部分", body), PageBreak(), Paragraph("第二部分", body), PageBreak(),
            Paragraph("第三部分", body)]


def test_every_page_says_which_page_of_how_many(tmp_path):
    pages = _pages(build_pdf(tmp_path / "three.pdf", _three_pages(), title="测试"))
    assert len(pages) == 3
    assert ["第 1 页 共 3 页" in pages[0], "第 2 页 共 3 页" in pages[1], "第 3 页 共 3 页" in pages[2]] == [True] * 3


@pytest.mark.parametrize("draft", [True, False])
def test_the_draft_mark_is_on_every_page_only_when_asked(tmp_path, draft):
    pages = _pages(build_pdf(tmp_path / "doc.pdf", _three_pages(), title="测试", draft=draft))
    assert [("草稿" in text) for text in pages] == [draft] * 3


def test_digits_and_latin_text_survive_beside_chinese(tmp_path):
    # the bundled CJK font has no ASCII glyphs: runs of ASCII are set in Helvetica
    story = [Paragraph(para_text("金额 123.45 元，ID 43090219450101001X"), pdf_styles().body),
             grid_table([["序号", "金额（元）"], ["1", "960.00"]], widths(1, 2))]
    text = _pages(build_pdf(tmp_path / "mixed.pdf", story, title="测试"))[0]
    assert "123.45" in text and "43090219450101001X" in text and "960.00" in text


def test_signature_lines_name_each_signer(tmp_path):
    text = _pages(build_pdf(tmp_path / "sign.pdf", [signature_lines()], title="测试"))[0]
    assert all(label in text for label in ("经办人：", "审核人：", "负责人：", "日期："))


class _Broken(Flowable):
    def wrap(self, avail_width, avail_height):
        raise RuntimeError("layout failed")


def test_a_failed_build_leaves_the_old_file_and_no_temp_file(tmp_path):
    target = tmp_path / "doc.pdf"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError):
        build_pdf(target, [_Broken()], title="测试")
    assert target.read_bytes() == b"old" and [p.name for p in tmp_path.iterdir()] == ["doc.pdf"]


def test_a_missing_font_file_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setattr(fonts, "CJK_FONT", "CJK-missing-test")
    monkeypatch.setattr(fonts, "font_path", lambda: tmp_path / "none.ttf")
    with pytest.raises(AppError, match="找不到中文字体文件"):
        fonts.register_cjk_font()


def test_registering_the_font_twice_is_harmless():
    assert fonts.register_cjk_font() == fonts.register_cjk_font() == "CJK"


def test_a_long_table_keeps_every_row_once_and_repeats_its_header_on_each_page(tmp_path):
    rows = [["序号", "身份证号"]] + [[str(i), f"430902194501{i:06d}"] for i in range(LONG_TABLE_ROWS * 3)]
    pages = _pages(build_pdf(tmp_path / "long.pdf", [grid_table(rows, widths(1, 3))], title="测试"))
    text = "\n".join(pages)
    assert all(text.count(f"430902194501{i:06d}") == 1 for i in range(len(rows) - 1))
    assert len(pages) > 5 and all("身份证号" in page for page in pages)


def test_plain_string_table_cells_print_their_digits(tmp_path):
    table = Table([["序号", "金额（元）"], ["1", "960.00"]], colWidths=widths(1, 2))
    table.setStyle(grid_table_style())  # cells in the CJK font, which has no ASCII glyphs of its own
    text = _pages(build_pdf(tmp_path / "plain.pdf", [table], title="测试"))[0]
    assert "960.00" in text and "\x00" not in text
