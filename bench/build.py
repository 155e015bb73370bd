"""Build the benchmark database: demo-style households and twelve months of confirmed rosters."""

from __future__ import annotations

import os
import time
from pathlib import Path

from app.bootstrap import open_database
from app.services.auth import login
from app.services.demo import build_demo
from app.services.rosters import confirm_rosters, generate_rosters
from bench.timing import PASSWORD

YEAR = 2020


def build(db: Path, households: int, seed: int = 11) -> float:
    """Create `db` (once; an existing file of the same size is reused) and return seconds spent."""
    if db.exists():
        return 0.0
    os.environ.setdefault("JIUZHU_HOME", str(db.parent / "home"))
    started = time.perf_counter()
    ctx = open_database(db, create=True)
    build_demo(ctx.uow, households=households, seed=seed, password=PASSWORD)
    clerk, reviewer = login(ctx.uow, "clerk", PASSWORD), login(ctx.uow, "reviewer", PASSWORD)
    for month in range(1, 12):  # December is what the roster benchmark generates
        generate_rosters(ctx.uow, clerk, f"{YEAR}-{month:02d}")
        confirm_rosters(ctx.uow, reviewer, f"{YEAR}-{month:02d}")
    ctx.close()
    return time.perf_counter() - started
