"""python -m bench [--households N] [--json OUT] [--db PATH] [--only NAME ...]"""

from __future__ import annotations

import argparse
import json
import os
import platform
import tempfile
import time
from datetime import datetime
from pathlib import Path

from bench import measure
from bench.build import build

TARGETS = {"first_window": 1.5, "login_to_list": 3, "search": 1.0, "roster_generate": 2, "xlsx_export": 1.5,
           "pdf_linearity": 11, "batch_export": 2, "county_ingest": 2}  # SPEC §11 v2
MEMORY_MB = 250


def main() -> None:
    p = argparse.ArgumentParser(prog="python -m bench", description="县级规模性能基准（SPEC §11）")
    p.add_argument("--households", type=int, default=50_000)
    p.add_argument("--json", help="write the results as JSON to this file")
    p.add_argument("--db", help="benchmark database (built if missing; default: a temp folder)")
    p.add_argument("--only", nargs="*", help="run only these measurements")
    args = p.parse_args()
    db = Path(args.db) if args.db else Path(tempfile.mkdtemp(prefix="jiuzhu-bench-")) / "bench.db"
    os.environ.setdefault("JIUZHU_HOME", str(db.parent / "home"))
    print(f"building {args.households} households with 11 confirmed months at {db} ...", flush=True)
    built = build(db, args.households)
    results: dict = {"machine": f"{platform.node()} {platform.machine()} {os.cpu_count()} cores, "
                                f"Python {platform.python_version()}",
                     "date": datetime.now().isoformat(timespec="seconds"), "households": args.households,
                     "build_seconds": round(built, 1)}
    for name in ("first_window", "login_to_list", "startup", "search", "roster_generate", "xlsx_export",
                 "pdf_linearity", "batch_export", "county_ingest"):
        if args.only and name not in args.only:
            continue
        fn = getattr(measure, name, None)
        if fn is None:
            continue
        started = time.perf_counter()
        if name == "startup":
            results["startup"], _v1_memory = fn(db)
        elif name == "login_to_list":
            results["login_to_list"], results["gui_memory_mb"] = fn(db)
        elif name == "roster_generate":
            results["roster_generate"], results["roster_regenerate"] = fn(db)
        else:
            results[name] = fn(db)
        print(f"{name:16} {json.dumps(results[name])}  ({time.perf_counter() - started:.0f} s)", flush=True)
    _table(results)
    if args.json:
        Path(args.json).write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")


def _table(results: dict) -> None:
    print(f"\n{'operation':16} {'seconds':>9} {'baseline':>9} {'ratio':>7} {'target':>7}")
    for name, target in TARGETS.items():
        r = results.get(name)
        if r:
            ok = "ok" if r["ratio"] is not None and r["ratio"] <= target else "OVER"
            print(f"{name:16} {r['seconds']:9.3f} {r['baseline_seconds']:9.3f} {r['ratio']:7.2f} {target:>7} {ok}")
    if "roster_regenerate" in results:
        r = results["roster_regenerate"]
        print(f"  regenerate     {r['seconds']:9.3f} {r['baseline_seconds']:9.3f} {r['ratio']:7.2f}  (draft unchanged)")
    if "gui_memory_mb" in results:
        print(f"gui_memory_mb    {results['gui_memory_mb']['mb']:9.1f} (target < {MEMORY_MB}, VmHWM of the GUI process)")
    if "startup" in results:
        r = results["startup"]
        print(f"  v1 startup     {r['seconds']:9.3f} {r['baseline_seconds']:9.3f} {r['ratio']:7.2f}  (start to list, login untimed)")


if __name__ == "__main__":
    main()
