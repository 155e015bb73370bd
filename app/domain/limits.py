"""Field length limits: the one table that entry (GUI, import) and the batch format share.

The county refuses a batch record whose text field is longer than its limit here, and the
township refuses to save such a value in the first place, so a value a clerk may type can
always travel to the county. Limits are in characters (Python `len`), sized for real entries:
several phone numbers with notes fit in 联系电话, names fit the database column.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limit:
    label: str  # the field's name as a clerk sees it
    chars: int


HOUSEHOLD: dict[str, Limit] = {
    "village": Limit("村(社区)", 100), "village_code": Limit("村(社区)代码", 12), "address": Limit("家庭住址", 200),
    "phone": Limit("联系电话", 100), "bank_name": Limit("开户银行", 60), "bank_account": Limit("银行账号", 40),
    "notes": Limit("备注", 1000), "legacy_no": Limit("户编号", 40),
}
MEMBER: dict[str, Limit] = {
    "name": Limit("姓名", 50), "id_number": Limit("身份证号", 18), "labour_ability": Limit("劳动能力", 20),
    "disability_category": Limit("残疾类别", 20),
}
TRANSITION: dict[str, Limit] = {
    "actor": Limit("经办人", 50), "role": Limit("角色", 10), "opinion": Limit("意见", 10000),
}
EVENT: dict[str, Limit] = {"reason": Limit("变更原因", 10000)}
CASE: dict[str, Limit] = {
    "support_mode": Limit("供养方式", 10), "payee_name": Limit("领款人", 100), "payee_account": Limit("领款账号", 40),
    "end_reason": Limit("终止原因", 200),
}
ROSTER: dict[str, Limit] = {"confirmed_by": Limit("确认人", 50)}
# a roster line is an array; its text positions (docs/sync-format.md section 6)
ROSTER_LINE: dict[int, Limit] = {
    4: Limit("村(社区)", 100), 5: Limit("领款人", 100), 6: Limit("领款人身份证号", 18), 7: Limit("开户银行", 60),
    8: Limit("银行账号", 40), 11: Limit("发放类型", 10), 13: Limit("备注", 200),
}
DECISION: dict[str, Limit] = {"opinion": Limit("意见", 10000), "decided_by": Limit("决定人", 50)}
RECEIPT: dict[str, Limit] = {
    "for_batch_id": Limit("批次编号", 32), "for_stream": Limit("流", 20), "for_manifest_sha256": Limit("清单哈希", 64),
    "error_code": Limit("错误代码", 40), "message": Limit("说明", 4000),
}
AUDIT: dict[str, Limit] = {
    "actor": Limit("操作人", 50), "action": Limit("操作", 60), "object_type": Limit("对象类型", 30),
}


def _reason(limit: Limit, value: str) -> str:
    return f"最多 {limit.chars} 个字符，现为 {len(value)} 个"


def over(limit: Limit, value: object) -> str | None:
    """Why a text value is too long for `limit` (naming the field), or None when it fits or is not text."""
    if isinstance(value, str) and len(value) > limit.chars:
        return f"「{limit.label}」{_reason(limit, value)}"
    return None


def too_long(obj: object, table: dict[str, Limit]) -> list[tuple[str, str]]:
    """(field label, reason) for every attribute of `obj` named in `table` that is too long."""
    out = []
    for attr, limit in table.items():
        value = getattr(obj, attr, None)
        if isinstance(value, str) and len(value) > limit.chars:
            out.append((limit.label, _reason(limit, value)))
    return out


# the household import's text columns (app/domain/legacy.py COLUMNS) and the limit each one feeds
IMPORT_COLUMNS: dict[str, Limit] = {
    "村(社区)": HOUSEHOLD["village"], "户编号": HOUSEHOLD["legacy_no"], "姓名": MEMBER["name"],
    "开户行": HOUSEHOLD["bank_name"], "银行账号": HOUSEHOLD["bank_account"], "联系电话": HOUSEHOLD["phone"],
}


def column_problems(values: dict[str, str]) -> list[tuple[str, str]]:
    """(column, reason) for each import cell (column -> its text) longer than its limit."""
    return [(column, _reason(IMPORT_COLUMNS[column], text)) for column, text in values.items()
            if column in IMPORT_COLUMNS and len(text) > IMPORT_COLUMNS[column].chars]
