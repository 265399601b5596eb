"""One room per map and process: what every tab of a map gets, in order, to no one else."""

import asyncio
import json

import pytest
from asgiref.sync import sync_to_async
from channels.layers import get_channel_layer

from maps import fanout, live
from maps.consumers import DENIED
from maps.models import Presence
from maps.sample import build_map
from tests.maps.test_consumers import assert_closed_with, connect, next_of_type

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def event(revision: int, kind: str = "card.updated") -> dict:
    text = json.dumps({"type": "event", "revision": revision, "html": ""})
    return {"type": "map.event", "text": text, "kind": kind}


async def settled() -> None:
    """Wait for the presence frames the registry still has to send (none when idle)."""
    registry = fanout.registry()
    while registry.presence_due or registry.tasks:
        await asyncio.sleep(0.05)


async def test_every_socket_gets_a_burst_of_events_in_order(journey_map, owner, collaborator):
    sockets = [(await connect(journey_map.pk, user))[0] for user in (owner, collaborator, owner)]
    for socket in sockets:
        await next_of_type(socket, "presence")  # in the room: presence is sent after
    layer = get_channel_layer()
    for revision in range(1, 31):
        await layer.group_send(live.group_name(journey_map.pk), event(revision))
    for socket in sockets:
        revisions = [(await next_of_type(socket, "event"))["revision"] for _ in range(30)]
        assert revisions == list(range(1, 31))
    # One member of the map's group for the whole process, whatever the number of tabs.
    assert len(layer.groups[live.group_name(journey_map.pk)]) == 1
    for socket in sockets:
        await socket.disconnect()
    await settled()


async def test_two_maps_do_not_cross(journey_map, workspace, owner):
    other = await sync_to_async(build_map)(
        workspace, stages=1, lanes=1, cards=1, title="Autre", author=owner
    )
    here, _ = await connect(journey_map.pk, owner)
    there, _ = await connect(other.pk, owner)
    await next_of_type(here, "presence")
    await next_of_type(there, "presence")
    await get_channel_layer().group_send(live.group_name(other.pk), event(7))
    assert (await next_of_type(there, "event"))["revision"] == 7
    assert await here.receive_nothing(timeout=0.3)
    assert {socket.map_id for socket in fanout.registry().sockets_of(other.pk)} == {other.pk}
    await here.disconnect()
    await there.disconnect()
    await settled()


async def test_a_socket_that_closed_is_dropped_and_its_room_with_it(journey_map, owner):
    layer = get_channel_layer()
    first, _ = await connect(journey_map.pk, owner)
    second, _ = await connect(journey_map.pk, owner)
    await next_of_type(first, "presence")
    await next_of_type(second, "presence")
    assert len(fanout.registry().sockets_of(journey_map.pk)) == 2
    await first.disconnect()
    assert len(fanout.registry().sockets_of(journey_map.pk)) == 1
    await get_channel_layer().group_send(live.group_name(journey_map.pk), event(3))
    assert (await next_of_type(second, "event"))["revision"] == 3
    await second.disconnect()
    await settled()
    assert fanout.registry().sockets_of(journey_map.pk) == set()
    assert not layer.groups.get(live.group_name(journey_map.pk))
    assert not await sync_to_async(Presence.objects.exists)()


async def test_a_revoked_socket_gets_nothing_more(journey_map, owner, collaborator):
    kept, _ = await connect(journey_map.pk, owner)
    revoked, _ = await connect(journey_map.pk, collaborator)
    await next_of_type(kept, "presence")
    await next_of_type(revoked, "presence")
    await sync_to_async(lambda: collaborator.memberships.all().delete())()
    await assert_closed_with(revoked, DENIED)
    # Out of the room as soon as it was refused, before its tab even said goodbye.
    assert {socket.scope["user"].pk for socket in fanout.registry().sockets_of(journey_map.pk)} == {
        owner.pk
    }
    await get_channel_layer().group_send(live.group_name(journey_map.pk), event(4))
    assert (await next_of_type(kept, "event"))["revision"] == 4
    assert await revoked.receive_nothing(timeout=0.3)
    await kept.disconnect()
    await revoked.disconnect()
    await settled()


async def test_tabs_arriving_together_share_presence_frames(journey_map, owner, collaborator):
    """Ten tabs at once: each hears a handful of presence frames, not one per arrival."""
    sockets = await asyncio.gather(
        *(connect(journey_map.pk, user) for user in [owner, collaborator] * 5)
    )
    # Each tab's first frame comes once it is in its room (on a busy machine, a while after
    # its handshake); then whatever the registry still holds is sent, and counted.
    seen: list[list[dict]] = [
        [await next_of_type(socket, "presence", timeout=10)] for socket, _ in sockets
    ]
    await settled()
    for (socket, _), messages in zip(sockets, seen, strict=True):
        while not await socket.receive_nothing(timeout=0.2):
            messages.append(json.loads(await socket.receive_from()))
        assert messages[-1]["type"] == "presence"
        assert "owner" in messages[-1]["html"] and "collaborator" in messages[-1]["html"]
    frames = [len([m for m in messages if m["type"] == "presence"]) for messages in seen]
    assert max(frames) <= 3, frames
    for socket, _ in sockets:
        await socket.disconnect()
    await settled()
    assert not await sync_to_async(Presence.objects.exists)()
