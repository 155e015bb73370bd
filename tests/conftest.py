"""Shared fixtures: a fresh migrated database per test, the golden fixtures folder."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from app.bootstrap import open_database
from app.domain.roles import Actor
from app.services import auth
from app.services.auth import add_user, login
from app.services.township import init_township

FIXTURES = Path(__file__).resolve().parents[2] / "shared" / "fixtures"
PASSWORD = "secret123"


@pytest.fixture
def fixtures_dir() -> Path:
    if not FIXTURES.is_dir():
        pytest.skip(f"共享测试数据目录 {FIXTURES} 不存在（../shared/fixtures 未随仓库提供）")
    return FIXTURES


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JIUZHU_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("JIUZHU_DB", raising=False)
    # still argon2id, with small cost parameters so each test's logins take milliseconds
    monkeypatch.setattr(auth, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


@pytest.fixture
def db_ctx(tmp_path: Path):
    ctx = open_database(tmp_path / "township.db", create=True)
    init_township(ctx.uow, code="430902101", name="测试镇", admin="admin", password=PASSWORD)
    yield ctx
    ctx.close()


@pytest.fixture
def admin(db_ctx) -> Actor:
    return login(db_ctx.uow, "admin", PASSWORD)


@pytest.fixture
def clerk(db_ctx, admin) -> Actor:
    add_user(db_ctx.uow, admin, "clerk", "clerk", PASSWORD)
    return login(db_ctx.uow, "clerk", PASSWORD)


@pytest.fixture
def reviewer(db_ctx, admin) -> Actor:
    add_user(db_ctx.uow, admin, "reviewer", "reviewer", PASSWORD)
    return login(db_ctx.uow, "reviewer", PASSWORD)


def dump_content(path: Path) -> list[str]:
    """Every row of every table as SQL text: equal dumps mean equal content."""
    with sqlite3.connect(path) as conn:
        return list(conn.iterdump())
