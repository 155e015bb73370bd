"""`jiuzhu papers ...` as a clerk runs it: attach, list, checklist, export, exit codes; no file name in logs."""

from __future__ import annotations

import json
from datetime import date

import pytest
from PIL import Image

from app.domain.registry import HouseholdInput, MemberInput
from app.services.applications import create_application
from app.services.households import register_household
from tests.e2e.test_cli import run


@pytest.fixture
def app_db(db_ctx, clerk, tmp_path):
    hh = register_household(db_ctx.uow, clerk, HouseholdInput(village="新市社区", hukou_type="城镇", members=[
        MemberInput("张三丰", "430902194501010013", "本人")]))
    app_id = create_application(db_ctx.uow, clerk, hh, "urban_dibao", on=date(2020, 9, 25))
    Image.new("RGB", (3000, 2000), (90, 90, 200)).save(tmp_path / "张三丰身份证.jpg", quality=95)
    Image.new("RGB", (500, 700), (250, 250, 250)).save(tmp_path / "430902194501010013户口簿.png")
    return str(db_ctx.db_path), app_id


def papers(tmp_path, db, *args, user="clerk"):
    return run(tmp_path, "--db", db, "--user", user, "papers", *args)


def test_attach_then_list_checklist_and_export(tmp_path, app_db):
    db, app_id = app_db
    done = papers(tmp_path, db, "attach", str(tmp_path / "张三丰身份证.jpg"), "--type", "身份证",
                  "--application", str(app_id))
    assert (done.returncode, done.stdout.strip()) == (0, "已附加 1 份材料（身份证），编号 1"), done.stderr
    listed = json.loads(papers(tmp_path, db, "list", "--application", str(app_id), "--json").stdout)
    assert [(p["id"], p["type"], p["width"], p["height"]) for p in listed] == [(1, "身份证", 2000, 1333)]
    checklist = json.loads(papers(tmp_path, db, "checklist", "--application", str(app_id), "--json").stdout)
    assert [c["type"] for c in checklist if c["present"]] == ["身份证"]
    out = tmp_path / "exported.jpg"
    assert papers(tmp_path, db, "export", "1", "--out", str(out)).returncode == 0
    with Image.open(out) as im:
        assert im.size == (2000, 1333)
    verified = run(tmp_path, "--db", db, "audit", "verify")
    assert verified.returncode == 0, verified.stderr


def test_a_missing_file_exits_3_attaches_nothing_and_no_file_name_reaches_the_log(tmp_path, app_db):
    db, app_id = app_db
    done = papers(tmp_path, db, "attach", str(tmp_path / "430902194501010013户口簿.png"),
                  str(tmp_path / "李四低保证.pdf"), "--type", "户口簿", "--application", str(app_id))
    assert done.returncode == 3 and "第 2 个文件不存在" in done.stderr
    assert json.loads(papers(tmp_path, db, "list", "--application", str(app_id), "--json").stdout) == []
    log = (tmp_path / "home" / "logs" / "jiuzhu.log").read_text(encoding="utf-8")
    assert "第 2 个文件不存在" in log and "李四" not in log and "户口簿.png" not in log


def test_a_changed_file_makes_audit_verify_exit_4(tmp_path, app_db):
    db, app_id = app_db
    assert papers(tmp_path, db, "attach", str(tmp_path / "430902194501010013户口簿.png"), "--type", "户口簿",
                  "--household", "1").returncode == 0
    [obj] = (tmp_path / "home" / "papers").glob("*/objects/*/*")
    obj.write_bytes(obj.read_bytes() + b"x")
    verified = run(tmp_path, "--db", db, "audit", "verify")
    assert verified.returncode == 4 and "申请材料 1：文件内容被改动" in verified.stderr


def test_only_an_admin_changes_the_settings_and_types(tmp_path, app_db):
    db, _app_id = app_db
    assert papers(tmp_path, db, "type-add", "结婚证").returncode == 4
    assert papers(tmp_path, db, "type-add", "结婚证", "--required", user="admin").returncode == 0
    done = papers(tmp_path, db, "settings", "--max-px", "1600", "--require-all", "on", user="admin")
    assert done.stdout.strip() == "照片缩小到 1600 像素，JPEG 质量 85，不保留原件", done.stderr
    types = json.loads(papers(tmp_path, db, "types", "--json").stdout)
    assert {"name": "结婚证", "required": True, "builtin": False} in types
    refused = run(tmp_path, "--db", db, "--user", "clerk", "papers", "rotate", "9")
    assert refused.returncode == 3 and "未找到：申请材料 9" in refused.stderr
