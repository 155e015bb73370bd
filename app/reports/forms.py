"""Printable forms of one application (SPEC §5): 审核确认表, 入户调查表, 不予受理/不予确认通知书.

Each function takes the `FormData` of app.services.forms and writes one A4 PDF atomically.
The forms are internal papers for signature and show full ID numbers; the rejection notice is
handed to the applicant and shows none.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import groupby
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, HRFlowable, KeepTogether, Paragraph, Spacer, Table

from app.errors import Conflict
from app.reports.form_inputs import FormData, FormMember, Opinion
from app.reports.pdf_common import (
    BLANK_DATE,
    CONTENT_WIDTH,
    LABEL_BACKGROUND,
    SignatureLines,
    Title,
    build_pdf,
    chinese_date,
    grid_table,
    para_text,
    pdf_styles,
    right_aligned,
    widths,
)

APPEAL_BODY = "县（市、区）人民政府"
GRADES = {1: "一级", 2: "二级", 3: "三级", 4: "四级"}
KV_WIDTHS = widths(24, 63, 24, 63)
SECTION_BACKGROUND = colors.HexColor("#DCDCDC")


def _titles(data: FormData) -> tuple[str, str]:
    """(review form title, investigation form title) for the program family."""
    if data.family == "tekun":
        return "特困人员救助供养审核确认表", "特困人员入户调查表"
    return "最低生活保障审核确认表", "最低生活保障家庭入户调查表"


def _p(text: object, style_name: str = "cell") -> Paragraph:
    return Paragraph(para_text(text), getattr(pdf_styles(), style_name))


def _head_line(data: FormData) -> Table:
    """The line above a form: township and village at the left, application number at the right."""
    st = pdf_styles()
    left = _p(f"乡镇（街道）：{data.township}　　村（社区）：{data.village}", "small")
    right = Paragraph(para_text(f"申请编号：{data.application_id:06d}"), right_aligned(st.small))
    table = Table([[left, right]], colWidths=widths(3, 1))
    table.setStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 2)])
    return table


def _section(title: str) -> Flowable:
    table = grid_table([[title]], [CONTENT_WIDTH], header_rows=0,
                       extra_style=[("BACKGROUND", (0, 0), (-1, -1), SECTION_BACKGROUND)])
    table.keepWithNext = True  # never a section heading alone at the foot of a page
    return table


def _kv(rows: Sequence[Sequence[object]], extra: Sequence[tuple] = ()) -> list[Flowable]:
    """Label/value rows: four-item rows on four columns, two-item rows as label + one wide value.

    Each run of rows of one shape becomes its own table, stacked flush: no cell spans, so a
    long value may break across pages (reportlab cannot split a row inside a span).
    """
    tables: list[Flowable] = []
    for wide, group in groupby(rows, key=len):
        group = list(group)
        if wide == 2:
            cells = [[_p(row[0], "label"), row[1] if isinstance(row[1], Flowable | list) else _p(row[1])]
                     for row in group]
            style = [("BACKGROUND", (0, 0), (0, -1), LABEL_BACKGROUND), *extra]
            tables.append(grid_table(cells, [KV_WIDTHS[0], sum(KV_WIDTHS[1:])], header_rows=0, extra_style=style))
        else:
            cells = [[_p(a, "label"), _p(b), _p(c, "label"), _p(d)] for a, b, c, d in group]
            style = [("BACKGROUND", (0, 0), (0, -1), LABEL_BACKGROUND), ("BACKGROUND", (2, 0), (2, -1), LABEL_BACKGROUND),
                     *extra]
            tables.append(grid_table(cells, KV_WIDTHS, header_rows=0, extra_style=style))
    return tables


def _yes(flag: bool) -> str:
    return "是" if flag else "否"


def _members_table(members: Sequence[FormMember], *, labour: bool) -> Flowable:
    last = "劳动能力" if labour else "是否保障"
    rows: list[list[object]] = [["序号", "姓名", "与申请人\n关系", "性别", "出生日期", "公民身份号码", "月收入\n（元）",
                                 "残疾\n等级", "重病", last]]
    for i, m in enumerate(members, 1):
        rows.append([str(i), m.name, m.relation, m.sex, m.birth_date.isoformat(), m.id_number, m.income_yuan,
                     GRADES.get(m.disability_grade, "无"), _yes(m.serious_illness),
                     (m.labour_ability or "") if labour else _yes(m.covered)])
    return grid_table(rows, widths(7, 15, 13, 8, 18, 34, 15, 10, 8, 13), font_size=9,
                      centered_cols=(0, 2, 3, 4, 5, 6, 7, 8, 9))


def _yuan(value: str | None, unit: str = "元") -> str:
    return f"{value} {unit}" if value is not None else ""


def _decision_box(opinion: Opinion | None, signer: str, *, seal: bool = False) -> list[Flowable]:
    """An opinion cell: the opinion (or room to write one), then the signer and date at the right."""
    right = right_aligned(pdf_styles().cell, indent=4 * mm)
    if opinion is None:
        body: list[Flowable] = [Spacer(1, 14 * mm)]
        sign = f"{signer}（签字）：＿＿＿＿＿＿　　日期：{BLANK_DATE}"
    else:
        text = opinion.label + (f"。{opinion.opinion}" if opinion.opinion else "")
        if opinion.amount_yuan is not None:
            text += f"\n核定救助金额：{opinion.amount_yuan} 元/月"
        body = [_p(text), Spacer(1, 6 * mm)]
        sign = f"{signer}：{opinion.actor}　　日期：{chinese_date(opinion.on)}"
    body.append(Paragraph(para_text(sign), right))
    if seal:
        body.append(Paragraph(para_text("（盖章）"), right))
    return body


def _notice_text(data: FormData) -> str:
    if data.notice_start is None:
        return "未公示"
    text = f"{chinese_date(data.notice_start)} 至 {chinese_date(data.notice_end)} 在{data.village}公示"
    if data.objections:
        text += "；异议：" + "；".join(f"{chinese_date(o.on)} {o.opinion}" for o in data.objections)
    elif data.notice_closed:
        text += "，公示期满无异议"
    return text


def _calc_rows(data: FormData) -> list[list[object]]:
    amounts = ["计算救助金额", _yuan(data.computed_amount_yuan, "元/月"), "核定救助金额", _yuan(data.amount_yuan, "元/月")]
    if data.family == "dibao":
        head = [["家庭月收入", _yuan(data.household_income_yuan), "刚性支出", _yuan(data.deductions_yuan)],
                ["人均月收入", _yuan(data.per_capita_income_yuan), "计算月份", data.calc_month]]
    else:  # tekun: a per-person amount, no per-capita test
        head = [["月收入合计", _yuan(data.household_income_yuan), "计算月份", data.calc_month]]
    return [*head, amounts, ["计算过程", "\n".join(data.calc_lines)]]


def _investigation_rows(data: FormData) -> list[list[object]]:
    inv = data.investigation
    if inv is None:
        return [["入户调查日期", "", "调查人员", ""], ["调查情况", "（尚未登记调查结果）"], ["信息核对结果", ""]]
    return [["入户调查日期", chinese_date(inv.visit_date), "调查人员", "、".join(inv.investigators)],
            ["调查情况", inv.findings], ["信息核对结果", inv.data_check]]


def _applicant_rows(data: FormData) -> list[list[object]]:
    return [
        ["申请人", data.applicant, "公民身份号码", data.applicant_id_number],
        ["救助项目", data.program_name, "户籍类型", data.hukou_type],
        ["家庭住址", data.address or data.village, "联系电话", data.phone],
        ["申请日期", chinese_date(data.applied_on), "受理日期", chinese_date(data.accepted_on, "")],
        ["家庭人口", f"{len(data.members)} 人", "保障人口", f"{data.covered_count} 人"],
    ]


def _papers_text(data: FormData) -> str:
    """申请材料 as the forms list them: each type with its date and pages, in the order attached."""
    if not data.papers:
        return "未附加"
    return "；".join(f"{p.paper_type}（{chinese_date(p.attached_on)}，{p.pages} 页）" for p in data.papers)


def review_form_pdf(data: FormData, path: Path | str) -> Path:
    """审核确认表: household, members, income and amount with breakdown, investigation, opinions."""
    title, _ = _titles(data)
    confirm = "审核确认人"
    story: list[Flowable] = [
        Title(title), _head_line(data),
        _section("一、申请家庭基本情况"), *_kv(_applicant_rows(data) + [["申请材料", _papers_text(data)]]),
        _section("二、家庭成员情况"), _members_table(data.members, labour=False),
        _section("三、家庭收入及救助金额"), *_kv(_calc_rows(data)),
        _section("四、入户调查及公示情况"), *_kv(_investigation_rows(data) + [["公示情况", _notice_text(data)]]),
        KeepTogether([
            _section("五、审核意见"),
            *_kv([["乡镇初审意见", _decision_box(data.first_review, "审核人")],
                 ["审核确认意见", _decision_box(data.confirmation, confirm, seal=True)]]),
            SignatureLines(),
        ]),
    ]
    return build_pdf(path, story, title=f"{data.applicant} {data.program_name}{title}",
                     footer_note=f"申请编号：{data.application_id:06d}", subject=title)


def _investigator_table(data: FormData) -> Flowable:
    """One signature slot per investigator, at least two (SPEC §4: >= 2 investigators)."""
    names = list(data.investigation.investigators) if data.investigation else []
    names += [""] * (2 - len(names))
    visit = chinese_date(data.investigation.visit_date) if data.investigation else BLANK_DATE
    rows = [["调查人员签字", f"调查人 {i}：{name}", "签字：", f"日期：{visit}"] for i, name in enumerate(names, 1)]
    span = [("SPAN", (0, 0), (0, len(rows) - 1)), ("BACKGROUND", (0, 0), (0, -1), LABEL_BACKGROUND),
            ("ALIGN", (0, 0), (0, -1), "CENTER"), ("TOPPADDING", (0, 0), (-1, -1), 8),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 8)]
    cells = [[_p(r[0], "label"), _p(r[1]), _p(r[2]), _p(r[3])] for r in rows]
    return grid_table(cells, widths(24, 45, 45, 60), header_rows=0, extra_style=span)


def _box(text: str, min_height: float) -> list[Flowable]:
    return [_p(text), Spacer(1, min_height)]


def investigation_form_pdf(data: FormData, path: Path | str) -> Path:
    """入户调查表: visit, investigators, household situation, findings, data check, signatures."""
    _, title = _titles(data)
    inv = data.investigation
    applicant_box = [_p("以上调查情况属实，本人对所填情况的真实性负责。"), Spacer(1, 5 * mm),
                     Paragraph(para_text(f"申请人（签字或按手印）：＿＿＿＿＿＿　　日期：{BLANK_DATE}"),
                               right_aligned(pdf_styles().cell, indent=4 * mm))]
    income = (["家庭月收入", _yuan(data.household_income_yuan), "刚性支出", _yuan(data.deductions_yuan)]
              if data.family == "dibao" else
              ["月收入合计", _yuan(data.household_income_yuan), "保障人口", f"{data.covered_count} 人"])
    story: list[Flowable] = [
        Title(title), _head_line(data),
        _section("一、基本情况"),
        *_kv(_applicant_rows(data)[:3] + [_investigation_rows(data)[0]]),
        _section("二、家庭成员及收入情况"), _members_table(data.members, labour=True), *_kv([income]),
        _section("三、入户调查情况（居住、就业、收入、财产、支出等）"),
        *_kv([["调查情况", _box(inv.findings if inv else "", 40 * mm)],
             ["信息核对结果", _box(inv.data_check if inv else "", 14 * mm)]]),
        KeepTogether([
            _section("四、签字确认"), _investigator_table(data), *_kv([["申请人意见", applicant_box]]),
            Spacer(1, 3 * mm),
            _p("注：入户调查须由 2 名以上工作人员进行，调查人员对调查内容的真实性负责。", "small"),
        ]),
    ]
    return build_pdf(path, story, title=f"{data.applicant} {data.program_name}{title}",
                     footer_note=f"申请编号：{data.application_id:06d}", subject=title)


def _sentence(text: str) -> str:
    """`text` ending with a full stop (reasons are typed without one as often as with)."""
    text = text.strip()
    return text if not text or text[-1] in "。！？；." else text + "。"


def _notice_paragraphs(data: FormData, appeal_body: str) -> list[str]:
    r = data.refusal
    assert r is not None
    law = "《特困人员认定办法》" if data.family == "tekun" else "《最低生活保障审核确认办法》"
    if r.decision == "不予受理":
        facts, decision = "经审查，不符合受理条件", "决定不予受理"
    else:
        facts, decision = "经入户调查、审核，不符合条件", f"决定不予确认（不予纳入{data.program_name}）"
    reasons = _sentence(r.reason) + ("" if not r.missing_papers else _sentence("尚缺材料：" + "、".join(r.missing_papers)))
    return [
        f"你（户）于 {chinese_date(data.applied_on)}提出的{data.program_name}申请，{facts}。"
        f"根据《社会救助暂行办法》和{law}的有关规定，本机关于 {chinese_date(r.on)}{decision}。",
        f"理由：{reasons}",
        f"如不服本决定，可自收到本通知之日起 60 日内向{appeal_body}申请行政复议，"
        "或者自收到本通知之日起 6 个月内向人民法院提起行政诉讼。",
        "特此通知。",
    ]


def _receipt(data: FormData, doc_title: str) -> list[Flowable]:
    """The tear-off delivery receipt the office keeps (送达回执)."""
    rows = [["受送达人", data.applicant, "送达文书", f"《{doc_title}》"],
            ["受送达人签收", "", "签收日期", BLANK_DATE],
            ["送达人", "", "送达方式", "直接送达 / 留置送达 / 邮寄送达"]]
    tables = _kv(rows, [("TOPPADDING", (0, 0), (-1, -1), 7), ("BOTTOMPADDING", (0, 0), (-1, -1), 7)])
    return [Spacer(1, 10 * mm), KeepTogether([
        HRFlowable(width="100%", thickness=0.6, dash=(4, 3), color=colors.grey),
        _p("（沿虚线剪开，回执由乡镇人民政府存档）", "small"), Spacer(1, 3 * mm),
        Title("送达回执", size=14, space_after=3 * mm), *tables])]


def rejection_notice_pdf(data: FormData, path: Path | str, *, appeal_body: str = APPEAL_BODY) -> Path:
    """不予受理 / 不予确认 书面通知书 to the applicant: decision, reasons, appeal routes, seal line.

    Raises Conflict for an application that was not refused or rejected.
    """
    if data.refusal is None:
        raise Conflict(f"申请 {data.application_id} 当前状态为「{data.state}」，只有不予受理或不予确认的申请才出具书面通知书")
    st = pdf_styles()
    doc_title = f"{data.refusal.decision}通知书"
    issuer = "县级人民政府民政部门" if data.refusal.step_label == "县级不予确认" else f"{data.township}人民政府"
    right = right_aligned(st.letter, indent=8 * mm)
    story: list[Flowable] = [
        Spacer(1, 6 * mm), Title(doc_title, size=20, space_after=2 * mm),
        Paragraph(para_text(f"申请编号：{data.application_id:06d}"), right_aligned(st.small)), Spacer(1, 4 * mm),
        Paragraph(para_text(f"{data.applicant}："), pdf_styles().letter.clone("addressee", firstLineIndent=0)),
        *[Paragraph(para_text(text), st.letter) for text in _notice_paragraphs(data, appeal_body)],
        Spacer(1, 14 * mm),
        Paragraph(para_text(f"{issuer}（盖章）"), right),
        Paragraph(para_text(chinese_date(data.refusal.on)), right),
        *_receipt(data, doc_title),
    ]
    return build_pdf(path, story, title=f"{data.applicant} {doc_title}", subject=doc_title,
                     footer_note=f"申请编号：{data.application_id:06d}")
