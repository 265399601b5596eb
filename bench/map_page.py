"""Map page benchmark: SQL queries, server time and size of the map editor page.

    python bench/map_page.py [--runs N]

Builds, in a throwaway SQLite database, a big map (12 stages, 8 lanes of the
five kinds, 400 cards, 3 touchpoints a stage) and a small one (2 stages,
2 lanes, 4 cards), logs a facilitator in with ``django.test.Client`` and GETs
each map page N times. It prints the SQL query count of one GET, the median
and p95 time of a GET in milliseconds, and the response size, raw and gzipped
(what a compressing proxy would send).

The budget (docs/benchmarks.md, "Map page") is a constant query count whatever the map's size: the
script exits with status 1 when the two maps need different counts.
Times go through the whole Django stack (middleware, session, view, template)
but not through a network or an ASGI server. Results are recorded in
docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import gzip
import os
import platform
import sqlite3
import statistics
import sys
import time
from dataclasses import dataclass

from common import facilitator_in_a_workspace, in_a_throwaway_database


@dataclass
class Size:
    label: str
    stages: int
    lanes: int
    cards: int
    touchpoints_per_stage: int


BIG = Size("12 stages, 8 lanes, 400 cards, 36 touchpoints", 12, 8, 400, 3)
SMALL = Size("2 stages, 2 lanes, 4 cards, 2 touchpoints", 2, 2, 4, 1)


@dataclass
class Result:
    size: Size
    queries: int
    median_ms: float
    p95_ms: float
    bytes: int
    gzip_bytes: int


def measure(client, url: str, size: Size, runs: int) -> Result:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    # The first GET compiles templates and fills caches; a real server pays it once.
    client.get(url)
    # Counting queries records every SQL string: kept out of the timed runs.
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    # Read now: every later request_started signal empties the connection's query log.
    query_count = len(queries)
    if response.status_code != 200:
        sys.exit(f"GET {url} answered {response.status_code}")
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
    p95 = statistics.quantiles(timings, n=100, method="inclusive")[94] if runs > 1 else timings[0]
    body = response.content
    return Result(
        size, query_count, statistics.median(timings), p95, len(body), len(gzip.compress(body))
    )


def run(runs: int) -> int:
    import django
    from django.test import Client
    from django.urls import reverse

    from maps.sample import build_map

    workspace, facilitator = facilitator_in_a_workspace()
    client = Client()
    client.force_login(facilitator)

    load = os.getloadavg() if hasattr(os, "getloadavg") else None
    results = []
    for size in (BIG, SMALL):
        journey_map = build_map(
            workspace,
            stages=size.stages,
            lanes=size.lanes,
            cards=size.cards,
            touchpoints_per_stage=size.touchpoints_per_stage,
            title=f"Bench: {size.label}",
            author=facilitator,
        )
        url = reverse("maps:detail", args=[journey_map.pk])
        results.append(measure(client, url, size, runs))

    print(
        f"Python {platform.python_version()}, Django {django.get_version()}, "
        f"SQLite {sqlite3.sqlite_version}, {os.cpu_count()} CPUs, {platform.machine()}"
    )
    if load is not None:
        # Other work on the machine skews the times, the p95 first.
        print("Load average before the runs: {:.2f} {:.2f} {:.2f}".format(*load))
    print(f"GET /maps/<id>/ as a facilitator, {runs} runs after one warm-up GET\n")
    print("| map | SQL queries | median ms | p95 ms | response KB | gzipped KB |")
    print("|---|---:|---:|---:|---:|---:|")
    for r in results:
        print(
            f"| {r.size.label} | {r.queries} | {r.median_ms:.1f} | {r.p95_ms:.1f} "
            f"| {r.bytes / 1024:.1f} | {r.gzip_bytes / 1024:.1f} |"
        )
    constant = len({r.queries for r in results}) == 1
    print(f"\nQuery count constant across map sizes: {'yes' if constant else 'NO'}")
    return 0 if constant else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50, help="timed GETs per map (default 50)")
    args = parser.parse_args()
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    # The host name django.test.Client sends.
    return in_a_throwaway_database(lambda: run(args.runs), ALLOWED_HOSTS="testserver")


if __name__ == "__main__":
    sys.exit(main())
