"""The trash: a deleted item packed with everything it held, and put back from there.

Deleting a stage packs the stage, its touchpoints and cards, the votes on them
and which actions answered its cards; restoring it unpacks all of that with
the same ids (ids are never reused, so events that name them stay true) at
the place it had: after the neighbour it followed, before the one it
preceded, or at the end when both are gone. Called by ``maps.services``
inside a change: the map is locked, the event is written by the caller.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any, TypeVar, cast

from django.contrib.auth import get_user_model
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from journeymap.changes import ChangeRefused
from maps import limits
from maps.item_kinds import ItemKind, item_kind
from maps.json_values import jsonable
from maps.models import (
    TRASH_DAYS,
    Action,
    Card,
    JourneyMap,
    Lane,
    MapItem,
    Round,
    Stage,
    Touchpoint,
    TrashedItem,
    Vote,
    actor_name,
)

M = TypeVar("M", bound=Model)

# The rows a deleted item takes with it, by kind: (name in the pack, model, filter).
HELD: dict[str, list[tuple[str, type[Touchpoint] | type[Card], str]]] = {
    "stage": [("touchpoints", Touchpoint, "stage_id"), ("cards", Card, "stage_id")],
    "lane": [("cards", Card, "lane_id")],
}


class RestoreRefused(ChangeRefused):
    """The item cannot go back: its stage or lane is gone, or the map is full."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def row(item: Model) -> dict[str, Any]:
    """Every column of a row, as JSON (an action's due date as "2026-12-01")."""
    return {
        model_field.attname: jsonable(getattr(item, model_field.attname))
        for model_field in item._meta.concrete_fields
    }


def _unrow(model: type[M], values: dict[str, Any]) -> M:
    names = {f.attname: f for f in model._meta.concrete_fields}
    return model(**{k: names[k].to_python(v) for k, v in values.items() if k in names})


def pack(kind: ItemKind, item: Model) -> tuple[dict[str, Any], int]:
    """The item and what it holds, and how many items that is (without the item)."""
    siblings = list(kind.siblings(item).order_by("position", "pk").values_list("pk", flat=True))
    index = siblings.index(item.pk)
    data: dict[str, Any] = {
        "item": row(item),
        "after": siblings[index - 1] if index > 0 else None,
        "before": siblings[index + 1] if index + 1 < len(siblings) else None,
    }
    touchpoint_ids: list[int] = []
    card_ids: list[int] = [item.pk] if kind.name == "card" else []
    if kind.name == "touchpoint":
        touchpoint_ids = [item.pk]
    count = 0
    for name, model, key in HELD.get(kind.name, []):
        rows = [row(held) for held in model.objects.filter(**{key: item.pk})]
        data[name] = rows
        count += len(rows)
        ids = [held["id"] for held in rows]
        (touchpoint_ids if model is Touchpoint else card_ids).extend(ids)
    data["votes"] = [
        row(vote)
        for vote in Vote.objects.filter(touchpoint_id__in=touchpoint_ids)
        | Vote.objects.filter(card_id__in=card_ids)
    ]
    # The actions that answered its cards: the link comes back if the action is still there.
    data["answers"] = list(
        Action.objects.filter(source_card_id__in=card_ids).values_list("pk", "source_card_id")
    )
    return data, count


def put_in_trash(
    *, kind: ItemKind, item: Model, journey_map: JourneyMap, user, revision: int, label: str
) -> TrashedItem:
    data, count = pack(kind, item)
    known = user is not None and user.is_authenticated  # none: a state applied by a script
    return TrashedItem.objects.create(
        journey_map=journey_map,
        kind=kind.name,
        item_id=item.pk,
        label=label[:200],
        content_count=count,
        data=data,
        revision=revision,
        deleted_by=user if known else None,
        deleted_by_name=actor_name(user) if known else "",
    )


def put_all_in_trash(
    *, kind: ItemKind, items: list[Model], journey_map: JourneyMap, user, revision: int
) -> int:
    """Many items of a kind that holds nothing (touchpoints, cards, actions), each into an
    entry of its own as ``put_in_trash`` makes it, then deleted: what a restore in place
    removes, in queries that grow with the groups of siblings, not with the items. A
    neighbour is one that stays, so that each item restored alone finds its place."""
    assert not HELD.get(kind.name), "a stage or lane goes with what it holds: put_in_trash"
    if not items:
        return 0
    ids = {item.pk for item in items}
    groups: dict[str, list[int]] = {}
    votes: dict[int, list[dict[str, Any]]] = {}
    key = "touchpoint_id" if kind.name == "touchpoint" else "card_id"
    if kind.name in {"touchpoint", "card"}:
        for vote in Vote.objects.filter(**{f"{key}__in": ids}):
            votes.setdefault(getattr(vote, key), []).append(row(vote))
    answers: dict[int, list[tuple[int, int]]] = {}
    if kind.name == "card":
        found = Action.objects.filter(source_card_id__in=ids).values_list("pk", "source_card_id")
        for action_id, card_id in found:
            answers.setdefault(card_id, []).append((action_id, card_id))
    known = user is not None and user.is_authenticated
    entries = []
    for item in items:
        siblings_of = kind.siblings(item).order_by("position", "pk")
        group_key = str(siblings_of.query)
        if group_key not in groups:
            groups[group_key] = list(siblings_of.values_list("pk", flat=True))
        group = groups[group_key]
        index = group.index(item.pk)
        after = [pk for pk in group[:index] if pk not in ids]
        before = [pk for pk in group[index + 1 :] if pk not in ids]
        data = {
            "item": row(item),
            "after": after[-1] if after else None,
            "before": before[0] if before else None,
            "votes": votes.get(item.pk, []),
            "answers": answers.get(item.pk, []),
        }
        entries.append(
            TrashedItem(
                journey_map=journey_map,
                kind=kind.name,
                item_id=item.pk,
                label=kind.describe(item)[:200],
                content_count=0,
                data=data,
                revision=revision,
                deleted_by=user if known else None,
                deleted_by_name=actor_name(user) if known else "",
            )
        )
    TrashedItem.objects.bulk_create(entries)
    kind.model._default_manager.filter(pk__in=ids).delete()
    return len(entries)


def in_trash(journey_map: JourneyMap):
    """What can still be restored, newest first."""
    since = timezone.now() - timedelta(days=TRASH_DAYS)
    return TrashedItem.objects.filter(journey_map=journey_map, deleted_at__gte=since)


def prune(now=None) -> int:
    """Forget what has been in the trash longer than ``TRASH_DAYS``."""
    now = now or timezone.now()
    deleted, _by_model = TrashedItem.objects.filter(
        deleted_at__lt=now - timedelta(days=TRASH_DAYS)
    ).delete()
    return deleted


def _check_parents(journey_map: JourneyMap, kind: str, values: dict[str, Any]) -> None:
    stages = Stage.objects.filter(journey_map=journey_map)
    if kind in {"touchpoint", "card"} and not stages.filter(pk=values["stage_id"]).exists():
        raise RestoreRefused(_("Its stage is gone: restore the stage first."))
    lanes = Lane.objects.filter(journey_map=journey_map)
    if kind == "card" and not lanes.filter(pk=values["lane_id"]).exists():
        raise RestoreRefused(_("Its lane is gone: restore the lane first."))


def _check_room(journey_map: JourneyMap, kind: str, data: dict[str, Any]) -> None:
    counts = {kind: 1}
    for name, model, _key in HELD.get(kind, []):
        held_kind = model.__name__.lower()
        counts[held_kind] = counts.get(held_kind, 0) + len(data.get(name, []))
    for counted_kind, extra in counts.items():
        full = limits.map_full(journey_map, counted_kind, adding=extra)
        if full:
            raise RestoreRefused(full)


def _place(kind: ItemKind, item: Model, data: dict[str, Any]) -> None:
    """Between the neighbours it had, or at the end of its siblings."""
    siblings = [s for s in kind.siblings(item).order_by("position", "pk") if s.pk != item.pk]
    ids = [s.pk for s in siblings]
    if data.get("after") in ids:
        index = ids.index(data["after"]) + 1
    elif data.get("before") in ids:
        index = ids.index(data["before"])
    else:
        index = len(ids)
    siblings.insert(index, item)
    for position, sibling in enumerate(siblings):
        sibling.position = position
    kind.model.objects.bulk_update(siblings, ["position"])


def restore(trashed: TrashedItem, journey_map: JourneyMap) -> MapItem:
    """Put the item and what it held back; the trash entry goes."""
    kind = item_kind(trashed.kind)
    data = trashed.data
    values = dict(data["item"])
    _check_parents(journey_map, kind.name, values)
    _check_room(journey_map, kind.name, data)
    item = cast(MapItem, _unrow(kind.model, values))
    card_id = getattr(item, "source_card_id", None)
    if card_id and not Card.objects.filter(pk=card_id, journey_map=journey_map).exists():
        # The action outlives its card, as when it was deleted.
        item.source_card_id = None  # type: ignore[attr-defined]  # an action's field
    item.save(force_insert=True)
    _place(kind, item, data)
    touchpoint_rows = data.get("touchpoints", [])
    Touchpoint.objects.bulk_create(_unrow(Touchpoint, r) for r in touchpoint_rows)
    # A stage's cards whose lane was deleted since stay out (that lane's trash holds none).
    lane_ids = set(Lane.objects.filter(journey_map=journey_map).values_list("pk", flat=True))
    stage_ids = set(Stage.objects.filter(journey_map=journey_map).values_list("pk", flat=True))
    cards = [
        _unrow(Card, r)
        for r in data.get("cards", [])
        if r["lane_id"] in lane_ids and r["stage_id"] in stage_ids
    ]
    Card.objects.bulk_create(cards)
    _restore_votes(data, journey_map)
    for action_id, card_id in data.get("answers", []):
        if Card.objects.filter(pk=card_id, journey_map=journey_map).exists():
            Action.objects.filter(pk=action_id, journey_map=journey_map, source_card=None).update(
                source_card_id=card_id
            )
    trashed.delete()
    return item


def _restore_votes(data: dict[str, Any], journey_map: JourneyMap) -> None:
    touchpoints = set(
        Touchpoint.objects.filter(journey_map=journey_map).values_list("pk", flat=True)
    )
    cards = set(Card.objects.filter(journey_map=journey_map).values_list("pk", flat=True))
    rounds = set(Round.objects.filter(journey_map=journey_map).values_list("pk", flat=True))
    voters = {r["voter_id"] for r in data.get("votes", [])} - {None}
    known = set(get_user_model().objects.filter(pk__in=voters).values_list("pk", flat=True))
    votes = []
    for values in data.get("votes", []):
        if values["round_id"] not in rounds:
            continue
        if values["touchpoint_id"] not in touchpoints and values["card_id"] not in cards:
            continue
        if values["voter_id"] not in known:
            values = {**values, "voter_id": None}
        votes.append(_unrow(Vote, values))
    Vote.objects.bulk_create(votes, ignore_conflicts=True)


def find_on(map_id: int, trash_id: int) -> TrashedItem | None:
    """What the map's trash holds under this id, while it is restorable."""
    since = timezone.now() - timedelta(days=TRASH_DAYS)
    return TrashedItem.objects.filter(
        pk=trash_id, journey_map_id=map_id, deleted_at__gte=since
    ).first()


def find_item(map_id: int, kind: str, item_id: int) -> TrashedItem | None:
    """The entry of one item of the map (by its kind and the id it had), while restorable:
    what an edit form that outlived its item restores."""
    since = timezone.now() - timedelta(days=TRASH_DAYS)
    return (
        TrashedItem.objects.filter(
            journey_map_id=map_id, kind=kind, item_id=item_id, deleted_at__gte=since
        )
        .order_by("-revision")
        .first()
    )


def item_of(trashed: TrashedItem) -> Model:
    """The deleted item as it was (not saved): what its edit form is built on."""
    return _unrow(item_kind(trashed.kind).model, trashed.data["item"])
