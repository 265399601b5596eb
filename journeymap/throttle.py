"""Counting attempts per key and period in Django's cache.

The default cache lives in each server process; with several processes, set
``CACHES`` to a shared cache (docs/deploy.md) so that they count together.
"""

from __future__ import annotations

import hashlib

from django.core.cache import cache


def allow(scope: str, key: str, *, limit: int, period: int) -> bool:
    """Counts one attempt for ``key``; False once more than ``limit`` were made in ``period`` s.

    The window starts at the first attempt (a fixed window: simple, and enough to
    stop a flood). Keys are hashed: an email address is no cache key.
    """
    digest = hashlib.sha256(key.encode()).hexdigest()
    name = f"throttle:{scope}:{digest}"
    # add() only writes a missing key, so the window is not extended by later attempts.
    if cache.add(name, 1, timeout=period):
        return True
    try:
        count = cache.incr(name)
    except ValueError:  # expired between add() and incr()
        cache.add(name, 1, timeout=period)
        return True
    return count <= limit
