"""The `jiuzhu monitor` commands (SPEC §9, §13): lists from other offices, the register, scan, handling, report.

Commands that change data (import, scan, handle, setting) act as `--user`; the others only read.
`--json` prints only the JSON on stdout. Bad input exits 3 with the row and column named.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from app.cli.args import month as month_arg
from app.cli.args import output_file, positive_int
from app.cli.common import acting_user, open_context, print_json
from app.domain.programs import FAMILY_NAMES


def _day(text: str) -> date:
    from app.errors import UsageError

    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"日期应为 YYYY-MM-DD，实为「{text}」") from None


def cmd_import(args: argparse.Namespace) -> int:
    from app.services.monitoring import import_list

    ctx = open_context(args, write=True)
    r = import_list(ctx.uow, acting_user(args, ctx), Path(args.file), args.kind, dry_run=args.dry_run)
    verb = "校验通过（试运行，未写入）" if r.dry_run else f"已导入（导入记录 {r.id}）"
    print(f"{verb}：{r.kind}名单 {r.rows} 人；读取工作表 {r.sheet}；SHA-256 {r.sha256}")
    return 0


def cmd_imports(args: argparse.Namespace) -> int:
    from app.services.monitoring import list_imports

    rows = list_imports(open_context(args).uow)
    if args.json:
        print_json([{"id": r.id, "kind": r.kind, "file": r.file_name, "sha256": r.sha256, "rows": r.rows,
                      "imported_by": r.imported_by, "imported_at": r.imported_at.isoformat(timespec="seconds")}
                     for r in rows])
        return 0
    for r in rows:
        print(f"{r.id}\t{r.kind}\t{r.file_name}\t{r.rows} 行\t{r.imported_by}\t{r.imported_at:%Y-%m-%d %H:%M}\t{r.sha256}")
    print(f"共 {len(rows)} 次导入")
    return 0


def cmd_register(args: argparse.Namespace) -> int:
    from app.services.monitoring_scan import register

    rows = register(open_context(args).uow, kind=args.kind)
    if args.json:
        print_json([{"name": r.name, "id_number_masked": r.id_number_masked, "household_id": r.household_id,
                      "village": r.village, "kinds": [{"kind": k, "since": v} for k, v in r.kinds]} for r in rows])
        return 0
    for r in rows:
        kinds = "、".join(f"{k}（{v} 起）" for k, v in r.kinds)
        print(f"{r.name}\t{r.id_number_masked}\t户 {r.household_id or '未登记'}\t{r.village}\t{kinds}")
    print(f"低收入人口库共 {len(rows)} 人")
    return 0


def cmd_scan(args: argparse.Namespace) -> int:
    from app.domain.monitoring import RULES
    from app.services.monitoring_scan import scan

    ctx = open_context(args, write=True)
    r = scan(ctx.uow, acting_user(args, ctx))
    raised = "，".join(f"{RULES[k]} {n}" for k, n in r.raised.items())
    print(f"扫描 {r.people} 人：新增预警 {sum(r.raised.values())} 条" + (f"（{raised}）" if raised else "")
          + f"；仍未办结 {r.kept} 条；情形消除关闭 {r.closed} 条")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from app.services.monitoring_handle import list_warnings

    rows = list_warnings(open_context(args).uow, status=args.status, rule=args.rule)
    if args.json:
        print_json([r.to_json() for r in rows])
        return 0
    for r in rows:
        late = "（逾期）" if r.overdue else ""
        print(f"{r.id}\t{r.rule_name}\t{r.status}{late}\t{r.name}\t{r.id_number_masked}\t户 {r.household_id or '—'}\t"
              f"{r.raised}\t应办结 {r.due}\t{r.detail}")
    print(f"共 {len(rows)} 条预警")
    return 0


def cmd_handle(args: argparse.Namespace) -> int:
    from app.services.monitoring_handle import handle_warning

    data = {"investigators": [x for x in (args.investigators or "").replace("，", ",").split(",") if x.strip()],
            "visit_date": _day(args.visit_date) if args.visit_date else None, "findings": args.findings,
            "program": args.program, "referral": args.to, "reason": args.reason}
    ctx = open_context(args, write=True)
    r = handle_warning(ctx.uow, acting_user(args, ctx), args.id, args.step, data, on=_day(args.on) if args.on else None)
    extra = f"，已启动申请 {r.application_id}（登记）" if r.application_id else ""
    print(f"预警 {r.id}（{r.rule_name}，{r.name}）：{r.status}{extra}")
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from app.reports.monitor_xlsx import write_monitor_xlsx
    from app.services.monitoring_handle import report

    ctx = open_context(args)
    r = report(ctx.uow, args.year, args.month)
    if args.json:
        print_json(r.to_json())
        return 0
    write_monitor_xlsx(r, Path(args.xlsx))
    print(f"已导出{r.period}监测预警情况到 {args.xlsx}：预警 {sum(r.raised.values())} 条，已处理 {r.handled} 条，"
          f"纳入救助 {r.brought_in} 户（已确认 {r.approved}），转介 {r.referred} 条")
    return 0


def cmd_setting(args: argparse.Namespace) -> int:
    from app.services.monitoring import set_monitor_setting

    ctx = open_context(args, write=True)
    set_monitor_setting(ctx.uow, acting_user(args, ctx), args.name, args.value, args.effective)
    print(f"已设置 {args.name} = {args.value}（{args.effective} 起）")
    return 0


def cmd_settings(args: argparse.Namespace) -> int:
    from app.services.monitoring import monitor_settings

    values = monitor_settings(open_context(args).uow, args.month or date.today().strftime("%Y-%m"))
    if args.json:
        print_json(values)
        return 0
    for k, v in values.items():
        print(f"{k}\t{v}")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add `monitor ...` to the CLI's subparsers."""
    from app.domain.monitoring import RULES, STATUSES, STEPS

    mon = sub.add_parser("monitor", help="低收入人口动态监测与主动发现（SPEC §13）").add_subparsers(
        dest="monitor_cmd", required=True)

    def cmd(name: str, func, help_: str) -> argparse.ArgumentParser:  # noqa: ANN001
        p = mon.add_parser(name, help=help_)
        p.set_defaults(func=func)
        return p

    p = cmd("import", cmd_import, "导入其他部门名单 .xlsx / .xls（至少有姓名、身份证号）")
    p.add_argument("file")
    p.add_argument("--kind", required=True, help="名单类别，如 防止返贫监测对象、边缘人口、重度残疾、失业、死亡")
    p.add_argument("--dry-run", action="store_true", help="只校验，不写入")
    p = cmd("imports", cmd_imports, "列出已导入的名单（导入人、时间、SHA-256、行数）")
    p.add_argument("--json", action="store_true", help="以 JSON 输出到标准输出")
    p = cmd("register", cmd_register, "低收入人口库：每人的类别及起始时间")
    p.add_argument("--kind", help="只列出某一类别，如 低保边缘家庭")
    p.add_argument("--json", action="store_true", help="以 JSON 输出到标准输出")
    cmd("scan", cmd_scan, "按预警规则扫描（重复扫描不重复预警）")
    p = cmd("list", cmd_list, "列出预警")
    p.add_argument("--status", choices=[*STATUSES, "open", "overdue"], help="状态：待核实、核实中…；open 未办结；overdue 逾期")
    p.add_argument("--rule", choices=list(RULES), help="预警规则")
    p.add_argument("--json", action="store_true", help="以 JSON 输出到标准输出")
    p = cmd("handle", cmd_handle, "处理预警：verify 开始核实 / include 纳入救助 / refer 转介 / reject 不符合")
    p.add_argument("id", type=positive_int, help="预警编号")
    p.add_argument("--step", required=True, choices=list(STEPS))
    p.add_argument("--visit-date", help="入户核实日期 YYYY-MM-DD（verify）")
    p.add_argument("--investigators", help="两名调查人员，逗号分隔（verify）")
    p.add_argument("--findings", help="核实情况（verify）")
    p.add_argument("--program", choices=list(FAMILY_NAMES), default="dibao", help="纳入的项目（include）")
    p.add_argument("--to", help="转介去向：医疗救助、教育救助、住房救助、就业救助或其他部门（refer）")
    p.add_argument("--reason", help="不符合原因（reject）")
    p.add_argument("--on", help="处理日期 YYYY-MM-DD（默认今天）")
    p = cmd("report", cmd_report, "监测预警统计（年度或月度）")
    p.add_argument("--year", required=True, help="年度，如 2020")
    p.add_argument("--month", type=int, choices=range(1, 13), metavar="1-12", help="只统计某月")
    out = p.add_mutually_exclusive_group(required=True)
    out.add_argument("--json", action="store_true", help="以 JSON 输出到标准输出")
    out.add_argument("--xlsx", type=output_file("--xlsx"), help="导出 xlsx（含图表）")
    p = cmd("setting", cmd_setting, "设置预警规则开关或阈值（管理员，按月生效）")
    p.add_argument("name", help="如 rule.medical_cost、edge_factor、medical_threshold_fen")
    p.add_argument("value", help="开关 on/off，或数值")
    p.add_argument("--from", dest="effective", type=month_arg("--from"), default="2000-01", help="生效年月 YYYY-MM")
    p = cmd("settings", cmd_settings, "查看某月生效的监测设置")
    p.add_argument("--month", type=month_arg(), help="月份 YYYY-MM（默认本月）")
    p.add_argument("--json", action="store_true", help="以 JSON 输出到标准输出")
