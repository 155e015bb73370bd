"""SPEC §10 / §14: a `papers attach` killed with SIGKILL at a random moment leaves all or nothing.

After each kill the database holds either every paper of the attach with its file intact, or none;
`papers clean` then removes whatever file the kill left without a row, and `audit verify` passes.
"""

from __future__ import annotations

import os
import random
import shutil
import time

import pytest
from PIL import Image

from app.bootstrap import open_database
from app.domain.registry import HouseholdInput, MemberInput
from app.services.applications import create_application
from app.services.auth import add_user, login
from app.services.households import register_household
from app.services.township import init_township
from tests.crash.test_kill_harness import PASSWORD, _cli, _kill_after, _query

pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL harness needs POSIX signals")
PHOTOS, KILLS = 5, 8


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    root = tmp_path_factory.mktemp("papers_kill")
    ctx = open_database(root / "base.db", create=True)
    init_township(ctx.uow, code="430902101", name="测试镇", admin="admin", password=PASSWORD)
    add_user(ctx.uow, login(ctx.uow, "admin", PASSWORD), "clerk", "clerk", PASSWORD)
    clerk = login(ctx.uow, "clerk", PASSWORD)
    hh = register_household(ctx.uow, clerk, HouseholdInput(village="新市社区", hukou_type="城镇", members=[
        MemberInput("张三丰", "430902194501010013", "本人")]))
    create_application(ctx.uow, clerk, hh, "urban_dibao")
    ctx.close()
    photos = []
    for n in range(PHOTOS):
        path = root / f"photo{n}.jpg"
        Image.effect_noise((3600, 2700), 40 + n).convert("RGB").save(path, quality=92)
        photos.append(str(path))
    return root, photos


def _objects(home) -> int:
    return sum(1 for _ in home.glob("papers/*/objects/*/*"))


def test_killed_attach_leaves_all_or_nothing_and_clean_verifies(base, tmp_path):
    root, photos = base
    attach = ("--user", "clerk", "papers", "attach", *photos, "--type", "入户调查照片", "--application", "1")
    shutil.copy(root / "base.db", tmp_path / "whole.db")
    started = time.monotonic()
    assert _cli(tmp_path / "whole.db", tmp_path / "whole-home", *attach).wait(timeout=300) == 0
    whole = time.monotonic() - started
    rng, killed, outcomes = random.Random(2026), 0, set()
    for i in range(KILLS):
        db, home = tmp_path / f"k{i}.db", tmp_path / f"home{i}"
        shutil.copy(root / "base.db", db)
        killed += _kill_after(_cli(db, home, *attach), rng.uniform(0.3, max(0.6, 1.05 * whole)))
        rows = _query(db, "SELECT count(*) FROM paper")
        assert rows in (0, PHOTOS)
        outcomes.add(rows)
        assert _cli(db, home, "--user", "clerk", "papers", "clean").wait(timeout=120) == 0
        assert _objects(home) == rows  # every row has its file, no file is left without a row
        assert _cli(db, home, "audit", "verify").wait(timeout=120) == 0
    assert killed >= KILLS // 2
