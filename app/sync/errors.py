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
