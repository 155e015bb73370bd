"""What every benchmark row shares: the bench users' password, best-of timing and the result row."""

from __future__ import annotations

import time
from collections.abc import Callable

PASSWORD = "bench-pass"  # every user of the benchmark database (bench/build.py)


def best(fn: Callable[[], object], repeat: int = 3) -> float:
    """Best wall time of `repeat` runs (the least disturbed by the rest of the machine)."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return min(times)


def result(seconds: float, baseline: float) -> dict:
    return {"seconds": round(seconds, 4), "baseline_seconds": round(baseline, 4),
            "ratio": round(seconds / baseline, 2) if baseline else None}
