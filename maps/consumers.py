"""One WebSocket per open map page: it pushes the map's events and who is there.

Edits do not travel on the socket: they are HTTP posts through
``maps.services``, whose events come back here, to every tab alike. The
socket carries only what a tab says about itself (what it is editing, that it
is still there).
"""

from __future__ import annotations

import json

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.utils import timezone

from maps import live, presence
from maps.models import JourneyMap
from workspaces import access

# Close codes of our own (4000-4999): the tab shows why and stops reconnecting.
DENIED = 4403
GONE = 4404
# A tab's own messages are tiny; anything bigger is not one of ours.
MAX_MESSAGE = 2048


class MapConsumer(AsyncWebsocketConsumer):
    async def connect(self) -> None:
        self.map_id = self.scope["url_route"]["kwargs"]["map_id"]
        self.group = live.group_name(self.map_id)
        self.joined = False
        # A guest of an ended workshop reads until then; the tab's pings check it.
        self.access_until = None
        # Accept first, so that a refusal arrives with a code the tab understands
        # (a refused handshake looks like a network failure and would be retried).
        await self.accept()
        code = await self.check_access()
        if code:
            await self.close(code=code)
            return
        await self.channel_layer.group_add(self.group, self.channel_name)
        self.user_group = live.user_group(self.map_id, self.scope["user"].pk)
        await self.channel_layer.group_add(self.user_group, self.channel_name)
        self.joined = True
        await database_sync_to_async(self.join)()
        await self.publish_presence()

    async def disconnect(self, code: int) -> None:
        if not self.joined:
            return
        self.joined = False
        await self.channel_layer.group_discard(self.group, self.channel_name)
        await self.channel_layer.group_discard(self.user_group, self.channel_name)
        await database_sync_to_async(presence.leave)(channel_name=self.channel_name)
        await self.publish_presence()

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None):
        if not self.joined or not text_data or len(text_data) > MAX_MESSAGE:
            return
        if await self.access_ran_out():
            return
        try:
            message = json.loads(text_data)
        except ValueError:
            return
        if not isinstance(message, dict):
            return
        if message.get("type") == "editing":
            item = message.get("item")
            changed = await database_sync_to_async(presence.touch)(
                channel_name=self.channel_name, editing=item if isinstance(item, str) else ""
            )
            if changed:
                await self.publish_presence()
        elif message.get("type") == "ping":
            await database_sync_to_async(presence.touch)(channel_name=self.channel_name)

    # Messages from the group ------------------------------------------------

    async def map_event(self, message: dict) -> None:
        if await self.access_ran_out():
            return
        if message.get("kind") in live.ACCESS_EVENTS:
            code = await self.check_access()
            if code:
                await self.close(code=code)
                return
        await self.send(text_data=message["text"])

    async def map_presence(self, message: dict) -> None:
        await self.send(text_data=message["text"])

    async def map_ballot(self, message: dict) -> None:
        # Only "your ballot changed in another tab": the tab fetches it over HTTP.
        await self.send(text_data='{"type": "ballot"}')

    async def map_gone(self, message: dict) -> None:
        await self.close(code=GONE)

    # Helpers ------------------------------------------------------------------

    async def access_ran_out(self) -> bool:
        """A guest's read time ends without an event: closed at their next ping or event."""
        if self.access_until is None or timezone.now() < self.access_until:
            return False
        code = await self.check_access()
        if code:
            await self.close(code=code)
            return True
        return False

    @database_sync_to_async
    def check_access(self) -> int:
        """0 if the user may still see the map, else the close code that says why."""
        user = self.scope.get("user")
        journey_map = JourneyMap.objects.filter(pk=self.map_id).first()
        if journey_map is None:
            return GONE
        if user is None or not user.is_authenticated:
            return DENIED
        access.forget(user)
        if not access.can_view_map(user, journey_map):
            return DENIED
        guest = None
        if access.role_in(user, journey_map.workspace_id) is None:
            guest = access.guest_pass(user, journey_map)
        self.access_until = guest.workshop.guests_until if guest else None
        return 0

    def join(self) -> None:
        journey_map = JourneyMap.objects.get(pk=self.map_id)
        presence.join(
            journey_map=journey_map, channel_name=self.channel_name, user=self.scope["user"]
        )

    async def publish_presence(self) -> None:
        text = await database_sync_to_async(presence.message)(self.map_id)
        try:
            await self.channel_layer.group_send(self.group, {"type": "map.presence", "text": text})
        except Exception:
            # Presence is a courtesy; a layer hiccup must not drop the socket.
            return
