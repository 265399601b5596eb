"""The floor for bench/live_latency.py: the Parcours ASGI app plus a raw ASGI broadcast.

``/ws/floor/`` is a bare ASGI WebSocket, no Channels; a POST to ``/bench/floor/``
sends one message of the posted size to every such socket of this process,
each through its ASGI ``send``, one after the other, with no channel layer, no
database and no template. Served by the same server process as the app, it is
what a broadcast costs before Channels or Parcours do anything. Benchmark use only.
"""

from __future__ import annotations

import json

from journeymap.asgi import application as parcours  # sets Django up first

subscribers: set = set()


async def floor_socket(scope, receive, send) -> None:
    await receive()  # websocket.connect
    await send({"type": "websocket.accept"})
    subscribers.add(send)
    try:
        while (await receive())["type"] != "websocket.disconnect":
            pass
    finally:
        subscribers.discard(send)


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
    for subscriber in list(subscribers):
        try:
            await subscriber({"type": "websocket.send", "text": text})
        except Exception:
            subscribers.discard(subscriber)  # that tab has gone
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": b"sent"})


async def application(scope, receive, send) -> None:
    if scope["type"] == "websocket" and scope["path"] == "/ws/floor/":
        return await floor_socket(scope, receive, send)
    if scope["type"] == "http" and scope["path"] == "/bench/floor/":
        return await floor_broadcast(scope, receive, send)
    return await parcours(scope, receive, send)
