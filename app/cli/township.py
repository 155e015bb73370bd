"""The township's everyday commands: gui, init, user, demo, household, calc, roster, notice, audit, backup."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from app.cli import args as argtypes
from app.cli.args import count
from app.cli.common import acting_user, new_password, open_context, password, print_json
from app.errors import InvalidInput


def cmd_gui(args: argparse.Namespace) -> int:
    from app.bootstrap import start_quick_check
    from app.paths import default_db_path

    start_quick_check(args.db or default_db_path())  # checks the file while Qt and the app load
    from app.ui.app import run_gui

    return run_gui(args.db, user=args.user)


def cmd_init(args: argparse.Namespace) -> int:
    from app.services.township import init_township

    ctx = open_context(args, create=True, write=True)
    init_township(ctx.uow, code=args.township_code, name=args.township_name, admin=args.admin,
                  password=new_password())
    print(f"已创建乡镇数据库 {ctx.db_path}（{args.township_name}，管理员 {args.admin}）")
    return 0


def cmd_user_add(args: argparse.Namespace) -> int:
    from app.services.auth import add_user

    ctx = open_context(args, write=True)
    actor = acting_user(args, ctx)
    row = add_user(ctx.uow, actor, args.name, args.role, password("JIUZHU_NEW_PASSWORD", "新用户的密码："))
    print(f"已添加用户 {row.name}（{row.role}）")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from datetime import date

    from app.domain.lifecycle import month_add
    from app.domain.standards import month_text
    from app.services.demo import build_demo
    from app.services.demo_history import add_history

    ctx = open_context(args, create=True, write=True)
    demo_password = os.environ.get("JIUZHU_PASSWORD") or "demo1234"
    last = args.last_month or month_add(month_text(date.today()), -1)
    summary = build_demo(ctx.uow, households=args.households, seed=args.seed, password=demo_password, last_month=last)
    print(f"已生成演示乡镇：{summary}")
    print(add_history(ctx.uow, demo_password, last))
    print("演示账户：admin（管理员）、clerk（经办人）、reviewer（审核人），密码为 JIUZHU_PASSWORD 或 demo1234")
    return 0


def cmd_household_import(args: argparse.Namespace) -> int:
    from app.domain.programs import PROGRAM_NAMES
    from app.services.legacy_io import import_legacy

    ctx = open_context(args, write=True)
    actor = acting_user(args, ctx)
    mapping = None
    if args.mapping:
        from app.services.import_mappings import load_mapping

        mapping = load_mapping(ctx.uow, args.mapping)
    s = import_legacy(ctx.uow, actor, Path(args.file), dry_run=args.dry_run, mapping=mapping)
    cases = "，".join(f"{PROGRAM_NAMES[k]} {v}" for k, v in sorted(s.cases.items()))
    verb = "校验通过（试运行，未写入）" if s.dry_run else "已导入"
    print(f"{verb}：{s.households} 户，{s.members} 人；救助对象：{cases or '无'}；读取工作表 {s.where}")
    for w in s.warnings:
        print(f"提示：{w}")
    return 0


def cmd_household_export(args: argparse.Namespace) -> int:
    from app.services.legacy_io import export_legacy

    ctx = open_context(args, write=True)
    actor = acting_user(args, ctx)
    n = export_legacy(ctx.uow, actor, Path(args.file))
    print(f"已导出 {n} 行到 {args.file}")
    return 0


def cmd_calc(args: argparse.Namespace) -> int:
    from app.domain.calc_case import calc_many, read_case_text
    from app.reports.output import os_reason

    try:
        text = Path(args.file).read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidInput(f"计算案例 {args.file}：不是 UTF-8 编码的 JSON 文本") from exc
    except (OSError, ValueError) as exc:
        raise InvalidInput(f"无法读取计算案例 {args.file}：{_read_reason(exc, os_reason)}") from exc
    print_json(calc_many(read_case_text(text, args.file)))
    return 0


def _read_reason(exc: BaseException, os_reason) -> str:  # noqa: ANN001
    if isinstance(exc, IsADirectoryError):
        return "这是一个文件夹"
    if isinstance(exc, FileNotFoundError):
        return "文件不存在"
    return os_reason(exc).replace("写入", "读取")


def cmd_roster_generate(args: argparse.Namespace) -> int:
    from app.domain.money import format_fen
    from app.domain.programs import PROGRAM_NAMES
    from app.services.rosters import STATE_NAMES, generate_rosters

    ctx = open_context(args, write=True)
    for r in generate_rosters(ctx.uow, acting_user(args, ctx), args.month):
        print(f"{PROGRAM_NAMES[r.program]}\t{STATE_NAMES[r.state]}\t{r.households} 户\t{r.persons} 人\t{format_fen(r.total_fen)} 元")
    return 0


def cmd_roster_confirm(args: argparse.Namespace) -> int:
    from app.domain.programs import PROGRAM_NAMES, program_key
    from app.services.rosters import confirm_rosters

    ctx = open_context(args, write=True)
    program = program_key(args.program) if args.program else None
    for r in confirm_rosters(ctx.uow, acting_user(args, ctx), args.month, program):
        if r.state != "draft":
            print(f"{PROGRAM_NAMES[r.program]}\t已确认\tSHA-256 {r.content_hash}")
    return 0


def cmd_roster_export(args: argparse.Namespace) -> int:
    from app.domain.money import format_fen
    from app.domain.programs import program_key
    from app.services.roster_export import export_roster

    ctx = open_context(args, write=True)
    program = program_key(args.program) if args.program else None
    for r in export_roster(ctx.uow, acting_user(args, ctx), args.month, program=program, xlsx=args.xlsx, pdf=args.pdf,
                           bank=args.bank, full=args.full):
        mark = "（草稿）" if r.draft else ""
        print(f"已导出 {r.path}{mark}：{r.lines} 行，合计 {format_fen(r.total_fen)} 元")
    return 0


def cmd_notice(args: argparse.Namespace) -> int:
    from app.services.notices import write_notice

    ctx = open_context(args)
    n = write_notice(ctx.uow, "pending" if args.pending else "current", Path(args.pdf), village=args.village or "")
    print(f"已生成公示 {args.pdf}：{n} 条")
    return 0


def cmd_audit_verify(args: argparse.Namespace) -> int:
    from app.errors import IntegrityFailure
    from app.paths import data_dir
    from app.services.integrity import verify
    from app.services.paper_store import PaperStore

    ctx = open_context(args)
    findings = verify(ctx.uow, PaperStore.for_database(data_dir(), ctx.db_path))
    if findings:
        raise IntegrityFailure(f"发现 {len(findings)} 处问题：\n" + "\n".join(str(f) for f in findings))
    print("审计链完整，家庭、成员、救助对象、已确认花名册和申请材料均与审计记录一致")
    return 0


def cmd_backup_create(args: argparse.Namespace) -> int:
    from app.paths import data_dir
    from app.services.backup import backup_database

    ctx = open_context(args, write=True)
    path = backup_database(ctx.uow, acting_user(args, ctx), ctx.db_path, data_dir(), Path(args.out) if args.out else None)
    print(f"已备份到 {path}")
    return 0


def cmd_backup_restore(args: argparse.Namespace) -> int:
    from app.paths import data_dir
    from app.services.backup import restore_database

    ctx = open_context(args, write=True)
    r = restore_database(ctx.uow, acting_user(args, ctx), ctx.db_path, Path(args.file), data_dir())
    print(f"已从 {args.file} 恢复数据库 {ctx.db_path}（{r.township}，恢复记录已写入审计日志）"
          + (f"；原数据库已另存为 {r.kept}" if r.kept else ""))
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    sub.add_parser("gui", help="打开图形界面").set_defaults(func=cmd_gui)

    init = sub.add_parser("init", help="新建乡镇数据库")
    init.add_argument("--township-code", required=True)
    init.add_argument("--township-name", required=True)
    init.add_argument("--admin", required=True)
    init.set_defaults(func=cmd_init)

    user = sub.add_parser("user", help="用户管理").add_subparsers(dest="user_cmd", required=True)
    add = user.add_parser("add", help="添加用户（管理员）")
    add.add_argument("name")
    add.add_argument("--role", required=True, choices=["clerk", "reviewer", "admin"])
    add.set_defaults(func=cmd_user_add)

    demo = sub.add_parser("demo", help="生成带一年历史的演示乡镇")
    demo.add_argument("--households", type=count(100_000), default=300)
    demo.add_argument("--seed", type=int, default=2020)
    demo.add_argument("--last-month", help="演示数据的最后一个月 YYYY-MM（默认上个月）")
    demo.set_defaults(func=cmd_demo)

    hh = sub.add_parser("household", help="家庭台账导入导出").add_subparsers(dest="hh_cmd", required=True)
    imp = hh.add_parser("import", help="导入花名册 .xlsx / .xls（SPEC §7、§7.1）")
    imp.add_argument("file")
    imp.add_argument("--dry-run", action="store_true", help="只校验，不写入")
    imp.add_argument("--mapping", help="使用在图形界面中保存的列映射（按名称）")
    imp.set_defaults(func=cmd_household_import)
    exp = hh.add_parser("export", help="按导入模板导出")
    exp.add_argument("file", type=argtypes.output_file("导出文件"))
    exp.set_defaults(func=cmd_household_export)

    calc = sub.add_parser("calc", help="按 §3 规则计算一个（或一组）案例")
    calc.add_argument("file")
    calc.set_defaults(func=cmd_calc)
    roster = sub.add_parser("roster", help="发放花名册").add_subparsers(dest="roster_cmd", required=True)
    gen = roster.add_parser("generate", help="生成某月全部项目的花名册草稿")
    gen.add_argument("--month", required=True, type=argtypes.month(), help="月份 YYYY-MM（2000-01 至 2099-12）")
    gen.set_defaults(func=cmd_roster_generate)
    conf = roster.add_parser("confirm", help="审核确认花名册（须与生成人不同）")
    conf.add_argument("--month", required=True, type=argtypes.month(), help="月份 YYYY-MM")
    conf.add_argument("--program", type=argtypes.program, help="只确认一个项目（如 城市低保）")
    conf.set_defaults(func=cmd_roster_confirm)
    rexp = roster.add_parser("export", help="导出花名册 xlsx / PDF / 银行代发文件")
    rexp.add_argument("--month", required=True, type=argtypes.month(), help="月份 YYYY-MM")
    rexp.add_argument("--program", type=argtypes.program, help="只导出一个项目（如 城市低保）")
    out = rexp.add_mutually_exclusive_group(required=True)
    out.add_argument("--xlsx", type=argtypes.output_file("--xlsx"), help="花名册 xlsx（身份证号、账号遮蔽；--full 为完整）")
    out.add_argument("--pdf", type=argtypes.output_file("--pdf"), help="签字用花名册 PDF")
    out.add_argument("--bank", type=argtypes.output_file("--bank"), help="银行代发文件 xlsx（仅已确认的花名册）")
    rexp.add_argument("--full", action="store_true", help="xlsx 中显示完整身份证号和账号（审核人或管理员，记入审计）")
    rexp.set_defaults(func=cmd_roster_export)

    notice = sub.add_parser("notice", help="公示 PDF")
    which = notice.add_mutually_exclusive_group(required=True)
    which.add_argument("--pending", action="store_true", help="初审公示")
    which.add_argument("--current", action="store_true", help="长期公示")
    notice.add_argument("--village")
    notice.add_argument("--pdf", required=True, type=argtypes.output_file("--pdf"))
    notice.set_defaults(func=cmd_notice)

    aud = sub.add_parser("audit", help="审计").add_subparsers(dest="audit_cmd", required=True)
    aud.add_parser("verify", help="校验审计链和数据是否被绕过程序修改").set_defaults(func=cmd_audit_verify)
    bak = sub.add_parser("backup", help="备份与恢复").add_subparsers(dest="backup_cmd", required=True)
    bc = bak.add_parser("create", help="立即备份")
    bc.add_argument("--out")
    bc.set_defaults(func=cmd_backup_create)
    br = bak.add_parser("restore", help="从备份恢复（管理员；只接受本乡镇的数据库，原数据库会另存一份）")
    br.add_argument("file")
    br.set_defaults(func=cmd_backup_restore)
