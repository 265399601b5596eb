"""30 people saving at once for 20 s, on the real app under uvicorn and PostgreSQL: no
request fails, and the server holds no more database connections than its pool allows.

With ``CONN_MAX_AGE=60`` and no pool (the old production settings), each request's
thread kept its own connection after the thread was gone: the count grew with every
burst until PostgreSQL refused new clients and saves failed with a 500.
"""

import threading
import time

import psycopg
import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse

from maps.models import Card
from tests.services.clients import post, session_cookie

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

WRITERS = 30
SECONDS = 20
POOL_MAX = 6
# The server's connections, told apart from the test's own by their application name.
APPLICATION = "parcours-pool-test"


def server_connections() -> int:
    database = settings.DATABASES["default"]
    with psycopg.connect(
        host=database["HOST"], port=database["PORT"], user=database["USER"], dbname="postgres"
    ) as monitor:
        return monitor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND application_name = %s",
            [database["NAME"], APPLICATION],
        ).fetchone()[0]


def writer(server_url, journey_map, card, cookie, statuses: list, stop: threading.Event):
    version = card.version
    path = reverse("maps:item-update", args=[journey_map.pk, "card", card.pk])
    step = 0
    while not stop.is_set():
        step += 1
        status, _body = post(
            server_url,
            path,
            {
                "text": f"{card.pk}: version {step}",
                "stage": card.stage_id,
                "lane": card.lane_id,
                "version": version,
            },
            cookie,
        )
        statuses.append(status)
        if status == 200:
            version += 1
        elif status == 409:  # not expected: each writer has a card of its own
            version = Card.objects.get(pk=card.pk).version
    connection.close()


def test_thirty_writers_for_twenty_seconds_stay_within_the_pool(start_server, journey_map, owner):
    server = start_server(
        DATABASE_POOL_MAX=str(POOL_MAX), DATABASE_POOL_MIN="2", PGAPPNAME=APPLICATION
    )
    template = Card.objects.filter(journey_map=journey_map).first()
    cards = [
        Card.objects.create(
            journey_map=journey_map,
            stage_id=template.stage_id,
            lane_id=template.lane_id,
            text=f"writer {number}",
            position=number + 1,
        )
        for number in range(WRITERS)
    ]
    cookie = session_cookie(owner)
    statuses: list[int] = []
    samples: list[int] = []
    stop = threading.Event()
    threads = [
        threading.Thread(
            target=writer, args=(server.url, journey_map, card, cookie, statuses, stop)
        )
        for card in cards
    ]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + SECONDS
    while time.monotonic() < deadline:
        samples.append(server_connections())
        time.sleep(0.25)
    stop.set()
    for thread in threads:
        thread.join(timeout=30)
    time.sleep(1)
    after = server_connections()

    server_errors = [status for status in statuses if status >= 500]
    print(
        f"{len(statuses)} saves, {statuses.count(200)} accepted, {len(server_errors)} 5xx; "
        f"server connections: peak {max(samples)}, after {after}"
    )
    assert not server_errors, f"{len(server_errors)} of {len(statuses)} saves failed"
    assert statuses.count(200) >= WRITERS  # every writer got through, more than once
    assert max(samples) >= 2  # the count is seen...
    assert max(samples) <= POOL_MAX + 1  # ...and bounded by the pool (+ its spare)
    assert after <= POOL_MAX
