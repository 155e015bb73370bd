"""Application papers (SPEC §14): attach, list, show, rotate, remove; the paper types; the 受理 checklist.

Every attach is one transaction for all its files: the rows and their audit records (whose digest
names the file's SHA-256) are written, the files moved into the store, then the commit; anything
failing leaves no row and no new file. Removed papers stay in the store (audited) for as long as
backups are kept, so a restored backup still finds them. Nothing here logs a file's name or content.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, or_, select, text
from sqlalchemy.orm import Session

from app.domain import papers as dom
from app.domain.roles import CLERK_ROLES, Actor, require_role
from app.errors import Conflict, IntegrityFailure, InvalidInput, NotFound
from app.models import Application, AuditRecord, Household, Paper, PaperType, Setting, TemporaryGrant
from app.models.base import utcnow
from app.models.uow import UnitOfWork
from app.services import audit
from app.services.backup import KEEP_DAYS
from app.services.paper_store import PaperOptions, PaperStore, Prepared, prepare, sha256

ACCEPT_REQUIRES_ALL_KEY = "papers.accept_requires_all"  # 受理 refused while a required paper is missing
OPTIONS_KEY = "papers.options"  # the admin's size limit, JPEG quality, keep originals


@dataclass(frozen=True)
class PaperRow:
    id: int
    household_id: int
    owner_kind: str
    owner_id: int
    paper_type: str
    media: str
    pages: int
    size: int
    width: int | None
    height: int | None
    rotation: int
    attached_by: str
    attached_on: date
    removed: bool
    has_original: bool


def _row(p: Paper) -> PaperRow:
    return PaperRow(p.id, p.household_id, p.owner_kind, p.owner_id, p.paper_type, p.media, p.pages, p.size,
                    p.width, p.height, p.rotation, p.attached_by, p.attached_on, p.removed, bool(p.original_sha256))


def paper_snapshot(p: Paper) -> dict:
    """What the audit record's digest covers: the file's SHA-256 among the rest."""
    return {"id": p.id, "household_id": p.household_id, "owner_kind": p.owner_kind, "owner_id": p.owner_id,
            "paper_type": p.paper_type, "sha256": p.sha256, "original_sha256": p.original_sha256,
            "media": p.media, "size": p.size, "pages": p.pages, "rotation": p.rotation, "removed": p.removed}


# -- paper types ---------------------------------------------------------------------------------
def _types(s: Session) -> list[dom.PaperType]:
    added = [dom.PaperType(t.name, t.required, builtin=False) for t in s.scalars(select(PaperType).order_by(PaperType.id))]
    return [*dom.BUILTIN_TYPES, *added]


def paper_types(uow: UnitOfWork) -> list[dom.PaperType]:
    with uow.read() as s:
        return _types(s)


def add_paper_type(uow: UnitOfWork, actor: Actor, name: str, *, required: bool = False) -> str:
    """An admin extends the list; a required type joins the 受理 checklist."""
    require_role(actor, "admin")
    name = dom.clean_type_name(name)
    with uow.begin() as s:
        if name in {t.name for t in _types(s)}:
            raise Conflict(f"材料类型「{name}」已存在")
        s.add(row := PaperType(name=name, required=required, added_by=actor.name))
        s.flush()
        audit.append(s, actor, "paper_type.add", "paper_type", row.id, after={"name": name, "required": required})
    return name


def _requires_all(s: Session) -> bool:
    value = s.scalar(select(Setting.value).where(Setting.key == ACCEPT_REQUIRES_ALL_KEY)
                     .order_by(Setting.effective_month.desc(), Setting.id.desc()).limit(1))
    return value == "true"


def accept_requires_all(uow: UnitOfWork) -> bool:
    """Whether 受理 is refused while a required paper is missing (else it lists what is missing once)."""
    with uow.read() as s:
        return _requires_all(s)


def set_accept_requires_all(uow: UnitOfWork, actor: Actor, on: bool) -> None:
    require_role(actor, "admin")
    with uow.begin() as s:
        row = s.scalar(select(Setting).where(Setting.key == ACCEPT_REQUIRES_ALL_KEY))
        before = row.value == "true" if row else False
        if row is None:
            s.add(row := Setting(key=ACCEPT_REQUIRES_ALL_KEY, value="false", effective_month="2000-01"))
        row.value = "true" if on else "false"
        audit.append(s, actor, "setting.set", "setting", None, before={ACCEPT_REQUIRES_ALL_KEY: before},
                     after={ACCEPT_REQUIRES_ALL_KEY: on})


def _stored_options(s: Session) -> PaperOptions:
    value = s.scalar(select(Setting.value).where(Setting.key == OPTIONS_KEY).limit(1))
    saved = json.loads(value) if value else {}
    return PaperOptions(max_px=int(saved.get("max_px", dom.DEFAULT_MAX_PX)),
                        jpeg_quality=int(saved.get("jpeg_quality", dom.DEFAULT_JPEG_QUALITY)),
                        keep_original=bool(saved.get("keep_original", False)))


def paper_options(uow: UnitOfWork) -> PaperOptions:
    """How photos are kept: the size limit, the JPEG quality, whether originals are kept too."""
    with uow.read() as s:
        return _stored_options(s)


def save_paper_options(uow: UnitOfWork, actor: Actor, *, max_px: int | None = None, jpeg_quality: int | None = None,
                       keep_original: bool | None = None) -> PaperOptions:
    """An admin sets the limit (default 2,000 px), the quality (default 85) and whether to keep originals."""
    require_role(actor, "admin")
    with uow.begin() as s:
        old = _stored_options(s)
        new = PaperOptions(max_px=old.max_px if max_px is None else max_px,
                           jpeg_quality=old.jpeg_quality if jpeg_quality is None else jpeg_quality,
                           keep_original=old.keep_original if keep_original is None else keep_original)
        dom.scaled_size(1, 1, new.max_px)
        dom.check_quality(new.jpeg_quality)
        values = {"max_px": new.max_px, "jpeg_quality": new.jpeg_quality, "keep_original": new.keep_original}
        row = s.scalar(select(Setting).where(Setting.key == OPTIONS_KEY))
        if row is None:
            s.add(row := Setting(key=OPTIONS_KEY, value="{}", effective_month="2000-01"))
        before = json.loads(row.value)
        row.value = json.dumps(values)
        audit.append(s, actor, "setting.set", "setting", None, before={OPTIONS_KEY: before}, after={OPTIONS_KEY: values})
        return new


# -- owners -------------------------------------------------------------------------------------
def _owner_household(s: Session, kind: str, owner_id: int) -> int:
    """The household a paper of `kind` / `owner_id` belongs to (NotFound when there is no such owner)."""
    label = dom.owner_label(kind)
    model = {"household": Household, "application": Application, "investigation": Application,
             "temporary_grant": TemporaryGrant}[kind]
    row = s.get(model, owner_id)
    if row is None:
        raise NotFound(f"{label} {owner_id}")
    return row.id if kind == "household" else row.household_id


def application_papers(s: Session, application_id: int, household_id: int, *, removed: bool = False):
    """Papers of an application: its own, its investigation's, and its household's."""
    q = select(Paper).where(or_(
        (Paper.owner_kind.in_(("application", "investigation"))) & (Paper.owner_id == application_id),
        (Paper.owner_kind == "household") & (Paper.owner_id == household_id)))
    if not removed:
        q = q.where(Paper.removed.is_(False))
    return s.scalars(q.order_by(Paper.id)).all()


# -- attach -------------------------------------------------------------------------------------
def attach_papers(uow: UnitOfWork, actor: Actor, store: PaperStore, owner_kind: str, owner_id: int,
                  items: Sequence[tuple[str, bytes]], *, options: PaperOptions | None = None,
                  keep_location: bool = False, on: date | None = None) -> list[int]:
    """Attach files (paper type, content) to one owner, all or nothing; returns the new paper ids. The
    options are the admin's (paper_options) unless given; `keep_location` keeps a photo's GPS on purpose."""
    require_role(actor, *CLERK_ROLES)
    if options is None:
        options = replace(paper_options(uow), keep_location=keep_location)
    dom.owner_label(owner_kind)
    if not items:
        raise InvalidInput("没有要附加的文件")
    prepared: list[tuple[str, Prepared]] = []
    for n, (paper_type, raw) in enumerate(items, 1):
        try:
            prepared.append((paper_type, prepare(raw, options)))
        except InvalidInput as exc:  # the file is named by its place only: file names stay out of logs
            raise InvalidInput(f"第 {n} 个文件：{exc.params['detail']}") from None
    temps = [(store.write_temp(blob), sha256(blob)) for _t, p in prepared
             for blob in (p.data, p.original) if blob is not None]
    placed: list[str] = []
    try:
        with uow.begin() as s:
            household_id = _owner_household(s, owner_kind, owner_id)
            known, ids = _types(s), []
            for paper_type, p in prepared:
                row = Paper(household_id=household_id, owner_kind=owner_kind, owner_id=owner_id,
                            paper_type=dom.check_type(paper_type, known), sha256=sha256(p.data),
                            original_sha256=sha256(p.original) if p.original else "", media=p.media,
                            size=len(p.data), pages=p.pages, width=p.width, height=p.height, rotation=0,
                            attached_by=actor.name, attached_on=on or date.today(), removed=False)
                s.add(row)
                s.flush()
                audit.append(s, actor, "paper.attach", "paper", row.id, after=paper_snapshot(row),
                             household_id=household_id)
                ids.append(row.id)
            s.flush()  # the rows hold the database's write lock from here to the commit
            _clean(s, store)
            for tmp, digest in temps:
                if not store.path(digest).exists():
                    placed.append(digest)  # before the move: a failure inside it must not leave the file
                store.place(tmp, digest)
        return ids
    except BaseException:
        _discard_unreferenced(uow, store, placed)
        raise
    finally:
        for tmp, _digest in temps:
            tmp.unlink(missing_ok=True)


def attach_files(uow: UnitOfWork, actor: Actor, store: PaperStore, owner_kind: str, owner_id: int,
                 files: Sequence[tuple[str, Path]], **kwargs) -> list[int]:
    """attach_papers over files on disk (a file that cannot be read is named by its place)."""
    items = []
    for n, (paper_type, path) in enumerate(files, 1):
        try:
            size = Path(path).stat().st_size
            dom.check_size(size)
            items.append((paper_type, Path(path).read_bytes()))
        except FileNotFoundError:
            raise InvalidInput(f"第 {n} 个文件不存在") from None
        except OSError:
            raise InvalidInput(f"第 {n} 个文件无法读取（权限不足或是文件夹）") from None
        except InvalidInput as exc:
            raise InvalidInput(f"第 {n} 个文件：{exc.params['detail']}") from None
    return attach_papers(uow, actor, store, owner_kind, owner_id, items, **kwargs)


def _referenced(s: Session, *, purge_before: datetime | None = None) -> set[str]:
    """Digests a row still needs: live papers, and removed ones newer than the oldest kept backup."""
    cutoff = purge_before or (utcnow() - timedelta(days=KEEP_DAYS))
    rows = s.execute(select(Paper.sha256, Paper.original_sha256).where(
        or_(Paper.removed.is_(False), Paper.removed_at.is_(None), Paper.removed_at > cutoff)))
    return {d for pair in rows for d in pair if d}


def _clean(s: Session, store: PaperStore) -> int:
    """Remove objects no row needs (a killed attach, papers removed before the oldest backup) and stale
    temp files. Run while holding the write lock, so no other attach is between its move and commit."""
    keep, removed = _referenced(s), 0
    for digest in list(store.objects()):
        if digest not in keep:
            store.discard(digest)
            removed += 1
    for tmp in store.stale_temps():
        tmp.unlink(missing_ok=True)
        removed += 1
    return removed


def clean_store(uow: UnitOfWork, store: PaperStore) -> int:
    """`papers clean`: what a killed attach left behind; returns the number of files removed."""
    with uow.begin() as s:
        s.execute(text("UPDATE paper_type SET name = name WHERE 0"))  # take the write lock first
        return _clean(s, store)


def _discard_unreferenced(uow: UnitOfWork, store: PaperStore, digests: list[str]) -> None:
    if not digests:
        return
    with uow.read() as s:
        keep = _referenced(s)
    for digest in digests:
        if digest not in keep:
            store.discard(digest)


# -- read ---------------------------------------------------------------------------------------
def paper_rows(uow: UnitOfWork, owner_kind: str, owner_id: int, *, include_removed: bool = False) -> list[PaperRow]:
    """Papers of one owner; for an application also its investigation's and its household's."""
    dom.owner_label(owner_kind)
    with uow.read() as s:
        if owner_kind == "application":
            a = s.get(Application, owner_id)
            if a is None:
                raise NotFound(f"申请 {owner_id}")
            return [_row(p) for p in application_papers(s, a.id, a.household_id, removed=include_removed)]
        q = select(Paper).where(Paper.owner_kind == owner_kind, Paper.owner_id == owner_id)
        if not include_removed:
            q = q.where(Paper.removed.is_(False))
        return [_row(p) for p in s.scalars(q.order_by(Paper.id))]


def _load(s: Session, paper_id: int) -> Paper:
    p = s.get(Paper, paper_id)
    if p is None:
        raise NotFound(f"申请材料 {paper_id}")
    return p


def paper_content(uow: UnitOfWork, store: PaperStore, paper_id: int, *, original: bool = False) -> tuple[PaperRow, bytes]:
    """A paper's file, checked against its digest (IntegrityFailure when missing or changed)."""
    with uow.read() as s:
        p = _load(s, paper_id)
        row, digest = _row(p), (p.original_sha256 if original else p.sha256)
    if not digest:
        raise NotFound(f"申请材料 {paper_id} 的原件（未保留）")
    data = store.read(digest)
    if data is None:
        raise IntegrityFailure(f"申请材料 {paper_id} 的文件缺失")
    if sha256(data) != digest:
        raise IntegrityFailure(f"申请材料 {paper_id} 的文件被改动（校验值不符）")
    return row, data


# -- change -------------------------------------------------------------------------------------
def _change(uow: UnitOfWork, actor: Actor, paper_id: int, action: str, change, note: str = "") -> PaperRow:
    require_role(actor, *CLERK_ROLES)
    with uow.begin() as s:
        p = _load(s, paper_id)
        if p.removed:
            raise Conflict(f"申请材料 {paper_id} 已移除")
        before = paper_snapshot(p)
        change(p)
        audit.append(s, actor, action, "paper", p.id, before=before, after=paper_snapshot(p),
                     household_id=p.household_id, note=note)
        return _row(p)


def rotate_paper(uow: UnitOfWork, actor: Actor, paper_id: int, degrees: int) -> PaperRow:
    """Turn how a paper is shown (the file itself is kept as attached, its digest unchanged)."""
    turn = dom.rotated(0, degrees)
    return _change(uow, actor, paper_id, "paper.rotate", lambda p: setattr(p, "rotation", dom.rotated(p.rotation, turn)))


def remove_paper(uow: UnitOfWork, actor: Actor, paper_id: int, reason: str = "") -> PaperRow:
    """Remove a paper from its owner (audited); its file stays as long as backups are kept."""
    def mark(p: Paper) -> None:
        p.removed, p.removed_by, p.removed_at = True, actor.name, utcnow()

    return _change(uow, actor, paper_id, "paper.remove", mark, note=reason.strip())


# -- the 受理 checklist --------------------------------------------------------------------------
def _checklist(s: Session, a: Application) -> list[dom.ChecklistItem]:
    return dom.checklist(_types(s), [p.paper_type for p in application_papers(s, a.id, a.household_id)])


def application_checklist(uow: UnitOfWork, application_id: int) -> list[dom.ChecklistItem]:
    with uow.read() as s:
        a = s.get(Application, application_id)
        if a is None:
            raise NotFound(f"申请 {application_id}")
        return _checklist(s, a)


def accept_step_data(s: Session, a: Application, accepting: bool, data: dict) -> dict:
    """受理 / 不予受理 record the checklist: papers present, and every missing one listed once (the
    checklist's, then any the clerk typed). 受理 with a paper missing is refused when the admin asks."""
    items = _checklist(s, a)
    lacking = dom.missing(items, [str(x) for x in data.get("missing_papers") or ()])
    if accepting and lacking and _requires_all(s):
        raise Conflict(f"缺少材料，不能受理（请一次补齐）：{'、'.join(lacking)}")
    out = {k: v for k, v in data.items() if k != "missing_papers"}
    out["papers"] = [i.paper_type for i in items if i.present]
    if lacking:
        out["missing_papers"] = lacking
    return out


# -- audit verify -------------------------------------------------------------------------------
def check_papers(s: Session, store: PaperStore | None) -> list[tuple[int, str]]:
    """(paper id, reason) for each paper whose row differs from its latest audit record, and (with the
    store) each one whose file is missing or no longer matches its digest."""
    latest = (select(AuditRecord.object_id, func.max(AuditRecord.id).label("last"))
              .where(AuditRecord.object_type == "paper", AuditRecord.after_digest != "")
              .group_by(AuditRecord.object_id).subquery())
    digests = dict(s.execute(select(AuditRecord.object_id, AuditRecord.after_digest)
                             .join(latest, AuditRecord.id == latest.c.last)).all())
    keep, out = (_referenced(s) if store else set()), []
    for p in s.scalars(select(Paper).order_by(Paper.id)):
        expected = digests.get(p.id)
        if expected is None:
            out.append((p.id, "没有对应的审计记录（可能绕过程序直接写入）"))
        elif audit.digest(paper_snapshot(p)) != expected:
            out.append((p.id, "当前内容与最近一次审计记录不符（被绕过程序修改）"))
        if store is None:
            continue
        for label, digest in (("文件", p.sha256), ("原件", p.original_sha256)):
            if not digest or digest not in keep:
                continue  # a paper removed before the oldest backup: its file may be gone
            actual = store.actual_digest(digest)
            if actual is None:
                out.append((p.id, f"{label}缺失"))
            elif actual != digest:
                out.append((p.id, f"{label}内容被改动（SHA-256 与审计记录不符）"))
    return out
