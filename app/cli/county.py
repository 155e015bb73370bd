"""`jiuzhu county ...`: the county's receiver (app/county/) from the command line (SPEC §8, §9)."""

from __future__ import annotations

import argparse
import getpass
import os
from datetime import date

from app.cli import args as argtypes
from app.cli.common import info, new_password, password, print_json
from app.domain.money import format_fen, yuan_to_fen
from app.errors import AuthError, InvalidInput


def _county(args: argparse.Namespace):  # noqa: ANN202 - County
    from app.county.admin import load_county

    return load_county(getattr(args, "county_db", None))


def county_init(args: argparse.Namespace) -> int:
    from app.county.admin import county_init as init

    info = init(args.county_db, args.out, code=args.code, name=args.name)
    print(f"{'已创建' if info.created else '已打开'}县级接收库与密钥，公钥文件 {info.path}")
    print(f"密钥编号 {info.key_id}，指纹 {info.fingerprint}（请与各乡镇电话核对）")
    if args.admin:
        from app.county.users import add_user, has_users

        county = _county(args)
        if has_users(county):
            info_line = f"已有县级用户，未新建管理员 {args.admin}（请用 county user add 添加）"
        else:
            add_user(county, None, args.admin, "admin", new_password())
            info_line = f"已创建县级管理员 {args.admin}"
        print(info_line)
    return 0


def county_user_add(args: argparse.Namespace) -> int:
    from app.county.users import COUNTY_ROLES, add_user, has_users, login

    county = _county(args)
    actor = None
    if has_users(county):
        name = args.user or os.environ.get("JIUZHU_USER")
        if not name:
            raise AuthError("已有县级用户：请用 --user 指定县级管理员（密码取自 JIUZHU_PASSWORD）")
        actor = login(county, name, password("JIUZHU_PASSWORD", f"{name} 的密码："))
    row = add_user(county, actor, args.name, args.role, new_password())
    print(f"已添加县级用户 {row.name}（{COUNTY_ROLES[row.role]}）")
    return 0


def county_user_list(args: argparse.Namespace) -> int:
    from app.county.users import list_users

    rows = list_users(_county(args))
    if args.json:
        print_json([{"name": r.name, "role": r.role, "active": r.active,
                     "locked_until": r.locked_until.isoformat() if r.locked_until else None} for r in rows])
        return 0
    for r in rows:
        print(f"{r.name}\t{r.role_label}\t{'启用' if r.active else '停用'}")
    return 0


def county_gui(args: argparse.Namespace) -> int:
    from app.bootstrap import setup_logging
    from app.ui.county.app import run_county_gui

    try:
        setup_logging()
    except OSError:  # a read-only data folder must not keep the county office out
        pass
    return run_county_gui(getattr(args, "county_db", None), user=args.user)


def county_register(args: argparse.Namespace) -> int:
    from app.county.admin import register_township

    county = _county(args)
    info = register_township(county, args.file, args.township_code)
    print(f"已登记乡镇 {info.name}（{info.code}）的公钥，密钥编号 {info.key_id}，指纹 {info.fingerprint}")
    return 0


def county_revoke(args: argparse.Namespace) -> int:
    from app.county.admin import revoke_key

    town = revoke_key(_county(args), args.key_id)
    print(f"已吊销乡镇 {town} 的密钥 {args.key_id}")
    return 0


def county_verify(args: argparse.Namespace) -> int:
    from app.county.ingest import verify

    r = verify(_county(args), args.file)
    if r.status == "duplicate":
        print(f"校验通过：乡镇 {r.township} 第 {r.sequence} 号批次已导入过")
    else:
        print(f"校验通过：乡镇 {r.township} 第 {r.sequence} 号批次，{sum(r.counts.values())} 条记录（未写入）")
    return 0


def county_ingest(args: argparse.Namespace) -> int:
    from app.county.ingest import ingest

    r = ingest(_county(args), args.file, receipt_dir=args.receipt_dir)
    if r.status == "duplicate":
        print(f"乡镇 {r.township} 第 {r.sequence} 号批次已导入过，未做任何更改；回执 {r.receipt_path}")
    else:
        counts = "，".join(f"{k} {v}" for k, v in r.counts.items()) or "无数据变更"
        print(f"已导入乡镇 {r.township} 第 {r.sequence} 号批次（{counts}）；回执 {r.receipt_path}")
    return 0


def county_status(args: argparse.Namespace) -> int:
    from app.county.admin import status

    st = status(_county(args))
    if args.json:
        print_json(st)
        return 0
    print(f"{st['county']['name']}（{st['county']['code']}）指纹 {st['county']['fingerprint']}；拒收记录 {st['rejections']} 条")
    for t in st["townships"]:
        head = t["audit_head"] or {"id": 0, "sha256": ""}
        print(f"{t['code']}\t{t['name']}\t第 {t['last_sequence']} 号\t审计头 {head['id']}:{head['sha256'][:16]}\t"
              f"待确认 {t['submitted_applications']}")
    return 0


def county_stats(args: argparse.Namespace) -> int:
    from app.county.stats import county_stats_json
    from app.domain.programs import PROGRAM_NAMES

    st = county_stats_json(_county(args), args.year, args.month)
    if args.json:
        print_json(st)
        return 0
    print(f"{st['year']} 年{f' {args.month} 月' if args.month else ''}全县（{len(st['townships'])} 个乡镇）")
    for key, p in st["programs"].items():
        print(f"{PROGRAM_NAMES[key]}\t月均 {p['avg_households']} 户 {p['avg_persons']} 人\t"
              f"人均 {p['avg_amount_per_person']} 元\t发放 {p['total_paid']} 元\t户次 {p['households_times']}")
    return 0


def county_check(args: argparse.Namespace) -> int:
    from app.county.checks import county_checks

    external = ()
    if args.external:
        from app.services.checks import read_external

        external = read_external(args.external)  # a bad list: exit 3 naming row and column, nothing read
    hits = county_checks(_county(args), external)
    if args.json:
        print_json({"count": len(hits), "hits": [
            {"check": h.check, "id_number_masked": h.id_number, "name": h.name, "townships": h.townships,
             "description": h.covers} for h in hits]})
        return 0
    for h in hits:
        print(f"[{h.check}]\t{h.name} {h.id_number}\t{h.covers}")
    print(f"共 {len(hits)} 条全县比对结果")
    return 0


def _decider(args: argparse.Namespace) -> str:
    return args.user or os.environ.get("JIUZHU_USER") or getpass.getuser()


def county_decide(args: argparse.Namespace) -> int:
    from app.county.decide import decide, pending_applications

    county = _county(args)
    if args.list:
        for p in pending_applications(county, args.township_code):
            amount = format_fen(p.amount_fen) if p.amount_fen is not None else "-"
            print(f"{p.township}\t申请 {p.application_id}\t版本 {p.version}\t{p.program}\t{amount} 元")
        return 0
    if not (args.application or args.all_pending):
        raise InvalidInput("请用 --application ID 指定申请，或用 --all-pending 决定全部待确认申请")
    if args.confirm == args.reject:
        raise InvalidInput("请指定 --confirm 或 --reject 之一")
    if not args.out:
        raise InvalidInput("请用 --out DIR 指定决定批次的写入文件夹")
    try:
        amount = yuan_to_fen(args.amount) if args.amount else None
        on = date.fromisoformat(args.on) if args.on else None
    except (ValueError, ArithmeticError) as exc:  # ArithmeticError: decimal.Overflow of 1e999999999
        raise InvalidInput(f"金额或日期格式错误：{exc if isinstance(exc, ValueError) else '金额过大'}") from exc
    if on is not None and not argtypes.MIN_DAY <= on <= argtypes.MAX_DAY:
        raise InvalidInput(f"--on：决定日期应在 {argtypes.MIN_DAY} 至 {argtypes.MAX_DAY} 之间，实为 {on}")
    for b in decide(county, args.out, confirm=args.confirm, reason=args.reason or "", decided_by=_decider(args),
                    township=args.township_code, application_ids=args.application, amount_fen=amount, on=on):
        info(f"乡镇 {b.township} 决定批次第 {b.sequence} 号：{b.decisions} 件")
        print(b.path)
    return 0


def county_serve(args: argparse.Namespace) -> int:
    from app.county.server import Receiver
    from app.sync import tls

    county = _county(args)
    try:
        receiver = Receiver(county, args.host, args.port, cert=args.cert, key=args.key)
    except OSError as exc:  # a host that does not resolve, a port in use or not allowed
        raise InvalidInput(f"无法在 {args.host}:{args.port} 上启动接收服务：{argtypes.socket_reason(exc)}") from exc
    info(f"县级接收服务已启动：{receiver.url}（健康检查 {receiver.url}health，Ctrl+C 停止）")
    if args.cert:
        info(f"证书指纹（SHA-256，乡镇 sync trust-county --pin 用）：{tls.cert_fingerprint(args.cert)}")
    receiver.run()
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    county = sub.add_parser("county", help="县级接收端（SPEC §8）").add_subparsers(dest="county_cmd", required=True)

    def cmd(name: str, func, help_: str) -> argparse.ArgumentParser:  # noqa: ANN001
        p = county.add_parser(name, help=help_)
        p.add_argument("--db", dest="county_db", type=argtypes.county_db, help="县级数据库 SQLAlchemy URL 或 SQLite 文件")
        p.set_defaults(func=func)
        return p

    p = cmd("init", county_init, "新建县级接收库与密钥")
    p.add_argument("--out", required=True, help="县级公钥文件 C.pub")
    p.add_argument("--code", default="000000", help="县级行政区划代码")
    p.add_argument("--name", default="县级民政")
    p.add_argument("--admin", help="同时创建县级第一个管理员（密码取自 JIUZHU_NEW_PASSWORD 或 JIUZHU_PASSWORD）")
    p = county.add_parser("user", help="县级用户（county gui 登录用）")
    users = p.add_subparsers(dest="county_user_cmd", required=True)
    p = users.add_parser("add", help="添加县级用户：第一个用户须为管理员且无需登录（也可由 county init --admin 创建），"
                                     "之后须由县级管理员 --user 登录添加；新密码取自 JIUZHU_NEW_PASSWORD")
    p.add_argument("--db", dest="county_db", type=argtypes.county_db, help="县级数据库 SQLAlchemy URL 或 SQLite 文件")
    p.add_argument("name")
    p.add_argument("--role", required=True, choices=["county_clerk", "county_reviewer", "admin"],
                   help="county_clerk 县级经办人 / county_reviewer 县级审核人 / admin 管理员")
    p.set_defaults(func=county_user_add)
    p = users.add_parser("list", help="列出县级用户")
    p.add_argument("--db", dest="county_db", type=argtypes.county_db, help="县级数据库 SQLAlchemy URL 或 SQLite 文件")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=county_user_list)
    p = cmd("register", county_register, "登记（信任）乡镇公钥")
    p.add_argument("file", help="乡镇公钥文件 T.pub")
    p.add_argument("--township-code", required=True)
    cmd("revoke", county_revoke, "吊销乡镇密钥").add_argument("key_id")
    cmd("verify", county_verify, "只校验批次，不写入").add_argument("file")
    p = cmd("ingest", county_ingest, "校验并导入批次，生成签名回执")
    p.add_argument("file")
    p.add_argument("--receipt-dir", help="回执写入文件夹（默认与批次同目录）")
    cmd("status", county_status, "各乡镇最新序号与审计头").add_argument("--json", action="store_true")
    p = cmd("stats", county_stats, "全县绩效指标（由各乡镇已确认花名册汇总）")
    p.add_argument("--year", required=True)
    p.add_argument("--month")
    p.add_argument("--json", action="store_true")
    p = cmd("check", county_check, "全县比对：跨乡镇重复保障、低保特困重叠、死亡后仍发放（可附外部名单）")
    p.add_argument("--external", help="外部名单 xlsx（姓名、身份证号、事项、日期）")
    p.add_argument("--json", action="store_true")
    p = cmd("decide", county_decide, "县级确认/不予确认已报县的申请，写出决定批次")
    p.add_argument("--application", type=int, action="append", help="申请编号（可重复）")
    p.add_argument("--all-pending", action="store_true", help="全部待县级确认的申请")
    p.add_argument("--list", action="store_true", help="只列出待县级确认的申请")
    p.add_argument("--township-code")
    p.add_argument("--confirm", action="store_true")
    p.add_argument("--reject", action="store_true")
    p.add_argument("--reason", help="意见（不予确认时必填）")
    p.add_argument("--amount", help="确认金额（元，默认为乡镇初审金额）")
    p.add_argument("--on", help="决定日期 YYYY-MM-DD（默认今天）")
    p.add_argument("--out", help="决定批次写入文件夹")
    cmd("gui", county_gui, "县级图形界面（县级用户登录）")
    p = cmd("serve", county_serve, "HTTPS 接收服务（无证书时仅本机 127.0.0.1）")
    p.add_argument("--host", default="127.0.0.1", help="监听地址（非本机须给出 --cert 与 --key）")
    p.add_argument("--port", type=argtypes.port, default=8765, help="端口")
    p.add_argument("--cert", help="TLS 证书文件（PEM）")
    p.add_argument("--key", help="TLS 私钥文件（PEM）")
