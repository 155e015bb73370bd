"""canonical forms: what is stored gets its one spelling, and the database holds it there (SPEC §2)

Before this revision an ID number typed with full-width digits (or spaces, or a lower-case x) was
stored as typed, and was not matched against the same number in ASCII: one person could be in two
households. This revision
- normalises what is stored: member ID numbers to 18 ASCII characters with upper-case X, names
  NFKC and trimmed, household bank accounts and phones (and case payee accounts) without spaces;
- refuses, changing nothing, when that would make two active members one person, or when a stored
  ID number has no stored form at all: the error names each pair (households and members), for a
  person to decide - the migration does not guess which household is right;
- adds the CHECK ck_member_id_number_stored and keeps the partial unique index
  uq_member_active_id_number (one person in one household at a time).
A household or case whose content it changes gets an audit record (before/after) when it was as
last audited, so `audit verify` stays clean and the history shows the change; one already out of
step with its audit trail is not blessed by this and stays reported.

The member table is rebuilt (batch mode) to add the CHECK; migrate.py runs the upgrade with
foreign keys off and checks them before commit, so rebuilding does not cascade into incomes.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import defaultdict
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from app.domain import canonical
from app.domain.ids import normalize_id
from app.domain.masking import mask_id
from app.domain.registry import name_initials
from app.errors import IdNumberError, MigrationDuplicateId

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

ID_NUMBER_STORED = "length(id_number) = 18 AND id_number GLOB '" + "[0-9]" * 17 + "[0-9X]'"
_STORED = re.compile(r"[0-9]{17}[0-9X]")
ACTOR = "系统（数据库升级 0007）"
GENESIS = "0" * 64

HOUSEHOLD_TEXT = ("address", "bank_name", "notes")
HOUSEHOLD_COMPACT = ("phone", "bank_account")
# the audit snapshot of a household and a case as services/households.py and services/cases.py make it
HOUSEHOLD_FIELDS = ("address", "hukou_type", "phone", "bank_name", "bank_account", "separately_registered",
                    "deductions_fen", "notes", "legacy_no")
MEMBER_FIELDS = ("name", "id_number", "relation", "co_resident", "labour_ability", "disability_category",
                 "disability_grade", "serious_illness", "student", "selfcare_items_failed", "death_date")
MEMBER_BOOLS = ("co_resident", "serious_illness", "student", "removed")
CASE_FIELDS = ("id", "household_id", "program", "start_month", "end_month", "amount_fen", "status",
               "support_mode", "payee_name", "payee_account", "end_reason")

audit_log = sa.table(
    "audit_log", sa.column("ts", sa.DateTime()), sa.column("actor", sa.String()), sa.column("action", sa.String()),
    sa.column("object_type", sa.String()), sa.column("object_id", sa.Integer()),
    sa.column("household_id", sa.Integer()), sa.column("before_digest", sa.String()),
    sa.column("after_digest", sa.String()), sa.column("detail", sa.Text()), sa.column("prev_hash", sa.String()),
    sa.column("hash", sa.String()),
)


def upgrade() -> None:
    conn = op.get_bind()
    households = _rows(conn, "SELECT h.*, v.name AS village FROM household h JOIN village v ON v.id = h.village_id")
    members = _rows(conn, "SELECT * FROM member ORDER BY id")
    new_ids = _stored_ids(members)  # refuses before anything is written
    member_fixes = {m["id"]: fix for m in members if (fix := _member_fix(m, new_ids[m["id"]]))}
    household_fixes = {h["id"]: fix for h in households if (fix := _household_fix(h))}
    changed = set(household_fixes) | {m["household_id"] for m in members if m["id"] in member_fixes}
    snapshots = _Snapshots(conn, members)
    before = {h["id"]: snapshots.household(h) for h in households if h["id"] in changed}
    for h in households:
        h.update(household_fixes.get(h["id"], {}))
    for m in members:
        m.update(member_fixes.get(m["id"], {}))
    _update(conn, "household", HOUSEHOLD_TEXT + HOUSEHOLD_COMPACT, [h for h in households if h["id"] in household_fixes])
    _update(conn, "member", ("name", "name_initials", "id_number"), [m for m in members if m["id"] in member_fixes])
    audit = _Audit(conn)
    for h in households:
        if h["id"] in changed:
            audit.changed("household", h["id"], h["id"], before[h["id"]], snapshots.household(h))
    _normalise_cases(conn, audit)
    audit.write()

    with op.batch_alter_table("member", schema=None, recreate="always") as batch_op:
        batch_op.create_check_constraint(op.f("ck_member_id_number_stored"), sa.text(ID_NUMBER_STORED))
    # the rebuilt table gets the partial index back exactly as 0001 made it (WHERE removed = 0)
    op.execute("DROP INDEX IF EXISTS uq_member_active_id_number")
    op.execute("CREATE UNIQUE INDEX uq_member_active_id_number ON member (id_number) WHERE removed = 0")


def downgrade() -> None:
    # the stored values stay canonical: there is no way back to the many spellings, nor a need
    with op.batch_alter_table("member", schema=None, recreate="always") as batch_op:
        batch_op.drop_constraint(op.f("ck_member_id_number_stored"), type_="check")
    op.execute("DROP INDEX IF EXISTS uq_member_active_id_number")
    op.execute("CREATE UNIQUE INDEX uq_member_active_id_number ON member (id_number) WHERE removed = 0")


def _update(conn: sa.Connection, table: str, fields: tuple[str, ...], rows: list[dict]) -> None:
    if rows:  # one statement for all the rows: a county-sized township has tens of thousands
        conn.execute(sa.text(f"UPDATE {table} SET {', '.join(f'{f} = :{f}' for f in fields)} WHERE id = :id"),
                     [{f: r[f] for f in (*fields, "id")} for r in rows])


def _rows(conn: sa.Connection, sql: str) -> list[dict]:
    return [dict(r) for r in conn.execute(sa.text(sql)).mappings()]


def _stored_ids(members: list[dict]) -> dict[int, str]:
    """member id -> its ID number in the stored form; refuses (MigrationDuplicateId) when a number has
    none, or when two active members would then be one person."""
    new_ids, bad = {}, []
    for m in members:
        number = canonical.id_text(m["id_number"])
        if not _STORED.fullmatch(number):
            try:
                number = normalize_id(number).number  # a 15-digit number stored long ago
            except IdNumberError as exc:
                bad.append(f"户 {m['household_id']} 成员「{m['name']}」的身份证号无效（{exc.params['detail']}）")
                continue
        new_ids[m["id"]] = number
    people: dict[str, list[dict]] = defaultdict(list)
    for m in members:
        if not m["removed"] and m["id"] in new_ids:
            people[new_ids[m["id"]]].append(m)
    for number, same in people.items():
        for other in same[1:]:
            first = same[0]
            bad.append(f"身份证号 {mask_id(number)}：户 {first['household_id']}「{first['name']}」"
                       f"与户 {other['household_id']}「{other['name']}」是同一人")
    if bad:
        raise MigrationDuplicateId("；\n".join(bad), count=len(bad))
    return new_ids


def _member_fix(m: dict, number: str) -> dict | None:
    name = canonical.text(m["name"])
    if (name, number) == (m["name"], m["id_number"]):
        return None
    initials = name_initials(name) if name != m["name"] else m["name_initials"]
    return {"name": name, "name_initials": initials, "id_number": number}


def _household_fix(h: dict) -> dict | None:
    fix = {f: canonical.text(h[f]) for f in HOUSEHOLD_TEXT} | {f: canonical.compact(h[f]) for f in HOUSEHOLD_COMPACT}
    return fix if any(h[f] != v for f, v in fix.items()) else None


class _Snapshots:
    """services.households.household_snapshot, from the rows of this revision's schema."""

    def __init__(self, conn: sa.Connection, members: list[dict]) -> None:
        self.members: dict[int, list[dict]] = defaultdict(list)
        for m in members:  # by id, as the household's members relationship orders them
            self.members[m["household_id"]].append(m)
        self.incomes: dict[int, dict[str, int]] = defaultdict(dict)
        for mid, category, fen in conn.execute(sa.text("SELECT member_id, category, amount_fen FROM income ORDER BY id")):
            self.incomes[mid][category] = fen

    def household(self, h: dict) -> dict:
        data = {f: h[f] for f in HOUSEHOLD_FIELDS}
        data.update(id=h["id"], village=h["village"], status=h["status"],
                    separately_registered=bool(h["separately_registered"]))
        data["members"] = [
            {**{f: m[f] for f in MEMBER_FIELDS}, **{f: bool(m[f]) for f in MEMBER_BOOLS}, "id": m["id"],
             "incomes": dict(self.incomes[m["id"]])}
            for m in self.members[h["id"]]
        ]
        return data


def _normalise_cases(conn: sa.Connection, audit: _Audit) -> None:
    covered: dict[int, list[int]] = defaultdict(list)
    for case_id, member_id in conn.execute(sa.text("SELECT case_id, member_id FROM case_member")):
        covered[case_id].append(member_id)
    fixed = []
    for c in _rows(conn, "SELECT * FROM assistance_case ORDER BY id"):
        name, account = canonical.text(c["payee_name"]), canonical.compact(c["payee_account"])
        if (name, account) == (c["payee_name"], c["payee_account"]):
            continue
        before = {**{f: c[f] for f in CASE_FIELDS}, "members": sorted(covered[c["id"]])}
        fixed.append({"id": c["id"], "payee_name": name, "payee_account": account})
        audit.changed("case", c["id"], c["household_id"], before, {**before, **fixed[-1]})
    _update(conn, "assistance_case", ("payee_name", "payee_account"), fixed)


class _Audit:
    """Appends chained audit records exactly as services/audit.py does (the chain's format is stored)."""

    def __init__(self, conn: sa.Connection) -> None:
        self.conn = conn
        self.head = conn.execute(sa.text("SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1")).scalar() or GENESIS
        self.latest: dict[str, dict[int, str]] = {}
        self.records: list[dict] = []

    def _latest(self, object_type: str) -> dict[int, str]:
        """object id -> after-digest of its latest audit record (services/integrity.py, one query per type)."""
        if object_type not in self.latest:
            self.latest[object_type] = dict(self.conn.execute(sa.text(
                "SELECT a.object_id, a.after_digest FROM audit_log a JOIN (SELECT object_id, max(id) AS last "
                "FROM audit_log WHERE object_type = :t AND object_id IS NOT NULL AND after_digest != '' "
                "GROUP BY object_id) l ON a.id = l.last"), {"t": object_type}).all())
        return self.latest[object_type]

    def changed(self, object_type: str, object_id: int, household_id: int, before: dict, after: dict) -> None:
        """Record the change when the object was as its latest audit record says, else leave it reported."""
        if self._latest(object_type).get(object_id) != _digest(before):
            return
        ts = datetime.now(UTC).replace(tzinfo=None)
        rec = {"ts": ts, "actor": ACTOR, "action": f"{object_type}.canonical_forms", "object_type": object_type,
               "object_id": object_id, "household_id": household_id, "before_digest": _digest(before),
               "after_digest": _digest(after),
               "detail": _json({"before": before, "after": after, "note": "数据库升级：统一为规范形式（SPEC §2）"})}
        chained = {**rec, "ts": ts.isoformat()}  # services/audit.py: _chained_fields() and record_hash()
        rec.update(prev_hash=self.head, hash=hashlib.sha256((self.head + _json(chained)).encode()).hexdigest())
        self.records.append(rec)
        self.head = rec["hash"]

    def write(self) -> None:
        if self.records:  # in chain order: the ids follow the records' order
            self.conn.execute(audit_log.insert(), self.records)


def _json(obj: object) -> str:
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


def _digest(obj: object) -> str:
    return hashlib.sha256(_json(obj).encode()).hexdigest()
