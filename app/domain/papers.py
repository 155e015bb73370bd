"""Application papers (申请材料, SPEC §14): paper types, what a file is, downscale sizes, the 受理 checklist.

Pure rules only: the service reads and writes the files and the rows; everything a clerk relies on
(which papers 受理 needs, how far a phone photo is shrunk, which rotations exist) is decided here.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.errors import InvalidInput

# what a paper is attached to: a household, an application, an application's investigation, a 临时救助 grant
OWNER_KINDS: dict[str, str] = {
    "household": "家庭", "application": "申请", "investigation": "入户调查", "temporary_grant": "临时救助",
}


@dataclass(frozen=True)
class PaperType:
    name: str
    required: bool  # needed before 受理 of a dibao / tekun application
    builtin: bool = True


# SPEC §14 first; the first four are the papers 受理 needs (SPEC §4 "missing papers listed once")
BUILTIN_TYPES: tuple[PaperType, ...] = (
    PaperType("申请书", True), PaperType("家庭经济状况核对授权书", True), PaperType("身份证", True),
    PaperType("户口簿", True), PaperType("收入证明", False), PaperType("残疾证", False),
    PaperType("诊断证明", False), PaperType("入户调查照片", False), PaperType("其他", False),
)
TYPE_NAME_MAX = 30

# file kinds by their first bytes (never by the name's extension)
MEDIA_JPEG, MEDIA_PNG, MEDIA_PDF = "image/jpeg", "image/png", "application/pdf"
MEDIA_LABELS = {MEDIA_JPEG: "JPEG", MEDIA_PNG: "PNG", MEDIA_PDF: "PDF"}
MAX_FILE_BYTES = 60 * 1024 * 1024

DEFAULT_MAX_PX = 2000
DEFAULT_JPEG_QUALITY = 85
ROTATIONS = (0, 90, 180, 270)


def media_of(head: bytes) -> str:
    """The media type of a file from its first bytes; InvalidInput for anything but JPEG, PNG, PDF."""
    if head.startswith(b"\xff\xd8\xff"):
        return MEDIA_JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return MEDIA_PNG
    if head.lstrip(b"\r\n\t ")[:5] == b"%PDF-":
        return MEDIA_PDF
    raise InvalidInput("文件不是 JPEG、PNG 或 PDF")


def check_size(size: int) -> None:
    if size == 0:
        raise InvalidInput("文件是空的")
    if size > MAX_FILE_BYTES:
        raise InvalidInput(f"文件过大（{size / 1024 / 1024:.0f} MB），上限 {MAX_FILE_BYTES // 1024 // 1024} MB")


def scaled_size(width: int, height: int, max_px: int) -> tuple[int, int]:
    """The size an image is stored at: its longer side at most `max_px`, the aspect kept."""
    if max_px <= 0:
        raise InvalidInput(f"缩小尺寸：应为正整数像素，实为 {max_px}")
    longer = max(width, height)
    if longer <= max_px:
        return width, height
    factor = max_px / longer
    return max(1, round(width * factor)), max(1, round(height * factor))


def check_quality(quality: int) -> int:
    if not 30 <= quality <= 95:
        raise InvalidInput(f"JPEG 质量：应为 30 至 95，实为 {quality}")
    return quality


def rotated(current: int, degrees: int) -> int:
    """Rotation after turning by `degrees` (clockwise; a quarter turn either way, or a half)."""
    if degrees % 90:
        raise InvalidInput(f"旋转角度：只能是 90 的倍数，实为 {degrees}")
    return (current + degrees) % 360


def owner_label(kind: str) -> str:
    if kind not in OWNER_KINDS:
        raise InvalidInput(f"附加对象：应为{'、'.join(OWNER_KINDS.values())}之一，实为「{kind}」")
    return OWNER_KINDS[kind]


def clean_type_name(name: str) -> str:
    name = " ".join(str(name).split())
    if not name:
        raise InvalidInput("材料类型：不能为空")
    if len(name) > TYPE_NAME_MAX:
        raise InvalidInput(f"材料类型：最多 {TYPE_NAME_MAX} 个字，实为 {len(name)} 个")
    return name


def check_type(name: str, known: list[PaperType]) -> str:
    if name not in {t.name for t in known}:
        raise InvalidInput(f"材料类型：「{name}」不在材料类型表中（{'、'.join(t.name for t in known)}）")
    return name


@dataclass(frozen=True)
class ChecklistItem:
    paper_type: str
    count: int  # attachments of this type

    @property
    def present(self) -> bool:
        return self.count > 0


def checklist(known: list[PaperType], attached_types: list[str]) -> list[ChecklistItem]:
    """The 受理 checklist: every required type, ticked by the attachments of that type."""
    return [ChecklistItem(t.name, attached_types.count(t.name)) for t in known if t.required]


def missing(items: list[ChecklistItem], also: list[str] = ()) -> list[str]:
    """Every missing paper once, in checklist order, then any the clerk added by hand."""
    out = [i.paper_type for i in items if not i.present]
    for name in also:
        if name not in out:
            out.append(name)
    return out
