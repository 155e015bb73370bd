"""Cross-checks (数据比对, SPEC §6): an external list against the beneficiaries, and internal checks.

A person is matched by normalized ID number only, never by name: a stranger who shares a name
is not a hit. Beneficiaries are the covered members of cases not ended (active or suspended);
for a death, anyone paid for a month after the month of death is a hit too, whatever the case's
status now (the month of death itself is still due). Months paid come from confirmed roster lines;
for a dibao household the whole household amount of those months is listed (it still counted the dead).

Each hit has a stable key (check + object ids, no personal data), so a hit marked handled stays
handled on the next run as long as the same thing is found.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from app.domain import canonical
from app.domain.accounts import LUHN_WARNING, luhn_ok
from app.domain.calc_case import calc_from_json
from app.domain.ids import normalize_id
from app.domain.masking import mask_account, mask_id
from app.domain.money import format_fen, yuan_to_fen
from app.domain.programs import CASE_PROGRAMS, PROGRAM_NAMES, family
from app.domain.roles import CLERK_ROLES, Actor, require_role
from app.domain.roster_lines import CASE_PAID_KINDS, LineKind
from app.errors import AppError, IdNumberError, ImportRejected, InvalidInput, RowProblem
from app.models import Case, CaseMember, CheckHit, Household, Member, Roster, RosterLine, Village
from app.models.base import utcnow
from app.models.uow import UnitOfWork
from app.services import audit
from app.services.case_lifecycle import reviews_due
from app.services.legacy_io import read_sheet
from app.services.restandard import case_calc
from app.services.standards import load_standards, settings_in_force, work_calendar

OPEN_CASE = ("active", "suspended")
# key prefix -> Chinese kind label (an external list's hits are 比对：<MATTERS label>)
KINDS = {
    "dup_id": "一人多户", "overlap": "低保特困重复享受", "amount": "金额与计算不符", "review": "复核逾期",
    "no_account": "缺少银行账号", "dup_account": "银行账号重复", "death": "登记死亡仍发放",
    "calendar": "节假日安排未录入",
    "luhn": "账号校验位不符",
}


EXTERNAL_COLUMNS = ("姓名", "身份证号", "事项", "日期")
# words that identify the 事项 of a row -> (code, label, the date is a date of death)
MATTERS = (
    (("死亡", "去世", "亡故"), "death", "死亡人员", True),
    (("火化", "殡葬"), "cremation", "火化人员", True),
    (("公职", "公务员", "财政供养", "事业单位", "机关"), "official", "财政供养人员", False),
    (("车辆", "机动车", "汽车"), "vehicle", "车辆登记", False),
    (("工商", "企业", "个体", "营业执照", "法人", "股东"), "business", "工商登记", False),
)
_DATE = re.compile(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?|(\d{4})(\d{2})(\d{2})")


@dataclass(frozen=True)
class ExternalEntry:
    """One row of an external list (deaths, cremations, civil servants, vehicles, business owners)."""

    row: int  # sheet row number
    name: str
    id_number: str  # normalized
    matter: str  # 事项 as written
    code: str
    label: str
    is_death: bool
    day: date | None


def _text(v: object) -> str:
    """A cell's canonical text (SPEC §2): the list's ID numbers, names and dates as the registry holds them."""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return canonical.text(v)


def _day(value: object, today: date) -> date | None:
    if isinstance(value, datetime):
        value = value.date()
    if not isinstance(value, date):
        text = _text(value)
        if not text:
            return None
        m = _DATE.fullmatch(text)
        if not m:
            raise ValueError(f"应为日期（如 2020-05-15），实为「{text}」")
        y, mo, d = (int(x) for x in (m.groups()[:3] if m.group(1) else m.groups()[3:]))
        try:
            value = date(y, mo, d)
        except ValueError:
            raise ValueError(f"日期 {text} 不存在") from None
    if value > today:
        raise ValueError(f"日期 {value.isoformat()} 在未来")
    return value


def parse_external(rows: list[tuple], today: date | None = None) -> list[ExternalEntry]:
    """Rows of the list's first sheet (row 1 = header) -> entries; ImportRejected names every bad cell."""
    today = today or date.today()
    if not rows:
        raise ImportRejected([RowProblem(1, "", "工作表为空")])
    names = [_text(h) for h in rows[0]]
    problems = [RowProblem(1, c, "缺少此列") for c in EXTERNAL_COLUMNS if c not in names]
    if problems:
        raise ImportRejected(problems)
    col = {c: names.index(c) for c in EXTERNAL_COLUMNS}
    out = []
    for n, values in enumerate(rows[1:], start=2):
        get = {c: values[i] if i < len(values) else None for c, i in col.items()}
        if all(_text(v) == "" for v in get.values()):
            continue
        before = len(problems)
        name, matter = _text(get["姓名"]), _text(get["事项"])
        if not name:
            problems.append(RowProblem(n, "姓名", "不能为空"))
        try:
            number = normalize_id(_text(get["身份证号"]), today=today).number
        except IdNumberError as exc:
            problems.append(RowProblem(n, "身份证号", str(exc.params["detail"])))
        kind = next((k for words, *k in MATTERS if any(w in matter for w in words)), None)
        if kind is None:
            problems.append(RowProblem(n, "事项", f"应为 死亡/火化/公职人员/车辆/工商登记 之一，实为「{matter}」"))
        try:
            day = _day(get["日期"], today)
        except ValueError as exc:
            problems.append(RowProblem(n, "日期", str(exc)))
            day = None
        if kind and kind[2] and day is None and not any(p.row == n and p.column == "日期" for p in problems):
            problems.append(RowProblem(n, "日期", f"{kind[1]}名单必须填写日期"))
        if len(problems) == before:
            out.append(ExternalEntry(n, name, number, matter, kind[0], kind[1], kind[2], day))
    if not out and not problems:
        problems.append(RowProblem(2, "", "名单中没有数据行"))
    if problems:
        raise ImportRejected(problems)
    return out


def read_external(path: Path, today: date | None = None) -> list[ExternalEntry]:
    """Read and validate an external list (.xlsx); nothing is stored."""
    return parse_external(read_sheet(Path(path)), today)


@dataclass(frozen=True)
class Hit:
    key: str
    kind: str  # Chinese label
    household_id: int | None
    description: str
    household: str = ""  # village and head, for lists
    months: tuple[str, ...] = ()  # months paid after a death
    amount_fen: int = 0  # paid after a death
    handled: bool = False
    note: str = ""
    handled_by: str = ""


@dataclass(frozen=True)
class _Person:
    member_id: int
    name: str
    id_number: str
    household_id: int
    death_date: date | None


def _ym(d: date) -> str:
    return f"{d.year:04d}-{d.month:02d}"


class _Context:
    """What several checks need, loaded once per run."""

    def __init__(self, s: Session) -> None:
        self.s = s
        q = select(CaseMember.member_id, Case.id, Case.program, Case.status).join(Case)
        self.cases_of: dict[int, list[tuple[int, str, str]]] = defaultdict(list)
        for mid, cid, program, status in s.execute(q):
            self.cases_of[mid].append((cid, program, status))
        heads = dict(s.execute(select(Member.household_id, Member.name).where(Member.relation == "本人",
                                                                              Member.removed.is_(False))).all())
        q = select(Household.id, Village.name).join(Village)
        self.label = {hid: f"{village} {heads.get(hid, '')}".strip() for hid, village in s.execute(q)}

    def people(self, id_numbers: set[str]) -> dict[str, list[_Person]]:
        out: dict[str, list[_Person]] = defaultdict(list)
        ids = sorted(id_numbers | {n.lower() for n in id_numbers if n.endswith("X")})  # a synced lower-case x
        for i in range(0, len(ids), 900):
            q = select(Member.id, Member.name, Member.id_number, Member.household_id, Member.death_date).where(
                Member.id_number.in_(ids[i:i + 900]))
            for row in self.s.execute(q):
                out[row[2].upper()].append(_Person(*row))
        return out

    def paid_months(self, case_ids: list[int], after: str) -> tuple[list[str], int]:
        """Months after `after` paid to these cases by confirmed rosters, and the amount."""
        if not case_ids:
            return [], 0
        q = (select(RosterLine.for_month, func.sum(RosterLine.amount_fen)).join(Roster)
             .where(Roster.state != "draft", RosterLine.case_id.in_(case_ids), RosterLine.kind.in_(CASE_PAID_KINDS),
                    RosterLine.amount_fen > 0, RosterLine.for_month > after)
             .group_by(RosterLine.for_month).order_by(RosterLine.for_month))
        rows = self.s.execute(q).all()
        return [m for m, _ in rows], sum(int(f) for _, f in rows)


def _programs(cases: list[tuple[int, str, str]]) -> str:
    return "、".join(sorted({PROGRAM_NAMES[p] for _, p, st in cases if st in OPEN_CASE})) or "（已停保）"


def _person_hits(ctx: _Context, p: _Person, key: str, kind: str, intro: str, died: date | None) -> Hit | None:
    cases = ctx.cases_of.get(p.member_id, [])
    open_cases = [c for c in cases if c[2] in OPEN_CASE]
    months, fen = ctx.paid_months([c[0] for c in cases], _ym(died)) if died else ([], 0)
    if not open_cases and not months:
        return None
    text = f"{intro}{p.name}（{mask_id(p.id_number)}）享受{_programs(cases)}"
    if months:
        text += f"；死亡后仍发放 {'、'.join(months)}，共 {len(months)} 个月 {format_fen(fen)} 元"
    return Hit(key, kind, p.household_id, text, ctx.label.get(p.household_id, ""), tuple(months), fen)


def external_hits(ctx: _Context, entries: list[ExternalEntry]) -> list[Hit]:
    found = ctx.people({e.id_number for e in entries})
    out = []
    for e in entries:
        for p in found.get(e.id_number, []):
            died = e.day if e.is_death else None
            when = f"（{e.day.isoformat()}）" if e.day else ""
            other = f"，名单姓名「{e.name}」" if e.name != p.name else ""
            intro = f"外部名单第 {e.row} 行「{e.matter}」{when}{other}："
            hit = _person_hits(ctx, p, f"ext:{e.code}:{p.member_id}", f"比对：{e.label}", intro, died)
            if hit:
                out.append(hit)
    return out


def registry_death_hits(ctx: _Context) -> list[Hit]:
    q = select(Member.id, Member.name, Member.id_number, Member.household_id, Member.death_date).where(
        Member.death_date.is_not(None))
    out = []
    for row in ctx.s.execute(q):
        p = _Person(*row)
        hit = _person_hits(ctx, p, f"death:{p.member_id}", KINDS["death"],
                           f"台账登记 {p.death_date.isoformat()} 死亡：", p.death_date)
        if hit:
            out.append(hit)
    return out


def duplicate_id_hits(ctx: _Context) -> list[Hit]:
    """One ID in two active households (the unique index forbids it; a restore or sync might not)."""
    q = (select(func.upper(Member.id_number), Member.id, Member.name, Member.household_id).join(Household)
         .where(Member.removed.is_(False), Household.status == "active").order_by(Member.id))
    groups: dict[str, list[tuple[int, str, int]]] = defaultdict(list)
    for number, mid, name, hid in ctx.s.execute(q):
        groups[number].append((mid, name, hid))
    out = []
    for number, rows in groups.items():
        households = sorted({hid for _, _, hid in rows})
        if len(households) > 1:
            where = "、".join(f"户 {h}（{ctx.label.get(h, '')}）" for h in households)
            out.append(Hit("dup_id:" + "-".join(str(m) for m, _, _ in rows), KINDS["dup_id"], households[0],
                           f"{rows[0][1]}（{mask_id(number)}）同时登记在 {where}", ctx.label.get(households[0], "")))
    return out


def overlap_hits(ctx: _Context) -> list[Hit]:
    """The same person covered by a dibao and a tekun case paid (or both in force) in one month."""
    q = (select(func.upper(Member.id_number), Member.name, Case.id, Case.program, Case.status, Case.household_id,
                Member.id).select_from(CaseMember).join(Member).join(Case))
    by_person: dict[str, list[tuple]] = defaultdict(list)
    for row in ctx.s.execute(q):
        by_person[row[0]].append(row)
    pairs = [(d, t) for rows in by_person.values() for d in rows if family(d[3]) == "dibao"
             for t in rows if family(t[3]) == "tekun"]
    months = _regular_months(ctx.s, {c for d, t in pairs for c in (d[2], t[2])})
    out = []
    for d, t in pairs:
        both = sorted(months[d[2]] & months[t[2]])
        if not both and not (d[4] in OPEN_CASE and t[4] in OPEN_CASE):
            continue
        when = f"同时发放 {'、'.join(both)}" if both else "两项救助当前均在保"
        out.append(Hit(f"overlap:{d[2]}:{t[2]}:{t[6]}", KINDS["overlap"], t[5],
                       f"{d[1]}（{mask_id(d[0])}）同时享受{PROGRAM_NAMES[d[3]]}（户 {d[5]}）和"
                       f"{PROGRAM_NAMES[t[3]]}（户 {t[5]}）：{when}", ctx.label.get(t[5], ""), tuple(both)))
    return out


def _regular_months(s: Session, case_ids: set[int]) -> dict[int, set[str]]:
    out: dict[int, set[str]] = defaultdict(set)
    if case_ids:
        q = select(RosterLine.case_id, RosterLine.for_month).where(
            RosterLine.case_id.in_(sorted(case_ids)), RosterLine.kind == LineKind.REGULAR, RosterLine.amount_fen > 0)
        for cid, month in s.execute(q):
            out[cid].add(month)
    return out


def amount_hits(ctx: _Context, today: date) -> list[Hit]:
    """The amount on each open case's latest roster (else the case amount) against the §3 rules."""
    s = ctx.s
    latest: dict[int, tuple[str, int]] = {}
    for cid, month, fen in s.execute(select(RosterLine.case_id, Roster.month, RosterLine.amount_fen).join(Roster)
                                     .where(RosterLine.kind == LineKind.REGULAR, RosterLine.case_id.is_not(None))):
        if cid not in latest or month > latest[cid][0]:
            latest[cid] = (month, fen)
    q = (select(Case).where(Case.status == "active", Case.program.in_(CASE_PROGRAMS)).order_by(Case.id)
         .options(selectinload(Case.members),
                  selectinload(Case.household).selectinload(Household.members).selectinload(Member.incomes)))
    standards, settings, out = load_standards(s), {}, []
    for c in s.scalars(q):
        month, paid = latest.get(c.id, (max(_ym(today), c.start_month), c.amount_fen))
        settings.setdefault(month, settings_in_force(s, month))
        source = f"{month} 花名册" if c.id in latest else "当前核定"
        try:
            result = calc_from_json(case_calc(c, month), standards=standards, settings=settings[month])
        except AppError as exc:
            computed, why = None, f"无法按规则计算：{exc.text}"
        else:
            computed = yuan_to_fen(result["amount"]) if result["eligible"] else 0
            why = f"按规则计算 {format_fen(computed)} 元" + ("" if result["eligible"] else "（已不符合条件）")
        if computed == paid:
            continue
        out.append(Hit(f"amount:{c.id}:{paid}:{computed}", KINDS["amount"], c.household_id,
                       f"{PROGRAM_NAMES[c.program]} {c.payee_name}：{source}金额 {format_fen(paid)} 元，{why}",
                       ctx.label.get(c.household_id, "")))
    return out


def review_hits(uow: UnitOfWork, ctx: _Context, today: date) -> list[Hit]:
    return [Hit(f"review:{r.case_id}:{r.due.isoformat()}", KINDS["review"], r.household_id,
                f"{r.program} {r.payee}：应于 {r.due.isoformat()} 前复核（{'每年' if r.yearly else '每半年'}），"
                f"已逾期 {(today - r.due).days} 天", ctx.label.get(r.household_id, ""))
            for r in reviews_due(uow, today, within_days=0) if r.due < today]


def calendar_hits(ctx: _Context, today: date) -> list[Hit]:
    """From 1 November: next year's holidays are not known, so deadlines across it are estimates."""
    year = today.year + 1
    if (today.month, today.day) < (11, 1) or work_calendar(ctx.s).covers(year):
        return []
    return [Hit(f"calendar:{year}", KINDS["calendar"], None,
                f"{year} 年的法定节假日安排尚未录入，跨年的办理期限按周一至周五估算；请在“系统设置”录入国务院通知")]


def account_hits(ctx: _Context) -> list[Hit]:
    """Open cases without a payee account; one account paid to several households (not institutions)."""
    q = (select(Case.id, Case.household_id, Case.program, Case.payee_name, Case.payee_account, Case.support_mode,
                Household.bank_account).join(Household).where(Case.status.in_(OPEN_CASE)))
    out, users, institutions = [], defaultdict(set), set()
    for cid, hid, program, payee, account, mode, own in ctx.s.execute(q):
        account, own = (account or "").replace(" ", ""), (own or "").replace(" ", "")
        if mode == "集中供养":
            institutions.add(account)
        if not account:
            out.append(Hit(f"no_account:{cid}", KINDS["no_account"], hid,
                           f"{PROGRAM_NAMES[program]} {payee}：未登记收款账号，无法代发", ctx.label.get(hid, "")))
        for a in {account if mode != "集中供养" else "", own} - {""}:
            users[a].add(hid)
            if not luhn_ok(a):  # a warning: some passbook accounts fail it (one hit per household)
                out.append(Hit(f"luhn:{hid}", KINDS["luhn"], hid, f"账号 {mask_account(a)}：{LUHN_WARNING}",
                               ctx.label.get(hid, "")))
    for account, households in sorted(users.items()):
        if len(households) > 1 and account not in institutions:
            hs = sorted(households)
            where = "、".join(f"户 {h}（{ctx.label.get(h, '')}）" for h in hs)
            out.append(Hit("dup_account:" + "-".join(map(str, hs)), KINDS["dup_account"], hs[0],
                           f"账号 {mask_account(account)} 由 {where} 共用", ctx.label.get(hs[0], "")))
    return out


def run_checks(uow: UnitOfWork, external: list[ExternalEntry] | Path | str | None = None,
               today: date | None = None) -> list[Hit]:
    """Every internal check, and the external list when given (a path is read and validated first)."""
    today = today or date.today()
    if isinstance(external, str | Path):
        external = read_external(Path(external), today=today)
    with uow.read() as s:
        ctx = _Context(s)
        hits = external_hits(ctx, external or [])
        hits += registry_death_hits(ctx) + duplicate_id_hits(ctx) + overlap_hits(ctx) + amount_hits(ctx, today)
        hits += review_hits(uow, ctx, today) + account_hits(ctx) + calendar_hits(ctx, today)
        handled = {k: (note, by) for k, note, by in s.execute(select(CheckHit.key, CheckHit.note, CheckHit.handled_by))}
    out, seen = [], set()
    for h in hits:
        if h.key in seen:  # one person twice on the list: one hit
            continue
        seen.add(h.key)
        done = handled.get(h.key)
        out.append(replace(h, handled=True, note=done[0], handled_by=done[1]) if done else h)
    return out


def kind_of_key(key: str) -> str:
    prefix = key.split(":", 1)[0]
    return KINDS.get(prefix, "外部比对" if prefix == "ext" else prefix)


def mark_handled(uow: UnitOfWork, actor: Actor, key: str, note: str, *, kind: str = "",
                 household_id: int | None = None) -> None:
    """Record that a hit was dealt with (what was done, by whom); audited. Marking again updates the note."""
    require_role(actor, *CLERK_ROLES)
    key, note = (key or "").strip(), (note or "").strip()
    if not key:
        raise InvalidInput("比对结果的标识不能为空")
    if not note:
        raise InvalidInput("请填写处理说明")
    with uow.begin() as s:
        row = s.get(CheckHit, key)
        before = None if row is None else {"note": row.note, "handled_by": row.handled_by}
        if row is None:
            row = CheckHit(key=key, kind=(kind or kind_of_key(key))[:40], household_id=household_id,
                           handled_by=actor.name)
            s.add(row)
        row.note, row.handled_by, row.handled_at = note, actor.name, utcnow()
        audit.append(s, actor, "check.handle", "check_hit", None, before=before,
                     after={"key": key, "kind": row.kind, "note": note}, household_id=household_id, note=note)
