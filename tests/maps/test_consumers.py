"""The map's WebSocket: who may open it, what it pushes, and when it shuts."""

import json

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.test import Client

from journeymap.asgi import application
from maps import services, workshops
from maps.consumers import DENIED, GONE
from maps.models import Card, Presence

# Sockets run in other threads: data must be committed. Rollback serialised, so the
# journey types the migrations seed come back after each flush.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
ORIGIN = (b"origin", b"http://127.0.0.1")


def session_cookie(user) -> bytes:
    client = Client()
    client.force_login(user)
    name = settings.SESSION_COOKIE_NAME
    return f"{name}={client.cookies[name].value}".encode()


async def connect(map_id: int, user=None, origin=ORIGIN):
    headers = [origin] if origin else []
    if user is not None:
        headers.append((b"cookie", await sync_to_async(session_cookie)(user)))
    socket = WebsocketCommunicator(application, f"/ws/maps/{map_id}/", headers=headers)
    connected, _subprotocol = await socket.connect()
    return socket, connected


async def next_of_type(socket, kind: str, timeout: float = 2) -> dict:
    while True:
        message = json.loads(await socket.receive_from(timeout=timeout))
        if message["type"] == kind:
            return message


async def assert_closed_with(socket, code: int) -> None:
    output = await socket.receive_output(timeout=2)
    while output["type"] == "websocket.send":
        output = await socket.receive_output(timeout=2)
    assert output == {"type": "websocket.close", "code": code}


async def test_a_member_gets_presence_then_every_event(journey_map, owner):
    socket, connected = await connect(journey_map.pk, owner)
    assert connected
    presence = await next_of_type(socket, "presence")
    assert "owner" in presence["html"]
    card = await sync_to_async(Card.objects.get)(journey_map=journey_map)
    await sync_to_async(services.item_update)(
        user=owner,
        map_id=journey_map.pk,
        kind_name="card",
        item_id=card.pk,
        data={"text": "Poussé", "stage": card.stage_id, "lane": card.lane_id, "version": 1},
    )
    event = await next_of_type(socket, "event")
    assert event["revision"] == 1
    assert f'id="card-{card.pk}"' in event["html"]
    assert "Poussé" in event["html"]
    await socket.disconnect()


async def test_an_anonymous_socket_is_refused(journey_map):
    socket, connected = await connect(journey_map.pk)
    assert connected
    await assert_closed_with(socket, DENIED)


async def test_a_socket_without_an_allowed_origin_is_refused(journey_map, owner):
    for origin in (None, (b"origin", b"https://evil.example")):
        _socket, connected = await connect(journey_map.pk, owner, origin=origin)
        assert not connected


async def test_an_outsider_cannot_listen_to_a_map(journey_map, outsider):
    socket, _connected = await connect(journey_map.pk, outsider)
    await assert_closed_with(socket, DENIED)
    assert not await sync_to_async(Presence.objects.exists)()


async def test_an_unknown_map_is_gone(owner, journey_map):
    socket, _connected = await connect(journey_map.pk + 1000, owner)
    await assert_closed_with(socket, GONE)


async def test_a_guest_listens_to_their_map_only(journey_map, guest, other_workspace, owner):
    from maps.models import JourneyMap

    other = await sync_to_async(JourneyMap.objects.create)(
        workspace=journey_map.workspace,
        title="Autre carte",
        journey_type_id=journey_map.journey_type_id,
    )
    socket, _connected = await connect(journey_map.pk, guest)
    presence = await next_of_type(socket, "presence")
    assert "Camille" in presence["html"]
    await socket.disconnect()
    wrong, _connected = await connect(other.pk, guest)
    await assert_closed_with(wrong, DENIED)


async def test_a_guest_is_cut_off_when_the_link_is_replaced(journey_map, guest, owner):
    socket, _connected = await connect(journey_map.pk, guest)
    await next_of_type(socket, "presence")
    await sync_to_async(workshops.workshop_renew_link)(user=owner, map_id=journey_map.pk)
    await assert_closed_with(socket, DENIED)
    again, _connected = await connect(journey_map.pk, guest)
    await assert_closed_with(again, DENIED)


async def test_a_guest_stays_connected_read_only_when_the_workshop_ends(journey_map, guest, owner):
    socket, _connected = await connect(journey_map.pk, guest)
    await next_of_type(socket, "presence")
    await sync_to_async(workshops.workshop_end)(user=owner, map_id=journey_map.pk)
    event = await next_of_type(socket, "event")
    assert 'data-workshop="closed"' in event["html"]
    await socket.disconnect()


async def test_revoking_every_guest_closes_their_sockets_and_keeps_members(
    journey_map, guest, owner
):
    guest_socket, _connected = await connect(journey_map.pk, guest)
    await next_of_type(guest_socket, "presence")
    member_socket, _connected = await connect(journey_map.pk, owner)
    await next_of_type(member_socket, "presence")
    await sync_to_async(workshops.guests_revoke)(user=owner, map_id=journey_map.pk)
    await assert_closed_with(guest_socket, DENIED)
    event = await next_of_type(member_socket, "event")
    assert event["revision"] >= 1
    await member_socket.disconnect()


async def test_ending_and_closing_access_at_once_closes_guest_sockets(journey_map, guest, owner):
    socket, _connected = await connect(journey_map.pk, guest)
    await next_of_type(socket, "presence")
    await sync_to_async(workshops.workshop_end)(
        user=owner, map_id=journey_map.pk, close_access=True
    )
    await assert_closed_with(socket, DENIED)


async def test_a_guest_socket_closes_at_its_next_ping_once_the_grace_period_is_over(
    journey_map, guest, owner
):
    from datetime import timedelta
    from unittest import mock

    from django.utils import timezone

    socket, _connected = await connect(journey_map.pk, guest)
    await next_of_type(socket, "presence")
    await sync_to_async(workshops.workshop_end)(user=owner, map_id=journey_map.pk)
    await next_of_type(socket, "event")
    await socket.send_to(text_data='{"type": "ping"}')
    assert await socket.receive_nothing(timeout=0.3)
    # A day and an hour later: the grace period ran out, with no event to say so.
    later = timezone.now() + timedelta(hours=settings.PARCOURS_GUEST_GRACE_HOURS + 1)
    with (
        mock.patch("django.utils.timezone.now", return_value=later),
        mock.patch("workspaces.access.now", return_value=later),
    ):
        await socket.send_to(text_data='{"type": "ping"}')
        await assert_closed_with(socket, DENIED)


async def test_deleting_the_map_closes_its_sockets(journey_map, owner):
    socket, _connected = await connect(journey_map.pk, owner)
    await next_of_type(socket, "presence")
    await sync_to_async(services.map_delete)(user=owner, map_id=journey_map.pk)
    await assert_closed_with(socket, GONE)


async def test_what_a_tab_edits_shows_in_everyones_presence(journey_map, owner, collaborator):
    first, _ = await connect(journey_map.pk, owner)
    second, _ = await connect(journey_map.pk, collaborator)
    await next_of_type(first, "presence")
    await first.send_to(text_data=json.dumps({"type": "editing", "item": "card-7"}))
    while True:
        presence = await next_of_type(second, "presence")
        if presence["editing"]:
            break
    assert presence["editing"] == [{"item": "card-7", "name": "owner", "colour": owner.pk % 8}]
    await first.disconnect()
    while "owner" in (presence := await next_of_type(second, "presence"))["html"]:
        pass
    assert "collaborator" in presence["html"]
    await second.disconnect()
    assert not await sync_to_async(Presence.objects.exists)()


@pytest.mark.parametrize(
    "message",
    ["not json", "[1, 2]", json.dumps({"type": "editing", "item": "<img src=x>"}), "x" * 5000],
)
async def test_odd_messages_from_a_tab_change_nothing(journey_map, owner, message):
    socket, _ = await connect(journey_map.pk, owner)
    await next_of_type(socket, "presence")
    await socket.send_to(text_data=message)
    await socket.send_to(text_data=json.dumps({"type": "ping"}))
    assert await socket.receive_nothing(timeout=0.3)
    editing = await sync_to_async(
        lambda: list(Presence.objects.values_list("editing", flat=True))
    )()
    assert editing == [""]
    await socket.disconnect()


async def test_a_voters_other_tabs_hear_only_that_their_ballot_changed(journey_map, owner):
    from maps import live

    socket, _ = await connect(journey_map.pk, owner)
    await next_of_type(socket, "presence")
    await sync_to_async(live.send_to_user)(journey_map.pk, owner.pk, {"type": "map.ballot"})
    assert await next_of_type(socket, "ballot") == {"type": "ballot"}
    await socket.disconnect()
