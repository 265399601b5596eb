"""The WebSocket origin check: the page's own scheme, host and port, as Django's CSRF check."""

import pytest

from journeymap.origins import origin_allowed


def scope(origin: str, host: str, scheme: str = "ws") -> dict:
    return {
        "type": "websocket",
        "scheme": scheme,
        "headers": [(b"origin", origin.encode()), (b"host", host.encode())],
    }


@pytest.mark.parametrize(
    ("origin", "host", "scheme", "allowed"),
    [
        ("https://127.0.0.1:8443", "127.0.0.1:8443", "wss", True),
        ("http://127.0.0.1:8443", "127.0.0.1:8443", "wss", False),
        ("https://127.0.0.1:8443", "127.0.0.1:8443", "ws", False),
        ("HTTP://LOCALHOST:8000", "localhost:8000", "ws", True),
        ("http://localhost:8001", "localhost:8000", "ws", False),
    ],
)
def test_the_scheme_host_and_port_must_all_match(settings, origin, host, scheme, allowed):
    settings.ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
    assert origin_allowed(scope(origin, host, scheme)) is allowed


def test_with_debug_and_no_allowed_hosts_only_local_hosts_pass(settings):
    settings.ALLOWED_HOSTS = []
    settings.DEBUG = True
    assert origin_allowed(scope("http://localhost:8000", "localhost:8000"))
    assert not origin_allowed(scope("http://example.org", "example.org"))
    settings.DEBUG = False
    assert not origin_allowed(scope("http://localhost:8000", "localhost:8000"))
