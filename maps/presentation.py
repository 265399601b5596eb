"""A map as slides for a projector: a title, one slide per stage, the whole curve, the
pain points by cause, the action plan.

Built from the map page's grid (``maps.grid``, constant queries) and the plan
(``maps.plan``, one query): the presentation page has a constant query count
whatever the map's size. The page renders every slide; its script only shows one.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.safestring import SafeString, mark_safe

from maps.curve import COLUMN, EmotionCurve, build_curve
from maps.evidence_html import EvidenceWords
from maps.grid import Grid, StageColumn
from maps.models import Action, Card, Cause, JourneyMap, Lane, LaneKind, Stage, Touchpoint
from maps.persona_curves import CurvePersonas, map_personas
from personas.models import Persona

# The whole curve stands alone on its slide, scaled to the screen's width: each stage
# is given its share of about this many units (the curve is 160 high), at most a grid
# column, so that a curve of twelve stages is not a thin line.
CURVE_WIDTH = 520
NARROWEST_STAGE = 64
# Past these many touchpoints the whole curve's feeling words would run into each
# other: the slide leaves them out (the curve's description still lists them).
WORDED_POINTS = 16
# The curve slides name the levels inside the drawing (the axis beside it does not scale),
# in the drawing's units: a stage's curve is drawn about 1.5 times its size on a slide;
# the whole curve fills the slide's width whatever its own, so its labels grow with it to
# stay about 18 px on a projector, and never shrink under the stage's.
STAGE_LEVEL_SIZE = 11
WHOLE_LEVEL_SHARE = 65
WHOLE_LEVEL_MIN = 7
# Past these many cards a stage slide sets its cards smaller, then in more columns.
DENSE, CROWDED = 8, 20


@dataclass
class SlideCard:
    card: Card
    # A metrics card's figure and target, as the map shows them (escaped HTML).
    figure: SafeString


@dataclass
class LaneCards:
    lane: Lane
    cards: list[SlideCard]


@dataclass
class StageSlide:
    stage: Stage
    touchpoints: list[Touchpoint]
    lanes: list[LaneCards]
    # The stage's part of the curve: the same drawing as the map's, for one stage.
    curve: EmotionCurve

    @property
    def card_count(self) -> int:
        return sum(len(lane.cards) for lane in self.lanes)

    @property
    def density(self) -> str:
        """A class for the slide: how tightly its cards are set."""
        count = self.card_count
        return "crowded" if count > CROWDED else "dense" if count > DENSE else "roomy"


@dataclass
class CausePainPoints:
    """One cause's pain points, with the stage each belongs to ("" for no cause set)."""

    cause: str
    label: str
    cards: list[tuple[Stage, Card]] = field(default_factory=list)


@dataclass
class Presentation:
    journey_map: JourneyMap
    stages: list[StageSlide]
    curve: EmotionCurve
    causes: list[CausePainPoints]
    actions: list[Action]
    # Named on the title slide, in the curve's order.
    personas: list[Persona]

    @property
    def has_pain_points(self) -> bool:
        return any(group.cards for group in self.causes)

    @property
    def curve_worded(self) -> bool:
        return len(self.curve.points) <= WORDED_POINTS

    @property
    def curve_level_size(self) -> float:
        """The whole curve's level labels, in its units (see ``WHOLE_LEVEL_SHARE``)."""
        return round(max(WHOLE_LEVEL_MIN, self.curve.width / WHOLE_LEVEL_SHARE), 1)

    @property
    def stage_level_size(self) -> int:
        return STAGE_LEVEL_SIZE

    @property
    def slide_count(self) -> int:
        # The title, each stage (or the one saying there is none), the curve, the pain
        # points, the plan.
        return max(len(self.stages), 1) + 4


def _stage_slides(grid: Grid, personas: CurvePersonas, words: EvidenceWords) -> list[StageSlide]:
    slides = []
    for index, column in enumerate(grid.columns):
        lanes = [
            LaneCards(row.lane, [SlideCard(c, _figure(c, row.lane, words)) for c in cell.cards])
            for row in grid.rows
            for cell in [row.cells[index]]
        ]
        slides.append(
            StageSlide(
                stage=column.stage,
                touchpoints=column.touchpoints,
                lanes=[lane for lane in lanes if lane.cards],
                curve=build_curve(
                    [(column.stage, column.touchpoints)], personas.drawn, personas.left_out
                ),
            )
        )
    return slides


def _figure(card: Card, lane: Lane, words: EvidenceWords) -> SafeString:
    if lane.kind != LaneKind.METRICS:
        return mark_safe("")
    return mark_safe(words.figure(card))  # noqa: S308 (EvidenceWords escapes every text)


def whole_curve(grid: Grid, personas: CurvePersonas) -> EmotionCurve:
    """Every stage's curve on one slide, each stage narrower than in the grid."""
    columns: list[StageColumn] = grid.columns
    column = min(COLUMN, max(NARROWEST_STAGE, CURVE_WIDTH / max(len(columns), 1)))
    return build_curve(
        [(c.stage, c.touchpoints) for c in columns],
        personas.drawn,
        personas.left_out,
        column=column,
    )


def pain_points_by_cause(grid: Grid) -> list[CausePainPoints]:
    """Pain points grouped by cause, in the order the PDF's table gives the causes, then
    those without a cause; stage by stage inside a cause. Causes without any are left out."""
    groups = {cause.value: CausePainPoints(cause.value, str(cause.label)) for cause in Cause}
    unset = CausePainPoints("", "")
    pain_rows = [row for row in grid.rows if row.lane.kind == LaneKind.PAIN_POINTS]
    for index, column in enumerate(grid.columns):
        for row in pain_rows:
            for card in row.cells[index].cards:
                groups.get(card.cause, unset).cards.append((column.stage, card))
    return [group for group in [*groups.values(), unset] if group.cards]


def build(
    journey_map: JourneyMap,
    grid: Grid,
    actions: list[Action],
    personas: CurvePersonas | None = None,
) -> Presentation:
    """``grid`` and ``actions``: the live map's (``maps.grid``, ``maps.plan``), or those of a
    state (``maps.state_grid``, the shared page) with the ``personas`` that state kept."""
    if personas is None:
        personas = map_personas(journey_map)
    return Presentation(
        journey_map=journey_map,
        stages=_stage_slides(grid, personas, EvidenceWords()),
        curve=whole_curve(grid, personas),
        causes=pain_points_by_cause(grid),
        actions=actions,
        personas=personas.all,
    )
