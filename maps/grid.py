"""The map as the editor draws it: stages × (touchpoints, lanes of cards).

Built from five flat queries whatever the map's size, so the map page has a
constant query count.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, QuerySet

from maps.curve import EmotionCurve, build_curve, group_curve
from maps.models import Action, Card, JourneyMap, Lane, Round, RoundKind, Stage, Touchpoint
from maps.persona_curves import map_personas
from maps.round_results import emotion_results


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


@dataclass
class Grid:
    journey_map: JourneyMap
    columns: list[StageColumn]
    rows: list[LaneRow]
    curve: EmotionCurve


def _columns(journey_map: JourneyMap) -> list[StageColumn]:
    """Stages in order, each with its touchpoints in order: two queries."""
    stages = Stage.objects.filter(journey_map=journey_map).order_by("position", "pk")
    touchpoints_by_stage: dict[int, list[Touchpoint]] = defaultdict(list)
    for touchpoint in Touchpoint.objects.filter(journey_map=journey_map).order_by("position", "pk"):
        touchpoints_by_stage[touchpoint.stage_id].append(touchpoint)
    return [StageColumn(stage, touchpoints_by_stage[stage.pk]) for stage in stages]


def _curve(columns: list[StageColumn], journey_map: JourneyMap) -> EmotionCurve:
    pairs = [(column.stage, column.touchpoints) for column in columns]
    personas = map_personas(journey_map)
    curve = build_curve(pairs, personas.drawn, personas.left_out)
    shown = _shown_round(journey_map)
    curve.group = group_curve(pairs, _group_scores(shown))
    if curve.group is not None and shown is not None and shown.persona is not None:
        # Scored as a persona: drawn against that persona's line.
        curve.against(shown.persona_id, shown.persona.name)
    return curve


def _shown_round(journey_map: JourneyMap) -> Round | None:
    """The last closed scoring round, while the facilitator shows its results: one query."""
    return (
        Round.objects.filter(
            journey_map=journey_map, kind=RoundKind.EMOTION, closed_at__isnull=False
        )
        .filter(dismissed=False)
        .select_related("persona")
        .order_by("-closed_at")
        .first()
    )


def _group_scores(shown: Round | None) -> dict[int, tuple[float, float, bool]]:
    """That round's results: one query."""
    if shown is None:
        return {}
    return {
        line.touchpoint.pk: (line.mean, line.spread, line.disagreement)
        for line in emotion_results(shown).lines
        if line.n
    }


def build_grid(journey_map: JourneyMap) -> Grid:
    columns = _columns(journey_map)
    stages = [column.stage for column in columns]
    lanes = list(Lane.objects.filter(journey_map=journey_map).order_by("position", "pk"))
    cards_by_cell: dict[tuple[int, int], list[Card]] = defaultdict(list)
    cards = with_answers(Card.objects.filter(journey_map=journey_map))
    for card in cards.order_by("position", "pk"):
        cards_by_cell[(card.stage_id, card.lane_id)].append(card)

    rows = [
        LaneRow(lane, [Cell(stage, lane, cards_by_cell[(stage.pk, lane.pk)]) for stage in stages])
        for lane in lanes
    ]
    return Grid(
        journey_map=journey_map, columns=columns, rows=rows, curve=_curve(columns, journey_map)
    )


def stage_column(stage: Stage) -> StageColumn:
    return StageColumn(stage, list(stage.touchpoints.order_by("position", "pk")))


def cell(stage: Stage, lane: Lane) -> Cell:
    cards = with_answers(Card.objects.filter(stage=stage, lane=lane)).order_by("position", "pk")
    return Cell(stage, lane, list(cards))


def curve_for(journey_map: JourneyMap) -> EmotionCurve:
    return _curve(_columns(journey_map), journey_map)


def with_answers(cards: QuerySet[Card]) -> QuerySet[Card]:
    """Cards marked ``answered`` when an action of the plan answers them (no extra query)."""
    return cards.annotate(answered=Exists(Action.objects.filter(source_card=OuterRef("pk"))))
