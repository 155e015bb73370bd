"""UI test fixtures: a fresh initialised township database, its admin, synchronous ops, fake prompts."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.bootstrap import open_database
from app.services.auth import login
from app.services.township import init_township
from app.ui import ops, prompts

FIXTURES = Path(__file__).resolve().parents[2].parent / "shared" / "fixtures" / "legacy"
PASSWORD = "secret123"


@pytest.fixture
def ctx(tmp_path, monkeypatch):
    monkeypatch.setenv("JIUZHU_HOME", str(tmp_path / "home"))  # backups and logs stay in the test folder
    context = open_database(tmp_path / "township.db", create=True)
    init_township(context.uow, code="430902101", name="测试镇", admin="admin", password=PASSWORD)
    yield context
    context.close()


@pytest.fixture
def actor(ctx):
    return login(ctx.uow, "admin", PASSWORD)


@pytest.fixture
def sync_ops():
    """Background operations run inline, so their signals have fired when ops.run() returns."""
    previous = ops.use_pool(ops.SyncPool())
    yield
    ops.use_pool(previous)


class FakePrompts(prompts.Prompts):
    """Answers file pickers from a queue and records every message instead of showing it."""

    def __init__(self) -> None:
        self.files: list[Path | None] = []
        self.confirmations: list[bool] = []
        self.messages: list[tuple[str, str, str]] = []  # (kind, title, text)
        self.opened: list[Path] = []  # files the app asked the system viewer to open
        self.previewed: list[Path] = []  # PDFs the app showed in its print preview

    def open_file(self, parent, title, name_filter=prompts.XLSX_FILTER):
        return self.files.pop(0)

    def save_file(self, parent, title, suggested="", name_filter=prompts.XLSX_FILTER):
        return self.files.pop(0)

    def confirm(self, parent, title, text):
        self.messages.append(("confirm", title, text))
        return self.confirmations.pop(0) if self.confirmations else True

    def info(self, parent, title, text):
        self.messages.append(("info", title, text))

    def error(self, parent, title, text):
        self.messages.append(("error", title, text))

    def open_path(self, path):
        self.opened.append(Path(path))

    def print_preview(self, parent, path):
        self.previewed.append(Path(path))
        return True


@pytest.fixture
def fake_prompts():
    fake = FakePrompts()
    previous = prompts.install(fake)
    yield fake
    prompts.install(previous)
