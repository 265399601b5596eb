"""History benchmark: the history page of a map with 20,000 events.

    python bench/history.py [--runs N] [--events N]

Builds, in a throwaway SQLite database, a 400-card map whose log holds
20,000 events (a realistic mix: card edits and moves, votes, touchpoints,
stages, the timer and rounds, undos; six people, four workshops over two
months), and a small map with a few dozen events of the same mix as the
baseline. A facilitator GETs the history page with ``django.test.Client``:
the first page, a page filtered by person and kind, a deep page (keyset
``before=``) and a period. It prints the SQL query count of one GET and the
median and p95 time of N GETs, in milliseconds.

Budget (docs/benchmarks.md, "History"): ≤ 100 ms and the same query count
for the small and the big map; the script exits with status 1 otherwise.

Then, each in a throwaway database of its own, the rest of the history's
figures: ``bench/undo.py`` (an undo against an ordinary edit of the same
card) and ``bench/snapshots.py`` (a 400-card snapshot's size and time, the
diff of two, the snapshot and diff pages). ``--only-page`` skips them.
"""

from __future__ import annotations

import argparse
import os
import platform
import sqlite3
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from common import facilitator_in_a_workspace, in_a_throwaway_database

BUDGET_MS = 100.0
PEOPLE = ["Alice Martin", "Camille", "Dominique", "Karim Benali", "Léa Petit"]


@dataclass
class Timing:
    label: str
    queries: int
    median_ms: float
    p95_ms: float
    lines: int


def measure(client, url: str, label: str, runs: int) -> Timing:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # compiles templates, fills caches: a real server pays it once
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    query_count = len(queries)
    if response.status_code != 200:
        sys.exit(f"GET {url} answered {response.status_code}")
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
    p95 = statistics.quantiles(timings, n=100, method="inclusive")[94] if runs > 1 else timings[0]
    lines = response.content.decode().count('<tr id="change-')
    return Timing(label, query_count, statistics.median(timings), p95, lines)


def build_logged_map(workspace, facilitator, *, events: int, cards: int, title: str):
    """A map and ``events`` events of a realistic mix, written in bulk, spread over two
    months with four workshops."""
    from datetime import timedelta

    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.utils import timezone

    from maps.models import JourneyMap, MapEvent, Workshop
    from maps.sample import build_map

    journey_map = build_map(
        workspace,
        stages=12,
        lanes=8,
        cards=cards,
        touchpoints_per_stage=3,
        title=title,
        author=facilitator,
    )
    people = [facilitator] + [
        get_user_model().objects.get_or_create(username=name.lower().replace(" ", "-"))[0]
        for name in PEOPLE
    ]
    names = ["bench-facilitator", *PEOPLE]
    stages = list(journey_map.stages.values_list("pk", "name"))
    lanes = list(journey_map.lanes.values_list("pk", flat=True))
    cards_ = list(journey_map.cards.values("pk", "stage_id", "lane_id", "text"))
    touchpoints = list(journey_map.touchpoints.values("pk", "stage_id", "action", "channel"))
    mix = _mix(stages, lanes, cards_, touchpoints)
    rows = []
    for n in range(events):
        kind, payload = mix[n % len(mix)](n)
        who = n % len(people)
        revision = journey_map.revision + n + 1
        rows.append(
            MapEvent(
                journey_map=journey_map,
                revision=revision,
                kind=kind,
                payload=payload,
                actor=people[who],
                actor_name=names[who],
                # One change in twenty-five is an undo of the one just before it.
                reverts=revision - 1 if n % 25 == 24 else None,
            )
        )
    MapEvent.objects.bulk_create(rows, batch_size=2000)
    last = journey_map.revision + events
    JourneyMap.objects.filter(pk=journey_map.pk).update(revision=last)
    # Two months, one change every few minutes; auto_now_add is set back by hand.
    start = timezone.now() - timedelta(days=60)
    step = timedelta(days=60) / max(events, 1)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # bench/history_people.py runs on both
            cursor.execute(
                "UPDATE maps_mapevent SET created_at = %s + revision * %s * interval '1 second' "
                "WHERE journey_map_id = %s",
                [start, step.total_seconds(), journey_map.pk],
            )
        else:
            cursor.execute(
                "UPDATE maps_mapevent SET created_at = datetime(%s, '+' || "
                "CAST((revision * %s) AS INTEGER) || ' seconds') WHERE journey_map_id = %s",
                [start.strftime("%Y-%m-%d %H:%M:%S"), step.total_seconds(), journey_map.pk],
            )
    for week in (1, 3, 5, 7):
        opened = start + timedelta(weeks=week)
        workshop = Workshop.objects.create(journey_map=journey_map, started_by=facilitator)
        Workshop.objects.filter(pk=workshop.pk).update(
            started_at=opened, ended_at=opened + timedelta(hours=3)
        )
    journey_map.refresh_from_db()
    return journey_map


def _mix(stages, lanes, cards, touchpoints):
    """Event makers, weighted by repetition: edits and votes dominate a workshop's log."""

    def card_updated(n):
        card = cards[n % len(cards)]
        before = {**_card(card), "text": card["text"] + " (brouillon)"}
        return "card.updated", {**_card(card), "version": 2, "before": before}

    def card_moved(n):
        card = cards[n % len(cards)]
        return "card.moved", {
            "id": card["pk"],
            "stage_id": card["stage_id"],
            "lane_id": card["lane_id"],
            "order": [card["pk"], 0],
            "before_order": [0, card["pk"]],
        }

    def card_created(n):
        return "card.created", {**_card(cards[n % len(cards)]), "version": 1}

    def card_deleted(n):
        return "card.deleted", {**_card(cards[n % len(cards)]), "trash": n, "content": 0}

    def vote(n):
        return "vote.cast", {"round": 1 + n // 500}

    def touchpoint_updated(n):
        point = touchpoints[n % len(touchpoints)]
        values = {
            "id": point["pk"],
            "stage_id": point["stage_id"],
            "action": point["action"],
            "channel": point["channel"],
            "emotion": 1,
        }
        return "touchpoint.updated", {**values, "before": {**values, "emotion": -1}}

    def stage_updated(n):
        pk, name = stages[n % len(stages)]
        return "stage.updated", {"id": pk, "name": name, "before": {"name": "Ancien nom"}}

    def stage_deleted(n):
        return "stage.deleted", {"id": 10**6 + n, "name": "Livraison", "content": 10}

    def timer(n):
        return "timer.started", {"duration": 300, "left": 300}

    def round_opened(n):
        return "round.opened", {"round": 1 + n // 500, "kind": "dots"}

    return [
        *[card_updated] * 6,
        *[vote] * 4,
        *[card_moved] * 2,
        *[card_created] * 2,
        *[touchpoint_updated] * 2,
        card_deleted,
        stage_updated,
        stage_deleted,
        timer,
        round_opened,
    ]


def _card(card) -> dict:
    return {
        "id": card["pk"],
        "stage_id": card["stage_id"],
        "lane_id": card["lane_id"],
        "text": card["text"],
        "cause": "",
        "figure": "",
    }


def history_section(runs: int, events: int) -> bool:
    """The history page, small map against big map. True when within budget."""
    from django.test import Client
    from django.urls import reverse

    workspace, facilitator = facilitator_in_a_workspace()
    client = Client()
    client.force_login(facilitator)
    small = build_logged_map(workspace, facilitator, events=60, cards=4, title="Petite carte")
    big = build_logged_map(workspace, facilitator, events=events, cards=400, title="Grande carte")
    pages = [
        ("first page", ""),
        ("one person's content", "?person=Camille&kind=content"),
        ("a deep page", "?before={deep}"),
        ("a period", "?from={since}&to={until}"),
    ]
    results: list[tuple[Timing, Timing]] = []
    for label, query in pages:
        pair = []
        for journey_map in (small, big):
            events_of = journey_map.events.order_by("revision")
            middle = events_of[events_of.count() // 3]
            filled = query.format(
                deep=middle.revision,
                since=middle.created_at.date().isoformat(),
                until=(middle.created_at.date()).isoformat(),
            )
            url = reverse("maps:history", args=[journey_map.pk]) + filled
            pair.append(measure(client, url, label, runs))
        results.append((pair[0], pair[1]))

    print(f"### History page: {events} events against 60, {runs} runs after one warm-up GET\n")
    print(
        "| page | queries (small / big) | lines (small / big) "
        "| small median ms | big median ms | big p95 ms |"
    )
    print("|---|---:|---:|---:|---:|---:|")
    ok = True
    for small_t, big_t in results:
        print(
            f"| {big_t.label} | {small_t.queries} / {big_t.queries} "
            f"| {small_t.lines} / {big_t.lines} | {small_t.median_ms:.1f} "
            f"| {big_t.median_ms:.1f} | {big_t.p95_ms:.1f} |"
        )
        ok = ok and small_t.queries == big_t.queries and big_t.median_ms <= BUDGET_MS
    verdict = "yes" if ok else "NO"
    print(f"\nSame queries for both maps, medians within {BUDGET_MS:.0f} ms: {verdict}\n")
    return ok


def run(runs: int, events: int) -> int:
    import django

    load = os.getloadavg() if hasattr(os, "getloadavg") else None
    print(
        f"Python {platform.python_version()}, Django {django.get_version()}, "
        f"SQLite {sqlite3.sqlite_version}, {os.cpu_count()} CPUs, {platform.machine()}"
    )
    if load is not None:
        print("Load average before the runs: {:.2f} {:.2f} {:.2f}\n".format(*load))
    ok = history_section(runs, events)
    return 0 if ok else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50, help="timed GETs per page (default 50)")
    parser.add_argument("--events", type=int, default=20_000, help="events of the big map")
    parser.add_argument("--only-page", action="store_true", help="the history page only")
    args = parser.parse_args()
    if args.runs < 1 or args.events < 1:
        parser.error("--runs and --events must be at least 1")
    status = in_a_throwaway_database(
        lambda: run(args.runs, args.events), ALLOWED_HOSTS="testserver"
    )
    if args.only_page:
        return status
    # Django is set up once per process: the other sections run in processes of their own.
    for script in ("undo.py", "snapshots.py"):
        print(flush=True)
        here = Path(__file__).resolve().parent
        ran = subprocess.run([sys.executable, str(here / script), "--runs", str(args.runs)])
        status = status or ran.returncode
    return status


if __name__ == "__main__":
    sys.exit(main())
