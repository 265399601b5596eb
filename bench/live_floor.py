"""The floor for bench/live_latency.py: the Parcours ASGI app plus a bare Channels broadcast.

``/ws/floor/`` joins a group and forwards what it gets; a POST to ``/bench/floor/``
sends one message of the posted size to that group, with no database and no
template. Served by the same server process as the app, it shows what a
broadcast costs before Parcours does anything. Benchmark use only.
"""

from __future__ import annotations

import json

from channels.generic.websocket import AsyncWebsocketConsumer
from channels.layers import get_channel_layer

from journeymap.asgi import application as parcours  # sets Django up first

GROUP = "bench-floor"


class FloorConsumer(AsyncWebsocketConsumer):
    async def connect(self) -> None:
        await self.channel_layer.group_add(GROUP, self.channel_name)
        await self.accept()

    async def disconnect(self, code: int) -> None:
        await self.channel_layer.group_discard(GROUP, self.channel_name)

    async def floor_message(self, message: dict) -> None:
        await self.send(text_data=message["text"])


floor_socket = FloorConsumer.as_asgi()


async def floor_broadcast(scope, receive, send) -> None:
    body = b""
    while True:
        event = await receive()
        body += event.get("body", b"")
        if not event.get("more_body"):
            break
    request = json.loads(body)
    text = json.dumps(
        {"type": "event", "revision": request["revision"], "html": "x" * request["size"]}
    )
    await get_channel_layer().group_send(GROUP, {"type": "floor.message", "text": text})
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": b"sent"})


async def application(scope, receive, send) -> None:
    if scope["type"] == "websocket" and scope["path"] == "/ws/floor/":
        return await floor_socket(scope, receive, send)
    if scope["type"] == "http" and scope["path"] == "/bench/floor/":
        return await floor_broadcast(scope, receive, send)
    return await parcours(scope, receive, send)
