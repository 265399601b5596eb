"""Edits benchmark: how many card edits a second one map takes from 8 writers, and how fast.

    python bench/edits.py [--seconds 10] [--writers 8]
    python bench/edits.py --postgres postgres://postgres@127.0.0.1:5432

Builds a map (6 stages, 4 lanes, 24 cards) and a facilitator in a throwaway
database: SQLite in a temporary directory by default, or a database created
on the given PostgreSQL server and dropped at the end. Starts the app as
production does (uvicorn, one process or ``--workers``, DEBUG off, psycopg's pool on
PostgreSQL with the settings' defaults), then 8 writers, each a thread of this
process with a kept-alive HTTP connection, edit their own card of the map back
to back, as htmx posts an edit, for ``--seconds``.

Prints edits a second, the latency of an edit (p50, p95, max) and, on
PostgreSQL, how many connections the server opened during the run
(``pg_stat_database.sessions``) against the number of edits: with the pool, a
handful in all; without it, one per request. The server and the writers share
the machine's cores. Results are recorded in docs/benchmarks.md, with the
budget: ≥ 100 edits/s with p95 ≤ 100 ms.
"""

from __future__ import annotations

import argparse
import os
import secrets
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

from common import configure_django, facilitator_in_a_workspace
from edits_during_export import Browser, Card, free_port, p95, start_server

BUDGET_RATE = 100
BUDGET_P95_MS = 100
APPLICATION = "parcours-bench-edits"


def prepare(writers: int) -> tuple[str, list]:
    """The facilitator's session cookie and one card per writer."""
    from django.conf import settings
    from django.test import Client

    from maps.models import Card as CardModel
    from maps.sample import build_map

    workspace, user = facilitator_in_a_workspace()
    journey_map = build_map(workspace, stages=6, lanes=4, cards=24, title="Bench", author=user)
    cards = list(CardModel.objects.filter(journey_map=journey_map).order_by("pk")[:writers])
    client = Client()
    client.force_login(user)
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    return cookie, [Card(journey_map.pk, card) for card in cards]


def write(port: int, cookie: str, card: Card, stop: threading.Event, times: list) -> None:
    browser = Browser(port, cookie)
    card.edit(browser)  # warm-up: the connection open, the templates compiled
    while not stop.is_set():
        times.append(card.edit(browser) * 1000)


def sessions(dbname: str) -> int:
    """Connections ever opened to ``dbname`` (PostgreSQL 14+)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT sessions FROM pg_stat_database WHERE datname = %s", [dbname])
        return cursor.fetchone()[0]


def run(env: dict, seconds: float, writers: int, postgres: str, workers: int) -> int:
    from django.conf import settings
    from django.db import connection

    cookie, cards = prepare(writers)
    port = free_port()
    server = start_server({**env, "PGAPPNAME": APPLICATION}, port, workers)
    dbname = settings.DATABASES["default"]["NAME"]
    try:
        stop = threading.Event()
        times: list[list[float]] = [[] for _ in cards]
        threads = [
            threading.Thread(target=write, args=(port, cookie, card, stop, mine))
            for card, mine in zip(cards, times, strict=True)
        ]
        opened_before = sessions(dbname) if postgres else 0
        for thread in threads:
            thread.start()
        time.sleep(1.0)  # every writer warmed up
        counted = sum(len(mine) for mine in times)
        start = time.perf_counter()
        time.sleep(seconds)
        done = sum(len(mine) for mine in times) - counted
        elapsed = time.perf_counter() - start
        stop.set()
        for thread in threads:
            thread.join()
        opened = sessions(dbname) - opened_before if postgres else None
    finally:
        server.terminate()
        server.wait(timeout=10)
        connection.close()
    latencies = [value for mine in times for value in mine]
    rate = done / elapsed
    engine = "PostgreSQL" if postgres else "SQLite"
    pool = ""
    if postgres:
        options = settings.DATABASES["default"].get("OPTIONS", {}).get("pool", {})
        pool = f", pool {options.get('min_size')}–{options.get('max_size')}"
    print(
        f"{engine}{pool}; {workers} uvicorn process(es), {writers} writers, {seconds:.0f} s; "
        f"load {os.getloadavg()[0]:.2f}"
    )
    print("| database | edits/s | p50 ms | p95 ms | max ms | connections opened |")
    print("|---|---:|---:|---:|---:|---:|")
    print(
        f"| {engine} | {rate:.0f} | {statistics.median(latencies):.1f} | {p95(latencies):.1f} "
        f"| {max(latencies):.1f} | {'–' if opened is None else opened} |"
    )
    within = rate >= BUDGET_RATE and p95(latencies) <= BUDGET_P95_MS
    print(
        f"\nWithin ≥ {BUDGET_RATE} edits/s, p95 ≤ {BUDGET_P95_MS} ms: {'yes' if within else 'NO'}"
    )
    return 0 if within else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--writers", type=int, default=8)
    parser.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
    parser.add_argument("--postgres", default="", help="a PostgreSQL server's URL")
    args = parser.parse_args()
    if not args.postgres:
        with tempfile.TemporaryDirectory(prefix="parcours-bench-") as directory:
            env = configure_django(Path(directory) / "bench.sqlite3")
            return run(env, args.seconds, args.writers, "", args.workers)
    import psycopg

    dbname = f"parcours_bench_{secrets.token_hex(4)}"
    server = args.postgres.rstrip("/")
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{dbname}"')
    try:
        env = configure_django(Path("unused"), DATABASE_URL=f"{server}/{dbname}")
        return run(env, args.seconds, args.writers, args.postgres, args.workers)
    finally:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE "{dbname}" WITH (FORCE)')


if __name__ == "__main__":
    sys.exit(main())
