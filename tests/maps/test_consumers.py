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
HOST = (b"host", b"127.0.0.1")


@pytest.fixture(autouse=True)
def presence_at_once(monkeypatch):
    """Every presence change sent as it happens, within the socket's own handler:
    none is left pending when a test ends (coalescing: tests/maps/test_fanout.py)."""
    from maps import fanout

    monkeypatch.setattr(fanout, "PRESENCE_EVERY", 0)


def session_cookie(user) -> bytes:
    client = Client()
    client.force_login(user)
    name = settings.SESSION_COOKIE_NAME
    return f"{name}={client.cookies[name].value}".encode()


async def connect(map_id: int, user=None, origin=ORIGIN, host=HOST):
    headers = [header for header in (origin, host) if header]
    if user is not None:
        headers.append((b"cookie", await sync_to_async(session_cookie)(user)))
    socket = WebsocketCommunicator(application, f"/ws/maps/{map_id}/", headers=headers)
    connected, _subprotocol = await socket.connect()
    return socket, connected


@pytest.fixture
def second_guest(workshop):
    from django.contrib.auth.models import AnonymousUser

    _pass, user = workshops.guest_join(
        user=AnonymousUser(), token=workshop.token, data={"display_name": "Dominique"}
    )
    return user


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


async def test_an_event_of_an_unknown_kind_makes_sockets_check_their_access(
    journey_map, guest, workshop
):
    from channels.layers import get_channel_layer

    from maps import live
    from maps.models import Workshop

    socket, _connected = await connect(journey_map.pk, guest)
    await next_of_type(socket, "presence")
    # The guest's pass goes stale without a signal: only a re-check can notice.
    await sync_to_async(Workshop.objects.filter(pk=workshop.pk).update)(token="replaced")
    layer = get_channel_layer()
    group = live.group_name(journey_map.pk)
    text = '{"type": "event", "revision": 2, "html": ""}'
    await layer.group_send(group, {"type": "map.event", "text": text, "kind": "card.created"})
    assert (await next_of_type(socket, "event"))["revision"] == 2
    await layer.group_send(group, {"type": "map.event", "text": text, "kind": "sticker.peeled"})
    await assert_closed_with(socket, DENIED)


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
    message = {"type": "map.ballot", "tab": "tab-1"}
    await sync_to_async(live.send_to_user)(journey_map.pk, owner.pk, message)
    assert await next_of_type(socket, "ballot") == {"type": "ballot", "tab": "tab-1"}
    await socket.disconnect()


async def messages_until_quiet(socket, timeout: float = 0.5) -> list[str]:
    received = []
    while not await socket.receive_nothing(timeout=timeout):
        received.append(await socket.receive_from())
    return received


async def test_only_facilitators_hear_who_has_used_all_their_dots(
    journey_map, owner, guest, second_guest
):
    from maps import rounds
    from maps.models import Lane, LaneKind

    @sync_to_async
    def open_dots_and_vote() -> None:
        lane = Lane.objects.get(journey_map=journey_map, kind=LaneKind.PAIN_POINTS)
        stage = journey_map.stages.first()
        card = Card.objects.create(journey_map=journey_map, stage=stage, lane=lane, text="File")
        rounds.round_open(
            user=owner,
            map_id=journey_map.pk,
            kind="dots",
            data={"lane_kinds": [LaneKind.PAIN_POINTS], "dots_each": 1},
        )
        rounds.dot(user=second_guest, map_id=journey_map.pk, card_id=card.pk, delta=1)

    facilitator, _ = await connect(journey_map.pk, owner)
    participant, _ = await connect(journey_map.pk, guest)
    await next_of_type(facilitator, "presence")
    await next_of_type(participant, "presence")
    await open_dots_and_vote()
    heard = [json.loads(text) for text in await messages_until_quiet(participant)]
    assert any('id="round-progress"' in message.get("html", "") for message in heard)
    assert not [message for message in heard if "Dominique" in json.dumps(message)]
    assert "finished" not in {message["type"] for message in heard}
    # One after the round opened (nobody yet), one after the vote.
    assert "Dominique" not in (await next_of_type(facilitator, "finished"))["html"]
    names = await next_of_type(facilitator, "finished")
    assert "Dominique" in names["html"]
    assert (
        names["revision"]
        == await sync_to_async(lambda: journey_map.events.latest("revision").revision)()
    )
    await facilitator.disconnect()
    await participant.disconnect()


# Membership changes reach open sockets ----------------------------------------------


@pytest.fixture
def admin(workspace):
    from tests.conftest import make_user
    from workspaces.models import Role

    return make_user("admin", workspace, Role.ADMIN)


async def test_a_removed_member_loses_their_open_sockets_at_once(journey_map, admin, collaborator):
    from workspaces import services as members

    socket, _ = await connect(journey_map.pk, collaborator)
    await next_of_type(socket, "presence")
    membership = await sync_to_async(collaborator.memberships.get)()
    await sync_to_async(members.member_remove)(user=admin, membership_id=membership.pk)
    await assert_closed_with(socket, DENIED)


async def test_a_member_removed_from_the_admin_loses_their_sockets_too(journey_map, collaborator):
    socket, _ = await connect(journey_map.pk, collaborator)
    await next_of_type(socket, "presence")
    await sync_to_async(lambda: collaborator.memberships.all().delete())()
    await assert_closed_with(socket, DENIED)


async def test_a_guest_whose_pass_is_deleted_loses_their_socket(journey_map, guest):
    from maps.models import Guest

    socket, _ = await connect(journey_map.pk, guest)
    await next_of_type(socket, "presence")
    await sync_to_async(lambda: Guest.objects.filter(user=guest).delete())()
    await assert_closed_with(socket, DENIED)


async def test_a_demoted_facilitator_keeps_reading_but_no_longer_hears_facilitators_only(
    journey_map, admin, collaborator
):
    from channels.layers import get_channel_layer

    from maps import live
    from workspaces import services as members
    from workspaces.models import Role

    layer = get_channel_layer()
    facilitators = live.facilitators_group(journey_map.pk)
    socket, _ = await connect(journey_map.pk, collaborator)
    await next_of_type(socket, "presence")
    assert len(layer.groups.get(facilitators, {})) == 1
    membership = await sync_to_async(collaborator.memberships.get)()
    await sync_to_async(members.member_set_role)(
        user=admin, membership_id=membership.pk, role=Role.MARKETER
    )
    await layer.group_send(facilitators, {"type": "map.finished", "text": "secret"})
    assert await socket.receive_nothing(timeout=0.5)
    assert not layer.groups.get(facilitators)
    # Still a member: the map stays open, read-only.
    await socket.send_to(text_data=json.dumps({"type": "ping"}))
    assert await socket.receive_nothing(timeout=0.2)
    await socket.disconnect()


# What a tab may send ------------------------------------------------------------------


@pytest.fixture
def presence_writes(monkeypatch):
    """Every presence write a socket makes, counted."""
    from maps import presence as presence_module

    calls = []
    touch = presence_module.touch

    def counted(**kwargs):
        calls.append(kwargs)
        return touch(**kwargs)

    monkeypatch.setattr(presence_module, "touch", counted)
    return calls


def editing(item: str) -> str:
    return json.dumps({"type": "editing", "item": item})


async def test_a_tab_flooding_its_socket_is_dropped_then_closed(
    journey_map, owner, collaborator, presence_writes
):
    from maps.consumers import TOO_FAST

    flooder, _ = await connect(journey_map.pk, owner)
    watcher, _ = await connect(journey_map.pk, collaborator)
    await next_of_type(flooder, "presence")
    await next_of_type(watcher, "presence")
    while not await watcher.receive_nothing(timeout=0.3):
        await watcher.receive_from()
    for n in range(3000):
        await flooder.send_to(text_data=editing(f"card-{n % 2}"))
    await assert_closed_with(flooder, TOO_FAST)
    broadcasts = [
        message
        for message in map(json.loads, await messages_until_quiet(watcher, timeout=1))
        if message["type"] == "presence"
    ]
    # 3,000 messages: a handful of writes and broadcasts, not thousands.
    assert len(presence_writes) <= 3
    assert len(broadcasts) <= 4
    await watcher.disconnect()


async def test_editing_updates_are_coalesced_and_the_latest_wins(
    journey_map, owner, collaborator, presence_writes
):
    first, _ = await connect(journey_map.pk, owner)
    second, _ = await connect(journey_map.pk, collaborator)
    await next_of_type(first, "presence")
    for n in range(30):
        await first.send_to(text_data=editing(f"card-{n}"))
    latest = None
    for message in map(json.loads, await messages_until_quiet(second, timeout=1)):
        if message["type"] == "presence" and message["editing"]:
            latest = message["editing"]
    assert latest == [{"item": "card-29", "name": "owner", "colour": owner.pk % 8}]
    assert len(presence_writes) <= 3
    await first.disconnect()
    await second.disconnect()


async def test_saying_the_same_thing_again_costs_nothing(journey_map, owner, presence_writes):
    socket, _ = await connect(journey_map.pk, owner)
    await next_of_type(socket, "presence")
    for _ in range(30):
        await socket.send_to(text_data=editing("card-7"))
        await socket.send_to(text_data=json.dumps({"type": "ping"}))
    await messages_until_quiet(socket, timeout=1)
    assert presence_writes == [
        {"channel_name": presence_writes[0]["channel_name"], "editing": "card-7"}
    ]
    await socket.disconnect()


async def test_a_frame_of_nested_arrays_is_dropped_and_the_socket_lives_on(journey_map, owner):
    socket, _ = await connect(journey_map.pk, owner)
    await next_of_type(socket, "presence")
    for frame in ("[" * 2048, "[" * 1024 + "]" * 1024, '{"type": "ping", "x": ' + "[" * 2000):
        await socket.send_to(text_data=frame)
    assert await socket.receive_nothing(timeout=0.3)
    await socket.send_to(text_data=editing("card-3"))
    while not (await next_of_type(socket, "presence"))["editing"]:
        pass
    await socket.disconnect()


# Origins ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("origin", "host", "accepted"),
    [
        (b"http://127.0.0.1:8000", b"127.0.0.1:8000", True),
        (b"http://localhost", b"localhost", True),
        # Another program on the same machine: same host, another port.
        (b"http://127.0.0.1:3000", b"127.0.0.1:8000", False),
        (b"http://127.0.0.1", b"127.0.0.1:8000", False),
        # Another scheme.
        (b"https://127.0.0.1:8000", b"127.0.0.1:8000", False),
        # A host we do not serve, even if it claims to be its own origin.
        (b"http://evil.example", b"evil.example", False),
        (b"http://evil.example", b"127.0.0.1", False),
        (None, b"127.0.0.1", False),
        (b"http://127.0.0.1", None, False),
    ],
)
async def test_only_the_pages_own_origin_opens_a_socket(
    journey_map, owner, origin, host, accepted, settings
):
    settings.ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
    socket, connected = await connect(
        journey_map.pk,
        owner,
        origin=(b"origin", origin) if origin else None,
        host=(b"host", host) if host else None,
    )
    assert connected is accepted
    if connected:
        await socket.disconnect()


async def test_a_trusted_origin_behind_a_proxy_opens_a_socket(journey_map, owner, settings):
    settings.ALLOWED_HOSTS = ["parcours.example.org"]
    settings.CSRF_TRUSTED_ORIGINS = ["https://parcours.example.org"]
    socket, connected = await connect(
        journey_map.pk,
        owner,
        origin=(b"origin", b"https://parcours.example.org"),
        host=(b"host", b"127.0.0.1:8001"),
    )
    assert connected
    await socket.disconnect()


async def test_an_undo_and_a_trash_restore_reach_every_socket_in_order(journey_map, owner, guest):
    from maps import undo

    socket, connected = await connect(journey_map.pk, guest)
    assert connected
    card = await sync_to_async(Card.objects.get)(journey_map=journey_map)
    deleted = await sync_to_async(services.item_delete)(
        user=owner, map_id=journey_map.pk, kind_name="card", item_id=card.pk
    )
    gone = await next_of_type(socket, "event")
    assert gone["revision"] == deleted.revision
    assert f'id="card-{card.pk}"' not in gone["html"]

    await sync_to_async(undo.undo_last)(user=owner, map_id=journey_map.pk)
    back = await next_of_type(socket, "event")
    assert back["revision"] == deleted.revision + 1
    assert f'id="card-{card.pk}"' in back["html"]
    assert "Pas de pain ce soir !" in back["html"]

    await sync_to_async(undo.redo_last)(user=owner, map_id=journey_map.pk)
    again = await next_of_type(socket, "event")
    assert again["revision"] == deleted.revision + 2
    assert f'id="card-{card.pk}"' not in again["html"]
    await socket.disconnect()


async def test_changing_guests_rights_reaches_their_sockets_and_keeps_them_open(
    journey_map, guest, owner
):
    socket, _connected = await connect(journey_map.pk, guest)
    await next_of_type(socket, "presence")
    await sync_to_async(workshops.workshop_rights)(
        user=owner, map_id=journey_map.pk, guests_restructure=True
    )
    event = await next_of_type(socket, "event")
    assert 'data-guests-restructure="true"' in event["html"]
    # Not an access change: the socket stays, and the guest's next change goes through.
    await sync_to_async(workshops.workshop_rights)(
        user=owner, map_id=journey_map.pk, guests_restructure=False
    )
    event = await next_of_type(socket, "event")
    assert 'data-guests-restructure="false"' in event["html"]
    card = await sync_to_async(Card.objects.get)(journey_map=journey_map)
    await sync_to_async(services.item_delete)(
        user=guest, map_id=journey_map.pk, kind_name="card", item_id=card.pk
    )
    event = await next_of_type(socket, "event")
    assert f'id="cell-{card.stage_id}-{card.lane_id}"' in event["html"]
    await socket.disconnect()
