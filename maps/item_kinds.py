"""The kinds of map item (stage, touchpoint, lane, card, action) and what each one is.

Services are generic over this table rather than sixteen near-identical
functions; URLs and the admin read it without loading the services.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.forms import BaseForm
from django.http import Http404
from django.utils.formats import date_format

from maps.figures import format_figure
from maps.forms import (
    ActionForm,
    CardForm,
    LaneForm,
    StageForm,
    TouchpointForm,
    VersionedForm,
)
from maps.models import Action, Card, Lane, Stage, Touchpoint
from maps.templatetags.map_tags import signed


@dataclass
class ItemKind:
    """How one kind of map item is found, validated, ordered and described."""

    name: str
    model: type[Stage | Touchpoint | Lane | Card | Action]
    form: type[VersionedForm]
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

    def display_context(self, item: Any) -> dict[str, Any]:
        """What the item's partial reads: the item under the kind's name, a card its lane."""
        context: dict[str, Any] = {self.name: item}
        if self.in_lane:
            context["lane"] = item.lane
        return context

    def lane_kind(self, form: BaseForm) -> str:
        """The lane kind of a card's form, once its lane validated ("" for other kinds)."""
        instance = getattr(form, "instance", None)
        lane = getattr(instance, "lane", None) if self.in_lane else None
        return lane.kind if lane else ""


def _describe_touchpoint(touchpoint: Touchpoint) -> str:
    feeling = f" {touchpoint.feeling}" if touchpoint.feeling else ""
    return f"{touchpoint.channel} — {touchpoint.action} ({signed(touchpoint.emotion)}{feeling})"


def _describe_card(card: Card) -> str:
    figure = format_figure(card.value, card.unit) if card.value is not None else card.figure
    return f"{figure} — {card.text}" if figure else card.text


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
        fields=(
            "stage_id",
            *Touchpoint.CONTENT_FIELDS,
            "position",
        ),
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
        fields=(
            "stage_id",
            "lane_id",
            *Card.CONTENT_FIELDS,
            "position",
        ),
        partial="card",
        describe=_describe_card,
    ),
    # The action plan: ordered by priority (maps.plan); position only breaks ties.
    "action": ItemKind(
        name="action",
        model=Action,
        form=ActionForm,
        siblings=lambda a: Action.objects.filter(journey_map_id=a.journey_map_id),
        fields=(*Action.CONTENT_FIELDS, "source_card_id", "position"),
        partial="action",
        describe=_describe_action,
    ),
}


def item_kind(name: str) -> ItemKind:
    try:
        return ITEM_KINDS[name]
    except KeyError:
        raise Http404 from None
