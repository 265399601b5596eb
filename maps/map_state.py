"""The whole map as plain data, ids included: what a snapshot keeps and a diff compares.

``state_of`` reads a map in a fixed number of queries (one per kind of item,
whatever the map's size or history), never by replaying the event log. The
state is JSON: items are dicts of the fields their kind records
(``item_kinds.ITEM_KINDS``) plus their id, listed in the map's order.
"""

from __future__ import annotations

import json
import zlib
from datetime import date
from decimal import Decimal
from typing import Any

from maps.item_kinds import ITEM_KINDS
from maps.models import JourneyMap

# Bumped if the shape of a state changes; older states are read as they were written.
STATE_VERSION = 1
# Kinds of item in a state, parents before what they hold.
KINDS = ("stage", "touchpoint", "lane", "card", "action")
# The state's key for each kind's list.
LISTS = {kind: f"{kind}s" for kind in KINDS}


def _jsonable(value: Any) -> Any:
    # A card's figure as events record it (``maps.services``): "42.5", no trailing zeros.
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return value.isoformat() if isinstance(value, date) else value


def items_of(journey_map: JourneyMap, kind_name: str) -> list[dict[str, Any]]:
    """Every item of one kind, in the map's order: one query."""
    kind = ITEM_KINDS[kind_name]
    rows = (
        kind.model._default_manager.filter(journey_map=journey_map)
        .order_by("position", "pk")
        .values("id", *kind.fields)
    )
    return [{name: _jsonable(value) for name, value in row.items()} for row in rows]


def state_of(journey_map: JourneyMap) -> dict[str, Any]:
    """The map as it stands: scope, journey type, personas and every item, with ids."""
    journey_type = journey_map.journey_type
    state: dict[str, Any] = {
        "version": STATE_VERSION,
        "revision": journey_map.revision,
        "title": journey_map.title,
        "targets": journey_map.targets,
        "offers": journey_map.offers,
        "journey_type": {"id": journey_type.pk, "name": journey_type.name},
        "personas": [
            {"id": pk, "name": name}
            for pk, name in journey_map.personas.order_by("name", "pk").values_list("pk", "name")
        ],
    }
    for kind in KINDS:
        state[LISTS[kind]] = items_of(journey_map, kind)
    return state


def counts(state: dict[str, Any]) -> dict[str, int]:
    """How many items of each kind a state holds."""
    return {kind: len(state.get(LISTS[kind], [])) for kind in KINDS}


# Compression level: zlib's default, within a few percent of 9 at a third of the time.
LEVEL = 6


def pack(state: dict[str, Any]) -> bytes:
    """The state as a snapshot stores it: compact JSON, zlib-compressed."""
    text = json.dumps(state, ensure_ascii=False, separators=(",", ":"))
    return zlib.compress(text.encode(), LEVEL)


def unpack(data: bytes | memoryview) -> dict[str, Any]:
    return json.loads(zlib.decompress(bytes(data)).decode())
