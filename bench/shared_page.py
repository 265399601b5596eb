"""Shared page benchmark: what one change of a map costs when 100 people watch it.

    python bench/shared_page.py [--viewers 100] [--rounds 5] [--no-cache] [--redis]

Builds, in a throwaway SQLite database, the map page benchmark's big map (12
stages, 8 lanes, 400 cards, 36 touchpoints) and a share link to it; opens the
shared page once in each of ``--viewers`` browsers (``django.test.Client``, each
its own session). Then, ``--rounds`` times: a facilitator adds a card (one change,
through ``maps.services``), and every viewer fetches ``/s/<token>/changes/`` with
the revision its page shows, as each open page does when the link's socket says
"changed". The first fetch after a change renders the map's part (a cache miss),
the 99 others find it in the cache (hits).

Prints, per round and over all rounds: the total server time of the 100
fetches (the cost of one change), the miss's time, the hits' median and p95, the
SQL queries of a miss and of a hit, the response's size and the cache entry's
size (pickled, as Redis stores it).

``--no-cache`` renders the map's part on every fetch (the page before the shared
render: state, grid, plan and template per viewer), for the comparison.
``--redis`` starts a throwaway ``redis-server`` (it must be installed) and points
``CACHES`` at it, as production does; otherwise Django's per-process memory cache.
Times go through the whole Django stack (middleware, session, view, template)
but not through a network or an ASGI server. Results are recorded in
docs/benchmarks.md, "Shared page".
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field

from common import facilitator_in_a_workspace, in_a_throwaway_database
from edits_during_export import free_port

STAGES, LANES, CARDS, TOUCHPOINTS = 12, 8, 400, 3


def p95(timings: list[float]) -> float:
    if len(timings) == 1:
        return timings[0]
    return statistics.quantiles(timings, n=100, method="inclusive")[94]


@dataclass
class Rounds:
    totals: list[float] = field(default_factory=list)
    misses: list[float] = field(default_factory=list)
    hits: list[float] = field(default_factory=list)
    miss_queries: int = 0
    hit_queries: int = 0
    response_bytes: int = 0
    entry_bytes: int = 0


def queries_of(client, url: str, data: dict) -> tuple[int, int]:
    """The SQL queries of one fetch, and its status (counting is kept out of the timings)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, data)
    return len(queries), response.status_code


def add_card(facilitator, journey_map, number: int) -> int:
    from maps import services

    card = journey_map.cards.order_by("pk").first()
    event = services.item_create(
        user=facilitator,
        map_id=journey_map.pk,
        kind_name="card",
        data={"text": f"Changement {number}", "stage": card.stage_id, "lane": card.lane_id},
    )
    return event.revision


def entry_size(journey_map) -> int:
    import pickle

    from django.core.cache import caches

    from maps import shared_render

    entry = caches["default"].get(shared_render._key(journey_map))
    return len(pickle.dumps(entry, pickle.HIGHEST_PROTOCOL)) if entry is not None else 0


def run(viewers: int, rounds: int, cached: bool) -> int:
    import django
    from django.conf import settings
    from django.test import Client
    from django.urls import reverse

    from maps import share_links
    from maps.sample import build_map

    if not cached:
        from maps import shared_render

        # The page as it was: the map's part rendered for each fetch.
        shared_render.shared_map = shared_render._render

    workspace, facilitator = facilitator_in_a_workspace()
    journey_map = build_map(
        workspace,
        stages=STAGES,
        lanes=LANES,
        cards=CARDS,
        touchpoints_per_stage=TOUCHPOINTS,
        title="Bench: shared page",
        author=facilitator,
    )
    _link, token = share_links.link_create(
        user=facilitator, journey_map=journey_map, label="Bench", password="", expires_on=None
    )
    page, changes = reverse("share-map", args=[token]), reverse("share-changes", args=[token])
    browsers = [Client() for _ in range(viewers)]
    for browser in browsers:
        if browser.get(page).status_code != 200:
            sys.exit(f"GET {page} answered an error")
    journey_map.refresh_from_db()
    seen = journey_map.revision

    load = os.getloadavg() if hasattr(os, "getloadavg") else None
    result = Rounds()
    for number in range(rounds):
        revision = add_card(facilitator, journey_map, number)
        journey_map.refresh_from_db()
        data = {"revision": seen, "pdf": "0"}
        timings = []
        for browser in browsers:
            start = time.perf_counter()
            response = browser.get(changes, data)
            timings.append((time.perf_counter() - start) * 1000)
            answered = response.status_code == 200 and f"Changement {number}" in str(
                response.content, "utf-8"
            )
            if not answered:
                sys.exit(f"GET {changes} did not answer the change ({response.status_code})")
        result.totals.append(sum(timings))
        result.misses.append(timings[0])
        result.hits.extend(timings[1:])
        result.response_bytes = len(response.content)
        seen = revision
    # Counted after the timed rounds, on one more change: a miss, then a hit.
    add_card(facilitator, journey_map, rounds)
    journey_map.refresh_from_db()
    data = {"revision": seen, "pdf": "0"}
    result.miss_queries, _status = queries_of(browsers[0], changes, data)
    result.hit_queries, _status = queries_of(browsers[1], changes, data)
    result.entry_bytes = entry_size(journey_map) if cached else 0

    backend = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
    print(
        f"Python {platform.python_version()}, Django {django.get_version()}, "
        f"SQLite {sqlite3.sqlite_version}, {os.cpu_count()} CPUs, {platform.machine()}"
    )
    if load is not None:
        print("Load average before the runs: {:.2f} {:.2f} {:.2f}".format(*load))
    print(
        f"{STAGES} stages, {LANES} lanes, {CARDS} cards, {STAGES * TOUCHPOINTS} touchpoints; "
        f"{viewers} viewers, {rounds} changes; shared render "
        f"{'on' if cached else 'off'}, cache {backend}\n"
    )
    print("| change | 100 fetches, total ms | first fetch ms | others median ms | others p95 ms |")
    print("|---|---:|---:|---:|---:|")
    for number in range(rounds):
        others = result.hits[number * (viewers - 1) : (number + 1) * (viewers - 1)]
        print(
            f"| {number + 1} | {result.totals[number]:.0f} | {result.misses[number]:.1f} "
            f"| {statistics.median(others):.1f} | {p95(others):.1f} |"
        )
    print(
        f"\nOne change, {viewers} fetches: median total {statistics.median(result.totals):.0f} ms; "
        f"first fetch median {statistics.median(result.misses):.1f} ms; "
        f"the others median {statistics.median(result.hits):.1f} ms, p95 {p95(result.hits):.1f} ms"
    )
    print(
        f"SQL queries: first fetch {result.miss_queries}, another {result.hit_queries}; "
        f"response {result.response_bytes / 1024:.0f} KB"
        + (f"; cache entry {result.entry_bytes / 1024:.0f} KB" if cached else "")
    )
    return 0


def start_redis(directory: str) -> tuple[subprocess.Popen, str]:
    """A throwaway redis-server, saving nothing to disk."""
    binary = shutil.which("redis-server")
    if binary is None:
        sys.exit("--redis needs redis-server on the PATH")
    port = free_port()
    command = [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", ""]
    command += ["--appendonly", "no", "--dir", directory]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    time.sleep(0.5)
    return process, f"redis://127.0.0.1:{port}/0"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--viewers", type=int, default=100, help="open shared pages (100)")
    parser.add_argument("--rounds", type=int, default=5, help="changes of the map (5)")
    parser.add_argument("--no-cache", action="store_true", help="render for every fetch")
    parser.add_argument("--redis", action="store_true", help="cache in a throwaway Redis")
    args = parser.parse_args()
    if args.viewers < 2 or args.rounds < 1:
        parser.error("--viewers must be at least 2 and --rounds at least 1")
    env = {"ALLOWED_HOSTS": "testserver"}  # the host name django.test.Client sends
    redis = None
    with tempfile.TemporaryDirectory(prefix="parcours-bench-redis-") as directory:
        if args.redis:
            redis, env["REDIS_URL"] = start_redis(directory)
        try:
            return in_a_throwaway_database(
                lambda: run(args.viewers, args.rounds, not args.no_cache), **env
            )
        finally:
            if redis is not None:
                redis.terminate()
                redis.wait()


if __name__ == "__main__":
    sys.exit(main())
