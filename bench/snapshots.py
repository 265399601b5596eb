"""Snapshots and diff benchmark: size and time of a snapshot, of a diff, of a snapshot page.

    python bench/snapshots.py [--runs N]

Builds, in a throwaway SQLite database, the big map of the map page benchmark
(12 stages, 8 lanes, 400 cards, 3 touchpoints a stage) with 20 actions, then:

- takes N snapshots of it (``maps.snapshots.take``: the state in constant
  queries, zlib-compressed JSON, one row written): size in bytes, SQL
  queries, median and p95 time;
- changes about 10% of its items (cards reworded, moved to another stage or
  deleted, cards added, emotions changed, a stage renamed), takes a second
  snapshot, and diffs the two states N times (``maps.diff.diff``, pure
  Python on two decoded states; decoding both is timed separately): median
  and p95;
- GETs the page of the first snapshot N times as a facilitator (the grid,
  curve and plan drawn from the state with the map page's partials) and the
  diff page between the two snapshots: SQL queries, median and p95.

The budget (docs/benchmarks.md, "Snapshots and diff"): a 400-card snapshot
well under 1 MB, the diff of two 400-card snapshots within 300 ms. The script
exits with status 1 when either is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sqlite3
import statistics
import sys
import time

from common import facilitator_in_a_workspace, in_a_throwaway_database

DIFF_BUDGET_MS = 300
SIZE_BUDGET = 1024 * 1024


def timed(work, runs: int) -> tuple[float, float]:
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        timings.append((time.perf_counter() - start) * 1000)
    p95 = statistics.quantiles(timings, n=100, method="inclusive")[94] if runs > 1 else timings[0]
    return statistics.median(timings), p95


def queries_of(work) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        work()
    return len(queries)


def change_a_tenth(journey_map) -> int:
    """Reword, move, delete and add cards, change emotions, rename a stage: about 10%."""
    from maps.models import Action, Card, Stage, Touchpoint

    cards = list(Card.objects.filter(journey_map=journey_map).order_by("pk"))
    stages = list(Stage.objects.filter(journey_map=journey_map).order_by("position"))
    changed = 0
    for card in cards[0:20]:
        card.text = card.text.replace("attente", "attente interminable") + " Vraiment."
        card.save(update_fields=["text"])
        changed += 1
    for card in cards[20:30]:
        card.stage = stages[(stages.index(card.stage) + 1) % len(stages)]
        card.save(update_fields=["stage"])
        changed += 1
    Card.objects.filter(pk__in=[c.pk for c in cards[30:35]]).delete()
    Card.objects.bulk_create(
        Card(journey_map=journey_map, stage=stages[0], lane=cards[0].lane, text=f"Nouveau {n}")
        for n in range(5)
    )
    for touchpoint in Touchpoint.objects.filter(journey_map=journey_map)[:4]:
        touchpoint.emotion = -2 if touchpoint.emotion >= 0 else 2
        touchpoint.save(update_fields=["emotion"])
    stages[1].name = "Achat en ligne"
    stages[1].save(update_fields=["name"])
    Action.objects.filter(journey_map=journey_map).update(status="done")
    return changed + 10 + 4 + 1 + Action.objects.filter(journey_map=journey_map).count()


def run(runs: int) -> int:
    import django
    from django.test import Client
    from django.urls import reverse

    from maps import snapshots
    from maps.diff import diff
    from maps.map_state import unpack
    from maps.models import Action, Card, JourneyMap
    from maps.sample import build_map

    workspace, facilitator = facilitator_in_a_workspace()
    journey_map = build_map(
        workspace,
        stages=12,
        lanes=8,
        cards=400,
        touchpoints_per_stage=3,
        title="Bench: snapshots",
        author=facilitator,
    )
    pains = list(Card.objects.filter(journey_map=journey_map)[:20])
    Action.objects.bulk_create(
        Action(journey_map=journey_map, title=f"Action {n}", source_card=card, position=n)
        for n, card in enumerate(pains)
    )
    journey_map = JourneyMap.objects.select_related("journey_type").get(pk=journey_map.pk)
    load = os.getloadavg() if hasattr(os, "getloadavg") else None

    take_queries = queries_of(lambda: snapshots.take(journey_map, name="warm-up"))
    take_ms = timed(lambda: snapshots.take(journey_map, name="Avant"), runs)
    first = journey_map.snapshots.order_by("-pk").first()
    changes = change_a_tenth(journey_map)
    second = snapshots.take(journey_map, name="Après")

    old, new = unpack(first.state), unpack(second.state)
    unpack_ms = timed(lambda: (unpack(first.state), unpack(second.state)), runs)
    diff_ms = timed(lambda: diff(old, new), runs)
    counts = diff(old, new).counts

    client = Client()
    client.force_login(facilitator)
    pages = {
        "snapshot page": reverse("maps:snapshot", args=[journey_map.pk, first.pk]),
        "diff page (two snapshots)": reverse("maps:diff", args=[journey_map.pk])
        + f"?from={first.pk}&to={second.pk}",
        "diff page (snapshot and now)": reverse("maps:diff", args=[journey_map.pk])
        + f"?from={first.pk}&to=now",
    }
    page_results = []
    for label, url in pages.items():
        client.get(url)  # templates compiled, caches filled
        queries = queries_of(lambda url=url: client.get(url))
        response = client.get(url)
        if response.status_code != 200:
            sys.exit(f"GET {url} answered {response.status_code}")
        page_results.append((label, queries, *timed(lambda url=url: client.get(url), runs)))

    print(
        f"Python {platform.python_version()}, Django {django.get_version()}, "
        f"SQLite {sqlite3.sqlite_version}, {os.cpu_count()} CPUs, {platform.machine()}"
    )
    if load is not None:
        print("Load average before the runs: {:.2f} {:.2f} {:.2f}".format(*load))
    print(f"Map: 12 stages, 8 lanes, 400 cards, 36 touchpoints, 20 actions; {runs} runs of each\n")
    raw = len(json.dumps(old, ensure_ascii=False, separators=(",", ":")).encode())
    print("| what | size | SQL queries | median ms | p95 ms |")
    print("|---|---:|---:|---:|---:|")
    print(
        f"| take a snapshot | {first.size / 1024:.1f} KB ({raw / 1024:.1f} KB of JSON) "
        f"| {take_queries} "
        f"| {take_ms[0]:.1f} | {take_ms[1]:.1f} |"
    )
    print(f"| decode both snapshots | | 0 | {unpack_ms[0]:.1f} | {unpack_ms[1]:.1f} |")
    print(
        f"| diff of the two ({changes} items changed: "
        f"{', '.join(f'{n} {status}' for status, n in counts.items())}) | | 0 "
        f"| {diff_ms[0]:.1f} | {diff_ms[1]:.1f} |"
    )
    for label, queries, median, p95 in page_results:
        print(f"| GET {label} | | {queries} | {median:.1f} | {p95:.1f} |")
    # Compression depends on the text; the JSON itself bounds the size whatever the text.
    within = raw < SIZE_BUDGET and diff_ms[1] <= DIFF_BUDGET_MS
    print(
        f"\nSnapshot under 1 MB and diff p95 within {DIFF_BUDGET_MS} ms: "
        f"{'yes' if within else 'NO'}"
    )
    return 0 if within else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30, help="timed runs of each (default 30)")
    args = parser.parse_args()
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    return in_a_throwaway_database(lambda: run(args.runs), ALLOWED_HOSTS="testserver")


if __name__ == "__main__":
    sys.exit(main())
