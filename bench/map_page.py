"""Map page benchmark: SQL queries, server time and size of the map editor page.

    python bench/map_page.py [--runs N] [--profile]

Builds, in a throwaway SQLite database, a big map (12 stages, 8 lanes of the
five kinds, 400 cards, 3 touchpoints a stage), a huge one (the same with 3,200
cards) and a small one (2 stages, 2 lanes, 4 cards), logs a facilitator in with
``django.test.Client`` and GETs each map page N times. It prints the SQL query
count of one GET, the median and p95 time of a GET in milliseconds, and the
response size, raw and gzipped (what a compressing proxy would send).

Each GET is followed by the lean baseline (``lean_map_page``): the same data and
the grid's HTML written in plain Python; the ratio is the page's median over
the baseline's, both taken in the same run, so a busy machine skews both.
``--profile`` prints where the big page's time goes (cProfile).

The budget (docs/benchmarks.md, "Map page"): a constant query count whatever the
map's size (the script exits with status 1 otherwise); the 400-card page within
3× its baseline and 700 KB; the 3,200-card page within 250 ms.
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


@dataclass(frozen=True)
class Size:
    label: str
    stages: int
    lanes: int
    cards: int
    touchpoints_per_stage: int


BIG = Size("12 stages, 8 lanes, 400 cards, 36 touchpoints", 12, 8, 400, 3)
HUGE = Size("12 stages, 8 lanes, 3,200 cards, 36 touchpoints", 12, 8, 3200, 3)
SMALL = Size("2 stages, 2 lanes, 4 cards, 2 touchpoints", 2, 2, 4, 1)


@dataclass
class Result:
    size: Size
    queries: int
    median_ms: float
    p95_ms: float
    bytes: int
    gzip_bytes: int
    lean_median_ms: float
    lean_p95_ms: float
    lean_bytes: int

    @property
    def ratio(self) -> float:
        return self.median_ms / self.lean_median_ms


def p95(timings: list[float]) -> float:
    if len(timings) == 1:
        return timings[0]
    return statistics.quantiles(timings, n=100, method="inclusive")[94]


def measure(client, url: str, map_id: int, size: Size, runs: int) -> Result:
    from django.conf import settings
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import translation
    from lean_map_page import lean_page

    # The first GET compiles templates and fills caches; a real server pays it once.
    client.get(url)
    # Counting queries records every SQL string: kept out of the timed runs.
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    # Read now: every later request_started signal empties the connection's query log.
    query_count = len(queries)
    if response.status_code != 200:
        sys.exit(f"GET {url} answered {response.status_code}")
    timings, lean_timings = [], []
    with translation.override(settings.LANGUAGE_CODE):
        lean = lean_page(map_id)
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
        # Interleaved: a burst of load on the machine falls on both.
        start = time.perf_counter()
        with translation.override(settings.LANGUAGE_CODE):
            lean = lean_page(map_id)
        lean_timings.append((time.perf_counter() - start) * 1000)
    body = response.content
    return Result(
        size,
        query_count,
        statistics.median(timings),
        p95(timings),
        len(body),
        len(gzip.compress(body)),
        statistics.median(lean_timings),
        p95(lean_timings),
        len(lean.encode()),
    )


def profile(client, url: str, top: int = 25) -> None:
    """Where the page's time goes: cProfile over 5 GETs, by own time."""
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(5):
        client.get(url)
    profiler.disable()
    pstats.Stats(profiler).sort_stats("tottime").print_stats(top)


def run(runs: int, show_profile: bool) -> int:
    import django
    from django.test import Client
    from django.urls import reverse

    from maps.sample import build_map

    workspace, facilitator = facilitator_in_a_workspace()
    client = Client()
    client.force_login(facilitator)

    load = os.getloadavg() if hasattr(os, "getloadavg") else None
    results = []
    urls = {}
    for size in (BIG, HUGE, SMALL):
        journey_map = build_map(
            workspace,
            stages=size.stages,
            lanes=size.lanes,
            cards=size.cards,
            touchpoints_per_stage=size.touchpoints_per_stage,
            title=f"Bench: {size.label}",
            author=facilitator,
        )
        url = urls[size] = reverse("maps:detail", args=[journey_map.pk])
        results.append(measure(client, url, journey_map.pk, size, runs))

    print(
        f"Python {platform.python_version()}, Django {django.get_version()}, "
        f"SQLite {sqlite3.sqlite_version}, {os.cpu_count()} CPUs, {platform.machine()}"
    )
    if load is not None:
        # Other work on the machine skews the times, the p95 first.
        print("Load average before the runs: {:.2f} {:.2f} {:.2f}".format(*load))
    print(f"GET /maps/<id>/ as a facilitator, {runs} runs after one warm-up GET\n")
    print(
        "| map | SQL queries | median ms | p95 ms | response KB | gzipped KB "
        "| lean median ms | lean p95 ms | lean KB | median / lean |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        print(
            f"| {r.size.label} | {r.queries} | {r.median_ms:.1f} | {r.p95_ms:.1f} "
            f"| {r.bytes / 1024:.1f} | {r.gzip_bytes / 1024:.1f} | {r.lean_median_ms:.1f} "
            f"| {r.lean_p95_ms:.1f} | {r.lean_bytes / 1024:.1f} | {r.ratio:.1f}× |"
        )
    constant = len({r.queries for r in results}) == 1
    print(f"\nQuery count constant across map sizes: {'yes' if constant else 'NO'}")
    if show_profile:
        print(f"\nProfile of 5 GETs of the {BIG.label} page:")
        profile(client, urls[BIG])
    return 0 if constant else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50, help="timed GETs per map (default 50)")
    parser.add_argument("--profile", action="store_true", help="profile the 400-card page")
    args = parser.parse_args()
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    # The host name django.test.Client sends.
    return in_a_throwaway_database(lambda: run(args.runs, args.profile), ALLOWED_HOSTS="testserver")


if __name__ == "__main__":
    sys.exit(main())
