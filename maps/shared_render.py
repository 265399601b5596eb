"""The shared page's map, rendered once for all its viewers until the map changes.

A workshop map may be watched through its share links by a hundred people; each
change of the map makes every open page fetch ``changes/``. What depends on the map
only (its heading, scope, grid and action plan) is rendered once, kept in Django's
cache (Redis, shared by every server process, in production) and reused by every
viewer and every link of the map. What depends on the link or the request (the
token's URLs, the PDF form and its CSRF token, the password) stays in the page's own
template, rendered per request. The views check the link before they come here.

After a change every open page asks at the same instant: one of them renders, the
others wait for its entry (``shared_map``), across server processes too.

One cache entry per map and language, overwritten when the map changes: a map under
edit holds one entry, not one per revision. The entry carries the stamp it was made
for (map, revision, creation time, persona names, language), checked on every read,
so a render is never shown for another map or another revision. The map's size is
bounded (``PARCOURS_MAX_*``, maps/limits.py), hence the entry's: a few hundred KB of
HTML for a 400-card map.
"""

from __future__ import annotations

import functools
import hashlib
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import SafeString

from maps import fragments, state_grid
from maps.map_state import state_of
from maps.models import JourneyMap

TEMPLATE = "maps/_shared_map.html"
# What the cached HTML is made by: the templates, the maps app's code (cards and
# touchpoints are written in Python) and the compiled translations. Their fingerprint
# is in the key, so a release never serves HTML an older release rendered, nor
# unpickles an older shape, with no number to remember to bump.
RENDERED_BY = ("templates/**/*.html", "maps/**/*.py", "locale/**/*.mo")
# An hour: a workshop's afternoon sees many revisions, each overwriting the entry;
# a quiet map's entry goes after that.
TIMEOUT = 3600
# How long a viewer waits for another's render of the same revision (a 400-card map
# renders in about 30 ms, a 3,200-card one in a few hundred), and how often it looks.
RENDER_WAIT = 3.0
POLL = 0.02


@dataclass(frozen=True)
class SharedMap:
    """The map's part of the shared page, as safe HTML (escaped when rendered)."""

    title: str
    heading: SafeString
    scope: SafeString
    body: SafeString


@functools.cache
def release() -> str:
    """A fingerprint of the files that shape the render, read once per process."""
    digest = hashlib.sha256()
    for pattern in RENDERED_BY:
        for path in sorted(settings.BASE_DIR.glob(pattern)):
            digest.update(str(path.relative_to(settings.BASE_DIR)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _key(journey_map: JourneyMap) -> str:
    return f"parcours:shared-map:{release()}:{journey_map.pk}:{translation.get_language()}"


def _stamp(journey_map: JourneyMap) -> tuple:
    # Persona names are edited in the library without a new revision of the map: one
    # small query. The creation time tells apart a map whose id came back after the
    # database was recreated.
    personas = tuple(journey_map.personas.order_by("name", "pk").values_list("pk", "name"))
    return (
        journey_map.pk,
        journey_map.revision,
        journey_map.updated_at.isoformat(),
        personas,
        translation.get_language(),
    )


def _rendering_key(key: str, stamp: tuple) -> str:
    """Held while one viewer renders the map at ``stamp``."""
    return f"{key}:rendering:{hashlib.sha256(repr(stamp).encode()).hexdigest()}"


def _cached(key: str, stamp: tuple) -> SharedMap | None:
    entry = caches["default"].get(key)
    if entry is not None and entry[0] == stamp:
        # Only this module writes the entry, with what our templates rendered (escaped):
        # SafeString survives the cache's pickling.
        return entry[1]
    return None


def shared_map(journey_map: JourneyMap) -> SharedMap:
    """The map's part of the shared page at ``journey_map.revision``, from the cache
    when another viewer already had it rendered, or waiting for the viewer rendering it."""
    cache = caches["default"]
    key = _key(journey_map)
    stamp = _stamp(journey_map)
    hit = _cached(key, stamp)
    if hit is not None:
        return hit
    # Every open page fetches at the same instant after a change, each request in a
    # thread of its own: without this, each would miss and render. One renders; the
    # others wait for its entry, up to RENDER_WAIT, then render themselves (should the
    # first have died, or be very slow).
    rendering = _rendering_key(key, stamp)
    mine = cache.add(rendering, 1, timeout=int(RENDER_WAIT) + 1)
    if not mine:
        deadline = time.monotonic() + RENDER_WAIT
        while time.monotonic() < deadline:
            time.sleep(POLL)
            hit = _cached(key, stamp)
            if hit is not None:
                return hit
    try:
        rendered = _render(journey_map)
        # Read after the stamp, the items are as new as its revision or newer: never older.
        cache.set(key, (stamp, rendered), TIMEOUT)
    finally:
        if mine:
            cache.delete(rendering)
    return rendered


def _render(journey_map: JourneyMap) -> SharedMap:
    state = state_of(journey_map)
    context = {
        **fragments.base_context(),
        "journey_map": journey_map,
        "state": state,
        "journey_type": state_grid.journey_type_name(state),
        "grid": state_grid.grid_of(journey_map, state),
        "actions": state_grid.actions_of(journey_map, state),
        "read_only": True,
    }
    # render_to_string returns SafeString: the templates escaped the map's text.
    parts = {
        name: render_to_string(f"{TEMPLATE}#shared-{name}", context)
        for name in ("heading", "scope", "body")
    }
    return SharedMap(title=state["title"], **parts)
