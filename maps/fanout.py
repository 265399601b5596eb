"""Map-wide messages reach a process once, then each of its sockets on the map.

Channels delivers a group message to every member channel one by one: with N
tabs that is N layer messages, N receives (the in-memory layer walks all its
channels on each) and N trips through the database thread before a consumer
sees one. Here a process that has sockets open on a map holds one *room*: one
layer channel in the map's group (``live.group_name``) and one task that reads
it and hands each message to the room's sockets, in order, through their
``outbox`` (``MapConsumer.forward``). With Redis, each process is one member
of the group, so an event costs one layer message per process.

Per-user and facilitators-only messages, and access re-checks, still go
through Channels' groups, one channel per socket: only what every tab of the
map gets (events, presence, a redrawn curve, the map's deletion) travels this way.

Presence is sent from here too, coalesced: at most one frame per map and
process every ``PRESENCE_EVERY`` seconds, whatever the number of tabs
coming and going (a reconnect storm costs O(N) frames, not O(N²)).
"""

from __future__ import annotations

import asyncio
import logging
from typing import Protocol

from channels.db import database_sync_to_async
from channels.layers import get_channel_layer

from maps import live, presence

logger = logging.getLogger(__name__)

PRESENCE_EVERY = 0.25


class Socket(Protocol):
    map_id: int

    def push(self, message: dict) -> None: ...


class Room:
    """One process's sockets on one map, fed by one layer channel in the map's group."""

    def __init__(self, map_id: int) -> None:
        self.map_id = map_id
        self.sockets: set[Socket] = set()
        self.channel = ""
        self.ready: asyncio.Future | None = None
        self.reader: asyncio.Task | None = None

    async def open(self, layer) -> None:
        self.channel = await layer.new_channel()
        await layer.group_add(live.group_name(self.map_id), self.channel)
        self.reader = asyncio.ensure_future(self.read(layer))

    async def read(self, layer) -> None:
        while True:
            try:
                message = await layer.receive(self.channel)
            except asyncio.CancelledError:
                raise
            except Exception:
                # Redis gone: the tabs catch up when it is back; try again soon.
                logger.warning("Map %s: could not read its channel.", self.map_id, exc_info=True)
                await asyncio.sleep(1)
                continue
            for socket in list(self.sockets):
                socket.push(message)

    async def close(self, layer) -> None:
        if self.reader is not None:
            self.reader.cancel()
        try:
            await layer.group_discard(live.group_name(self.map_id), self.channel)
        except Exception:
            logger.warning("Map %s: could not leave its group.", self.map_id, exc_info=True)


class Registry:
    """The rooms of one event loop (one server process)."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self.rooms: dict[int, Room] = {}
        self.presence_next: dict[int, float] = {}
        self.presence_due: set[int] = set()
        # Tasks started here, held until done (the loop keeps only weak references).
        self.tasks: set[asyncio.Task] = set()

    def spawn(self, coroutine) -> None:
        task = asyncio.ensure_future(coroutine)
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    async def join(self, socket: Socket) -> None:
        room = self.rooms.get(socket.map_id)
        if room is None:
            room = self.rooms[socket.map_id] = Room(socket.map_id)
            room.ready = self.loop.create_future()
            try:
                await room.open(get_channel_layer())
            except BaseException as error:
                room.ready.set_exception(error)
                room.ready.exception()  # retrieved: only the joins waiting on it raise
                self.rooms.pop(socket.map_id, None)
                raise
            room.ready.set_result(None)
        else:
            if room.ready is not None and not room.ready.done():
                await asyncio.shield(room.ready)
            # Again with each socket: a Redis that restarted has forgotten its groups,
            # and a group's membership expires (channels_redis's group_expiry).
            layer = get_channel_layer()
            assert layer is not None  # the room was opened with it
            await layer.group_add(live.group_name(socket.map_id), room.channel)
        room.sockets.add(socket)

    def leave(self, socket: Socket) -> None:
        """At once (a closed or revoked socket gets nothing more); the group later."""
        room = self.rooms.get(socket.map_id)
        if room is None or socket not in room.sockets:
            return
        room.sockets.discard(socket)
        if not room.sockets and room.ready is not None and room.ready.done():
            del self.rooms[socket.map_id]
            self.spawn(room.close(get_channel_layer()))

    def sockets_of(self, map_id: int) -> set[Socket]:
        room = self.rooms.get(map_id)
        return set(room.sockets) if room else set()

    async def presence_changed(self, map_id: int) -> None:
        """Someone came, went or edits something else: every tab hears it, coalesced.

        Sent at once if the map's last presence frame is older than PRESENCE_EVERY,
        else once when that interval ends, for every change made meanwhile."""
        if map_id in self.presence_due:
            return
        delay = self.presence_next.get(map_id, 0.0) - self.loop.time()
        if delay <= 0:
            await self.publish_presence(map_id)
            return
        self.presence_due.add(map_id)
        self.loop.call_later(delay, lambda: self.spawn(self.publish_presence(map_id)))

    async def publish_presence(self, map_id: int) -> None:
        self.presence_due.discard(map_id)
        self.presence_next[map_id] = self.loop.time() + PRESENCE_EVERY
        try:
            text = await database_sync_to_async(presence.message)(map_id)
            layer = get_channel_layer()
            assert layer is not None  # a socket is open: there is a layer
            await layer.group_send(live.group_name(map_id), {"type": "map.presence", "text": text})
        except Exception:
            # Presence is a courtesy: the next change, or the tab's catch-up, brings it.
            logger.warning("Map %s: could not send presence.", map_id, exc_info=True)
        if map_id not in self.rooms and map_id not in self.presence_due:
            self.presence_next.pop(map_id, None)


_registry: Registry | None = None


def registry() -> Registry:
    """This event loop's registry (tests run one loop each; a server, one for its life)."""
    global _registry
    loop = asyncio.get_running_loop()
    if _registry is None or _registry.loop is not loop:
        _registry = Registry(loop)
    return _registry
