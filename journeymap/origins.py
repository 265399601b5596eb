"""Which pages may open a WebSocket here: our own, compared by scheme, host and port.

Channels' ``AllowedHostsOriginValidator`` compares the Origin's host with
``ALLOWED_HOSTS`` and ignores its scheme and port, so a page served by another
program on the same machine (``http://127.0.0.1:3000``) could open a socket with
the user's cookies. This check follows Django's own CSRF rule instead: the
Origin must be exactly the request's own origin (the scheme the socket came in
with, and its ``Host`` header, which must be an allowed host), or one of
``CSRF_TRUSTED_ORIGINS``. A socket without an Origin is refused (browsers
always send one; a script without it has no business here).
"""

from __future__ import annotations

from channels.security.websocket import WebsocketDenier
from django.conf import settings
from django.http.request import split_domain_port, validate_host

# What Django allows when DEBUG is on and ALLOWED_HOSTS is empty.
DEBUG_HOSTS = [".localhost", "127.0.0.1", "[::1]"]


def _header(scope: dict, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key == name:
            try:
                return value.decode("latin1")
            except UnicodeDecodeError:
                return None
    return None


def origin_allowed(scope: dict) -> bool:
    origin = _header(scope, b"origin")
    if not origin:
        return False
    if origin in settings.CSRF_TRUSTED_ORIGINS:
        return True
    host = _header(scope, b"host")
    if not host:
        return False
    domain, _port = split_domain_port(host)
    allowed = settings.ALLOWED_HOSTS or (DEBUG_HOSTS if settings.DEBUG else [])
    if not domain or not validate_host(domain, allowed):
        return False
    # wss:// (directly or as told by the proxy) is a page served over https.
    scheme = "https" if scope.get("scheme", "ws") in {"wss", "https"} else "http"
    return origin.lower() == f"{scheme}://{host}".lower()


class SameOriginValidator:
    """ASGI middleware: refuse the WebSocket handshake of any other origin."""

    def __init__(self, application):
        self.application = application

    async def __call__(self, scope, receive, send):
        if scope["type"] == "websocket" and not origin_allowed(scope):
            return await WebsocketDenier()(scope, receive, send)
        return await self.application(scope, receive, send)
