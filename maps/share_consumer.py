"""The WebSocket of an open shared page: "the map changed", and the link's end.

Not the map's own socket (``maps.consumers.MapConsumer``): a share link is not a
person, so it has no presence row, sees no one's name and sends nothing the server
reads. It only learns that the map changed (the page then fetches it again over
HTTP, where the link is checked once more) and is closed with 4403 the moment its
link is revoked or has expired, or an edit of the link shuts this browser out.
"""

from __future__ import annotations

import asyncio
import json
import logging

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.http import Http404
from django.utils import timezone

from maps import fanout, live, share_links
from maps.consumers import DENIED, GONE
from workspaces import access

logger = logging.getLogger(__name__)

CHANGED = json.dumps({"type": "changed"})
# What the map's room hands on: the map changed (or part of it was redrawn).
CHANGES = {"map.event", "map.redraw"}


class ShareConsumer(AsyncWebsocketConsumer):
    async def connect(self) -> None:
        self.map_id = 0
        self.in_room = False
        self.accepted = False  # nothing is sent on the socket before its handshake
        self.link_group = ""
        self.expires_at = None
        self.sending: asyncio.Task | None = None
        self.closing: asyncio.Task | None = None
        self.expiry: asyncio.TimerHandle | None = None
        code = await self.check_link()
        if not code:
            await self.channel_layer.group_add(self.link_group, self.channel_name)
            # A revocation or an edit saved between the check and joining the link's
            # group was sent to no one: look once more now that the group would hear it.
            code = await self.check_link()
        if code:
            # Accepted, then closed: a refusal arrives with a code the page understands.
            await self.accept()
            await self.close(code=code)
            return
        await fanout.registry().join(self)
        self.in_room = True
        # Accepted last: once the page's socket is open it is in the link's group and
        # the map's room, so it hears every later change and the end of its link.
        await self.accept()
        self.accepted = True
        self.watch_expiry()

    async def disconnect(self, code: int) -> None:
        self.leave()
        if self.link_group:
            try:
                await self.channel_layer.group_discard(self.link_group, self.channel_name)
            except Exception:
                logger.warning("Shared socket %s: could not leave its group.", self.channel_name)

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None):
        # Read only: whatever the page sends (a ping included) changes nothing.
        return

    def push(self, message: dict) -> None:
        """A map-wide message from this process's room of the map (``maps.fanout``)."""
        if not self.in_room or not self.accepted:
            return
        kind = message.get("type", "")
        if kind == "map.gone":
            self.end(GONE)
        elif self.expires_at is not None and timezone.now() >= self.expires_at:
            self.end(DENIED)
        elif kind in CHANGES and self.sending is None:
            # One "changed" however many events arrive before it is sent.
            self.sending = asyncio.ensure_future(self.send_changed())

    async def send_changed(self) -> None:
        try:
            await self.send(text_data=CHANGED)
        except Exception as error:
            logger.info("Shared socket %s stops: %r", self.channel_name, error)
            self.leave()
        finally:
            self.sending = None

    async def share_revoked(self, message: dict) -> None:
        """Sent to the link's group when a facilitator revokes it."""
        self.leave()
        await self.close(code=DENIED)

    async def share_changed(self, message: dict) -> None:
        """Sent to the link's group when a facilitator edits it: a new password or an
        earlier expiry may close this page; otherwise it keeps the new expiry."""
        code = await self.check_link()
        if code:
            self.leave()
            await self.close(code=code)
        elif self.in_room and self.accepted:
            self.watch_expiry()
            if self.sending is None:
                # The page fetches itself again: the PDF button may have come or gone.
                self.sending = asyncio.ensure_future(self.send_changed())

    def watch_expiry(self) -> None:
        """Close the page when its link expires, even if the map is quiet by then."""
        if self.expiry is not None:
            self.expiry.cancel()
            self.expiry = None
        if self.expires_at is not None:
            delay = max(0.0, (self.expires_at - timezone.now()).total_seconds())
            self.expiry = asyncio.get_running_loop().call_later(delay, self.end, DENIED)

    def end(self, code: int) -> None:
        self.leave()
        self.closing = asyncio.ensure_future(self.close(code=code))

    def leave(self) -> None:
        if self.expiry is not None:
            self.expiry.cancel()
            self.expiry = None
        if self.in_room:
            self.in_room = False
            fanout.registry().leave(self)

    @database_sync_to_async
    def check_link(self) -> int:
        """0 if the link opens its map to this browser now, else the close code."""
        try:
            link, _map = share_links.opened(
                self.scope["url_route"]["kwargs"]["token"], self.scope.get("session")
            )
        except Http404:
            return GONE
        except (access.LinkEnded, share_links.Locked):
            return DENIED
        self.map_id = link.journey_map_id
        self.link_group = live.share_link_group(link.pk)
        self.expires_at = link.expires_at
        return 0
