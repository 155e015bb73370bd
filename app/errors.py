"""Application errors: one stable code each, Chinese text, and the CLI exit code of its class.

Services raise these; the UI and the CLI turn them into text in one place (`AppError.text`).
"""

from __future__ import annotations

from dataclasses import dataclass


class AppError(Exception):
    """Base error. `code` is stable (E_...), `exit_code` follows SPEC §9."""

    code = "E_GENERAL"
    exit_code = 1
    template = "操作失败：{detail}"

    def __init__(self, detail: str = "", **params: object) -> None:
        self.params = dict(params, detail=detail)
        super().__init__(self.text)

    @property
    def text(self) -> str:
        try:
            return self.template.format(**self.params)
        except (KeyError, IndexError):
            return f"{self.template} {self.params}"

    def __str__(self) -> str:
        return f"[{self.code}] {self.text}"


class UsageError(AppError):
    code = "E_USAGE"
    exit_code = 2
    template = "用法错误：{detail}"


class InvalidInput(AppError):
    """Bad input from the user or a file; nothing was changed."""

    code = "E_INVALID"
    exit_code = 3
    template = "输入无效：{detail}"


class IdNumberError(InvalidInput):
    code = "E_ID_NUMBER"
    template = "身份证号无效：{detail}"


class NotFound(InvalidInput):
    code = "E_NOT_FOUND"
    template = "未找到：{detail}"


class Conflict(InvalidInput):
    code = "E_CONFLICT"
    template = "数据冲突：{detail}"


@dataclass(frozen=True)
class RowProblem:
    """One problem in an imported file: sheet row number (1-based), column header, reason."""

    row: int
    column: str
    reason: str

    def __str__(self) -> str:
        where = f"第 {self.row} 行" if self.row else "表头"
        col = f"「{self.column}」" if self.column else ""
        return f"{where}{col}：{self.reason}"


class ImportRejected(InvalidInput):
    """An import with one or more bad rows; every problem is listed, nothing was written."""

    code = "E_IMPORT_INVALID"
    template = "导入被拒绝，共 {count} 处错误，未写入任何数据：\n{detail}"

    def __init__(self, problems: list[RowProblem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems), count=len(self.problems))


class SecurityError(AppError):
    """Integrity or security failure (SPEC §9 exit 4)."""

    code = "E_SECURITY"
    exit_code = 4
    template = "安全校验失败：{detail}"


class AuthError(SecurityError):
    code = "E_AUTH"
    template = "登录失败：{detail}"


class AccountLocked(SecurityError):
    code = "E_LOCKED"
    template = "账户已锁定：{detail}"


class PermissionDenied(SecurityError):
    code = "E_PERMISSION"
    template = "没有权限：{detail}"


class IntegrityFailure(SecurityError):
    code = "E_INTEGRITY"
    template = "完整性校验失败：{detail}"


class DatabaseError(AppError):
    code = "E_DATABASE"
    exit_code = 1
    template = "数据库错误：{detail}"


class DatabaseBusy(AppError):
    code = "E_DB_BUSY"
    exit_code = 1
    template = "数据库正被另一个程序使用：{detail}"


class Cancelled(AppError):
    """The user cancelled a long operation; everything was rolled back."""

    code = "E_CANCELLED"
    exit_code = 1
    template = "操作已取消，未写入任何数据{detail}"


class ConcurrentWrite(AppError):
    """Another program changed the same rows at the same moment; this transaction was rolled back."""

    code = "E_DB_CONFLICT"
    exit_code = 1
    template = "数据库正被另一个程序同时修改，本次操作未写入任何数据，请稍后重试：{detail}"


class BackupRejected(InvalidInput):
    """A file offered for restore that is not a jiuzhu township database of a known schema."""

    code = "E_BACKUP_INVALID"
    template = "不能从此文件恢复，未做任何更改：{detail}"


class BackupOtherTownship(SecurityError):
    """A backup of a different township: restoring it would replace this township's records."""

    code = "E_BACKUP_TOWNSHIP"
    template = "不能从此文件恢复，未做任何更改：{detail}"


class MigrationDuplicateId(AppError):
    """Upgrading would make two active members one person (or a stored ID number has no valid form):
    the database is left exactly as it was, for a person to decide which household is right. Not a
    DatabaseError: the file is sound, and restoring a backup (what the GUI offers for those) cannot help."""

    code = "E_MIGRATION_DUPLICATE_ID"
    exit_code = 1
    template = ("数据库升级被拒绝，未做任何修改：身份证号统一为规范写法（18 位半角，末位大写 X）后，"
                "发现以下 {count} 处问题（一人只能属于一户）。请先用原版本程序将重复的成员从其中一户移出"
                "或改正号码，再打开本版本：\n{detail}")


class WorkbookUnreadable(InvalidInput):
    """A file that is not a workbook we can read (another format, encrypted, damaged, too large)."""

    code = "E_WORKBOOK"
    template = "无法读取表格文件：{detail}"
