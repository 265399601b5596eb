"""Undo benchmark: an undo against an ordinary edit of the same card, in the same run.

    python bench/undo.py [--runs N]

Builds the big map of ``bench/map_page.py`` (12 stages, 8 lanes, 400 cards) in a
throwaway SQLite database, gives the facilitator a long history on it (2,000
changes of their own, so that their undo stack is read from a full window),
then, through ``django.test.Client`` over HTMX, times in alternation:

- an ordinary edit of a card (``maps:item-update``): lock, write, revision,
  event, its fragments rendered once;
- an undo of that edit (``maps:undo``): the same, plus reading the person's
  undo stack (two queries) and checking the card still reads as the edit left
  it.

It prints the median and p95 ms of each, and the SQL queries of one of each.
Budget (docs/benchmarks.md): an undo costs no more than an ordinary edit, within
the noise of the machine (the p95 of an undo ≤ 1.3 × the edit's).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time

from common import facilitator_in_a_workspace, in_a_throwaway_database
from map_page import BIG

HTMX = {"HTTP_HX_REQUEST": "true"}
HISTORY = 2000


def summary(timings: list[float]) -> tuple[float, float]:
    return statistics.median(timings), statistics.quantiles(timings, n=100, method="inclusive")[94]


def long_history(journey_map, user, count: int) -> None:
    """``count`` past events of the person's own, as the log holds them after a long workshop."""
    from maps.models import Card, MapEvent

    cards = list(Card.objects.filter(journey_map=journey_map)[:50])
    start = journey_map.revision
    MapEvent.objects.bulk_create(
        MapEvent(
            journey_map=journey_map,
            revision=start + i + 1,
            kind="card.updated",
            payload={"id": cards[i % len(cards)].pk, "text": "old", "before": {"text": "older"}},
            actor=user,
            actor_name=user.get_username(),
        )
        for i in range(count)
    )
    journey_map.revision = start + count
    journey_map.save(update_fields=["revision"])


def run(runs: int) -> int:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from maps.models import Card
    from maps.sample import build_map

    workspace, facilitator = facilitator_in_a_workspace()
    journey_map = build_map(
        workspace,
        stages=BIG.stages,
        lanes=BIG.lanes,
        cards=BIG.cards,
        touchpoints_per_stage=BIG.touchpoints_per_stage,
        title="Bench: undo",
        author=facilitator,
    )
    long_history(journey_map, facilitator, HISTORY)
    client = Client()
    client.force_login(facilitator)
    card = Card.objects.filter(journey_map=journey_map).order_by("pk")[200]
    edit_url = reverse("maps:item-update", args=[journey_map.pk, "card", card.pk])
    undo_url = reverse("maps:undo", args=[journey_map.pk])

    def edit(i: int) -> None:
        card.refresh_from_db()
        data = {"text": f"Édité {i}", "stage": card.stage_id, "lane": card.lane_id}
        response = client.post(edit_url, {**data, "version": card.version}, **HTMX)
        assert response.status_code == 200, response.status_code

    def undo() -> None:
        response = client.post(undo_url, **HTMX)
        assert response.status_code == 200, response.status_code

    edits, undos = [], []
    for i in range(runs + 3):
        start = time.perf_counter()
        edit(i)
        middle = time.perf_counter()
        undo()
        end = time.perf_counter()
        if i >= 3:  # warm-up: templates compiled, caches filled
            edits.append((middle - start) * 1000)
            undos.append((end - middle) * 1000)

    with CaptureQueriesContext(connection) as edit_queries:
        edit(runs + 10)
    with CaptureQueriesContext(connection) as undo_queries:
        undo()

    edit_median, edit_p95 = summary(edits)
    undo_median, undo_p95 = summary(undos)
    print(f"Undo on a 400-card map, {HISTORY} past changes of the person's own, {runs} runs")
    print("| request | SQL queries | median ms | p95 ms |")
    print("|---|---:|---:|---:|")
    print(f"| edit a card | {len(edit_queries)} | {edit_median:.1f} | {edit_p95:.1f} |")
    print(f"| undo that edit | {len(undo_queries)} | {undo_median:.1f} | {undo_p95:.1f} |")
    ratio = undo_p95 / edit_p95
    print(f"undo p95 / edit p95 = {ratio:.2f} (budget ≤ 1.3)")
    return 0 if ratio <= 1.3 else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=60)
    args = parser.parse_args()
    return in_a_throwaway_database(lambda: run(args.runs), ALLOWED_HOSTS="testserver")


if __name__ == "__main__":
    sys.exit(main())
