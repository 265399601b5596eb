"""Restoring a snapshot: as a new map, or in place (one change of the map, undoable).

In place, the facilitator's change goes through ``services.map_change`` as
``map.restored``: a snapshot of the map as it stands is taken first (reason
"restore"), then ``apply_state`` makes the map match the snapshot. Items both
hold are updated where they are (same ids, so their votes and the actions that
answer them stay); items the snapshot lacks go to the trash, as any deleted
item does (a stage with what it still holds), so each can be restored on its
own; items only the snapshot holds come back under their old ids (ids are
never reused). Undoing the change applies the first snapshot's state the same
way: what comes back leaves the trash, so nothing is there twice.
"""

from __future__ import annotations

from typing import Any, cast

from django.db import transaction
from django.db.models import Field
from django.http import Http404
from django.utils.translation import gettext as _

from maps import limits, map_state, snapshots, trash
from maps.item_kinds import ITEM_KINDS, ItemKind
from maps.models import (
    JourneyMap,
    JourneyType,
    MapEvent,
    SnapshotReason,
    TrashedItem,
)
from maps.services import map_change
from maps.trash import RestoreRefused
from personas.models import Persona
from workspaces import access

# The references an item's fields make to other items: field → kind.
REFERENCES = {"stage_id": "stage", "lane_id": "lane", "source_card_id": "card"}
# Written in this order: parents first.
ORDER = ("stage", "lane", "touchpoint", "card", "action")


def check_room(state: dict[str, Any]) -> None:
    """A snapshot from before the map limits were lowered may no longer fit."""
    over = limits.too_many(map_state.counts(state))
    if over:
        raise RestoreRefused(over)


def apply_state(
    journey_map: JourneyMap, state: dict[str, Any], *, keep_ids: bool = True, user=None
) -> int:
    """Make the (locked) map's scope and items match ``state``; how many trash entries
    the items it lacks made.

    With ``keep_ids``, an item the map no longer holds comes back under its id from the
    state, unless that id is held elsewhere (a state from another map, an import):
    then, and without ``keep_ids``, it gets a new one. The items the state lacks go to
    the trash under the coming revision (the caller is inside ``map_change``), as
    deleted by ``user``.
    """
    check_room(state)
    _apply_scope(journey_map, state)
    ids: dict[str, dict[int, int]] = {}
    recreated: dict[str, set[int]] = {}
    for kind in ORDER:
        ids[kind], recreated[kind] = _apply_items(journey_map, kind, state, ids, keep_ids)
    # Every kept item is in its place by now (a touchpoint the state moved out of a
    # stage that goes points at the stage it joined), so what a stage or lane still
    # holds goes with it, in one trash entry, as when it is deleted by hand.
    trashed = sum(
        _trash_others(journey_map, kind, ids[kind], user)
        for kind in ("stage", "lane", "touchpoint", "card", "action")
    )
    _forget_in_trash(journey_map, recreated)
    return trashed


def _apply_scope(journey_map: JourneyMap, state: dict[str, Any]) -> None:
    before = (journey_map.title, journey_map.targets, journey_map.offers)
    journey_map.title = state.get("title", journey_map.title)
    journey_map.targets = state.get("targets", "")
    journey_map.offers = state.get("offers", "")
    type_id = (state.get("journey_type") or {}).get("id")
    journey_type = JourneyType.objects.filter(pk=type_id).first() if type_id else None
    # A journey type since deleted, or another workspace's: the map keeps its own.
    if journey_type is not None and journey_type.workspace_id in (None, journey_map.workspace_id):
        changed_type = journey_type.pk != journey_map.journey_type_id
        journey_map.journey_type = journey_type
    else:
        changed_type = False
    if changed_type or before != (journey_map.title, journey_map.targets, journey_map.offers):
        journey_map.version += 1
    journey_map.save()
    wanted = [p["id"] for p in state.get("personas", [])]
    journey_map.personas.set(
        Persona.objects.filter(pk__in=wanted, workspace_id=journey_map.workspace_id)
    )


def _apply_items(
    journey_map: JourneyMap,
    kind_name: str,
    state: dict[str, Any],
    ids: dict[str, dict[int, int]],
    keep_ids: bool,
) -> tuple[dict[int, int], set[int]]:
    """Update, or create, the items of one kind: state id → id on the map, and the ids
    that came back."""
    kind = ITEM_KINDS[kind_name]
    model = kind.model
    manager = model._default_manager
    existing = {item.pk: item for item in manager.filter(journey_map=journey_map)}
    wanted = state.get(map_state.LISTS[kind_name], [])
    taken = set(
        manager.filter(pk__in=[i["id"] for i in wanted if i["id"] not in existing]).values_list(
            "pk", flat=True
        )
    )
    mapping: dict[int, int] = {}
    changed: list[Any] = []
    revived: list[Any] = []
    fresh: list[tuple[int, Any]] = []
    for values in wanted:
        fields = _remapped(kind, values, ids)
        if fields is None:
            continue  # its stage or lane is not in the state
        item = existing.get(values["id"])
        if item is not None:
            if any(getattr(item, name) != value for name, value in fields.items()):
                for name, value in fields.items():
                    setattr(item, name, value)
                item.version += 1
                changed.append(item)
            mapping[values["id"]] = item.pk
            continue
        item = model(journey_map=journey_map, **fields)
        if keep_ids and values["id"] > 0 and values["id"] not in taken:
            item.pk = values["id"]
            revived.append(item)
            mapping[values["id"]] = item.pk
        else:
            fresh.append((values["id"], item))
    if changed:
        manager.bulk_update(changed, [*kind.fields, "version"])
    manager.bulk_create(revived)
    for state_id, item in fresh:
        item.save()
        mapping[state_id] = item.pk
    return mapping, {item.pk for item in revived}


def _remapped(
    kind: ItemKind, values: dict[str, Any], ids: dict[str, dict[int, int]]
) -> dict[str, Any] | None:
    fields = {}
    for name in kind.fields:
        if name in REFERENCES:
            value = values.get(name)
            if value is not None:
                value = ids[REFERENCES[name]].get(value)
                if value is None and name != "source_card_id":
                    return None
            fields[name] = value
            continue
        model_field = cast(Field, kind.model._meta.get_field(name))
        if name not in values:
            # A state written before the field existed: the model's default
            # (an assumption, no figure).
            fields[name] = model_field.get_default()
        else:
            # As the model holds it: a date or a figure is text in the state.
            fields[name] = model_field.to_python(values[name])
    return fields


def _trash_others(journey_map: JourneyMap, kind_name: str, kept: dict[int, int], user) -> int:
    """The items of one kind the state lacks, each into the trash, then deleted."""
    kind = ITEM_KINDS[kind_name]
    others = kind.model._default_manager.filter(journey_map=journey_map).exclude(
        pk__in=kept.values()
    )
    if not trash.HELD.get(kind_name):
        # Cards by the hundred: entries written together (a stage or lane is one at a time,
        # with what it holds).
        return trash.put_all_in_trash(
            kind=kind,
            items=list(others.order_by("position", "pk")),
            journey_map=journey_map,
            user=user,
            revision=journey_map.revision + 1,
        )
    count = 0
    for item in others.order_by("position", "pk"):
        trash.put_in_trash(
            kind=kind,
            item=item,
            journey_map=journey_map,
            user=user,
            revision=journey_map.revision + 1,  # the map is locked: the coming event's
            label=kind.describe(item),
        )
        item.delete()
        count += 1
    return count


def _forget_in_trash(journey_map: JourneyMap, recreated: dict[str, set[int]]) -> None:
    """An item back on the map is no longer in its trash: an entry for it goes, and an
    entry that held it (a stage with its cards) no longer does."""
    if not any(recreated.values()):
        return
    for trashed in TrashedItem.objects.filter(journey_map=journey_map):
        if trashed.item_id in recreated.get(trashed.kind, set()):
            trashed.delete()
            continue
        data = dict(trashed.data)
        dropped = False
        for held, kind in (("touchpoints", "touchpoint"), ("cards", "card")):
            rows = data.get(held, [])
            kept = [row for row in rows if row.get("id") not in recreated[kind]]
            if len(kept) != len(rows):
                data[held] = kept
                dropped = True
        if dropped:
            trashed.data = data
            trashed.save(update_fields=["data"])


def restore_in_place(*, user, map_id: int, snapshot_id: int) -> MapEvent:
    """The map as the snapshot kept it, in one change; the state it replaces is kept first."""
    with map_change(
        user=user, map_id=map_id, kind="map.restored", check=access.check_restore_map
    ) as change:
        journey_map = change.journey_map
        snapshot = snapshots.find(journey_map, snapshot_id)
        state = snapshots.load(snapshot)
        check_room(state)
        before = snapshots.take(
            journey_map,
            name=_("Before restoring “%(name)s”") % {"name": snapshot.name},
            reason=SnapshotReason.RESTORE,
            user=user,
        )
        trashed = apply_state(journey_map, state, user=user)
        change.payload = {
            "snapshot": snapshot.pk,
            "name": snapshot.name,
            "before_snapshot": before.pk,
            "trashed": trashed,
        }
    return change.event


def restored_title(title: str, name: str) -> str:
    """The new map's title says where it comes from, within the title's length."""
    template = _("%(title)s (restored from “%(name)s”)")
    room = cast(int, JourneyMap._meta.get_field("title").max_length) - len(
        template % {"title": "", "name": ""}
    )
    name = name if len(name) <= room // 2 else name[: room // 2 - 1] + "…"
    room -= len(name)
    if len(title) > room:
        title = title[: room - 1].rstrip() + "…"
    return template % {"title": title, "name": name}


def restore_as_new(*, user, map_id: int, snapshot_id: int) -> JourneyMap:
    """A new map in the same workspace, as the snapshot kept the map; the map itself is
    left as it is. For whoever may create maps there and read this one."""
    source = JourneyMap.objects.filter(pk=map_id).first()
    if source is None:
        raise Http404
    access.check_view_map(user, source)
    workspace = access.check_create_in(user, source.workspace)
    snapshot = snapshots.find(source, snapshot_id)
    state = snapshots.load(snapshot)
    check_room(state)
    with transaction.atomic():
        journey_map = JourneyMap.objects.create(
            workspace=workspace,
            title=restored_title(state.get("title", source.title), snapshot.name),
            journey_type=source.journey_type,
            created_by=user,
            revision=1,
        )
        apply_state(journey_map, {**state, "title": journey_map.title}, keep_ids=False)
        journey_map.version = 1
        journey_map.save(update_fields=["version"])
        MapEvent.objects.create(
            journey_map=journey_map,
            revision=1,
            kind="map.created",
            payload={
                "title": journey_map.title,
                "restored_from": {"map": source.pk, "snapshot": snapshot.pk, "name": snapshot.name},
                **map_state.counts(state),
            },
            actor=user,
        )
    return journey_map
