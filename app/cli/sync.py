"""`jiuzhu sync ...`: the township's side of the exchange with the county (SPEC §8, §9)."""

from __future__ import annotations

import argparse

from app.cli import args as argtypes
from app.cli.common import acting_user, info, open_context, print_json
from app.errors import InvalidInput


def _township(args: argparse.Namespace):  # noqa: ANN202 - (AppContext, Actor)
    ctx = open_context(args, write=True)  # every township sync command but status writes: one-writer lock
    return ctx, acting_user(args, ctx)


def sync_keygen(args: argparse.Namespace) -> int:
    from app.services.exchange.keyring import keygen

    ctx, actor = _township(args)
    info = keygen(ctx.uow, actor, args.out)
    verb = "已生成" if info.created else "已有密钥，重新导出"
    print(f"{verb}乡镇 {info.name}（{info.code}）的密钥，公钥文件 {info.path}")
    print(f"密钥编号 {info.key_id}，指纹 {info.fingerprint}（请与县级电话核对）")
    return 0


def sync_trust_county(args: argparse.Namespace) -> int:
    from app.services.exchange.keyring import trust_county
    from app.sync import tls

    if args.ca and args.pin:
        raise InvalidInput("--ca 与 --pin 只能给出其一（CA 证书或县级证书指纹）")
    trust = tls.TlsTrust(pin=tls.normalise_pin(args.pin) if args.pin else "",
                         ca_pem=tls.read_ca(args.ca) if args.ca else "")
    ctx, actor = _township(args)
    info = trust_county(ctx.uow, actor, args.file, url=args.url or "", tls_trust=trust)
    print(f"已信任县级公钥：{info.name}（{info.code}），密钥编号 {info.key_id}，指纹 {info.fingerprint}")
    if trust.pin:
        print(f"县级接收端证书指纹（SHA-256）：{tls.shown(trust.pin)}")
    elif trust.ca_pem:
        print(f"县级接收端证书须由 CA 证书 {args.ca} 签发")
    return 0


def sync_export(args: argparse.Namespace) -> int:
    from app.services.exchange.export import export_batch

    ctx, actor = _township(args)
    r = export_batch(ctx.uow, actor, args.out, full=args.full)
    counts = "，".join(f"{k} {v}" for k, v in r.records.items()) or "无数据变更"
    info(f"已写入{'全量' if r.full else '增量'}批次第 {r.sequence} 号（{counts}），已回读校验")
    print(r.path)
    return 0


def sync_import(args: argparse.Namespace) -> int:
    from app.services.exchange.incoming import import_file

    ctx, actor = _township(args)
    r = import_file(ctx.uow, actor, args.file)
    if r.status == "duplicate":
        print(f"{args.file} 已导入过（{r.stream} 第 {r.sequence} 号），未做任何更改")
    elif r.stream == "receipts":
        print(f"已导入县级回执：第 {r.sequence} 号批次 {r.receipt_status}"
              + (f"（县级不会接收该批次，下次 sync export 将重新生成第 {r.sequence} 号）" if r.reissue else ""))
    else:
        print(f"已导入县级决定批次第 {r.sequence} 号：已办理 {len(r.applied)} 件，暂存待核 {len(r.held)} 件")
        for app_id, why in r.held:
            print(f"  申请 {app_id} 暂存：{why}")
    return 0


def sync_upload(args: argparse.Namespace) -> int:
    from app.services.exchange.upload import upload_batch

    ctx, actor = _township(args)
    r = upload_batch(ctx.uow, actor, args.file, url=args.url, attempts=args.attempts)
    print(f"已上传到 {r.url}：{r.outcome}；回执 {r.receipt_path}")
    return 0


def sync_status(args: argparse.Namespace) -> int:
    from app.services.exchange.export import batch_history
    from app.services.exchange.keyring import key_infos

    ctx = open_context(args)
    keys = [vars(k) for k in key_infos(ctx.uow)]
    history = batch_history(ctx.uow)
    if args.json:
        print_json({"keys": keys, "batches": history})
        return 0
    for k in keys:
        print(f"{'本乡镇' if k['role'] == 'township' else '县级'}\t{k['name']}（{k['code']}）\t指纹 {k['fingerprint']}")
    for b in history:
        print(f"{b['created_at']}\t{b['direction']}\t{b['stream']}\t第 {b['sequence']} 号\t{b['status']}\t{b['detail']}")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    sync = sub.add_parser("sync", help="与县级交换批次（SPEC §8）").add_subparsers(dest="sync_cmd", required=True)
    p = sync.add_parser("keygen", help="生成本乡镇密钥并导出公钥文件（管理员）")
    p.add_argument("--out", required=True, help="公钥文件 T.pub")
    p.set_defaults(func=sync_keygen)
    p = sync.add_parser("trust-county", help="信任县级公钥文件（管理员）")
    p.add_argument("file", help="县级公钥文件 C.pub")
    p.add_argument("--url", type=argtypes.http_url, help="县级接收地址（上传用）")
    p.add_argument("--ca", help="县级接收端证书的 CA 证书文件（PEM，https 上传时校验）")
    p.add_argument("--pin", help="县级接收端证书的 SHA-256 指纹（自签证书时，电话核对）")
    p.set_defaults(func=sync_trust_county)
    p = sync.add_parser("export", help="导出增量批次到文件夹/U 盘，打印批次文件路径")
    p.add_argument("--out", required=True, help="目标文件夹")
    p.add_argument("--full", action="store_true", help="全量批次")
    p.set_defaults(func=sync_export)
    p = sync.add_parser("import", help="导入县级决定批次或回执")
    p.add_argument("file")
    p.set_defaults(func=sync_import)
    p = sync.add_parser("upload", help="上传批次文件到县级接收地址")
    p.add_argument("file")
    p.add_argument("--url", type=argtypes.http_url)
    p.add_argument("--attempts", type=argtypes.attempts, default=4)
    p.set_defaults(func=sync_upload)
    p = sync.add_parser("status", help="密钥指纹与批次记录")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=sync_status)
