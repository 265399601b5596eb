"""The shared page's socket: opened by a working link only, read only, closed on revocation."""

import json
from datetime import timedelta

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from journeymap.asgi import application
from maps import services, share_links
from maps.consumers import DENIED, GONE
from maps.models import Presence, ShareLink
from workspaces import access

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
ORIGIN = (b"origin", b"http://127.0.0.1")
HOST = (b"host", b"127.0.0.1")


def visitor_cookie(token: str, password: str = "") -> bytes:
    """The session of a browser that opened the link (and gave its password)."""
    client = Client()
    url = reverse("share-map", args=[token])
    if password:
        client.post(url, {"password": password})
    else:
        client.get(url)
    name = settings.SESSION_COOKIE_NAME
    cookie = client.cookies.get(name)
    return f"{name}={cookie.value if cookie else ''}".encode()


async def open_socket(path: str, cookie: bytes = b""):
    headers = [ORIGIN, HOST]
    if cookie:
        headers.append((b"cookie", cookie))
    socket = WebsocketCommunicator(application, path, headers=headers)
    connected, _subprotocol = await socket.connect()
    assert connected
    return socket


def make_link(owner, journey_map, password=""):
    return share_links.link_create(
        user=owner, journey_map=journey_map, label="Comité", password=password, expires_on=None
    )


async def test_a_working_link_hears_that_the_map_changed(owner, journey_map):
    _link, token = await sync_to_async(make_link)(owner, journey_map)
    socket = await open_socket(f"/ws/s/{token}/")
    # It may send: nothing it says is read, and it has no presence row.
    await socket.send_to(text_data=json.dumps({"type": "editing", "item": "card-1"}))
    assert not await sync_to_async(Presence.objects.exists)()
    card = await sync_to_async(journey_map.cards.get)()
    await sync_to_async(services.item_create)(
        user=owner,
        map_id=journey_map.pk,
        kind_name="card",
        data={"text": "Nouvelle", "stage": card.stage_id, "lane": card.lane_id},
    )
    message = json.loads(await socket.receive_from(timeout=2))
    # Only that it changed: the page fetches the map over HTTP, where the link is checked.
    assert message == {"type": "changed"}
    await socket.disconnect()


async def test_revoking_closes_the_open_pages(owner, journey_map):
    link, token = await sync_to_async(make_link)(owner, journey_map)
    socket = await open_socket(f"/ws/s/{token}/")
    await sync_to_async(share_links.link_revoke)(
        user=owner, journey_map=journey_map, link_id=link.pk
    )
    closed = await socket.receive_output(timeout=5)
    assert closed == {"type": "websocket.close", "code": DENIED}


async def test_a_revocation_during_the_opening_still_closes_the_page(
    owner, journey_map, monkeypatch
):
    """Revoked after the socket's first look at the link but before it joined the
    link's group: the revocation's message went to no one, the second look sees it."""
    link, token = await sync_to_async(make_link)(owner, journey_map)
    first_look = access.check_share_link
    looks = []

    def look_then_revoke(found):
        first_look(found)
        looks.append(found.pk)
        if len(looks) == 1:
            ShareLink.objects.filter(pk=link.pk).update(revoked_at=timezone.now())

    monkeypatch.setattr(access, "check_share_link", look_then_revoke)
    socket = await open_socket(f"/ws/s/{token}/")
    closed = await socket.receive_output(timeout=5)
    assert closed == {"type": "websocket.close", "code": DENIED}
    assert len(looks) == 1


async def test_revoked_expired_and_unknown_links_are_refused(owner, journey_map):
    revoked, revoked_token = await sync_to_async(make_link)(owner, journey_map)
    await sync_to_async(share_links.link_revoke)(
        user=owner, journey_map=journey_map, link_id=revoked.pk
    )
    expired, expired_token = await sync_to_async(make_link)(owner, journey_map)
    await sync_to_async(ShareLink.objects.filter(pk=expired.pk).update)(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    for token, code in ((revoked_token, DENIED), (expired_token, DENIED), ("nope", GONE)):
        socket = await open_socket(f"/ws/s/{token}/")
        assert await socket.receive_output(timeout=2) == {"type": "websocket.close", "code": code}


async def test_a_password_link_needs_the_password_on_the_socket_too(owner, journey_map):
    _link, token = await sync_to_async(make_link)(owner, journey_map, "baguette")
    socket = await open_socket(f"/ws/s/{token}/")
    assert await socket.receive_output(timeout=2) == {"type": "websocket.close", "code": DENIED}
    cookie = await sync_to_async(visitor_cookie)(token, "baguette")
    socket = await open_socket(f"/ws/s/{token}/", cookie)
    card = await sync_to_async(journey_map.cards.get)()
    await sync_to_async(services.item_delete)(
        user=owner, map_id=journey_map.pk, kind_name="card", item_id=card.pk
    )
    assert json.loads(await socket.receive_from(timeout=2)) == {"type": "changed"}
    await socket.disconnect()


async def test_a_link_opens_no_map_socket(owner, journey_map):
    """The map's own socket (presence, names, events' fragments) is for people: the
    session of a share link's visitor is refused there, on its map as on any other."""
    _link, token = await sync_to_async(make_link)(owner, journey_map, "baguette")
    cookie = await sync_to_async(visitor_cookie)(token, "baguette")
    socket = await open_socket(f"/ws/maps/{journey_map.pk}/", cookie)
    assert await socket.receive_output(timeout=2) == {"type": "websocket.close", "code": DENIED}


def edit_link(owner, journey_map, link, **changes):
    values = {
        "label": link.label,
        "expires_on": share_links.expiry_day(link),
        "allow_pdf": link.allow_pdf,
        "password": None,
    }
    values.update(changes)
    return share_links.link_update(user=owner, journey_map=journey_map, link_id=link.pk, **values)


async def test_a_new_password_closes_the_pages_opened_with_the_old_one(owner, journey_map):
    link, token = await sync_to_async(make_link)(owner, journey_map, "baguette")
    cookie = await sync_to_async(visitor_cookie)(token, "baguette")
    socket = await open_socket(f"/ws/s/{token}/", cookie)
    await sync_to_async(edit_link)(owner, journey_map, link, password="croissant")
    closed = await socket.receive_output(timeout=5)
    assert closed == {"type": "websocket.close", "code": DENIED}


async def test_a_password_set_on_an_open_link_closes_its_pages(owner, journey_map):
    link, token = await sync_to_async(make_link)(owner, journey_map)
    socket = await open_socket(f"/ws/s/{token}/")
    await sync_to_async(edit_link)(owner, journey_map, link, password="baguette")
    closed = await socket.receive_output(timeout=5)
    assert closed == {"type": "websocket.close", "code": DENIED}


async def test_an_edit_that_keeps_the_page_open_leaves_it_open(owner, journey_map):
    link, token = await sync_to_async(make_link)(owner, journey_map, "baguette")
    cookie = await sync_to_async(visitor_cookie)(token, "baguette")
    socket = await open_socket(f"/ws/s/{token}/", cookie)
    await sync_to_async(edit_link)(owner, journey_map, link, label="Direction", allow_pdf=True)
    # The page fetches itself again (its PDF button came) ...
    assert json.loads(await socket.receive_from(timeout=2)) == {"type": "changed"}
    # ... and stays open: it hears the next change of the map.
    card = await sync_to_async(journey_map.cards.get)()
    await sync_to_async(services.item_delete)(
        user=owner, map_id=journey_map.pk, kind_name="card", item_id=card.pk
    )
    assert json.loads(await socket.receive_from(timeout=2)) == {"type": "changed"}
    await socket.disconnect()


async def test_an_expiry_brought_to_now_closes_the_open_pages(owner, journey_map):
    """The form's earliest day is today's end; the socket re-checks whatever the edit
    saved, an expiry already passed included (the service's own rule)."""
    link, token = await sync_to_async(make_link)(owner, journey_map)
    socket = await open_socket(f"/ws/s/{token}/")

    def expire_now():
        ShareLink.objects.filter(pk=link.pk).update(expires_at=timezone.now())
        from maps import live

        live.share_link_changed(link.pk)

    await sync_to_async(expire_now)()
    closed = await socket.receive_output(timeout=5)
    assert closed == {"type": "websocket.close", "code": DENIED}


async def test_a_page_open_when_its_link_expires_is_closed_then(owner, journey_map):
    """No change of the map needed: the page's socket closes at the link's expiry."""
    link, token = await sync_to_async(make_link)(owner, journey_map)
    await sync_to_async(ShareLink.objects.filter(pk=link.pk).update)(
        expires_at=timezone.now() + timedelta(seconds=1)
    )
    socket = await open_socket(f"/ws/s/{token}/")
    assert await socket.receive_nothing(timeout=0.3)
    closed = await socket.receive_output(timeout=5)
    assert closed == {"type": "websocket.close", "code": DENIED}
