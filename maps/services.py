"""The one path every change of a map takes (design.md, "One path for every change").

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
from datetime import date
from functools import partial
from typing import Any

from django.db import transaction
from django.db.models import Max, Model, QuerySet
from django.forms import ModelForm
from django.http import Http404
from django.utils.formats import date_format

from journeymap.changes import ChangeRefused, Invalid, with_version
from maps import live
from maps.export import json_format
from maps.forms import (
    ActionForm,
    CardForm,
    LaneForm,
    MapCreateForm,
    MapScopeForm,
    StageForm,
    TouchpointForm,
)
from maps.frameworks import FRAMEWORKS, STARTER_LANES
from maps.models import Action, Card, JourneyMap, Lane, LaneKind, MapEvent, Stage, Touchpoint
from maps.templatetags.map_tags import signed
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
class ItemKind:
    """How one kind of map item is found, validated, ordered and described."""

    name: str
    model: type[Model]
    form: type[ModelForm]
    # Items ordered together with this one.
    siblings: Callable[[Any], QuerySet]
    # Fields an event records, enough to replay the change.
    fields: tuple[str, ...]
    # What deleting it would destroy with it; asks for confirmation when non-zero.
    content_count: Callable[[Any], int] = field(default=lambda item: 0)
    # The partial of the map page (maps/map_detail.html) that shows one item.
    partial: str = ""
    # The saved item in one line, shown beside a conflicting draft.
    describe: Callable[[Any], str] = str

    @property
    def in_lane(self) -> bool:
        """Its items sit in a lane (cards): their partial and form read the lane's kind."""
        return "lane_id" in self.fields

    def display_context(self, item: Model) -> dict[str, Any]:
        """What the item's partial reads: the item under the kind's name, a card its lane."""
        context: dict[str, Any] = {self.name: item}
        if self.in_lane:
            context["lane"] = item.lane
        return context

    def lane_kind(self, form: ModelForm) -> str:
        """The lane kind of a card's form, once its lane validated ("" for other kinds)."""
        lane = getattr(form.instance, "lane", None) if self.in_lane else None
        return lane.kind if lane else ""


def _describe_touchpoint(touchpoint: Touchpoint) -> str:
    feeling = f" {touchpoint.feeling}" if touchpoint.feeling else ""
    return f"{touchpoint.channel} — {touchpoint.action} ({signed(touchpoint.emotion)}{feeling})"


def _describe_card(card: Card) -> str:
    return f"{card.figure} — {card.text}" if card.figure else card.text


def _describe_action(action: Action) -> str:
    due = date_format(action.due_date, "SHORT_DATE_FORMAT") if action.due_date else ""
    details = ", ".join(filter(None, [action.owner, due, action.get_status_display()]))
    return f"{action.title} — {details}"


ITEM_KINDS: dict[str, ItemKind] = {
    "stage": ItemKind(
        name="stage",
        model=Stage,
        form=StageForm,
        siblings=lambda s: Stage.objects.filter(journey_map_id=s.journey_map_id),
        fields=("name", "position"),
        content_count=lambda s: s.touchpoints.count() + s.cards.count(),
        partial="stage-head",
    ),
    "touchpoint": ItemKind(
        name="touchpoint",
        model=Touchpoint,
        form=TouchpointForm,
        siblings=lambda t: Touchpoint.objects.filter(stage_id=t.stage_id),
        fields=("stage_id", "channel", "action", "emotion", "feeling", "position"),
        partial="touchpoint",
        describe=_describe_touchpoint,
    ),
    "lane": ItemKind(
        name="lane",
        model=Lane,
        form=LaneForm,
        siblings=lambda lane: Lane.objects.filter(journey_map_id=lane.journey_map_id),
        fields=("kind", "title", "position"),
        content_count=lambda lane: lane.cards.count(),
        partial="lane-head",
    ),
    "card": ItemKind(
        name="card",
        model=Card,
        form=CardForm,
        siblings=lambda c: Card.objects.filter(stage_id=c.stage_id, lane_id=c.lane_id),
        fields=("stage_id", "lane_id", "text", "cause", "figure", "position"),
        partial="card",
        describe=_describe_card,
    ),
    # The action plan: ordered by priority (maps.plan); position only breaks ties.
    "action": ItemKind(
        name="action",
        model=Action,
        form=ActionForm,
        siblings=lambda a: Action.objects.filter(journey_map_id=a.journey_map_id),
        fields=(
            "title",
            "description",
            "owner",
            "due_date",
            "impact",
            "effort",
            "status",
            "source_card_id",
            "position",
        ),
        partial="action",
        describe=_describe_action,
    ),
}


@dataclass
class Change:
    journey_map: JourneyMap
    payload: dict[str, Any] = field(default_factory=dict)
    event: MapEvent | None = None


@contextmanager
def map_change(
    *, user, map_id: int, kind: str, check: Callable = access.check_edit_map
) -> Iterator[Change]:
    """Lock the map, let the caller write, then bump the revision and log the event.

    Once the transaction has committed, the event goes to every tab open on the map.
    ``check`` is the access rule: editing by default, facilitating for workshop controls.
    """
    with transaction.atomic():
        journey_map = JourneyMap.objects.select_for_update().filter(pk=map_id).first()
        if journey_map is None:
            raise Http404
        check(user, journey_map)
        change = Change(journey_map=journey_map)
        yield change
        change.event = _record(journey_map, user=user, kind=kind, payload=change.payload)


def _record(journey_map: JourneyMap, *, user, kind: str, payload: dict) -> MapEvent:
    """Bump the (locked) map's revision, log the event, push it once committed."""
    journey_map.revision += 1
    journey_map.save(update_fields=["revision", "updated_at"])
    event = MapEvent.objects.create(
        journey_map=journey_map,
        revision=journey_map.revision,
        kind=kind,
        payload=payload,
        actor=user if user.is_authenticated else None,
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


def item_kind(name: str) -> ItemKind:
    try:
        return ITEM_KINDS[name]
    except KeyError:
        raise Http404 from None


def snapshot(kind: ItemKind, item: Model) -> dict[str, Any]:
    return {"id": item.pk, **{name: _jsonable(getattr(item, name)) for name in kind.fields}}


def _jsonable(value: Any) -> Any:
    # Events are JSON: an action's due date is recorded as "2026-12-01".
    return value.isoformat() if isinstance(value, date) else value


def _item(kind: ItemKind, journey_map: JourneyMap, item_id: int) -> Model:
    # Scoped by map: an id of another map is a 404, like an unknown one.
    try:
        return kind.model.objects.select_for_update().get(pk=item_id, journey_map=journey_map)
    except (kind.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def _next_position(queryset: QuerySet) -> int:
    top = queryset.aggregate(top=Max("position"))["top"]
    return 0 if top is None else top + 1


# Items ----------------------------------------------------------------------


def item_create(*, user, map_id: int, kind_name: str, data) -> MapEvent:
    kind = item_kind(kind_name)
    with map_change(user=user, map_id=map_id, kind=f"{kind.name}.created") as change:
        form = kind.form(data, journey_map=change.journey_map)
        if not form.is_valid():
            raise Invalid(form)
        item = form.save(commit=False)
        item.journey_map = change.journey_map
        item.position = _next_position(kind.siblings(item))
        item.save()
        change.payload = snapshot(kind, item)
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
        if _left_its_group(kind, before, item):
            item.position = _next_position(kind.siblings(item).exclude(pk=item.pk))
        item.save()
        change.payload = {**snapshot(kind, item), "before": before}
    return change.event


def _left_its_group(kind: ItemKind, before: dict, item: Model) -> bool:
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
        siblings = list(kind.siblings(item).order_by("position", "pk"))
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
            **{
                name: getattr(item, name) for name in ("stage_id", "lane_id") if name in kind.fields
            },
        }
    return change.event


def item_delete(
    *, user, map_id: int, kind_name: str, item_id: int, confirmed: bool = False
) -> MapEvent:
    kind = item_kind(kind_name)
    with map_change(user=user, map_id=map_id, kind=f"{kind.name}.deleted") as change:
        item = _item(kind, change.journey_map, item_id)
        content = kind.content_count(item)
        if content and not confirmed:
            raise ConfirmationRequired(item, content)
        change.payload = snapshot(kind, item)
        item.delete()
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
        form = MapScopeForm(data, instance=journey_map, workspace=workspace)
        if not form.is_valid():
            raise Invalid(form)
        journey_map = form.save(commit=False)
        journey_map.version += 1
        journey_map.save()
        form.save_m2m()
        change.payload = {
            "title": journey_map.title,
            "targets": journey_map.targets,
            "offers": journey_map.offers,
            "journey_type_id": journey_map.journey_type_id,
            "persona_ids": sorted(p.pk for p in form.cleaned_data["personas"]),
        }
    return change.event


def map_delete(*, user, map_id: int) -> None:
    with transaction.atomic():
        journey_map = JourneyMap.objects.select_for_update().filter(pk=map_id).first()
        if journey_map is None:
            raise Http404
        access.check_manage_map(user, journey_map)
        journey_map.delete()
        # Tabs still open on it say so instead of trying to reconnect.
        transaction.on_commit(partial(live.send, map_id, {"type": "map.gone"}))


def map_import(*, user, workspace: Workspace | None, raw: bytes) -> JourneyMap:
    """A new map from a JSON export: checked whole first, then written in one transaction.

    A refused file (``json_format.ImportRefused``) writes nothing.
    """
    workspace = access.check_create_in(user, workspace)
    imported = json_format.parse(raw)
    with transaction.atomic():
        journey_map = JourneyMap.objects.create(
            workspace=workspace,
            title=imported.title,
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
            payload={"title": imported.title, **imported.counts},
            actor=user,
        )
    return journey_map
