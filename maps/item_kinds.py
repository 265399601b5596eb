"""The kinds of map item (stage, touchpoint, lane, card, action) and what each one is.

Services are generic over this table rather than sixteen near-identical
functions; URLs and the admin read it without loading the services.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from maps.forms import (
    ActionForm,
    CardForm,
    LaneForm,
    StageForm,
    TouchpointForm,
    VersionedForm,
)
from maps.models import Action, Card, Lane, Stage, Touchpoint


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


ITEM_KINDS: dict[str, ItemKind] = {
    "stage": ItemKind(
        name="stage",
        model=Stage,
        form=StageForm,
        siblings=lambda s: Stage.objects.filter(journey_map_id=s.journey_map_id),
        fields=("name", "position"),
        content_count=lambda s: s.touchpoints.count() + s.cards.count(),
    ),
    "touchpoint": ItemKind(
        name="touchpoint",
        model=Touchpoint,
        form=TouchpointForm,
        siblings=lambda t: Touchpoint.objects.filter(stage_id=t.stage_id),
        fields=("stage_id", "channel", "action", "emotion", "feeling", "position"),
    ),
    "lane": ItemKind(
        name="lane",
        model=Lane,
        form=LaneForm,
        siblings=lambda lane: Lane.objects.filter(journey_map_id=lane.journey_map_id),
        fields=("kind", "title", "position"),
        content_count=lambda lane: lane.cards.count(),
    ),
    "card": ItemKind(
        name="card",
        model=Card,
        form=CardForm,
        siblings=lambda c: Card.objects.filter(stage_id=c.stage_id, lane_id=c.lane_id),
        fields=("stage_id", "lane_id", "text", "cause", "figure", "position"),
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
    ),
}


def item_kind(name: str) -> ItemKind:
    try:
        return ITEM_KINDS[name]
    except KeyError:
        raise Http404 from None
