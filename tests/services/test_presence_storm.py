"""Five hundred tabs drop at once, on PostgreSQL and Redis: nobody stays "present", and no
socket stays in a group."""

import asyncio
import os

import pytest
import redis.asyncio as redis
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.db import connections

from journeymap.asgi import application
from maps import fanout, live
from maps.models import Presence
from tests.maps.test_consumers import HOST, ORIGIN, session_cookie

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
TABS = int(os.environ.get("STORM_TABS", "500"))


async def presence_rows(map_id: int) -> int:
    return await sync_to_async(Presence.objects.filter(journey_map_id=map_id).count)()


async def group_members(redis_url: str, groups: list[str]) -> dict[str, int]:
    client = redis.Redis.from_url(redis_url)
    try:
        return {group: await client.zcard(f"asgi:group:{group}") for group in groups}
    finally:
        await client.aclose()


async def test_five_hundred_tabs_dropping_at_once_leave_no_stale_presence(
    journey_map, owner, collaborator, redis_url
):
    groups = [
        live.group_name(journey_map.pk),
        live.facilitators_group(journey_map.pk),
        *(live.user_group(journey_map.pk, user.pk) for user in (owner, collaborator)),
        *(live.sockets_of(user.pk) for user in (owner, collaborator)),
    ]
    # Ids come back from one run to the next: what the groups held before is left aside.
    members_before = await group_members(redis_url, groups)
    cookies = [await sync_to_async(session_cookie)(user) for user in (owner, collaborator)]
    sockets = [
        WebsocketCommunicator(
            application,
            f"/ws/maps/{journey_map.pk}/",
            headers=[ORIGIN, HOST, (b"cookie", cookies[number % 2])],
        )
        for number in range(TABS)
    ]
    for batch in range(0, TABS, 50):
        await asyncio.gather(*(socket.connect(timeout=30) for socket in sockets[batch:][:50]))
    # Every tab in: its row written, then its place in the process's room of the map.
    while len(fanout.registry().sockets_of(journey_map.pk)) < TABS:
        await asyncio.sleep(0.1)
    assert await presence_rows(journey_map.pk) == TABS

    # As a server sees it: every tab says goodbye at once, and each goodbye runs to its end.
    await asyncio.gather(*(socket.disconnect(timeout=120) for socket in sockets))

    assert await presence_rows(journey_map.pk) == 0
    assert fanout.registry().sockets_of(journey_map.pk) == set()
    registry = fanout.registry()
    while registry.presence_due or registry.tasks:
        await asyncio.sleep(0.05)
    assert await group_members(redis_url, groups) == members_before
    # The sockets' database thread lets go of its connection, so the test database can go.
    await sync_to_async(connections.close_all)()
