"""One WebSocket per open map page: it pushes the map's events and who is there.

Edits do not travel on the socket: they are HTTP posts through
``maps.services``, whose events come back here, to every tab alike. The
socket carries only what a tab says about itself (what it is editing, that it
is still there), read through ``maps.socket_input`` (flat messages of ours, at
a tab's pace) and written to the database at most every ``EDITING_EVERY``.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from typing import TYPE_CHECKING, cast

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.utils import timezone

from maps import events, fanout, live, presence
from maps.models import JourneyMap
from maps.socket_input import RateLimit, parse
from workspaces import access

if TYPE_CHECKING:
    from workspaces.access import User

# Close codes of our own (4000-4999): the tab shows why and stops reconnecting.
DENIED = 4403
GONE = 4404
# The tab went on sending faster than any tab does (``socket_input.RateLimit``).
TOO_FAST = 4429
# "What I edit" is written and broadcast at most this often per socket (seconds):
# the latest value wins, a repeat costs nothing.
EDITING_EVERY = 0.5
# A ping only needs to land well within presence.STALE_AFTER (90 s).
PING_EVERY = 20
# Map-wide messages a socket may have waiting, as a Channels channel may: beyond,
# they are dropped and the tab, seeing a gap in the revisions, catches up.
OUTBOX = 100

logger = logging.getLogger(__name__)


class MapConsumer(AsyncWebsocketConsumer):
    async def connect(self) -> None:
        self.map_id = self.scope["url_route"]["kwargs"]["map_id"]
        self.joined = False
        self.present = False  # has a presence row
        self.facilitator = False
        self.limit = RateLimit()
        self.editing_saved = ""
        self.editing_wanted = ""
        self.editing_next = 0.0
        self.editing_flush: asyncio.Task | None = None
        self.touched_at = time.monotonic()
        self.outbox: asyncio.Queue[dict] = asyncio.Queue(maxsize=OUTBOX)
        self.in_room = False  # gets the map's messages (false once closed or refused)
        self.forwarder: asyncio.Task | None = None
        # A guest of an ended workshop reads until then; the tab's pings check it.
        self.access_until = None
        # Accept first, so that a refusal arrives with a code the tab understands
        # (a refused handshake looks like a network failure and would be retried).
        await self.accept()
        code, facilitator = await self.check_access(join=True)
        if code:
            await self.close(code=code)
            return
        user = self.scope["user"]
        assert user is not None  # check_access refused a socket without one
        user_id = user.pk
        self.user_groups = [live.user_group(self.map_id, user_id), live.sockets_of(user_id)]
        for group in self.user_groups:
            await self.channel_layer.group_add(group, self.channel_name)
        await self.set_facilitator(facilitator)
        self.joined = True
        # Map-wide messages come through this process's room of the map (maps.fanout).
        self.forwarder = asyncio.ensure_future(self.forward())
        self.in_room = True
        await fanout.registry().join(self)
        await self.publish_presence()

    async def disconnect(self, code: int) -> None:
        if self.present:
            # The row first: when hundreds of tabs drop at once, the layer may fail
            # (or be slow) for some of them, and a stale row would show a ghost.
            self.present = False
            await database_sync_to_async(presence.leave)(channel_name=self.channel_name)
        if not self.joined:
            return
        self.joined = False
        self.stop_forwarding()
        if self.editing_flush is not None:
            self.editing_flush.cancel()
        await self.publish_presence()
        try:
            for group in self.user_groups:
                await self.channel_layer.group_discard(group, self.channel_name)
            await self.set_facilitator(False)
        except Exception:
            # Channels' groups expire their members; the socket is gone either way.
            logger.warning("Socket %s: could not leave its groups.", self.channel_name)

    # Map-wide messages, from this process's room of the map -------------------

    def push(self, message: dict) -> None:
        """Queue one map-wide message; a full outbox drops it (the tab will catch up)."""
        if self.in_room:
            with contextlib.suppress(asyncio.QueueFull):
                self.outbox.put_nowait(message)

    async def forward(self) -> None:
        """Hand the queued messages to their handler one at a time: revisions stay in order,
        and an access re-check holds back what follows it."""
        handlers = {
            "map.event": self.map_event,
            "map.presence": self.map_presence,
            "map.redraw": self.map_redraw,
            "map.gone": self.map_gone,
        }
        while True:
            message = await self.outbox.get()
            handler = handlers.get(message.get("type", ""))
            if handler is None or not self.in_room:
                continue
            try:
                await handler(message)
            except Exception as error:
                # The tab has gone (its goodbye is on the way): nothing more for it.
                logger.info("Socket %s stops forwarding: %r", self.channel_name, error)
                self.stop_forwarding()

    def stop_forwarding(self) -> None:
        """Out of the room at once: a socket closed or refused gets nothing more,
        not even what was already in its outbox."""
        self.in_room = False
        fanout.registry().leave(self)
        if self.forwarder is not None and self.forwarder is not asyncio.current_task():
            self.forwarder.cancel()

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None):
        if not self.joined or self.limit.exhausted:
            return
        if not self.limit.allow():
            if self.limit.exhausted:
                await self.close(code=TOO_FAST)
            return
        if await self.access_ran_out():
            return
        message = parse(text_data)
        if message is None:
            return
        if message["type"] == "editing":
            await self.editing(message.get("item", ""))
        elif time.monotonic() - self.touched_at >= PING_EVERY:
            self.touched_at = time.monotonic()
            await database_sync_to_async(presence.touch)(channel_name=self.channel_name)

    async def editing(self, item: str) -> None:
        """Note what the tab edits now; written and broadcast at most every EDITING_EVERY."""
        self.editing_wanted = item
        if self.editing_flush is None and item != self.editing_saved:
            delay = max(0.0, self.editing_next - time.monotonic())
            self.editing_flush = asyncio.ensure_future(self.flush_editing(delay))

    async def flush_editing(self, delay: float) -> None:
        if delay:
            await asyncio.sleep(delay)
        self.editing_flush = None
        item = self.editing_wanted
        if item == self.editing_saved or not self.joined:
            return
        self.editing_saved = item
        self.editing_next = time.monotonic() + EDITING_EVERY
        self.touched_at = time.monotonic()
        changed = await database_sync_to_async(presence.touch)(
            channel_name=self.channel_name, editing=item
        )
        if changed:
            await self.publish_presence()

    # Messages from the group ------------------------------------------------

    async def map_event(self, message: dict) -> None:
        if await self.access_ran_out():
            return
        revokes = events.kind_of(message.get("kind", "")).revokes_access
        if revokes and not await self.still_allowed():
            return
        await self.send(text_data=message["text"])

    async def map_presence(self, message: dict) -> None:
        await self.send(text_data=message["text"])

    async def map_redraw(self, message: dict) -> None:
        # A part of the map redrawn outside the revision order (maps.persona_redraw).
        if await self.access_ran_out():
            return
        await self.send(text_data=message["text"])

    async def map_ballot(self, message: dict) -> None:
        # Only "your ballot changed in another tab": the tab fetches it over HTTP.
        await self.send(text_data=json.dumps({"type": "ballot", "tab": message.get("tab", "")}))

    async def map_finished(self, message: dict) -> None:
        # Sent to the facilitators' group only; checked again in case the role just dropped.
        if self.facilitator:
            await self.send(text_data=message["text"])

    async def access_recheck(self, message: dict) -> None:
        """The person's memberships changed somewhere: is this map still theirs?"""
        if self.joined:
            await self.still_allowed()

    async def map_gone(self, message: dict) -> None:
        self.stop_forwarding()
        await self.close(code=GONE)

    # Helpers ------------------------------------------------------------------

    async def still_allowed(self) -> bool:
        """Check access again: close the socket if it is gone, follow a role change if not."""
        code, facilitator = await self.check_access()
        if code:
            if self.joined:
                self.stop_forwarding()
            await self.close(code=code)
            return False
        await self.set_facilitator(facilitator)
        return True

    async def access_ran_out(self) -> bool:
        """A guest's read time ends without an event: closed at their next ping or event."""
        if self.access_until is None or timezone.now() < self.access_until:
            return False
        return not await self.still_allowed()

    async def set_facilitator(self, facilitator: bool) -> None:
        """In the facilitators' group exactly while the person may facilitate the map."""
        if facilitator == self.facilitator:
            return
        self.facilitator = facilitator
        group = live.facilitators_group(self.map_id)
        if facilitator:
            await self.channel_layer.group_add(group, self.channel_name)
        else:
            await self.channel_layer.group_discard(group, self.channel_name)

    @database_sync_to_async
    def check_access(self, join: bool = False) -> tuple[int, bool]:
        """(0, may facilitate) if the user may still see the map, else (the close code, False).

        With ``join``, an allowed socket also gets its presence row, in the same trip to
        the database thread: when hundreds of tabs reconnect at once, that thread is
        what they queue for."""
        # Channels' lazy proxy stands for the project's user model.
        user = cast("User | None", self.scope.get("user"))
        journey_map = JourneyMap.objects.filter(pk=self.map_id).first()
        if journey_map is None:
            return GONE, False
        if user is None or not user.is_authenticated:
            return DENIED, False
        access.forget(user)
        if not access.can_view_map(user, journey_map):
            return DENIED, False
        guest = None
        if access.role_in(user, journey_map.workspace_id) is None:
            guest = access.guest_pass(user, journey_map)
        self.access_until = guest.workshop.guests_until if guest else None
        if join:
            presence.join(journey_map=journey_map, channel_name=self.channel_name, user=user)
            self.present = True
        return 0, access.can_facilitate_map(user, journey_map)

    async def publish_presence(self) -> None:
        await fanout.registry().presence_changed(self.map_id)
