"""The `jiuzhu papers` commands (SPEC §14): attach, list, the 受理 checklist, show, rotate, remove, types.

Files are named on stdout and stderr by their place on the command line and by paper id only: a
paper's file name often carries a person's name or ID number, and error text also goes to the log.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli.args import output_file, positive_int
from app.cli.common import acting_user, open_context, print_json

OWNERS = (("application", "申请编号"), ("household", "户编号"), ("investigation", "申请编号（入户调查材料）"),
          ("grant", "临时救助编号"))
OWNER_KIND = {"application": "application", "household": "household", "investigation": "investigation",
              "grant": "temporary_grant"}



def _store(ctx):  # noqa: ANN001, ANN202 - AppContext -> PaperStore
    from app.paths import data_dir
    from app.services.paper_store import PaperStore

    return PaperStore.for_database(data_dir(), ctx.db_path)


def _owner(args: argparse.Namespace) -> tuple[str, int]:
    for name, _label in OWNERS:
        value = getattr(args, name, None)
        if value is not None:
            return OWNER_KIND[name], value
    from app.errors import UsageError

    raise UsageError("请用 --application、--household、--investigation 或 --grant 指定附加对象")


def _row_json(r) -> dict:  # noqa: ANN001 - services.papers.PaperRow
    return {"id": r.id, "household_id": r.household_id, "owner": r.owner_kind, "owner_id": r.owner_id,
            "type": r.paper_type, "media": r.media, "pages": r.pages, "size": r.size, "width": r.width,
            "height": r.height, "rotation": r.rotation, "attached_by": r.attached_by,
            "attached_on": r.attached_on.isoformat(), "removed": r.removed, "has_original": r.has_original}


def register(sub: argparse._SubParsersAction) -> None:
    """Add `papers ...` to the parser."""

    def cmd_attach(args: argparse.Namespace) -> int:
        from app.services.papers import attach_files

        ctx = open_context(args, write=True)
        who = acting_user(args, ctx)
        kind, owner_id = _owner(args)
        ids = attach_files(ctx.uow, who, _store(ctx), kind, owner_id, [(args.type, Path(f)) for f in args.files],
                           keep_location=args.keep_location)
        print(f"已附加 {len(ids)} 份材料（{args.type}），编号 {'、'.join(map(str, ids))}")
        return 0

    def cmd_list(args: argparse.Namespace) -> int:
        from app.services.papers import paper_rows

        ctx = open_context(args)
        kind, owner_id = _owner(args)
        rows = paper_rows(ctx.uow, kind, owner_id, include_removed=args.all)
        if args.json:
            print_json([_row_json(r) for r in rows])
            return 0
        for r in rows:
            print(f"{r.id}\t{r.paper_type}\t{r.media}\t{r.pages} 页\t{r.attached_on}\t{r.attached_by}"
                  + ("\t已移除" if r.removed else ""))
        print(f"共 {len(rows)} 份")
        return 0

    def cmd_checklist(args: argparse.Namespace) -> int:
        from app.services.papers import application_checklist

        ctx = open_context(args)
        items = application_checklist(ctx.uow, args.application)
        if args.json:
            print_json([{"type": i.paper_type, "count": i.count, "present": i.present} for i in items])
            return 0
        for i in items:
            print(f"{'☑' if i.present else '☐'} {i.paper_type}" + (f"（{i.count} 份）" if i.present else ""))
        lacking = [i.paper_type for i in items if not i.present]
        print("受理材料齐全" if not lacking else f"缺少材料：{'、'.join(lacking)}")
        return 0

    def cmd_export(args: argparse.Namespace) -> int:
        from app.services.papers import paper_content

        ctx = open_context(args)
        _row, data = paper_content(ctx.uow, _store(ctx), args.id, original=args.original)
        Path(args.out).write_bytes(data)
        print(f"已导出材料 {args.id}（{len(data)} 字节）")
        return 0

    def cmd_rotate(args: argparse.Namespace) -> int:
        from app.services.papers import rotate_paper

        ctx = open_context(args, write=True)
        row = rotate_paper(ctx.uow, acting_user(args, ctx), args.id, args.degrees)
        print(f"材料 {row.id} 现旋转 {row.rotation} 度显示")
        return 0

    def cmd_remove(args: argparse.Namespace) -> int:
        from app.services.papers import remove_paper

        ctx = open_context(args, write=True)
        row = remove_paper(ctx.uow, acting_user(args, ctx), args.id, args.reason or "")
        print(f"已移除材料 {row.id}（文件保留至备份期满）")
        return 0

    def cmd_types(args: argparse.Namespace) -> int:
        from app.services.papers import paper_types

        types = paper_types(open_context(args).uow)
        if args.json:
            print_json([{"name": t.name, "required": t.required, "builtin": t.builtin} for t in types])
            return 0
        for t in types:
            print(f"{t.name}{'（受理必需）' if t.required else ''}{'' if t.builtin else '（自定义）'}")
        return 0

    def cmd_type_add(args: argparse.Namespace) -> int:
        from app.services.papers import add_paper_type

        ctx = open_context(args, write=True)
        name = add_paper_type(ctx.uow, acting_user(args, ctx), args.name, required=args.required)
        print(f"已添加材料类型「{name}」" + ("，受理时必需" if args.required else ""))
        return 0

    def cmd_settings(args: argparse.Namespace) -> int:
        from app.services.papers import paper_options, save_paper_options, set_accept_requires_all

        ctx = open_context(args, write=True)
        changes = (args.max_px, args.quality, args.keep_original, args.require_all)
        if any(v is not None for v in changes):
            who = acting_user(args, ctx)
            if args.require_all is not None:
                set_accept_requires_all(ctx.uow, who, args.require_all == "on")
            if any(v is not None for v in changes[:3]):
                save_paper_options(ctx.uow, who, max_px=args.max_px, jpeg_quality=args.quality,
                                   keep_original=None if args.keep_original is None else args.keep_original == "on")
        o = paper_options(ctx.uow)
        print(f"照片缩小到 {o.max_px} 像素，JPEG 质量 {o.jpeg_quality}，{'保留' if o.keep_original else '不保留'}原件")
        return 0

    def cmd_clean(args: argparse.Namespace) -> int:
        from app.services.papers import clean_store

        ctx = open_context(args, write=True)
        acting_user(args, ctx)
        print(f"已清理 {clean_store(ctx.uow, _store(ctx))} 个无主文件")
        return 0

    papers = sub.add_parser("papers", help="申请材料（扫描件、照片）").add_subparsers(dest="papers_cmd", required=True)

    def owner_options(p, *, required: bool = True) -> None:  # noqa: ANN001
        group = p.add_mutually_exclusive_group(required=required)
        for name, label in OWNERS:
            group.add_argument(f"--{name}", type=positive_int, help=label)

    att = papers.add_parser("attach", help="附加材料（JPEG、PNG、PDF；一次附加的文件全部成功或全部不附加）")
    att.add_argument("files", nargs="+", help="文件")
    att.add_argument("--type", required=True, help="材料类型（见 papers types）")
    owner_options(att)
    att.add_argument("--keep-location", action="store_true", help="保留照片中的位置信息（默认去除）")
    att.set_defaults(func=cmd_attach)
    ls = papers.add_parser("list", help="列出材料（申请的材料含其入户调查和家庭的材料）")
    owner_options(ls)
    ls.add_argument("--all", action="store_true", help="含已移除的材料")
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(func=cmd_list)
    cl = papers.add_parser("checklist", help="受理材料清单（由已附加的材料勾选）")
    cl.add_argument("--application", type=positive_int, required=True, help="申请编号")
    cl.add_argument("--json", action="store_true")
    cl.set_defaults(func=cmd_checklist)
    ex = papers.add_parser("export", help="导出一份材料的文件")
    ex.add_argument("id", type=positive_int, help="材料编号")
    ex.add_argument("--out", required=True, type=output_file("--out"), help="导出到的文件")
    ex.add_argument("--original", action="store_true", help="导出保留的原件")
    ex.set_defaults(func=cmd_export)
    rot = papers.add_parser("rotate", help="旋转材料的显示方向")
    rot.add_argument("id", type=positive_int, help="材料编号")
    rot.add_argument("--degrees", type=int, default=90, help="顺时针角度，90 的倍数（默认 90，-90 为逆时针）")
    rot.set_defaults(func=cmd_rotate)
    rm = papers.add_parser("remove", help="移除材料（记入审计，文件保留至备份期满）")
    rm.add_argument("id", type=positive_int, help="材料编号")
    rm.add_argument("--reason", help="理由")
    rm.set_defaults(func=cmd_remove)
    ty = papers.add_parser("types", help="材料类型表")
    ty.add_argument("--json", action="store_true")
    ty.set_defaults(func=cmd_types)
    ta = papers.add_parser("type-add", help="添加材料类型（管理员）")
    ta.add_argument("name", help="类型名称")
    ta.add_argument("--required", action="store_true", help="受理时必需")
    ta.set_defaults(func=cmd_type_add)
    st = papers.add_parser("settings", help="照片缩小尺寸、质量、是否保留原件、受理是否须材料齐全（修改须管理员）")
    st.add_argument("--max-px", type=positive_int, help="照片长边上限（像素，默认 2000）")
    st.add_argument("--quality", type=positive_int, help="JPEG 质量（30-95，默认 85）")
    st.add_argument("--keep-original", choices=("on", "off"), help="是否另存未缩小的原件")
    st.add_argument("--require-all", choices=("on", "off"), help="受理必需材料不齐时不能受理")
    st.set_defaults(func=cmd_settings)
    cn = papers.add_parser("clean", help="清理中断的附加留下的无主文件")
    cn.set_defaults(func=cmd_clean)
