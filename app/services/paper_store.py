"""The paper store: files kept by their SHA-256 under the data folder, and preparing a file to keep.

A file is written to `tmp/` first (fsynced), moved to `objects/ab/abcd...` only inside the attach
transaction once its rows are written, and removed again if that transaction does not commit; a kill
between the move and the commit leaves an object no row names, which the next attach removes. Names
in the store are digests only: nothing in it (or in a log line) says whose paper a file is.

Images are shrunk to the set limit (default 2,000 px, JPEG quality 85), turned upright from their
EXIF orientation, and lose their EXIF GPS block unless the clerk keeps the location on purpose.
"""

from __future__ import annotations

import hashlib
import io
import os
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from app.domain import papers as dom
from app.errors import InvalidInput
from app.permissions import make_private

EXIF_GPS, EXIF_ORIENTATION = 0x8825, 0x0112
TEMP_MAX_AGE = 3600  # seconds: an older temp file belongs to no attach still running


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


class PaperStore:
    """One database's paper files: `root/objects/<2 hex>/<sha256>` and `root/tmp/`."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    @classmethod
    def for_database(cls, data_dir: Path, db_path: Path) -> PaperStore:
        """The store of the database at `db_path` (its own folder under the data folder's papers/)."""
        where = hashlib.sha256(str(Path(db_path).resolve()).encode()).hexdigest()[:10]
        return cls(Path(data_dir) / "papers" / f"{Path(db_path).stem}-{where}")

    def _dir(self, *parts: str) -> Path:
        path = self.root.joinpath(*parts)
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        return path

    def path(self, digest: str) -> Path:
        return self.root / "objects" / digest[:2] / digest

    def write_temp(self, data: bytes) -> Path:
        tmp = self._dir("tmp") / f"{uuid.uuid4().hex}.part"
        with tmp.open("wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        make_private(tmp)
        return tmp

    def place(self, tmp: Path, digest: str) -> bool:
        """Move a temp file to its object name; False when an intact object of that digest was there."""
        dest = self.path(digest)
        if dest.exists() and file_sha256(dest) == digest:
            tmp.unlink(missing_ok=True)
            return False
        self._dir("objects", digest[:2])
        os.replace(tmp, dest)
        _fsync_dir(dest.parent)
        return True

    def read(self, digest: str) -> bytes | None:
        try:
            return self.path(digest).read_bytes()
        except FileNotFoundError:
            return None

    def actual_digest(self, digest: str) -> str | None:
        """The SHA-256 of the object stored under `digest` now, or None when it is missing."""
        path = self.path(digest)
        return file_sha256(path) if path.is_file() else None

    def discard(self, digest: str) -> None:
        self.path(digest).unlink(missing_ok=True)

    def objects(self) -> Iterator[str]:
        folder = self.root / "objects"
        if folder.is_dir():
            for sub in folder.iterdir():
                if sub.is_dir():
                    yield from (f.name for f in sub.iterdir() if f.is_file())

    def stale_temps(self, now: float | None = None) -> list[Path]:
        folder, now = self.root / "tmp", now or time.time()
        if not folder.is_dir():
            return []
        return [f for f in folder.iterdir() if f.is_file() and now - f.stat().st_mtime > TEMP_MAX_AGE]


def _fsync_dir(path: Path) -> None:
    if os.name == "posix":
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@dataclass(frozen=True)
class PaperOptions:
    max_px: int = dom.DEFAULT_MAX_PX
    jpeg_quality: int = dom.DEFAULT_JPEG_QUALITY
    keep_original: bool = False  # the admin asked to keep the unshrunk file too
    keep_location: bool = False  # EXIF GPS kept on purpose


DEFAULT_OPTIONS = PaperOptions()


@dataclass(frozen=True)
class Prepared:
    data: bytes  # what is stored and shown
    media: str
    pages: int
    width: int | None
    height: int | None
    original: bytes | None  # kept beside it when asked and different


def prepare(raw: bytes, options: PaperOptions | None = None) -> Prepared:
    """Check a file is a JPEG, PNG or PDF and make the copy to keep (InvalidInput otherwise)."""
    options = options or DEFAULT_OPTIONS
    dom.check_size(len(raw))
    dom.check_quality(options.jpeg_quality)
    media = dom.media_of(raw[:16])
    if media == dom.MEDIA_PDF:
        return Prepared(raw, media, _pdf_pages(raw), None, None, None)
    data, width, height = _prepare_image(raw, media, options)
    original = raw if options.keep_original and data != raw else None
    return Prepared(data, media, 1, width, height, original)


def _pdf_pages(raw: bytes) -> int:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        pages = len(PdfReader(io.BytesIO(raw)).pages)
    except (PyPdfError, ValueError, KeyError, TypeError, OSError) as exc:
        raise InvalidInput("PDF 文件已损坏或无法读取") from exc
    if pages == 0:
        raise InvalidInput("PDF 文件没有页面")
    return pages


def _prepare_image(raw: bytes, media: str, options: PaperOptions) -> tuple[bytes, int, int]:
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(raw)) as im:
            im.load()
            exif = im.getexif()
            drop_gps = EXIF_GPS in exif and not options.keep_location
            turned = exif.get(EXIF_ORIENTATION, 1) not in (1, None)
            size = dom.scaled_size(im.width, im.height, options.max_px)
            if size == im.size and not drop_gps and not turned:
                return raw, im.width, im.height
            upright = ImageOps.exif_transpose(im)
            out = upright.resize(dom.scaled_size(upright.width, upright.height, options.max_px),
                                 Image.Resampling.LANCZOS)
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError) as exc:
        raise InvalidInput("图片已损坏或无法读取") from exc
    if drop_gps:
        del exif[EXIF_GPS]
    if EXIF_ORIENTATION in exif:
        exif[EXIF_ORIENTATION] = 1
    buf = io.BytesIO()
    if media == dom.MEDIA_JPEG:
        if out.mode not in ("RGB", "L"):
            out = out.convert("RGB")
        out.save(buf, "JPEG", quality=options.jpeg_quality, exif=exif.tobytes())
    else:
        out.save(buf, "PNG", exif=exif.tobytes())
    return buf.getvalue(), out.width, out.height


# -- backups: the papers travel inside the backup file ------------------------------------------
BLOB_TABLE = "paper_blob"  # only ever in a backup file; a restore unpacks it into the store and drops it


def embed_into(db_file: Path, store: PaperStore) -> int:
    """Copy every paper file a backup's rows name into the backup file itself (one at a time, so a few
    hundred MB of papers never sit in memory together); returns how many were embedded. A file missing
    or changed in the store is left out: `audit verify` names it."""
    import sqlite3

    conn = sqlite3.connect(db_file)
    try:
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "paper" not in names:
            return 0
        digests = {d for row in conn.execute("SELECT sha256, original_sha256 FROM paper") for d in row if d}
        conn.execute(f"CREATE TABLE IF NOT EXISTS {BLOB_TABLE} (sha256 TEXT PRIMARY KEY, data BLOB NOT NULL)")
        done = 0
        for digest in sorted(digests):
            data = store.read(digest)
            if data is not None and sha256(data) == digest:
                conn.execute(f"INSERT OR REPLACE INTO {BLOB_TABLE} VALUES (?, ?)", (digest, data))  # noqa: S608
                done += 1
        conn.commit()
        return done
    finally:
        conn.close()


def unpack_from(db_file: Path, store: PaperStore) -> int:
    """Put the papers a backup file carries into the store (each checked against its digest) and drop
    them from the file; returns how many files the store did not hold intact before."""
    import sqlite3

    conn = sqlite3.connect(db_file)
    try:
        if not conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (BLOB_TABLE,)).fetchone():
            return 0
        placed = 0
        for (digest,) in conn.execute(f"SELECT sha256 FROM {BLOB_TABLE}").fetchall():  # noqa: S608
            (data,) = conn.execute(f"SELECT data FROM {BLOB_TABLE} WHERE sha256 = ?", (digest,)).fetchone()  # noqa: S608
            if isinstance(data, bytes) and sha256(data) == digest and store.actual_digest(digest) != digest:
                store.place(store.write_temp(data), digest)
                placed += 1
        conn.execute(f"DROP TABLE {BLOB_TABLE}")
        conn.commit()
        conn.execute("VACUUM")
        return placed
    finally:
        conn.close()
