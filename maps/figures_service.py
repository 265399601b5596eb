"""Applying a CSV of figures to a map (read and checked by ``maps.figures_import``).

Each row puts a figure on the metrics card of its stage that names the same metric
(compared without case or accents), or on a new card in the map's metrics lane; a
map without one gets one. The figure is "measured", with the file's source and
date. An empty target or period keeps the card's own.

All rows are applied in one change (``services.map_change``): one revision, one
``figures.imported`` event that records every card before and after, pushed to
every open tab, which redraws the grid. Undoing it (``figures.removed``) puts each
card back as it was and takes away the cards and the lane the import added, if
nobody has changed them since; redoing it applies the recorded cards again.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from journeymap.changes import ChangeRefused
from maps import limits, services
from maps.figures_import import FigureRow, folded
from maps.item_kinds import ITEM_KINDS
from maps.models import Action, Card, Evidence, JourneyMap, Lane, LaneKind, MapEvent
from workspaces import access

CARD = ITEM_KINDS["card"]
LANE = ITEM_KINDS["lane"]


class FiguresRefused(ChangeRefused):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class Planned:
    """What one row will do: update ``card``, or add a card when it is None."""

    row: FigureRow
    card: Card | None = None


@dataclass
class Plan:
    rows: list[Planned] = field(default_factory=list)
    lane: Lane | None = None  # the metrics lane new cards go to; None: one is added
    refusal: str = ""  # why it does not fit on the map; empty when it does

    @property
    def creates(self) -> int:
        return sum(1 for planned in self.rows if planned.card is None)

    @property
    def updates(self) -> int:
        return len(self.rows) - self.creates


def plan(journey_map: JourneyMap, rows: Iterable[FigureRow]) -> Plan:
    """What the rows would do on the map as it stands (two queries)."""
    lanes = list(journey_map.lanes.filter(kind=LaneKind.METRICS).order_by("position", "pk"))
    existing: dict[tuple[int, str], Card] = {}
    metric_cards = Card.objects.filter(journey_map=journey_map, lane__in=lanes).order_by(
        "lane__position", "position", "pk"
    )
    for card in metric_cards:
        existing.setdefault((card.stage_id, folded(card.text)), card)
    result = Plan(lane=lanes[0] if lanes else None)
    result.rows = [Planned(row, existing.get((row.stage_id, folded(row.metric)))) for row in rows]
    refusal = limits.map_full(journey_map, "card", adding=result.creates) if result.creates else ""
    if not refusal and result.lane is None and result.creates:
        refusal = limits.map_full(journey_map, "lane")
    result.refusal = refusal
    return result


def _apply_row(card: Card, row: FigureRow) -> None:
    card.value = row.value
    card.unit = row.unit
    if row.target is not None:
        card.target = row.target
    if row.period:
        card.period = row.period
    card.figure = ""  # the figure is a number now
    card.evidence = Evidence.MEASURED
    card.source = row.source
    card.source_url = row.link
    card.source_date = row.source_date


def import_figures(*, user, map_id: int, rows: list[FigureRow]) -> MapEvent:
    """Every row, in one change; a row whose stage is gone since the preview refuses all."""
    with services.map_change(
        user=user, map_id=map_id, kind="figures.imported", check=access.check_import_figures
    ) as change:
        journey_map = change.journey_map
        stage_ids = set(journey_map.stages.values_list("pk", flat=True))
        if any(row.stage_id not in stage_ids for row in rows):
            raise FiguresRefused(
                _("A stage of the file has been deleted since the preview: upload the file again.")
            )
        planned = plan(journey_map, rows)
        if planned.refusal:
            raise FiguresRefused(planned.refusal)
        lane_entry = None
        lane = planned.lane
        if lane is None and planned.creates:
            lane = Lane.objects.create(
                journey_map=journey_map,
                kind=LaneKind.METRICS,
                title=str(LaneKind.METRICS.label),
                position=services.next_position(journey_map.lanes.all()),
            )
            lane_entry = {"before": None, "after": services.snapshot(LANE, lane)}
        entries = []
        positions: dict[int, int] = {}
        for item in planned.rows:
            card = item.card
            before = None if card is None else services.snapshot(CARD, card)
            if card is None:
                assert lane is not None
                stage_id = item.row.stage_id
                if stage_id not in positions:
                    cell = Card.objects.filter(stage_id=stage_id, lane=lane)
                    positions[stage_id] = services.next_position(cell)
                card = Card(
                    journey_map=journey_map,
                    stage_id=stage_id,
                    lane=lane,
                    text=item.row.metric,
                    position=positions[stage_id],
                )
                positions[stage_id] += 1
            else:
                card.version += 1
            _apply_row(card, item.row)
            card.save()
            entries.append({"before": before, "after": services.snapshot(CARD, card)})
        change.payload = {
            "created": planned.creates,
            "updated": planned.updates,
            "lane": lane_entry,
            "cards": entries,
        }
    return change.event


# Undo and redo (``maps.undo.WAYS``) ------------------------------------------------


def _fields(kind, values: dict[str, Any]) -> dict[str, Any]:
    """A recorded item's fields as the model holds them (its place aside)."""
    model = kind.model
    return {
        name: value if name.endswith("_id") else model._meta.get_field(name).to_python(value)
        for name, value in values.items()
        if name not in ("id", "position")
    }


def _unchanged(kind, item, recorded: dict[str, Any]) -> bool:
    now = services.snapshot(kind, item)
    return all(now.get(name) == recorded.get(name) for name in kind.fields if name != "position")


def figures_back(
    change: services.Change, event: MapEvent, user, *, refused: type[ChangeRefused]
) -> dict:
    """Each recorded card (and lane) from how the event left it to how it found it: a card
    it added is deleted, one it changed gets its fields back, one an undo deleted comes
    back under its id. Refused, whole, if any of them has been changed since (``refused``
    is ``maps.undo.UndoRefused``, which registers this function)."""
    journey_map = change.journey_map
    entries = event.payload.get("cards", [])
    lane_entry = event.payload.get("lane")
    ids = [entry["after"]["id"] for entry in entries if entry["after"]]
    current = {card.pk: card for card in Card.objects.filter(journey_map=journey_map, pk__in=ids)}
    for entry in entries:
        after = entry["after"]
        if after is None:
            if Card.objects.filter(pk=entry["before"]["id"]).exists():
                raise refused(_("A card of this import is back on the map already."))
            continue
        card = current.get(after["id"])
        if card is None or not _unchanged(CARD, card, after):
            raise refused(
                _("A card of this import has been changed or deleted since: undo that first.")
            )
        if entry["before"] is None and Action.objects.filter(source_card=card).exists():
            raise refused(
                _("An action answers a card this import added: delete or unlink it first.")
            )
    # A lane the redo brings back goes first, one the undo takes away last.
    if lane_entry and lane_entry["after"] is None:
        was = lane_entry["before"]
        Lane.objects.create(
            journey_map=journey_map, pk=was["id"], position=was["position"], **_fields(LANE, was)
        )
    swapped = []
    for entry in entries:
        before, after = entry["before"], entry["after"]
        if after is None:
            card = Card(journey_map=journey_map, pk=before["id"], position=before["position"])
            for name, value in _fields(CARD, before).items():
                setattr(card, name, value)
            card.save(force_insert=True)
        elif before is None:
            current[after["id"]].delete()
        else:
            card = current[after["id"]]
            for name, value in _fields(CARD, before).items():
                setattr(card, name, value)
            card.version += 1
            card.save()
        swapped.append({"before": after, "after": before})
    lane_swapped = None
    if lane_entry:
        if lane_entry["before"] is None:
            lane = Lane.objects.filter(
                journey_map=journey_map, pk=lane_entry["after"]["id"]
            ).first()
            if lane is not None:
                if lane.cards.exists():
                    raise refused(
                        _("Cards have been added to the lane this import added: move them first.")
                    )
                lane.delete()
        lane_swapped = {"before": lane_entry["after"], "after": lane_entry["before"]}
    return {
        "created": event.payload.get("created", 0),
        "updated": event.payload.get("updated", 0),
        "lane": lane_swapped,
        "cards": swapped,
    }
