"""Bulk work on a batch's records: the cyclic garbage collector paused while they are built or read.

A full batch is some 100,000 small dicts and lists. None of them take part in a reference
cycle, so reference counting frees them all; but while they are being created the collector
runs its passes again and again over everything alive, which cost about a quarter of an export
and of an ingest (SPEC §11). The collector is switched back on (and left to run) afterwards.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
