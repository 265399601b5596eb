"""Redis goes away mid-workshop: edits are still saved, and tabs catch up when it is back."""

import shutil
import subprocess
import time

import pytest
from django.urls import reverse

from maps.models import Card
from tests.asgi_server import free_port
from tests.services.clients import MapSocket, get_json, post, session_cookie
from tests.services.conftest import unavailable, wait_for_port

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


class RedisServer:
    """A Redis of the test's own, on its own port, that the test may stop and restart."""

    def __init__(self) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            unavailable("redis-server is not installed (Debian package redis-server).")
        self.binary = binary
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None
        self.start()

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                self.binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
        )
        wait_for_port(self.port, self.process)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


@pytest.fixture
def redis():
    server = RedisServer()
    yield server
    server.stop()


def edit(server, journey_map, card, text, cookie):
    card.refresh_from_db()
    return post(
        server.url,
        reverse("maps:item-update", args=[journey_map.pk, "card", card.pk]),
        {"text": text, "stage": card.stage_id, "lane": card.lane_id, "version": card.version},
        cookie,
    )


def reconnect(server, journey_map, cookie, timeout: float = 30) -> MapSocket:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            tab = MapSocket(server.url, journey_map.pk, cookie)
        except Exception:
            time.sleep(0.5)
            continue
        if tab.next("presence")["type"] == "presence":
            return tab
        time.sleep(0.5)
    raise AssertionError("The tab could not reconnect after Redis came back.")


def test_edits_survive_a_redis_outage_and_tabs_catch_up(start_server, redis, journey_map, owner):
    server = start_server(redis.url)
    cookie = session_cookie(owner)
    card = Card.objects.get(journey_map=journey_map)
    tab = MapSocket(server.url, journey_map.pk, cookie)
    assert tab.next("presence")["type"] == "presence"

    redis.stop()
    status, body = edit(server, journey_map, card, "Saisi pendant la panne", cookie)
    assert status == 200, body
    assert "Saisi pendant la panne" in body
    card.refresh_from_db()
    assert card.text == "Saisi pendant la panne"
    assert tab.next("closed", timeout=15)["type"] == "closed"

    redis.start()
    # The tab reconnects, retrying as the browser does (the server's pooled connections
    # to the old Redis may fail once more), then asks for what it missed.
    tab = reconnect(server, journey_map, cookie)
    missed = get_json(
        server.url, reverse("maps:catch-up", args=[journey_map.pk]) + "?since=0", cookie
    )
    assert missed["revision"] == 1
    assert "Saisi pendant la panne" in missed["html"]

    # And live pushes work again.
    status, _body = edit(server, journey_map, card, "Après le retour", cookie)
    assert status == 200
    event = tab.next("event")
    assert event["revision"] == 2
    assert "Après le retour" in event["html"]
    tab.close()
