"""Public notice PDFs (公示): one section per village, only the fields SPEC §5 allows."""

from __future__ import annotations

from datetime import date
from itertools import groupby
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Paragraph, Spacer

from app.domain.money import format_fen
from app.reports.pdf_common import (
    Title,
    build_pdf,
    chinese_date,
    grid_table,
    para_text,
    pdf_styles,
    right_aligned,
    widths,
)

TITLES = {"pending": "最低生活保障、特困人员供养初审公示", "current": "社会救助对象长期公示"}


def _rows(kind: str, rows: list) -> tuple[list[list[str]], list[float]]:
    if kind == "pending":
        head = ["序号", "申请人", "家庭人口", "救助项目", "拟救助金额(元/月)", "公示起止日期"]
        body = [[str(i), r.name, str(r.household_size), r.program, format_fen(r.amount_fen),
                 f"{r.start:%Y-%m-%d} 至 {r.end:%Y-%m-%d}" if r.start else ""] for i, r in enumerate(rows, 1)]
        return [head, *body], widths(6, 14, 10, 14, 18, 26)
    head = ["序号", "户主/对象姓名", "家庭人口", "救助项目", "月救助金额(元)"]
    body = [[str(i), r.name, str(r.household_size), r.program, format_fen(r.amount_fen)]
            for i, r in enumerate(rows, 1)]
    return [head, *body], widths(8, 24, 14, 20, 20)


def notice_pdf(rows: list, path: Path, *, kind: str, township: str, phone: str, today: date) -> Path:
    st = pdf_styles()
    story: list = []
    for n, (village, v_rows) in enumerate(groupby(rows, key=lambda r: r.village)):
        v_rows = list(v_rows)
        if n:
            story.append(PageBreak())
        story += [Title(f"{township}{village}{TITLES[kind]}"),
                  Paragraph(para_text("根据《社会救助暂行办法》和最低生活保障、特困人员认定有关规定，现将以下人员情况"
                                      "予以公示。如有异议，请在公示期内向乡镇人民政府（街道办事处）或县级民政部门反映。"),
                            st.letter)]
        table, col_widths = _rows(kind, v_rows)
        story += [Spacer(0, 3 * mm), grid_table(table, col_widths, centered_cols=range(len(col_widths))),
                  Spacer(0, 4 * mm),
                  Paragraph(para_text(f"监督举报电话：{phone or '＿＿＿＿＿＿＿＿'}"), st.body),
                  Paragraph(para_text("公示期：7 天" if kind == "pending" else "长期公示，每月更新"), st.body),
                  Spacer(0, 8 * mm),
                  Paragraph(para_text(f"{township}人民政府（盖章）"), right_aligned(st.body)),
                  Paragraph(para_text(chinese_date(today)), right_aligned(st.body))]
    return build_pdf(path, story, title=f"{township}{TITLES[kind]}")
