"""Undo and redo: a change taken back is a new change, never a rewrite of the log.

Each event kind declares how it is taken back (``EventKind.undo``, a key of
``WAYS``) or why it cannot be (``EventKind.no_undo``). Taking an event back
goes through ``services.map_change`` like any edit: the map is locked, a new
revision and a new ``MapEvent`` are written, with ``reverts`` naming the
event taken back, and every tab redraws what it touched. Taking back an undo
is a redo.

Nothing is silently overwritten: a way first checks that what the event did
is still what the map holds (the card still reads as the edit left it, the
order is still the one the move made, the item is still in the trash) and
refuses with ``UndoRefused`` otherwise.

A person's own undo and redo stacks are read from their last ``DEPTH``
events on the map (``stacks``); a facilitator may take back any single
change from the history page (``undo_event``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from journeymap.changes import ChangeRefused
from maps import (
    diff,
    events,
    figures_service,
    map_state,
    persona_curves,
    restore,
    services,
    snapshots,
    trash,
)
from maps.item_kinds import ITEM_KINDS, ItemKind
from maps.models import (
    JourneyMap,
    Lane,
    MapEvent,
    Round,
    Snapshot,
    SnapshotReason,
    Stage,
    Touchpoint,
)
from personas.models import Persona
from workspaces import access

# How far back a person's Ctrl+Z reaches: their last changes on the map.
DEPTH = 200


class UndoRefused(ChangeRefused):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class Entry(NamedTuple):
    """One of a person's events, as much as their stacks need."""

    pk: int
    revision: int
    kind: str
    reverts: int | None


@dataclass
class Stacks:
    """A person's changes they may take back (``undo``) and put back (``redo``), oldest first."""

    undo: list[Entry] = field(default_factory=list)
    redo: list[Entry] = field(default_factory=list)


def undoable(event: Entry) -> bool:
    return bool(events.kind_of(event.kind).undo)


def stacks(map_id: int, user) -> Stacks:
    """Replay the person's last changes: a change pushes onto the undo stack (and clears the
    redo stack), an undo moves its change to the redo stack, a redo moves it back. Changes
    someone else took back (a facilitator, from the history page) leave the stack."""
    if not user.is_authenticated:
        return Stacks()
    # Without payloads: the stack needs kinds and revisions, the change taken back its payload.
    mine = [
        Entry(*row)
        for row in MapEvent.objects.filter(journey_map_id=map_id, actor=user)
        .order_by("-revision")
        .values_list("pk", "revision", "kind", "reverts")[:DEPTH]
    ]
    mine.reverse()
    taken_back_by_others = set(
        MapEvent.objects.filter(journey_map_id=map_id, reverts__in=[e.revision for e in mine])
        .exclude(actor=user)
        .values_list("reverts", flat=True)
    )
    result = Stacks()
    for event in mine:
        if event.reverts is None:
            if undoable(event):
                result.undo.append(event)
                result.redo.clear()
            continue
        undone = _pop(result.undo, event.reverts)
        if undone is not None:
            result.redo.append(event)
        elif _pop(result.redo, event.reverts) is not None:
            result.undo.append(event)
        else:
            # Someone else's change this person took back: itself a change of theirs.
            result.undo.append(event)
            result.redo.clear()
    result.undo = [e for e in result.undo if e.revision not in taken_back_by_others]
    return result


def _pop(stack: list[Entry], revision: int) -> Entry | None:
    for index, event in enumerate(stack):
        if event.revision == revision:
            return stack.pop(index)
    return None


def _nothing(user, map_id: int, message: str) -> UndoRefused:
    """An empty stack says so only to whoever may edit the map: an outsider learns nothing
    (a non-empty one is checked by ``map_change`` like any edit)."""
    journey_map = JourneyMap.objects.filter(pk=map_id).first()
    if journey_map is None:
        raise Http404
    access.check_edit_map(user, journey_map)
    return UndoRefused(message)


def undo_last(*, user, map_id: int) -> MapEvent:
    """Take back the person's own last change on the map."""
    stack = stacks(map_id, user).undo
    if not stack:
        raise _nothing(user, map_id, _("Nothing of yours to undo on this map."))
    return take_back(user=user, map_id=map_id, event=_whole(stack[-1]))


def redo_last(*, user, map_id: int) -> MapEvent:
    """Put back the person's last undone change."""
    stack = stacks(map_id, user).redo
    if not stack:
        raise _nothing(user, map_id, _("Nothing of yours to redo on this map."))
    return take_back(user=user, map_id=map_id, event=_whole(stack[-1]))


def _whole(event: Entry) -> MapEvent:
    return MapEvent.objects.get(pk=event.pk)


def undo_event(*, user, map_id: int, revision: int) -> MapEvent:
    """A facilitator takes back any single change, from the history page."""
    event = MapEvent.objects.filter(journey_map_id=map_id, revision=revision).first()
    if event is None:
        raise Http404
    return take_back(user=user, map_id=map_id, event=event, check=_check_facilitate_and_edit)


def _check_facilitate_and_edit(user, journey_map: JourneyMap) -> None:
    access.check_facilitate_map(user, journey_map)
    access.check_edit_map(user, journey_map)


@dataclass(frozen=True)
class Way:
    """How one kind of event is taken back: the kind the new event has, and the work."""

    kind: Callable[[str], str]  # the taken-back event's subject → the new event's kind
    apply: Callable[[services.Change, MapEvent, Any], dict]
    check: Callable = access.check_edit_map


def take_back(*, user, map_id: int, event: MapEvent, check: Callable | None = None) -> MapEvent:
    """One undo (or redo): a new change, through the map's one path."""
    declared = events.kind_of(event.kind)
    if not declared.undo:
        raise UndoRefused(str(declared.no_undo or _("This change cannot be undone.")))
    way = WAYS[declared.undo]
    subject = declared.subject
    with services.map_change(
        user=user, map_id=map_id, kind=way.kind(subject), check=check or way.check
    ) as change:
        if MapEvent.objects.filter(journey_map=change.journey_map, reverts=event.revision).exists():
            raise UndoRefused(_("This change has already been undone."))
        change.reverts = event.revision
        change.payload = {**way.apply(change, event, user), **_original(event)}
    return change.event


def _original(event: MapEvent) -> dict[str, Any]:
    """The change an undo or redo chain started from (what it is about): its revision and kind."""
    if event.reverts is None:
        return {"original": event.revision, "original_kind": event.kind}
    return {
        "original": event.payload.get("original", event.reverts),
        "original_kind": event.payload.get("original_kind", event.kind),
    }


# The ways ----------------------------------------------------------------------


def _kind(event: MapEvent) -> ItemKind:
    return ITEM_KINDS[events.kind_of(event.kind).subject]


def _current(kind: ItemKind, change: services.Change, item_id: int):
    item = kind.model.objects.select_for_update().filter(pk=item_id, journey_map=change.journey_map)
    found = item.first()
    if found is None:
        raise UndoRefused(_("It has been deleted since: restore it from the trash first."))
    return found


def _compared(kind: ItemKind, values: dict) -> dict:
    """What an undo checks is unchanged: the item's fields, its place in the order aside."""
    return {name: values.get(name) for name in kind.fields if name != "position"}


def _unchanged(kind: ItemKind, item, recorded: dict) -> None:
    if _compared(kind, services.snapshot(kind, item)) != _compared(kind, recorded):
        raise UndoRefused(_("It has been changed since: undo that change first."))


def _delete_again(change: services.Change, event: MapEvent, user) -> dict:
    """Undo of an addition (or of a restore): the item goes to the trash, if it is as it was
    added and holds nothing added since."""
    kind = _kind(event)
    item = _current(kind, change, event.payload["id"])
    _unchanged(kind, item, event.payload)
    if kind.content_count(item) != event.payload.get("content", 0):
        raise UndoRefused(_("Items have been added to it since: move or delete them first."))
    return services.delete_into_trash(change, kind, item, user=user)


def _edit_back(change: services.Change, event: MapEvent, user) -> dict:
    """Undo of an edit: the fields as they were, if nobody has changed them since."""
    before = event.payload.get("before")
    if not before:
        raise UndoRefused(_("This change was recorded before undo existed."))
    kind = _kind(event)
    item = _current(kind, change, event.payload["id"])
    _unchanged(kind, item, event.payload)
    was = services.snapshot(kind, item)
    form_fields = [name for name in kind.fields if name != "position"]
    for name in form_fields:
        setattr(item, name, _field_value(kind, name, before.get(name)))
    if services.left_its_group(kind, was, item):
        _check_parents(change.journey_map, item)
        item.position = services.next_position(kind.siblings(item).exclude(pk=item.pk))
    item.version += 1
    item.save()
    return {**services.snapshot(kind, item), "version": item.version, "before": was}


def _check_parents(journey_map: JourneyMap, item) -> None:
    """A card or touchpoint edited back into a stage or lane deleted since cannot go there."""
    for name, model in (("stage_id", Stage), ("lane_id", Lane)):
        parent = getattr(item, name, None)
        if parent is not None and not model.objects.filter(pk=parent, journey_map=journey_map):
            raise UndoRefused(_("The stage or lane it was in is gone: restore it first."))


def _field_value(kind: ItemKind, name: str, value: Any) -> Any:
    if name.endswith("_id"):
        return value
    return kind.model._meta.get_field(name).to_python(value)  # type: ignore[union-attr]


def _order_back(change: services.Change, event: MapEvent, user) -> dict:
    """Undo of a move: the order as it was, items added since kept at the end."""
    before_order = event.payload.get("before_order")
    if before_order is None:
        raise UndoRefused(_("This change was recorded before undo existed."))
    kind = _kind(event)
    item = _current(kind, change, event.payload["id"])
    services.check_structure(user, change.journey_map, kind)
    siblings = list(kind.siblings(item).order_by("position", "pk"))
    current = [sibling.pk for sibling in siblings]
    moved = [pk for pk in current if pk in event.payload["order"]]
    if moved != [pk for pk in event.payload["order"] if pk in current]:
        raise UndoRefused(_("The order has changed since: undo that change first."))
    order = [pk for pk in before_order if pk in current]
    order += [pk for pk in current if pk not in order]
    by_id = {sibling.pk: sibling for sibling in siblings}
    for position, pk in enumerate(order):
        by_id[pk].position = position
    kind.model.objects.bulk_update(siblings, ["position"])
    return {
        "id": item.pk,
        "order": order,
        "before_order": current,
        **{name: getattr(item, name) for name in ("stage_id", "lane_id") if name in kind.fields},
    }


def _from_trash(change: services.Change, event: MapEvent, user) -> dict:
    """Undo of a deletion: the item back from the trash, with what it held."""
    trash_id = event.payload.get("trash")
    if trash_id is None:
        raise UndoRefused(_("It was deleted before the trash existed: it cannot come back."))
    try:
        return services.restore_from_trash(change, trash_id)
    except trash.RestoreRefused as refusal:
        raise UndoRefused(refusal.message) from None


def _scope_back(change: services.Change, event: MapEvent, user) -> dict:
    """Undo of a change of the title and scope."""
    before = event.payload.get("before")
    if not before:
        raise UndoRefused(_("This change was recorded before undo existed."))
    journey_map = change.journey_map
    now = services.map_scope(journey_map)
    if now != {name: event.payload.get(name) for name in now}:
        raise UndoRefused(_("It has been changed since: undo that change first."))
    journey_map.title = before["title"]
    journey_map.targets = before["targets"]
    journey_map.offers = before["offers"]
    journey_map.journey_type_id = before["journey_type_id"]
    journey_map.version += 1
    journey_map.save()
    journey_map.personas.set(
        Persona.objects.filter(workspace=journey_map.workspace_id, pk__in=before["persona_ids"])
    )
    return {**services.map_scope(journey_map), "before": now}


def _emotions_back(change: services.Change, event: MapEvent, user) -> dict:
    """Undo of the adoption of a group's mean: each touchpoint's emotion as it was."""
    before = event.payload.get("before")
    if before is None:
        raise UndoRefused(_("This change was recorded before undo existed."))
    after = event.payload.get("emotions", {})
    touchpoints = list(
        Touchpoint.objects.filter(journey_map=change.journey_map, pk__in=[int(k) for k in after])
    )
    # Scored as a persona: the persona's own entries go back (``None``: it had none).
    persona_id = event.payload.get("persona")
    if persona_id is not None:
        now = {t.pk: persona_curves.own_entry(t, persona_id) for t in touchpoints}
    else:
        now = {t.pk: t.emotion for t in touchpoints}
    if any(now[touchpoint.pk] != after[str(touchpoint.pk)] for touchpoint in touchpoints):
        raise UndoRefused(_("Some of these emotions have been changed since: undo that first."))
    for touchpoint in touchpoints:
        if persona_id is not None:
            touchpoint.persona_emotions = persona_curves.with_entry(
                touchpoint.persona_emotions, persona_id, before[str(touchpoint.pk)]
            )
        else:
            touchpoint.emotion = before[str(touchpoint.pk)]
        touchpoint.version += 1
    field = "emotion" if persona_id is None else "persona_emotions"
    Touchpoint.objects.bulk_update(touchpoints, [field, "version"])
    round_id = event.payload.get("round")
    adopted = event.reverts is not None  # putting back an undone adoption adopts again
    Round.objects.filter(pk=round_id, journey_map=change.journey_map).update(
        adopted_at=timezone.now() if adopted else None
    )
    persona = {
        name: event.payload[name] for name in ("persona", "persona_name") if name in event.payload
    }
    return {
        "round": round_id,
        "kind": event.payload.get("kind"),
        **persona,
        "emotions": {str(t.pk): before[str(t.pk)] for t in touchpoints},
        "before": {str(t.pk): after[str(t.pk)] for t in touchpoints},
    }


def _restore_back(change: services.Change, event: MapEvent, user) -> dict:
    """Undo of a restore in place: the map as the snapshot taken just before it kept it,
    if nothing has changed since the restore (itself kept first, so it can be redone)."""
    journey_map = change.journey_map
    snapshots_of_map = Snapshot.objects.filter(journey_map=journey_map)
    before = snapshots_of_map.filter(pk=event.payload.get("before_snapshot")).first()
    restored = snapshots_of_map.filter(pk=event.payload.get("snapshot")).first()
    if before is None or restored is None:
        raise UndoRefused(_("A snapshot this restore used has been deleted since."))
    if diff.diff(snapshots.load(restored), map_state.state_of(journey_map)):
        raise UndoRefused(_("The map has changed since it was restored: undo those changes first."))
    kept = snapshots.take(
        journey_map,
        name=_("Before restoring “%(name)s”") % {"name": before.name},
        reason=SnapshotReason.RESTORE,
        user=user,
    )
    try:
        # What the restore brought back goes to the trash again; what it put there comes
        # back from it (``apply_state`` forgets the entries of items that return).
        trashed = restore.apply_state(journey_map, snapshots.load(before), user=user)
    except trash.RestoreRefused as refusal:
        raise UndoRefused(refusal.message) from None
    return {
        "snapshot": before.pk,
        "name": before.name,
        "before_snapshot": kept.pk,
        "trashed": trashed,
    }


def _figures_back(change: services.Change, event: MapEvent, user) -> dict:
    """Undo (and redo) of a figures import: ``figures_service`` knows its cards."""
    return figures_service.figures_back(change, event, user, refused=UndoRefused)


def _same(kind: str) -> Callable[[str], str]:
    return lambda _subject: kind


WAYS: dict[str, Way] = {
    "item.created": Way(lambda subject: f"{subject}.deleted", _delete_again),
    "item.restored": Way(lambda subject: f"{subject}.deleted", _delete_again),
    "item.updated": Way(lambda subject: f"{subject}.updated", _edit_back),
    "item.moved": Way(lambda subject: f"{subject}.moved", _order_back),
    "item.deleted": Way(lambda subject: f"{subject}.restored", _from_trash),
    "map.updated": Way(_same("map.updated"), _scope_back, access.check_manage_map),
    "round.adopted": Way(_same("round.adopted"), _emotions_back, access.check_facilitate_map),
    "map.restored": Way(_same("map.restored"), _restore_back, access.check_restore_map),
    "figures.imported": Way(_same("figures.removed"), _figures_back, access.check_import_figures),
    "figures.removed": Way(_same("figures.imported"), _figures_back, access.check_import_figures),
}
