"""A participant's two channels to a server process: HTTP posts and the map's socket."""

from __future__ import annotations

import json
import queue
import secrets
import threading
import urllib.error
import urllib.parse
import urllib.request

from django.conf import settings
from django.test import Client
from websockets.sync.client import connect


def session_cookie(user) -> str:
    client = Client()
    client.force_login(user)
    name = settings.SESSION_COOKIE_NAME
    return f"{name}={client.cookies[name].value}"


def post(base_url: str, path: str, data: dict, cookie: str) -> tuple[int, str]:
    """A form post as htmx sends it: session cookie, CSRF cookie and header."""
    csrf = secrets.token_hex(16)
    request = urllib.request.Request(
        base_url + path,
        data=urllib.parse.urlencode(data).encode(),
        headers={
            "Cookie": f"{cookie}; {settings.CSRF_COOKIE_NAME}={csrf}",
            "X-CSRFToken": csrf,
            "HX-Request": "true",
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def get_json(base_url: str, path: str, cookie: str) -> dict:
    request = urllib.request.Request(base_url + path, headers={"Cookie": cookie})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


class MapSocket:
    """A tab's WebSocket on a map, read in a thread; messages queue up for the test."""

    def __init__(self, base_url: str, map_id: int, cookie: str) -> None:
        self.url = base_url.replace("http://", "ws://") + f"/ws/maps/{map_id}/"
        self.origin = base_url
        self.cookie = cookie
        self.messages: queue.Queue = queue.Queue()
        self.opened = threading.Event()
        self.socket = None
        self.failure: Exception | None = None
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()
        self.opened.wait(timeout=15)
        if self.failure is not None:
            raise self.failure

    def _read(self) -> None:
        try:
            with connect(
                self.url,
                origin=self.origin,
                additional_headers={"Cookie": self.cookie},
                open_timeout=10,
            ) as socket:
                self.socket = socket
                self.opened.set()
                for message in socket:
                    self.messages.put(json.loads(message))
                self.messages.put({"type": "closed", "code": socket.close_code})
        except Exception as error:  # refused or cut off: the test may be waiting for that
            self.failure = error
            self.messages.put({"type": "closed", "error": repr(error)})
            self.opened.set()

    def next(self, kind: str, timeout: float = 10) -> dict:
        while True:
            message = self.messages.get(timeout=timeout)
            if message["type"] in (kind, "closed"):
                return message

    def close(self) -> None:
        if self.socket is not None:
            self.socket.close()
