"""A map file's snapshots, on request: written beside the map, read back on import.

Off by default (``export_map(..., snapshots=True)``). A file that carries them
is schema 3; the map itself is written as in schema 2, so a file without them
stays schema 2 and older readers still take it. Each snapshot carries its
name, why and when it was taken, and the state it kept (``maps.map_state``),
with the ids of the exported map; the file also lists the ids of the map's
own items in file order (``item_ids``), so that an import can give the
snapshots the ids of the new map's items: a snapshot compared with the
imported map matches its items. Ids the new map does not have (items deleted
before the export) become negative, the same in every snapshot of the file:
restoring such an item creates it with a new id.

Reading checks every state as strictly as the map (types, lengths, choices,
sizes) before anything is written. A state written before a field existed
(``map_state.STATE_VERSION`` 1: no evidence, no figures as numbers) reads it
as the model's default. The personas a state names, and the keys of its
touchpoints' persona emotions, are the exported map's persona ids: an import
gives them the ids of the new map's personas of the same name, and drops the
emotions of a persona the new map does not have.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any, cast

from django.db import models
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from maps import limits
from maps.export.refusal import MAX_PERSONAS, ImportRefused
from maps.item_kinds import ITEM_KINDS
from maps.json_values import decimal_text
from maps.map_state import KINDS, LISTS, STATE_VERSION, pack, unpack
from maps.models import JourneyMap, Snapshot, SnapshotReason
from personas.models import Persona

if TYPE_CHECKING:
    from maps.export.json_format import Reader

# More than a map's life of workshops; the file's size bound stops the rest.
MAX_SNAPSHOTS = 100
BIG = 2**53
# The file's list of the map's item ids, by kind.
ID_LISTS = {kind: LISTS[kind] for kind in KINDS}


def write(journey_map: JourneyMap, item_ids: dict[str, list[int]]) -> dict[str, Any]:
    """What the file adds: the map's item ids in file order, and every snapshot."""
    return {
        "item_ids": {ID_LISTS[kind]: item_ids[kind] for kind in KINDS},
        "snapshots": [
            {
                "name": snapshot.name,
                "reason": snapshot.reason,
                "revision": snapshot.revision,
                "taken_at": snapshot.created_at.isoformat(),
                "state": unpack(snapshot.state),
            }
            for snapshot in journey_map.snapshots.order_by("created_at", "pk")
        ],
    }


# Reading ---------------------------------------------------------------------


def read(reader: Reader, root: dict[str, Any]) -> tuple[list[dict], dict[str, list[int]]]:
    """The file's snapshots, checked, and the exported map's item ids by kind."""
    found = reader.items(root, "snapshots")
    if len(found) > MAX_SNAPSHOTS:
        raise ImportRefused(
            _("The file has %(count)d snapshots; at most %(limit)d are imported.")
            % {"count": len(found), "limit": MAX_SNAPSHOTS}
        )
    ids_root = reader.mapping(root.get("item_ids", {}), "item_ids")
    item_ids = {
        kind: [
            _id(reader, {"id": value}, "id", f"item_ids.{ID_LISTS[kind]}[{i}]")
            for i, value in enumerate(reader.items(ids_root, ID_LISTS[kind], "item_ids"))
        ]
        for kind in KINDS
    }
    return [_snapshot(reader, item, f"snapshots[{i}]") for i, item in enumerate(found)], item_ids


def _whole(reader: Reader, item: dict, key: str, where: str, *, optional=False) -> int | None:
    return reader.number(item, key, where, low=-BIG, high=BIG, optional=optional)


def _id(reader: Reader, item: dict, key: str, where: str) -> int:
    return cast(int, reader.number(item, key, where, low=-BIG, high=BIG))


def _snapshot(reader: Reader, data: Any, where: str) -> dict[str, Any]:
    item = reader.mapping(data, where)
    taken = item.get("taken_at")
    taken_at = parse_datetime(taken) if isinstance(taken, str) else None
    if taken is not None and taken_at is None:
        raise ImportRefused(
            _("%(where)s: a date and time was expected.") % {"where": f"{where}.taken_at"}
        )
    if taken_at is not None and timezone.is_naive(taken_at):
        taken_at = timezone.make_aware(taken_at)
    return {
        "name": reader.text(item, "name", where, model_field=(Snapshot, "name"), required=True),
        "reason": reader.choice(
            item, "reason", where, SnapshotReason.values, default=SnapshotReason.MANUAL
        ),
        "taken_at": taken_at,
        "state": _state(reader, item.get("state"), f"{where}.state"),
    }


def _state(reader: Reader, data: Any, where: str) -> dict[str, Any]:
    state = reader.mapping(data, where)
    head = reader.mapping(state.get("journey_type", {}), f"{where}.journey_type")
    personas = reader.items(state, "personas", where)
    if len(personas) > MAX_PERSONAS:
        raise ImportRefused(_("%(where)s: too many personas.") % {"where": where})
    checked: dict[str, Any] = {
        "version": reader.number(state, "version", where, low=1, high=STATE_VERSION, default=1),
        "revision": reader.number(state, "revision", where, low=0, high=BIG, default=0),
        "title": reader.text(state, "title", where, model_field=(JourneyMap, "title")),
        "targets": reader.text(state, "targets", where),
        "offers": reader.text(state, "offers", where),
        "journey_type": {
            "id": _whole(reader, head, "id", f"{where}.journey_type", optional=True),
            "name": reader.text(head, "name", f"{where}.journey_type", max_length=80),
        },
        "personas": [
            {
                "id": _whole(reader, reader.mapping(p, f"{where}.personas[{i}]"), "id", where),
                "name": reader.text(p, "name", where, model_field=(Persona, "name")),
            }
            for i, p in enumerate(personas)
        ],
    }
    for kind in KINDS:
        rows = reader.items(state, LISTS[kind], where)
        if len(rows) > limits.maximum(kind):
            raise ImportRefused(
                _("%(where)s: %(reason)s")
                % {"where": where, "reason": limits.too_many({kind: len(rows)})}
            )
        checked[LISTS[kind]] = [
            _item(reader, kind, row, f"{where}.{LISTS[kind]}[{i}]") for i, row in enumerate(rows)
        ]
    return checked


def _item(reader: Reader, kind_name: str, data: Any, where: str) -> dict[str, Any]:
    """One item of a state, each field checked as its model field bounds it."""
    kind = ITEM_KINDS[kind_name]
    row = reader.mapping(data, where)
    item: dict[str, Any] = {"id": _whole(reader, row, "id", where)}
    for name in kind.fields:
        field = cast(models.Field, kind.model._meta.get_field(name.removesuffix("_id")))
        if name not in row and not isinstance(field, models.ForeignKey):
            # A state from before the field existed.
            default = field.get_default()
            item[name] = decimal_text(default) if isinstance(default, Decimal) else default
        elif isinstance(field, models.ForeignKey):
            item[name] = _whole(reader, row, name, where, optional=field.null)
        elif isinstance(field, models.DateField):
            value = reader.date(row, name, where)
            item[name] = value.isoformat() if value else None
        elif isinstance(field, models.BooleanField):
            item[name] = reader.boolean(row, name, where, default=bool(field.get_default()))
        elif isinstance(field, models.DecimalField):
            number = reader.decimal(row, name, where)
            item[name] = None if number is None else decimal_text(number)
        elif isinstance(field, models.JSONField):
            item[name] = _persona_emotions(reader, row, name, where)
        elif isinstance(field, models.URLField):
            item[name] = reader.url(row, name, where, model_field=(kind.model, field.name))
        elif field.choices and isinstance(field, models.IntegerField):
            values = [int(value) for value, _label in field.choices]
            item[name] = reader.number(row, name, where, low=min(values), high=max(values))
        elif field.choices:
            allowed = [value for value, _label in field.choices]
            item[name] = reader.choice(row, name, where, [*allowed, ""] if field.blank else allowed)
        elif isinstance(field, models.IntegerField):
            item[name] = reader.number(row, name, where, low=0, high=BIG)
        else:
            item[name] = reader.text(row, name, where, model_field=(kind.model, field.name))
    return item


def _persona_emotions(reader: Reader, row: dict, key: str, where: str) -> dict[str, int]:
    """A touchpoint's emotion of each persona, keyed by the exported map's persona id."""
    place = f"{where}.{key}"
    found = reader.mapping(row.get(key, {}), place)
    if len(found) > MAX_PERSONAS:
        raise ImportRefused(_("%(where)s: too many personas.") % {"where": place})
    emotions = {}
    for persona in found:
        if not persona.isdigit() or len(persona) > 15:
            raise ImportRefused(
                _("%(where)s: “%(value)s” is not a persona id.")
                % {"where": place, "value": persona[:40]}
            )
        emotions[persona] = cast(int, reader.number(found, persona, place, low=-2, high=2))
    return emotions


# Writing what was read ----------------------------------------------------------


def new_item_ids(journey_map: JourneyMap) -> dict[str, list[int]]:
    """The imported map's item ids in file order (``json_format.write`` numbers positions
    from the file's order: stages and lanes in order, a stage's touchpoints, a lane's
    cards stage by stage)."""

    def ids(kind: str, *order: str) -> list[int]:
        model = ITEM_KINDS[kind].model._default_manager
        found = model.filter(journey_map=journey_map).order_by(*order, "pk")
        return list(found.values_list("pk", flat=True))

    return {
        "stage": ids("stage", "position"),
        "touchpoint": ids("touchpoint", "stage__position", "position"),
        "lane": ids("lane", "position"),
        "card": ids("card", "lane__position", "stage__position", "position"),
        "action": ids("action", "position"),
    }


REFERENCES = {"stage_id": "stage", "lane_id": "lane", "source_card_id": "card"}


def _persona_ids(found: list[dict[str, Any]], personas: list[Persona]) -> dict[int, int]:
    """The exported map's persona id → the new map's persona of that name; a persona the
    new map does not have gets a negative id (restoring ignores it, the diff names it)."""
    by_name = {persona.name: persona.pk for persona in personas}
    mapping: dict[int, int] = {}
    for found_snapshot in found:
        for persona in found_snapshot["state"]["personas"]:
            if persona["id"] not in mapping:
                mapping[persona["id"]] = by_name.get(persona["name"], -(len(mapping) + 1))
    return mapping


def store(
    journey_map: JourneyMap,
    found: list[dict[str, Any]],
    old_ids: dict[str, list[int]],
    *,
    personas: list[Persona] | None = None,
) -> None:
    """The file's snapshots, on the new map, with its items' and personas' ids."""
    persona_ids = _persona_ids(found, personas or [])
    new_ids = new_item_ids(journey_map)
    # Old id → new id, by kind: the map's own items, then the others (negative, the same
    # in every snapshot of the file).
    mapping: dict[str, dict[int, int]] = {
        kind: dict(zip(old_ids.get(kind, []), new_ids[kind], strict=False)) for kind in KINDS
    }

    def renamed(kind: str, old: int | None) -> int | None:
        if old is None:
            return None
        known = mapping[kind]
        if old not in known:
            known[old] = -(len([v for v in known.values() if v < 0]) + 1)
        return known[old]

    for found_snapshot in found:
        state = dict(found_snapshot["state"])
        state["personas"] = [
            {**persona, "id": persona_ids[persona["id"]]} for persona in state["personas"]
        ]
        for kind in KINDS:
            state[LISTS[kind]] = [
                {
                    **item,
                    "id": renamed(kind, item["id"]),
                    **{
                        name: renamed(target, item[name])
                        for name, target in REFERENCES.items()
                        if name in item
                    },
                    **(
                        {
                            "persona_emotions": _renamed_emotions(
                                item["persona_emotions"], persona_ids
                            )
                        }
                        if "persona_emotions" in item
                        else {}
                    ),
                }
                for item in state[LISTS[kind]]
            ]
        data = pack(state)
        snapshot = Snapshot.objects.create(
            journey_map=journey_map,
            name=found_snapshot["name"],
            reason=found_snapshot["reason"],
            revision=0,  # taken before this copy of the map began
            state=data,
            size=len(data),
        )
        taken_at: datetime | None = found_snapshot["taken_at"]
        if taken_at is not None:
            Snapshot.objects.filter(pk=snapshot.pk).update(created_at=taken_at)


def _renamed_emotions(emotions: dict[str, int], persona_ids: dict[int, int]) -> dict[str, int]:
    """Keyed by the new map's persona ids; a persona it does not have is dropped."""
    renamed = {}
    for key, emotion in emotions.items():
        new_id = persona_ids.get(int(key), -1)
        if new_id > 0:
            renamed[str(new_id)] = emotion
    return renamed
