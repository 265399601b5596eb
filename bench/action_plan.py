"""Action plan benchmark: what the plan costs the map page, its own page, and every edit.

    python bench/action_plan.py [--runs N]

Builds, in a throwaway SQLite database, the big map of ``bench/map_page.py``
(12 stages, 8 lanes, 400 cards) three times, with 0, 20 and 200 actions (every
other one answering a pain point), logs a facilitator in with
``django.test.Client`` and prints, for each:

- the SQL queries, median and p95 ms of a GET of the map page and of the plan
  page (``maps:actions``);
- the median and p95 ms of adding an action over HTMX, the whole round trip
  through ``maps.services`` (lock, write, revision, event) and the rendering
  of its fragments once (the plan section, plus the card it answers), which
  is what every open tab receives.

The query counts must not grow with the number of actions: the script exits
with status 1 if they do. Results are recorded in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time

from common import facilitator_in_a_workspace, in_a_throwaway_database
from map_page import BIG


def timed(call, runs: int) -> tuple[float, float]:
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        timings.append((time.perf_counter() - start) * 1000)
    p95 = statistics.quantiles(timings, n=100, method="inclusive")[94] if runs > 1 else timings[0]
    return statistics.median(timings), p95


def count_queries(client, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm-up: templates compiled, caches filled
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    if response.status_code != 200:
        sys.exit(f"GET {url} answered {response.status_code}")
    return len(queries)


def add_actions(journey_map, count: int) -> None:
    from maps.models import Action, Card, LaneKind

    pains = list(Card.objects.filter(journey_map=journey_map, lane__kind=LaneKind.PAIN_POINTS))
    Action.objects.bulk_create(
        Action(
            journey_map=journey_map,
            title=f"Action {n + 1}",
            owner="Julie",
            impact=1 + n % 3,
            effort=1 + (n // 3) % 3,
            source_card=pains[n % len(pains)] if n % 2 == 0 and pains else None,
            position=n,
        )
        for n in range(count)
    )


def run(runs: int) -> int:
    import django
    from django.test import Client
    from django.urls import reverse

    from maps.models import Card, LaneKind
    from maps.sample import build_map

    workspace, facilitator = facilitator_in_a_workspace()
    client = Client()
    client.force_login(facilitator)

    load = os.getloadavg() if hasattr(os, "getloadavg") else None
    rows = []
    for count in (0, 20, 200):
        journey_map = build_map(
            workspace,
            stages=BIG.stages,
            lanes=BIG.lanes,
            cards=BIG.cards,
            touchpoints_per_stage=BIG.touchpoints_per_stage,
            title=f"Bench: {count} actions",
            author=facilitator,
        )
        add_actions(journey_map, count)
        detail = reverse("maps:detail", args=[journey_map.pk])
        plan = reverse("maps:actions", args=[journey_map.pk])
        create = reverse("maps:item-create", args=[journey_map.pk, "action"])
        pain = Card.objects.filter(journey_map=journey_map, lane__kind=LaneKind.PAIN_POINTS)[0]
        data = {"title": "Nouvelle", "impact": 3, "effort": 1, "status": "todo"}
        data["source_card"] = pain.pk

        def post(create=create, data=data):
            response = client.post(create, data, HTTP_HX_REQUEST="true")
            assert response.status_code == 200, response.status_code

        rows.append(
            (
                count,
                count_queries(client, detail),
                *timed(lambda url=detail: client.get(url), runs),
                count_queries(client, plan),
                *timed(lambda url=plan: client.get(url), runs),
                *timed(post, runs),
            )
        )

    print(
        f"Python {platform.python_version()}, Django {django.get_version()}, "
        f"{os.cpu_count()} CPUs, {platform.machine()}"
    )
    if load is not None:
        print("Load average before the runs: {:.2f} {:.2f} {:.2f}".format(*load))
    print(f"Map of {BIG.label}; {runs} timed runs of each after a warm-up\n")
    print(
        "| actions | map page queries | map page median / p95 ms "
        "| plan page queries | plan page median / p95 ms | add an action median / p95 ms |"
    )
    print("|---:|---:|---:|---:|---:|---:|")
    for count, dq, dm, dp, pq, pm, pp, am, ap in rows:
        print(
            f"| {count} | {dq} | {dm:.1f} / {dp:.1f} | {pq} | {pm:.1f} / {pp:.1f} "
            f"| {am:.1f} / {ap:.1f} |"
        )
    constant = len({row[1] for row in rows}) == 1 and len({row[4] for row in rows}) == 1
    print(f"\nQuery counts constant across plan sizes: {'yes' if constant else 'NO'}")
    return 0 if constant else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20, help="timed requests of each (default 20)")
    args = parser.parse_args()
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    return in_a_throwaway_database(lambda: run(args.runs), ALLOWED_HOSTS="testserver")


if __name__ == "__main__":
    sys.exit(main())
