"""The map as the editor draws it: stages × (touchpoints, lanes of cards).

Built from five flat queries whatever the map's size, so the map page has a
constant query count.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from maps.curve import EmotionCurve, build_curve
from maps.models import Card, JourneyMap, Lane, Stage, Touchpoint


@dataclass
class StageColumn:
    stage: Stage
    touchpoints: list[Touchpoint] = field(default_factory=list)


@dataclass
class Cell:
    stage: Stage
    lane: Lane
    cards: list[Card] = field(default_factory=list)


@dataclass
class LaneRow:
    lane: Lane
    cells: list[Cell]

    @property
    def card_count(self) -> int:
        return sum(len(cell.cards) for cell in self.cells)


@dataclass
class Grid:
    journey_map: JourneyMap
    columns: list[StageColumn]
    rows: list[LaneRow]
    curve: EmotionCurve

    @property
    def stages(self) -> list[Stage]:
        return [column.stage for column in self.columns]


def build_grid(journey_map: JourneyMap) -> Grid:
    stages = list(Stage.objects.filter(journey_map=journey_map).order_by("position", "pk"))
    lanes = list(Lane.objects.filter(journey_map=journey_map).order_by("position", "pk"))
    touchpoints_by_stage: dict[int, list[Touchpoint]] = defaultdict(list)
    for touchpoint in Touchpoint.objects.filter(journey_map=journey_map).order_by("position", "pk"):
        touchpoints_by_stage[touchpoint.stage_id].append(touchpoint)
    cards_by_cell: dict[tuple[int, int], list[Card]] = defaultdict(list)
    for card in Card.objects.filter(journey_map=journey_map).order_by("position", "pk"):
        cards_by_cell[(card.stage_id, card.lane_id)].append(card)

    columns = [StageColumn(stage, touchpoints_by_stage[stage.pk]) for stage in stages]
    rows = [
        LaneRow(lane, [Cell(stage, lane, cards_by_cell[(stage.pk, lane.pk)]) for stage in stages])
        for lane in lanes
    ]
    curve = build_curve([(column.stage, column.touchpoints) for column in columns])
    return Grid(journey_map=journey_map, columns=columns, rows=rows, curve=curve)


def stage_column(stage: Stage) -> StageColumn:
    return StageColumn(stage, list(stage.touchpoints.order_by("position", "pk")))


def cell(stage: Stage, lane: Lane) -> Cell:
    cards = Card.objects.filter(stage=stage, lane=lane).order_by("position", "pk")
    return Cell(stage, lane, list(cards))


def curve_for(journey_map: JourneyMap) -> EmotionCurve:
    stages = list(Stage.objects.filter(journey_map=journey_map).order_by("position", "pk"))
    by_stage: dict[int, list[Touchpoint]] = defaultdict(list)
    for touchpoint in Touchpoint.objects.filter(journey_map=journey_map).order_by("position", "pk"):
        by_stage[touchpoint.stage_id].append(touchpoint)
    return build_curve([(stage, by_stage[stage.pk]) for stage in stages])
