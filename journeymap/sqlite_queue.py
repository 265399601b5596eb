"""On SQLite, a server process's map changes take turns in Python, not in SQLite's busy loop.

SQLite has one write lock for the whole database. A writer that finds it taken
sleeps and retries (1, 2, 5 … up to 100 ms at a time) rather than being woken
when it is free: with 8 people editing through one process, some edits waited
more than a second behind others that took a few milliseconds. Queued on a
lock of the process, the next writer starts the moment the last one commits
(docs/benchmarks.md, "Edits"). Other processes, and writes outside map
changes, still meet in SQLite's lock, as before.

Only the outermost transaction queues: one that already holds SQLite's lock
(an enclosing ``atomic`` block) must not wait for a writer that waits for it.
PostgreSQL locks the map's row and wakes the next writer itself: nothing here.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection

_turn = threading.Lock()


@contextmanager
def turn() -> Iterator[None]:
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        yield
        return
    with _turn:
        yield
