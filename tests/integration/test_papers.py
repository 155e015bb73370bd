"""Application papers (SPEC §14) through the services: attach all or nothing, the store, audit verify, 受理."""

from __future__ import annotations

import io
from datetime import date

import pytest
from PIL import Image
from sqlalchemy import func, select

from app.domain.registry import HouseholdInput, MemberInput
from app.errors import Conflict, IntegrityFailure, InvalidInput, PermissionDenied
from app.models import Paper
from app.paths import data_dir
from app.services.applications import create_application, take_step
from app.services.households import register_household
from app.services.integrity import verify
from app.services.paper_store import EXIF_GPS, PaperOptions, PaperStore, file_sha256
from app.services.papers import (
    add_paper_type,
    application_checklist,
    attach_papers,
    clean_store,
    paper_content,
    paper_rows,
    remove_paper,
    rotate_paper,
    set_accept_requires_all,
)


def jpeg(width=400, height=300, *, gps=False, colour=(200, 30, 30)) -> bytes:
    im = Image.new("RGB", (width, height), colour)
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    if gps:
        exif[EXIF_GPS] = {1: "N", 2: (28.0, 30.0, 0.0), 3: "E", 4: (112.0, 20.0, 0.0)}
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=95, exif=exif.tobytes())
    return buf.getvalue()


def png(width=120, height=80) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (width, height), (10, 120, 10)).save(buf, "PNG")
    return buf.getvalue()


def pdf(pages=2) -> bytes:
    from pypdf import PdfWriter

    w = PdfWriter()
    for _ in range(pages):
        w.add_blank_page(width=595, height=842)
    buf = io.BytesIO()
    w.write(buf)
    return buf.getvalue()


@pytest.fixture
def store(db_ctx):
    return PaperStore.for_database(data_dir(), db_ctx.db_path)


@pytest.fixture
def household(db_ctx, clerk):
    return register_household(db_ctx.uow, clerk, HouseholdInput(
        village="新市社区", hukou_type="城镇", bank_account="6228000011112222333", members=[
            MemberInput("张三丰", "430902194501010013", "本人", incomes={"工资性": 20000}),
            MemberInput("李四娘", "11010519491231002X", "配偶")]))


@pytest.fixture
def application(db_ctx, clerk, household):
    return create_application(db_ctx.uow, clerk, household, "urban_dibao", on=date(2020, 9, 25))


def _count(db_ctx) -> int:
    with db_ctx.uow.read() as s:
        return s.scalar(select(func.count()).select_from(Paper))


def test_attach_stores_each_file_by_its_sha256_with_the_digest_in_the_audit_record(db_ctx, clerk, store, application):
    ids = attach_papers(db_ctx.uow, clerk, store, "application", application,
                        [("申请书", pdf(3)), ("身份证", png())])
    rows = paper_rows(db_ctx.uow, "application", application)
    assert [(r.id, r.paper_type, r.media, r.pages) for r in rows] == [
        (ids[0], "申请书", "application/pdf", 3), (ids[1], "身份证", "image/png", 1)]
    with db_ctx.uow.read() as s:
        digests = [p.sha256 for p in s.scalars(select(Paper).order_by(Paper.id))]
        from app.models import AuditRecord
        details = [r.detail for r in s.scalars(select(AuditRecord).where(AuditRecord.action == "paper.attach"))]
    assert [file_sha256(store.path(d)) for d in digests] == digests
    assert all(d in detail for d, detail in zip(digests, details, strict=True))
    assert paper_content(db_ctx.uow, store, ids[1])[1] == png()
    assert verify(db_ctx.uow, store) == []


def test_a_large_phone_photo_is_shrunk_to_2000_px_and_loses_its_location(db_ctx, clerk, store, household):
    [pid] = attach_papers(db_ctx.uow, clerk, store, "household", household, [("户口簿", jpeg(4000, 3000, gps=True))])
    row, data = paper_content(db_ctx.uow, store, pid)
    with Image.open(io.BytesIO(data)) as im:
        exif = im.getexif()
        assert (im.size, row.width, row.height) == ((2000, 1500), 2000, 1500)
        assert EXIF_GPS not in exif and exif[0x010F] == "PhoneMaker"
    assert not row.has_original


def test_location_and_original_are_kept_only_when_asked(db_ctx, clerk, store, household):
    raw = jpeg(3000, 1000, gps=True)
    [pid] = attach_papers(db_ctx.uow, clerk, store, "household", household, [("户口簿", raw)],
                          options=PaperOptions(max_px=1500, keep_original=True, keep_location=True))
    row, data = paper_content(db_ctx.uow, store, pid)
    with Image.open(io.BytesIO(data)) as im:
        assert im.size == (1500, 500) and EXIF_GPS in im.getexif()
    assert paper_content(db_ctx.uow, store, pid, original=True)[1] == raw


def test_a_small_clean_photo_is_kept_byte_for_byte(db_ctx, clerk, store, household):
    raw = jpeg(800, 600)
    [pid] = attach_papers(db_ctx.uow, clerk, store, "household", household, [("身份证", raw)])
    assert paper_content(db_ctx.uow, store, pid)[1] == raw


@pytest.mark.parametrize(("content", "reason"), [
    (b"PK\x03\x04 not a paper", "不是 JPEG、PNG 或 PDF"), (b"", "空的"), (b"%PDF-1.4 broken", "PDF 文件已损坏"),
    (b"\x89PNG\r\n\x1a\n broken", "图片已损坏")])
def test_a_bad_file_among_good_ones_attaches_nothing_and_is_named_by_its_place(db_ctx, clerk, store, application,
                                                                               content, reason):
    with pytest.raises(InvalidInput, match=f"第 2 个文件：.*{reason}"):
        attach_papers(db_ctx.uow, clerk, store, "application", application, [("申请书", pdf()), ("身份证", content)])
    assert _count(db_ctx) == 0 and list(store.objects()) == []


def test_an_unknown_type_or_owner_attaches_nothing(db_ctx, clerk, store, application):
    with pytest.raises(InvalidInput, match="材料类型：「结婚证」不在材料类型表中"):
        attach_papers(db_ctx.uow, clerk, store, "application", application, [("申请书", pdf()), ("结婚证", png())])
    with pytest.raises(InvalidInput, match="未找到：申请 999"):
        attach_papers(db_ctx.uow, clerk, store, "application", 999, [("申请书", pdf())])
    assert _count(db_ctx) == 0 and list(store.objects()) == []


def test_a_failed_commit_leaves_no_new_file(db_ctx, clerk, store, application, monkeypatch):
    from app.services import papers

    def boom(*_a, **_k):
        raise RuntimeError("断电")

    real_place = store.place
    monkeypatch.setattr(store, "place", lambda tmp, d: real_place(tmp, d) and boom())
    with pytest.raises(RuntimeError):
        attach_papers(db_ctx.uow, clerk, store, "application", application, [("申请书", pdf())])
    assert _count(db_ctx) == 0 and list(store.objects()) == [] and not list((store.root / "tmp").iterdir())
    assert papers  # the module under test


def test_an_object_left_by_a_killed_attach_is_removed_by_the_next_clean(db_ctx, clerk, store, application):
    [pid] = attach_papers(db_ctx.uow, clerk, store, "application", application, [("申请书", pdf())])
    orphan = store.write_temp(b"half an attach")
    store.place(orphan, "ab" * 32)
    assert clean_store(db_ctx.uow, store) == 1
    assert list(store.objects()) != [] and paper_content(db_ctx.uow, store, pid)
    assert not store.path("ab" * 32).exists()


def test_audit_verify_finds_a_changed_a_missing_file_and_an_edited_row(db_ctx, clerk, store, application):
    ids = attach_papers(db_ctx.uow, clerk, store, "application", application,
                        [("申请书", pdf()), ("身份证", png()), ("户口簿", jpeg())])
    with db_ctx.uow.read() as s:
        digests = {p.id: p.sha256 for p in s.scalars(select(Paper))}
    store.path(digests[ids[0]]).write_bytes(pdf(5))
    store.path(digests[ids[1]]).unlink()
    with db_ctx.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE paper SET paper_type = '其他' WHERE id = ?", (ids[2],))
    found = [str(f) for f in verify(db_ctx.uow, store)]
    assert found == [f"申请材料 {ids[0]}：文件内容被改动（SHA-256 与审计记录不符）", f"申请材料 {ids[1]}：文件缺失",
                     f"申请材料 {ids[2]}：当前内容与最近一次审计记录不符（被绕过程序修改）"]
    with pytest.raises(IntegrityFailure, match="被改动"):
        paper_content(db_ctx.uow, store, ids[0])


def test_rotate_and_remove_are_audited_and_the_removed_file_is_kept(db_ctx, clerk, store, application):
    [pid] = attach_papers(db_ctx.uow, clerk, store, "application", application, [("申请书", png())])
    assert rotate_paper(db_ctx.uow, clerk, pid, -90).rotation == 270
    assert rotate_paper(db_ctx.uow, clerk, pid, 180).rotation == 90
    with pytest.raises(InvalidInput, match="90 的倍数"):
        rotate_paper(db_ctx.uow, clerk, pid, 45)
    remove_paper(db_ctx.uow, clerk, pid, "重复上传")
    assert paper_rows(db_ctx.uow, "application", application) == []
    assert [r.removed for r in paper_rows(db_ctx.uow, "application", application, include_removed=True)] == [True]
    assert clean_store(db_ctx.uow, store) == 0 and paper_content(db_ctx.uow, store, pid)[1] == png()
    with pytest.raises(Conflict, match="已移除"):
        rotate_paper(db_ctx.uow, clerk, pid, 90)
    assert verify(db_ctx.uow, store) == []


def test_the_same_file_attached_twice_is_stored_once_and_removing_one_keeps_it(db_ctx, clerk, store, application):
    a, b = attach_papers(db_ctx.uow, clerk, store, "application", application, [("申请书", png()), ("其他", png())])
    assert len(list(store.objects())) == 1
    remove_paper(db_ctx.uow, clerk, a)
    assert paper_content(db_ctx.uow, store, b)[1] == png()


def test_only_staff_attach_and_only_an_admin_adds_a_type(db_ctx, admin, clerk, reviewer, store, application):
    add_paper_type(db_ctx.uow, admin, " 结婚证 ", required=True)
    with pytest.raises(PermissionDenied):
        add_paper_type(db_ctx.uow, clerk, "房产证")
    with pytest.raises(Conflict, match="已存在"):
        add_paper_type(db_ctx.uow, admin, "申请书")
    attach_papers(db_ctx.uow, clerk, store, "application", application, [("结婚证", png())])
    assert "结婚证" in [i.paper_type for i in application_checklist(db_ctx.uow, application)]


def test_the_acceptance_checklist_is_ticked_by_the_papers_of_the_application_and_its_household(
        db_ctx, clerk, store, household, application):
    attach_papers(db_ctx.uow, clerk, store, "application", application, [("申请书", pdf()), ("家庭经济状况核对授权书", pdf(1))])
    attach_papers(db_ctx.uow, clerk, store, "household", household, [("身份证", png()), ("身份证", jpeg())])
    assert [(i.paper_type, i.count) for i in application_checklist(db_ctx.uow, application)] == [
        ("申请书", 1), ("家庭经济状况核对授权书", 1), ("身份证", 2), ("户口簿", 0)]


def test_refusing_acceptance_lists_every_missing_paper_once(db_ctx, clerk, store, application):
    attach_papers(db_ctx.uow, clerk, store, "application", application, [("申请书", pdf())])
    take_step(db_ctx.uow, clerk, application, "refuse_accept", on=date(2020, 9, 28), opinion="材料不全",
              data={"missing_papers": ["户口簿", "低保证明"]})
    from app.services.application_queries import application_detail
    [t] = application_detail(db_ctx.uow, application, clerk, today=date(2020, 9, 28)).transitions
    assert t.data["missing_papers"] == ["家庭经济状况核对授权书", "身份证", "户口簿", "低保证明"]
    assert t.data["papers"] == ["申请书"]


def test_acceptance_with_papers_missing_is_refused_when_the_admin_requires_them(db_ctx, admin, clerk, store,
                                                                               application):
    set_accept_requires_all(db_ctx.uow, admin, True)
    with pytest.raises(Conflict, match="缺少材料，不能受理（请一次补齐）：申请书、家庭经济状况核对授权书、身份证、户口簿"):
        take_step(db_ctx.uow, clerk, application, "accept", on=date(2020, 9, 28))
    attach_papers(db_ctx.uow, clerk, store, "application", application,
                  [("申请书", pdf()), ("家庭经济状况核对授权书", pdf()), ("身份证", png()), ("户口簿", jpeg())])
    assert take_step(db_ctx.uow, clerk, application, "accept", on=date(2020, 9, 28)) == "已受理"


def test_acceptance_without_the_requirement_records_what_is_still_missing(db_ctx, clerk, store, application):
    attach_papers(db_ctx.uow, clerk, store, "application", application, [("申请书", pdf())])
    take_step(db_ctx.uow, clerk, application, "accept", on=date(2020, 9, 28))
    from app.services.application_queries import application_detail
    [t] = application_detail(db_ctx.uow, application, clerk, today=date(2020, 9, 28)).transitions
    assert (t.data["papers"], t.data["missing_papers"]) == (["申请书"], ["家庭经济状况核对授权书", "身份证", "户口簿"])


def test_a_backup_carries_the_papers_and_a_restore_puts_them_back(db_ctx, admin, clerk, store, application, tmp_path):
    import shutil
    import sqlite3

    from app.bootstrap import open_database
    from app.services.backup import backup_database, restore_database

    ids = attach_papers(db_ctx.uow, clerk, store, "application", application, [("申请书", pdf()), ("身份证", jpeg())])
    made = backup_database(db_ctx.uow, clerk, db_ctx.db_path, data_dir(), tmp_path / "副本.db")
    with sqlite3.connect(made) as conn:
        assert conn.execute("SELECT count(*) FROM paper_blob").fetchone()[0] == 2
    conn.close()
    shutil.rmtree(store.root)  # the folder lost: only the backup file is left
    restore_database(db_ctx.uow, admin, db_ctx.db_path, made, data_dir())
    again = open_database(db_ctx.db_path)
    try:
        assert verify(again.uow, store) == []
        assert paper_content(again.uow, store, ids[0])[1] == pdf()
        with sqlite3.connect(db_ctx.db_path) as conn:
            assert conn.execute("SELECT name FROM sqlite_master WHERE name = 'paper_blob'").fetchone() is None
        conn.close()
    finally:
        again.close()


def test_the_review_form_lists_the_papers_attached_with_date_and_pages(db_ctx, clerk, store, household, application,
                                                                       tmp_path):
    from pypdf import PdfReader

    from app.reports.forms import review_form_pdf
    from app.services.forms import form_data

    attach_papers(db_ctx.uow, clerk, store, "application", application, [("申请书", pdf(3))], on=date(2020, 9, 25))
    attach_papers(db_ctx.uow, clerk, store, "household", household, [("户口簿", png())], on=date(2020, 9, 26))
    data = form_data(db_ctx.uow, application, today=date(2020, 9, 28))
    assert [(p.paper_type, p.pages) for p in data.papers] == [("申请书", 3), ("户口簿", 1)]
    out = review_form_pdf(data, tmp_path / "审核确认表.pdf")
    text = "".join(page.extract_text() for page in PdfReader(out).pages).replace("\n", "")
    assert "申请书（2020 年 9 月 25 日，3 页）；户口簿（2020 年 9 月 26 日，1 页）" in text
