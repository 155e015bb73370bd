"""A township for the monitoring tests: covered, uncovered-poor and uncovered-well-off households,
and office-shaped lists (title rows, merged title, full-width digits, a 合计 and a signature row)."""

from __future__ import annotations

from datetime import date

import openpyxl
import xlwt
from stdnum.cn import ric

from app.domain.legacy import COLUMNS
from app.services.legacy_io import import_legacy

TODAY = date(2021, 1, 20)


def valid_id(body17: str) -> str:
    return body17 + ric.calc_check_digit(body17 + "0")


ZHANG = ("张covered", valid_id("43090219700101001"))  # 农村低保 head, covered
ZHANG_WIFE = ("张妻", valid_id("43090219720202002"))
LI = ("李穷", valid_id("43090219650303003"))  # uncovered, per-capita income 100 元 < 335
LI_WIFE = ("李妻", valid_id("43090219680404004"))
WANG = ("王富", valid_id("43090219800505005"))  # uncovered, 3000 元 a month
ZHAO = ("赵外", valid_id("43090219900606006"))  # on the list, not in the registry


def roster_rows(start: str = "2020-12") -> list[list]:
    def row(village, no, person, relation, category="无", income=0, start=None, amount=None):
        values = dict.fromkeys(COLUMNS)
        values.update({"村(社区)": village, "户编号": no, "姓名": person[0], "身份证号": person[1],
                       "与户主关系": relation, "救助类别": category, "月收入(元)": income, "纳入年月": start,
                       "月救助金(元)": amount, "开户行": "农商行", "银行账号": "6228480402564890018"})
        return [values[c] for c in COLUMNS]

    return [row("东风村", "H1", ZHANG, "本人", "农村低保", 0, start, 670),
            row("东风村", "H1", ZHANG_WIFE, "配偶", "农村低保", 0),
            row("东风村", "H2", LI, "本人", "无", 200),
            row("东风村", "H2", LI_WIFE, "配偶", "无", 0),
            row("红旗村", "H3", WANG, "本人", "无", 3000)]


def roster_file(path, start: str = "2020-12"):
    wb = openpyxl.Workbook()
    wb.active.append(list(COLUMNS))
    for r in roster_rows(start):
        wb.active.append(r)
    wb.save(path)
    return path


def build_township(ctx, actor, tmp_path) -> None:
    import_legacy(ctx.uow, actor, roster_file(tmp_path / "花名册.xlsx"))


def office_list(path, people, *, title="2021年龙光桥镇脱贫监测户名单", extra=None, header=None):
    """A list as an office keeps it: a merged title, a unit/date row, the header on row 3, 合计 and 制表 rows."""
    header = header or ["序号", "姓名", "身份证号码", "认定日期", "备注"]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "监测户"
    ws.append([title])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    ws.append(["填报单位：县乡村振兴局", None, None, "2021-01-10"])
    ws.append(header)
    for n, (name, number, *rest) in enumerate(people, start=1):
        ws.append([n, name, number, *(rest or ["2020.12.5", "因病"])])
    ws.append(["合计", f"{len(people)}人"])
    ws.append(["制表人：王会计", None, "审核人：李站长"])
    wb.save(path)
    return path


def office_list_xls(path, people):
    wb = xlwt.Workbook()
    ws = wb.add_sheet("名单")
    ws.write(0, 0, "边缘人口名单")
    for c, h in enumerate(["姓名", "公民身份号码", "日期"]):
        ws.write(1, c, h)
    for r, (name, number) in enumerate(people, start=2):
        ws.write(r, 0, name)
        ws.write(r, 1, number)
        ws.write(r, 2, "2020年11月")
    wb.save(str(path))
    return path
