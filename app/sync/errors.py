"""Sync errors: one stable code per refusal reason (docs/sync-format.md lists them all).

Everything a receiver refuses is a security failure (exit 4, SPEC §9); a township or county
mistake in using the commands is invalid input (exit 3); a target that cannot be written is an
ordinary failure (exit 1).
"""

from __future__ import annotations

from app.errors import AppError, InvalidInput, SecurityError


class SyncRefused(SecurityError):
    """A batch, receipt or decision file was refused; nothing was changed."""

    code = "E_SYNC"
    template = "批次被拒绝：{detail}"


class SizeRefused(SyncRefused):
    code = "E_SYNC_SIZE"
    template = "批次超过大小限制：{detail}"


class ZipRefused(SyncRefused):
    code = "E_SYNC_ZIP"
    template = "批次文件结构不合格：{detail}"


class SignatureRefused(SyncRefused):
    code = "E_SYNC_SIGNATURE"
    template = "签名无效：{detail}"


class KeyRevoked(SyncRefused):
    code = "E_SYNC_REVOKED"
    template = "签名密钥已被吊销：{detail}"


class SenderRefused(SyncRefused):
    code = "E_SYNC_SENDER"
    template = "发送方与签名密钥不符：{detail}"


class ManifestRefused(SyncRefused):
    code = "E_SYNC_MANIFEST"
    template = "清单（manifest.json）不合格：{detail}"


class RecipientRefused(SyncRefused):
    code = "E_SYNC_RECIPIENT"
    template = "批次不是发给本单位的：{detail}"


class ForkRefused(SyncRefused):
    code = "E_SYNC_FORK"
    template = "分叉告警：同一序号出现了内容不同的批次：{detail}"


class GapRefused(SyncRefused):
    code = "E_SYNC_GAP"
    template = "序号不连续，缺少批次：{detail}"


class RollbackRefused(SyncRefused):
    code = "E_SYNC_ROLLBACK"
    template = "回滚告警：批次序号早于已导入的批次：{detail}"


class AuditRollback(SyncRefused):
    code = "E_SYNC_AUDIT"
    template = "审计日志头与已收到的不一致（回退或被改写）：{detail}"


class DependencyRefused(SyncRefused):
    code = "E_SYNC_DEPENDS"
    template = "批次依赖的对方批次不存在或不一致：{detail}"


class HashRefused(SyncRefused):
    code = "E_SYNC_HASH"
    template = "数据文件长度或 SHA-256 与清单不符：{detail}"


class DecryptRefused(SyncRefused):
    code = "E_SYNC_DECRYPT"
    template = "数据文件无法解密：{detail}"


class HeaderRefused(SyncRefused):
    code = "E_SYNC_HEADER"
    template = "加密内容的头部与清单不符：{detail}"


class RecordRefused(SyncRefused):
    code = "E_SYNC_RECORD"
    template = "数据记录不合格：{detail}"


class StickError(AppError):
    """The target folder (USB stick) could not be written; the sequence number was not used."""

    code = "E_SYNC_STICK"
    exit_code = 1
    template = "无法写入目标文件夹，批次未生成，序号未占用：{detail}"


class UploadError(AppError):
    code = "E_SYNC_UPLOAD"
    exit_code = 1
    template = "上传失败：{detail}"


class KeyProblem(InvalidInput):
    code = "E_SYNC_KEY"
    template = "密钥问题：{detail}"


class SyncUsage(InvalidInput):
    code = "E_SYNC_INPUT"
    template = "同步操作无效：{detail}"


class VersionRefused(SyncRefused):
    """A data batch in a format version without the audit chain links (written by an older program)."""

    code = "E_SYNC_VERSION"
    template = "批次格式版本过旧：{detail}"


class AuditChainBroken(SyncRefused):
    """The batch's audit chain links do not lead from the head the county holds to the new head."""

    code = "E_SYNC_AUDIT_CHAIN"
    template = "篡改告警：乡镇审计链与县级已收到的审计头不连续（审计历史被改写或最新记录被删除）：{detail}"


class RefusedBefore(SyncRefused):
    """A batch the county refused for good (its sequence number was released for re-issue)."""

    code = "E_SYNC_REFUSED"
    template = "该批次已被拒收过，序号已释放给重新导出的批次：{detail}"


# refusals after which the county never accepts that batch and the township re-issues its sequence
# number (docs/sync-format.md section 10): the batch's own content or format version was refused
REISSUE_CODES = frozenset({"E_SYNC_RECORD", "E_SYNC_VERSION"})


class BatchInvalid(InvalidInput):
    """The township's own check before writing: a record the county's validator would refuse."""

    code = "E_SYNC_EXPORT_INVALID"
    template = "批次未生成，序号未占用：{count} 条记录不符合县级批次格式，请先在系统中修改后再导出：\n{detail}"

    def __init__(self, problems: list[str], total: int | None = None) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(self.problems), count=len(self.problems) if total is None else total)
