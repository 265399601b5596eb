"""The one path every change of a map takes (docs/architecture.md, "One path for every change").

Whatever sends a change (an HTMX form, later a WebSocket message or an import),
it calls one function here, which:
1. checks access through ``workspaces.access``;
2. validates with a Django form;
3. in one transaction locks the map row, checks the item's version (a stale
   save raises ``Conflict`` and keeps the user's draft), writes, bumps
   ``map.revision`` and appends a ``MapEvent``.
The caller renders the fragments the event names (``maps.fragments``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from typing import Any, cast

from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.db.models import Max, Model, QuerySet
from django.forms import ModelForm
from django.http import Http404
from django.utils.translation import gettext as _

from journeymap import sqlite_queue
from journeymap.changes import ChangeRefused, Invalid, with_version
from maps import limits, live, trash
from maps.export import json_format
from maps.forms import MapCreateForm, MapScopeForm
from maps.frameworks import FRAMEWORKS, STARTER_LANES
from maps.item_kinds import ItemKind, item_kind
from maps.json_values import jsonable
from maps.models import JourneyMap, Lane, LaneKind, MapEvent, MapItem, Stage
from workspaces import access
from workspaces.models import Workspace


class Conflict(ChangeRefused):
    """Someone saved the item since the user loaded it.

    ``form`` holds the user's draft, re-armed with the current version so that
    saving it again is a deliberate overwrite; ``current`` is the saved item.
    """

    def __init__(self, form: ModelForm, current: Model):
        super().__init__("conflict")
        self.form = form
        self.current = current


class ConfirmationRequired(ChangeRefused):
    def __init__(self, item: Model, content_count: int):
        super().__init__("confirmation required")
        self.item = item
        self.content_count = content_count


@dataclass
class Change:
    journey_map: JourneyMap
    payload: dict[str, Any] = field(default_factory=dict)
    # An undo or a redo: the revision of the event it takes back (``maps.undo``).
    reverts: int | None = None
    # Set when the ``with map_change(...)`` block ends: read it after the block.
    event: MapEvent = field(init=False)


@contextmanager
def map_change(
    *, user, map_id: int, kind: str, check: Callable = access.check_edit_map
) -> Iterator[Change]:
    """Lock the map, let the caller write, then bump the revision and log the event.

    Once the transaction has committed, the event goes to every tab open on the map.
    ``check`` is the access rule: editing by default, facilitating for workshop controls.
    """
    with sqlite_queue.turn(), transaction.atomic():
        journey_map = JourneyMap.objects.select_for_update().filter(pk=map_id).first()
        if journey_map is None:
            raise Http404
        check(user, journey_map)
        change = Change(journey_map=journey_map)
        yield change
        change.event = _record(
            journey_map, user=user, kind=kind, payload=change.payload, reverts=change.reverts
        )


def _record(
    journey_map: JourneyMap, *, user, kind: str, payload: dict, reverts: int | None = None
) -> MapEvent:
    """Bump the (locked) map's revision, log the event, push it once committed."""
    journey_map.revision += 1
    journey_map.save(update_fields=["revision", "updated_at"])
    event = MapEvent.objects.create(
        journey_map=journey_map,
        revision=journey_map.revision,
        kind=kind,
        payload=payload,
        actor=user if user.is_authenticated else None,
        reverts=reverts,
    )
    transaction.on_commit(partial(live.publish_event, event))
    return event


# Changes made in the Django admin ---------------------------------------------------
#
# The admin writes through its own forms (its permissions say who may), but a
# map it changes takes the rest of the path: the map row locked before the
# write, the revision bumped (so a cached PDF is not served again), a
# ``MapEvent``, and the push to open tabs, which redraw the whole map
# (``fragments.parts_of``: an admin change may touch anything).

ADMIN_CHANGED = "admin.changed"


def lock_maps(map_ids: Iterable[int]) -> list[JourneyMap]:
    """Lock the maps' rows in id order (two admins locking two maps cannot deadlock)."""
    ids = sorted({map_id for map_id in map_ids if map_id is not None})
    return list(JourneyMap.objects.select_for_update().filter(pk__in=ids).order_by("pk"))


def admin_changed(*, user, map_ids: Iterable[int], payload: dict) -> list[MapEvent]:
    """Record an admin change of each map (locked first with ``lock_maps``)."""
    with transaction.atomic():
        return [
            _record(journey_map, user=user, kind=ADMIN_CHANGED, payload=payload)
            for journey_map in lock_maps(map_ids)
        ]


def admin_deleted_maps(map_ids: Iterable[int]) -> None:
    """Tabs still open on maps deleted in the admin say so, as for ``map_delete``."""
    for map_id in set(map_ids):
        transaction.on_commit(partial(live.send, map_id, {"type": "map.gone"}))


def snapshot(kind: ItemKind, item: Model) -> dict[str, Any]:
    return {"id": item.pk, **{name: jsonable(getattr(item, name)) for name in kind.fields}}


def _item(kind: ItemKind, journey_map: JourneyMap, item_id: int) -> MapItem:
    # Scoped by map: an id of another map is a 404, like an unknown one.
    try:
        # Its stage and lane with it: the edit form takes them as read (maps.forms). The
        # rows locked are the item's own.
        related = [name for name in ("stage", "lane") if f"{name}_id" in kind.fields]
        items = kind.model.objects.select_related(*related).select_for_update(of=("self",))
        return items.get(pk=item_id, journey_map=journey_map)
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise Http404 from None


def next_position(queryset: QuerySet) -> int:
    top = queryset.aggregate(top=Max("position"))["top"]
    return 0 if top is None else top + 1


# Items ----------------------------------------------------------------------


def item_create(*, user, map_id: int, kind_name: str, data) -> MapEvent:
    kind = item_kind(kind_name)
    with map_change(user=user, map_id=map_id, kind=f"{kind.name}.created") as change:
        form = kind.form(data, journey_map=change.journey_map)
        valid = form.is_valid()
        # Counted under the map's lock: two people adding at once cannot both pass the bound.
        full = limits.map_full(change.journey_map, kind.name)
        if full:
            form.add_error(None, full)
        if not valid or full:
            raise Invalid(form)
        item = form.save(commit=False)
        item.journey_map = change.journey_map
        item.position = next_position(kind.siblings(item))
        item.save()
        change.payload = {**snapshot(kind, item), "version": item.version}
    return change.event


def item_update(*, user, map_id: int, kind_name: str, item_id: int, data) -> MapEvent:
    kind = item_kind(kind_name)
    with map_change(user=user, map_id=map_id, kind=f"{kind.name}.updated") as change:
        item = _item(kind, change.journey_map, item_id)
        before = snapshot(kind, item)
        form = kind.form(data, instance=item, journey_map=change.journey_map)
        if str(data.get("version", "")) != str(item.version):
            current = kind.model.objects.get(pk=item.pk)
            # The draft gets its own copy: validating it writes the draft onto its instance.
            draft = kind.form(
                with_version(data, current.version),
                instance=kind.model.objects.get(pk=item.pk),
                journey_map=change.journey_map,
            )
            raise Conflict(draft, current)
        if not form.is_valid():
            raise Invalid(form)
        item = form.save(commit=False)
        item.version += 1
        if left_its_group(kind, before, item):
            item.position = next_position(kind.siblings(item).exclude(pk=item.pk))
        item.save()
        change.payload = {**snapshot(kind, item), "version": item.version, "before": before}
    return change.event


def left_its_group(kind: ItemKind, before: dict, item: Model) -> bool:
    """A touchpoint or card moved to another stage (or lane) goes to the end there."""
    keys = [name for name in ("stage_id", "lane_id") if name in kind.fields]
    return any(before[name] != getattr(item, name) for name in keys)


def item_move(*, user, map_id: int, kind_name: str, item_id: int, direction: str) -> MapEvent:
    """Swap an item with its neighbour: ``direction`` is "prev" or "next"."""
    kind = item_kind(kind_name)
    if direction not in {"prev", "next"}:
        raise Http404
    with map_change(user=user, map_id=map_id, kind=f"{kind.name}.moved") as change:
        item = _item(kind, change.journey_map, item_id)
        check_structure(user, change.journey_map, kind)
        siblings = list(kind.siblings(item).order_by("position", "pk"))
        before_order = [sibling.pk for sibling in siblings]
        index = next(i for i, sibling in enumerate(siblings) if sibling.pk == item.pk)
        target = index - 1 if direction == "prev" else index + 1
        if 0 <= target < len(siblings):
            siblings[index], siblings[target] = siblings[target], siblings[index]
        for position, sibling in enumerate(siblings):
            sibling.position = position
        kind.model.objects.bulk_update(siblings, ["position"])
        change.payload = {
            "id": item.pk,
            "order": [sibling.pk for sibling in siblings],
            "before_order": before_order,
            **{
                name: getattr(item, name) for name in ("stage_id", "lane_id") if name in kind.fields
            },
        }
    return change.event


def check_structure(user, journey_map: JourneyMap, kind: ItemKind) -> None:
    """Deleting or reordering stages and lanes is the facilitator's unless guests may."""
    if kind.name in {"stage", "lane"}:
        access.check_restructure_map(user, journey_map)


def item_delete(
    *, user, map_id: int, kind_name: str, item_id: int, confirmed: bool = False
) -> MapEvent:
    """The item goes to the trash with everything it held (``maps.trash``)."""
    kind = item_kind(kind_name)
    with map_change(user=user, map_id=map_id, kind=f"{kind.name}.deleted") as change:
        item = _item(kind, change.journey_map, item_id)
        check_structure(user, change.journey_map, kind)
        content = kind.content_count(item)
        if content and not confirmed:
            raise ConfirmationRequired(item, content)
        change.payload = delete_into_trash(change, kind, item, user=user)
    return change.event


def delete_into_trash(change: Change, kind: ItemKind, item: MapItem, *, user) -> dict[str, Any]:
    """Pack the item into the trash, delete it, and say so in the event's payload."""
    trashed = trash.put_in_trash(
        kind=kind,
        item=item,
        journey_map=change.journey_map,
        user=user,
        revision=change.journey_map.revision + 1,  # the map is locked: the coming event's
        label=kind.describe(item),
    )
    payload = {
        **snapshot(kind, item),
        "version": item.version,
        "trash": trashed.pk,
        "content": trashed.content_count,
    }
    item.delete()
    return payload


def trash_restore(
    *, user, map_id: int, trash_id: int, draft=None, check: Callable = access.check_edit_map
) -> MapEvent:
    """Put a deleted item back where it was, with what it held. ``draft`` is the form of
    someone who was editing the item when it was deleted: their text goes onto it.
    ``check`` is the access rule: the editors', or the Django admin's (``maps.admin_history``)."""
    trashed = trash.find_on(map_id, trash_id)
    if trashed is None:
        raise Http404
    with map_change(
        user=user, map_id=map_id, kind=f"{trashed.kind}.restored", check=check
    ) as change:
        change.payload = restore_from_trash(change, trash_id, draft=draft)
    return change.event


def restore_from_trash(change: Change, trash_id: int, *, draft=None) -> dict[str, Any]:
    trashed = trash.find_on(change.journey_map.pk, trash_id)
    if trashed is None:
        raise trash.RestoreRefused(_("It is no longer in the trash."))
    kind = item_kind(trashed.kind)
    item = trash.restore(trashed, change.journey_map)
    if draft is not None:
        form = kind.form(draft, instance=item, journey_map=change.journey_map)
        if not form.is_valid():
            raise Invalid(form)  # the transaction rolls back: nothing restored
        form.save(commit=False)
        item.version += 1
        item.save()
    return {
        **snapshot(kind, item),
        "version": item.version,
        "content": trashed.content_count,
        "from_trash": trash_id,
    }


def trash_empty(*, user, map_id: int) -> MapEvent:
    """Forget what the trash holds: the facilitators' call."""
    with map_change(
        user=user, map_id=map_id, kind="trash.emptied", check=access.check_facilitate_map
    ) as change:
        deleted, _by_model = trash.in_trash(change.journey_map).delete()
        change.payload = {"count": deleted}
    return change.event


# Maps -----------------------------------------------------------------------


def map_create(*, user, workspace: Workspace | None, data) -> JourneyMap:
    """A new map, its stages taken from the chosen framework, and the starter lanes."""
    workspace = access.check_create_in(user, workspace)
    form = MapCreateForm(data, workspace=workspace)
    if not form.is_valid():
        raise Invalid(form)
    with transaction.atomic():
        journey_map = form.save(commit=False)
        journey_map.workspace = workspace
        journey_map.created_by = user
        journey_map.save()
        form.save_m2m()
        stage_names = FRAMEWORKS.get(form.cleaned_data.get("framework") or "", [])
        Stage.objects.bulk_create(
            Stage(journey_map=journey_map, name=str(name), position=position)
            for position, name in enumerate(stage_names)
        )
        if stage_names:
            Lane.objects.bulk_create(
                Lane(
                    journey_map=journey_map, kind=kind, title=str(LaneKind(kind).label), position=i
                )
                for i, kind in enumerate(STARTER_LANES)
            )
        journey_map.revision = 1
        journey_map.save(update_fields=["revision"])
        MapEvent.objects.create(
            journey_map=journey_map,
            revision=1,
            kind="map.created",
            payload={"title": journey_map.title, "framework": form.cleaned_data.get("framework")},
            actor=user,
        )
    return journey_map


def map_update(*, user, map_id: int, data) -> MapEvent:
    """Title, scope, journey type and personas of a map."""
    with map_change(
        user=user, map_id=map_id, kind="map.updated", check=access.check_manage_map
    ) as change:
        journey_map = change.journey_map
        workspace = journey_map.workspace
        if str(data.get("version", "")) != str(journey_map.version):
            draft = MapScopeForm(
                with_version(data, journey_map.version),
                instance=JourneyMap.objects.get(pk=journey_map.pk),
                workspace=workspace,
            )
            raise Conflict(draft, journey_map)
        before = map_scope(journey_map)
        form = MapScopeForm(data, instance=journey_map, workspace=workspace)
        if not form.is_valid():
            raise Invalid(form)
        journey_map = form.save(commit=False)
        journey_map.version += 1
        journey_map.save()
        form.save_m2m()
        change.payload = {**map_scope(journey_map), "before": before}
    return change.event


def map_scope(journey_map: JourneyMap) -> dict[str, Any]:
    """What ``map_update`` changes, as its events record it."""
    return {
        "title": journey_map.title,
        "targets": journey_map.targets,
        "offers": journey_map.offers,
        "journey_type_id": journey_map.journey_type_id,
        "persona_ids": sorted(journey_map.personas.values_list("pk", flat=True)),
    }


def map_delete(*, user, map_id: int) -> None:
    with transaction.atomic():
        journey_map = JourneyMap.objects.select_for_update().filter(pk=map_id).first()
        if journey_map is None:
            raise Http404
        access.check_manage_map(user, journey_map)
        journey_map.delete()
        # Tabs still open on it say so instead of trying to reconnect.
        transaction.on_commit(partial(live.send, map_id, {"type": "map.gone"}))


def copy_title(title: str) -> str:
    """The title of an imported map: it says it is a copy, within the title's length."""
    template = _("%(title)s (copy)")
    title_length = cast(int, JourneyMap._meta.get_field("title").max_length)
    room = title_length - len(template % {"title": ""})
    if len(title) > room:
        title = title[: room - 1].rstrip() + "…"
    return template % {"title": title}


def map_import(*, user, workspace: Workspace | None, raw: bytes) -> JourneyMap:
    """A new map from a JSON export: checked whole first, then written in one transaction.

    A refused file (``json_format.ImportRefused``: malformed, over the map limits, naming
    a journey type the workspace does not have) writes nothing. The title says it is a copy.
    """
    workspace = access.check_create_in(user, workspace)
    imported = json_format.parse(raw, workspace)
    with transaction.atomic():
        journey_map = JourneyMap.objects.create(
            workspace=workspace,
            title=copy_title(imported.title),
            targets=imported.targets,
            offers=imported.offers,
            journey_type=imported.journey_type,
            created_by=user,
            revision=1,
        )
        json_format.write(imported, journey_map)
        MapEvent.objects.create(
            journey_map=journey_map,
            revision=1,
            kind="map.imported",
            payload={"title": journey_map.title, **imported.counts},
            actor=user,
        )
    return journey_map
