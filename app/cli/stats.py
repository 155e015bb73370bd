"""The `jiuzhu stats` and `jiuzhu check` commands (SPEC §6, §9); app/cli/__init__.py registers them.

Both only read: no `--user` is needed. `--json` prints only the JSON on stdout. Checks that find
hits are not an error (exit 0); a bad external list exits 3 with every bad row named on stderr.
"""

from __future__ import annotations

import argparse
from collections import Counter
from datetime import date
from pathlib import Path

from app.cli.args import output_file
from app.cli.common import acting_user, info, open_context, print_json
from app.domain.monitoring import EXTERNAL_LIST_KIND, RULES
from app.errors import UsageError


def cmd_stats(args: argparse.Namespace) -> int:
    from app.domain.indicators import money_text, pct_text
    from app.reports.stats_xlsx import write_stats_xlsx
    from app.services.stats import indicators, report_json

    ctx = open_context(args)
    report = indicators(ctx.uow, args.year, args.month)
    if args.json:
        print_json(report_json(report))
        return 0
    path = write_stats_xlsx(report, Path(args.xlsx))
    print(f"已导出 {report.township}{report.period}救助绩效指标到 {path}")
    for p in [*report.programs.values(), report.total]:
        c = p.current
        print(f"{p.name}\t月均 {c.avg_households} 户 {c.avg_persons} 人\t月人均 {c.avg_amount_per_person} 元\t"
              f"发放 {money_text(c.total_paid_fen)} 元\t{c.households_times} 户次\t"
              f"同比 {pct_text(p.change('total_paid_fen'))}")
    return 0


def hit_json(h) -> dict:  # noqa: ANN001 - a services.checks.Hit
    return {"key": h.key, "kind": h.kind, "household_id": h.household_id, "household": h.household,
            "description": h.description, "months_paid_after_death": list(h.months), "handled": h.handled,
            "note": h.note, "handled_by": h.handled_by}


def cmd_check(args: argparse.Namespace) -> int:
    from app.services.checks import read_external, run_checks

    today = date.today()
    if args.to_monitor and not args.external:
        raise UsageError("--to-monitor 须与 --external 外部名单一起使用")
    external = read_external(Path(args.external), today=today) if args.external else None  # exit 3 before opening
    ctx = open_context(args, write=args.to_monitor)
    if args.to_monitor:
        from app.services.monitoring_scan import feed_external

        fed = feed_external(ctx.uow, acting_user(args, ctx), Path(args.external), today=today)
        raised = "，".join(f"{RULES[k]} {n}" for k, n in fed.scan.raised.items()) or "无新预警"
        info(f"已记入低收入监测名单（{EXTERNAL_LIST_KIND}，导入记录 {fed.imported}，{fed.rows} 行）并扫描：{raised}")
    hits = run_checks(ctx.uow, external, today=today)
    if args.json:
        print_json({"count": len(hits), "unhandled": sum(not h.handled for h in hits),
                     "hits": [hit_json(h) for h in hits]})
        return 0
    if external is not None:
        print(f"外部名单 {args.external}：{len(external)} 行")
    for h in hits:
        state = f"已处理：{h.note}" if h.handled else "未处理"
        print(f"[{h.kind}]\t户 {h.household_id or '—'} {h.household}\t{h.description}\t{state}")
    counts = "，".join(f"{k} {n}" for k, n in Counter(h.kind for h in hits).items())
    print(f"共 {len(hits)} 条比对结果（未处理 {sum(not h.handled for h in hits)} 条）" + (f"：{counts}" if counts else ""))
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Register `stats` and `check` on the CLI's subparsers (both read; `check --to-monitor` also writes)."""
    stats = sub.add_parser("stats", help="绩效指标统计（SPEC §6）")
    stats.add_argument("--year", required=True, help="统计年度，如 2020")
    stats.add_argument("--month", help="只统计某月：1-12 或 YYYY-MM")
    out = stats.add_mutually_exclusive_group(required=True)
    out.add_argument("--json", action="store_true", help="以 JSON 输出到标准输出")
    out.add_argument("--xlsx", type=output_file("--xlsx"), help="导出为绩效自评指标表 xlsx")
    stats.set_defaults(func=cmd_stats)

    check = sub.add_parser("check", help="数据比对：外部名单与内部核查")
    check.add_argument("--external", help="外部名单 xlsx（姓名、身份证号、事项、日期）")
    check.add_argument("--json", action="store_true", help="以 JSON 输出到标准输出")
    check.add_argument("--to-monitor", action="store_true",
                       help="同时把外部名单记入低收入监测名单并扫描预警（在保人员命中 → 监测预警，须 --user）")
    check.set_defaults(func=cmd_check)
