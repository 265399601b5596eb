"""Counting attempts in a time window, in Django's cache: joins and join codes.

Each counter starts at its first attempt and is forgotten ``window`` seconds
later. With the default per-process cache, each server process counts on its
own; set ``CACHES`` to a shared cache (Redis, the database) when several serve
the app, as for the PDF cache.
"""

from __future__ import annotations

from axes.helpers import get_client_ip_address
from django.core.cache import cache
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """The client's address, behind the proxy too when ``BEHIND_PROXY`` is set (as django-axes
    reads it for failed logins)."""
    return get_client_ip_address(request) or "unknown"


def _key(scope: str, subject: str) -> str:
    return f"parcours:throttle:{scope}:{subject}"


def exceeded(scope: str, subject: str, rate: tuple[int, int]) -> bool:
    """True once ``rate[0]`` attempts were counted in the window."""
    limit, _window = rate
    return (cache.get(_key(scope, subject)) or 0) >= limit


def count(scope: str, subject: str, rate: tuple[int, int]) -> None:
    """One more attempt."""
    _limit, window = rate
    key = _key(scope, subject)
    # add() starts the window; incr() is atomic in the cache (within a process for the
    # local-memory cache, across processes for a shared one).
    cache.add(key, 0, timeout=window)
    try:
        cache.incr(key)
    except ValueError:
        # Expired between the two calls: a new window.
        cache.add(key, 1, timeout=window)
