"""The map page's per-item URLs, each pattern reversed once a render, not once an item.

A 400-card map page needs about 2,500 item URLs; ``reverse`` costs some 40 µs each,
a fifth of the page's time (docs/benchmarks.md, "Map page"). Each pattern is
reversed once a render (``for_render``), with sentinel ids, and each item's ids
are then filled in by ``str.format``. What else a render makes once (the words
of the cards' tools, say) goes through ``once_a_render``.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from django.template import Context
from django.urls import reverse

T = TypeVar("T")
# Where once_a_render keeps what it made, in the render context.
_MADE = "maps.page_urls.made"

# Ids no map or item will reach: replaced by format fields once reversed.
_MAP, _ITEM = 987654321012345, 987654321054321
_MAP_TEXT, _ITEM_TEXT = str(_MAP), str(_ITEM)


def _pattern(name: str, kind: str) -> str:
    args: list[object] = [_MAP, kind, _ITEM] if kind else [_MAP]
    url = reverse(name, args=args).replace("{", "{{").replace("}", "}}")
    return url.replace(_MAP_TEXT, "{0}").replace(_ITEM_TEXT, "{1}")


class IdPattern:
    """HTML that differs from item to item by the map's and the item's ids alone:
    ``write(map_id, item_id)`` is called once, with sentinel ids, and ``fill``
    puts each item's ids in their place."""

    def __init__(self, write: Callable[[object, object], str]) -> None:
        self._text = write(_MAP, _ITEM)

    def fill(self, map_id: int, item_id: int) -> str:
        return self._text.replace(_MAP_TEXT, str(map_id)).replace(_ITEM_TEXT, str(item_id))


class PageUrls:
    """The URLs of one render: ``item("maps:item-edit", "card", 3, 42)``."""

    def __init__(self) -> None:
        self._patterns: dict[tuple[str, str], str] = {}

    def _pattern(self, name: str, kind: str) -> str:
        pattern = self._patterns.get((name, kind))
        if pattern is None:
            pattern = self._patterns[name, kind] = _pattern(name, kind)
        return pattern

    def item(self, name: str, kind: str, map_id: int, item_id: int) -> str:
        return self._pattern(name, kind).format(map_id, item_id)

    def map(self, name: str, map_id: int) -> str:
        return self._pattern(name, "").format(map_id)


def once_a_render(context: Context, make: Callable[..., T], *args: Hashable) -> T:
    """``make(*args)``, made once for the template render ``context`` belongs to: what
    the language or the request decides (words, URLs) without asking again per item."""
    made_here: dict[tuple[Callable[..., object], tuple[Hashable, ...]], Any] | None
    made_here = context.render_context.get(_MADE)
    if made_here is None:
        made_here = context.render_context[_MADE] = {}
    key = (make, args)
    made = made_here.get(key)
    if made is None:
        made = made_here[key] = make(*args)
    return made


def for_render(context: Context) -> PageUrls:
    """The ``PageUrls`` of the template render ``context`` belongs to."""
    return once_a_render(context, PageUrls)
