"""Geometry of the emotion curve, drawn as server-side SVG under the grid.

The SVG sits beside the row titles, under the stage columns, and shares their
units: every stage column is ``COLUMN`` wide with ``GAP`` between columns (CSS
uses the same rem values), so each point sits under its stage whatever the
width of the row titles.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from maps.models import Stage, Touchpoint
from maps.persona_curves import LineStyle, emotion_for, own_entry, style
from personas.models import Persona

REM = 16
COLUMN = 17 * REM  # stage column, as --column in parcours.css
GAP = 0.5 * REM
HEIGHT = 160
PAD = 24
LEVELS = (2, 1, 0, -1, -2)


TENTH = Decimal("0.1")


def svg_number(value: float) -> str:
    """What ``value|floatformat:'1u'`` writes: one decimal, rounded half up, with a point
    whatever the language, and "0.0" rather than "-0.0"."""
    rounded = Decimal(str(value)).quantize(TENTH, ROUND_HALF_UP)
    return f"{rounded if rounded else abs(rounded):f}"


@dataclass
class CurvePoint:
    x: float
    y: float
    emotion: int
    feeling: str
    channel: str

    @property
    def tone(self) -> str:
        return "positive" if self.emotion > 0 else "negative" if self.emotion < 0 else "neutral"

    @property
    def corner(self) -> tuple[float, float]:
        """The top left corner of the square drawn for an earlier point (8 units wide)."""
        return self.x - 4, self.y - 4

    @property
    def label_y(self) -> float:
        # Labels sit above high points and below low ones, away from the line.
        return self.y - 12 if self.emotion >= 0 else self.y + 20


@dataclass
class Level:
    value: int
    y: float

    @property
    def label(self) -> str:
        return f"+{self.value}" if self.value > 0 else str(self.value).replace("-", "−")


@dataclass
class GroupPoint:
    x: float
    y: float
    low: float
    high: float
    disputed: bool


@dataclass
class GroupCurve:
    """The group's mean scores from a closed scoring round, with the spread as a band."""

    points: list[GroupPoint]

    @property
    def path(self) -> str:
        return " ".join(
            f"{'M' if i == 0 else 'L'}{p.x:.1f},{p.y:.1f}" for i, p in enumerate(self.points)
        )

    @property
    def band(self) -> str:
        """A polygon through mean + spread, then back through mean − spread."""
        upper = [f"{p.x:.1f},{p.high:.1f}" for p in self.points]
        lower = [f"{p.x:.1f},{p.low:.1f}" for p in reversed(self.points)]
        return " ".join(upper + lower)


def marker_path(shape: str, x: float, y: float, r: float) -> str:
    """An SVG path for a persona's marker centred on (x, y): each persona its own shape."""
    if shape == "square":
        s = 0.85 * r
        return f"M{x - s:.2f},{y - s:.2f}h{2 * s:.2f}v{2 * s:.2f}h{-2 * s:.2f}Z"
    if shape == "triangle":
        return (
            f"M{x:.2f},{y - 1.15 * r:.2f}L{x + 1.1 * r:.2f},{y + 0.8 * r:.2f}"
            f"L{x - 1.1 * r:.2f},{y + 0.8 * r:.2f}Z"
        )
    if shape == "diamond":
        d = 1.2 * r
        return f"M{x:.2f},{y - d:.2f}L{x + d:.2f},{y:.2f}L{x:.2f},{y + d:.2f}L{x - d:.2f},{y:.2f}Z"
    if shape == "cross":
        # Drawn by its stroke alone (the others are filled).
        return (
            f"M{x - r:.2f},{y - r:.2f}L{x + r:.2f},{y + r:.2f}"
            f"M{x + r:.2f},{y - r:.2f}L{x - r:.2f},{y + r:.2f}"
        )
    arc = f"a{r:.2f},{r:.2f} 0 1,0"
    return f"M{x - r:.2f},{y:.2f}{arc} {2 * r:.2f},0{arc} {-2 * r:.2f},0Z"


@dataclass
class PersonaPoint:
    x: float
    y: float
    emotion: int
    channel: str
    # False where the persona has no entry of its own and feels what the map says.
    own: bool
    marker: str


@dataclass
class PersonaLine:
    """One persona's curve on a map with several personas."""

    persona_id: int
    name: str
    style: LineStyle
    points: list[PersonaPoint]
    # The style's dash pattern in the drawing's units ("" for a solid line).
    dash: str = ""
    # Another persona's line while the group's scores for this one are shown.
    faded: bool = False

    @property
    def swatch(self) -> str:
        """The marker in the legend's 40 × 14 sample."""
        return marker_path(self.style.marker, 20, 7, 4)

    @property
    def path(self) -> str:
        return " ".join(
            f"{'M' if i == 0 else 'L'}{p.x:.1f},{p.y:.1f}" for i, p in enumerate(self.points)
        )

    @property
    def summary(self) -> list[tuple[str, int]]:
        return [(p.channel, p.emotion) for p in self.points]


@dataclass
class Moment:
    """A moment of truth, marked across the curve at its touchpoint."""

    x: float
    channel: str


@dataclass
class EmotionCurve:
    width: float
    height: float
    points: list[CurvePoint]
    levels: list[Level]
    separators: list[float]
    group: GroupCurve | None = None
    # The same map earlier (a snapshot), drawn dashed under this one (``compared``).
    earlier: list[CurvePoint] = field(default_factory=list)
    # On a map with several personas, one line each (then ``points`` is not drawn).
    lines: list[PersonaLine] = field(default_factory=list)
    # The personas past the fifth: named under the legend, not drawn.
    left_out: list[str] = field(default_factory=list)
    moments: list[Moment] = field(default_factory=list)
    # The persona whose line a shown round's scores are drawn against ("" for the map).
    group_persona: str = ""

    @property
    def multi(self) -> bool:
        return bool(self.lines)

    @property
    def has_shared(self) -> bool:
        """Some persona feels what the map says somewhere (drawn with a hollow marker)."""
        return any(not point.own for line in self.lines for point in line.points)

    def against(self, persona_id: int | None, name: str) -> None:
        """The shown round was scored as this persona: the other lines step back."""
        if persona_id is None:
            return
        self.group_persona = name
        if persona_id not in {line.persona_id for line in self.lines}:
            return  # taken off the map since, or past the fifth: no line to stand out
        for line in self.lines:
            line.faded = line.persona_id != persona_id

    @property
    def earlier_path(self) -> str:
        return " ".join(
            f"{'M' if i == 0 else 'L'}{p.x:.1f},{p.y:.1f}" for i, p in enumerate(self.earlier)
        )

    @property
    def earlier_summary(self) -> list[tuple[str, int, str]]:
        return [(p.channel, p.emotion, p.feeling) for p in self.earlier]

    @property
    def path(self) -> str:
        return " ".join(
            f"{'M' if i == 0 else 'L'}{p.x:.1f},{p.y:.1f}" for i, p in enumerate(self.points)
        )

    @property
    def summary(self) -> list[tuple[str, int, str]]:
        """The curve as text, for screen readers."""
        return [(p.channel, p.emotion, p.feeling) for p in self.points]


def level_y(emotion: float) -> float:
    usable = HEIGHT - 2 * PAD
    return PAD + (2 - emotion) * usable / 4


def group_curve(
    columns: list[tuple[Stage, list[Touchpoint]]], scores: dict[int, tuple[float, float, bool]]
) -> GroupCurve | None:
    """``scores``: touchpoint id → (mean, spread, disputed), for touchpoints someone scored."""
    points = []
    for index, (_stage, touchpoints) in enumerate(columns):
        left = index * (COLUMN + GAP)
        for rank, touchpoint in enumerate(touchpoints):
            if touchpoint.pk not in scores:
                continue
            mean, spread, disputed = scores[touchpoint.pk]
            points.append(
                GroupPoint(
                    x=left + COLUMN * (rank + 1) / (len(touchpoints) + 1),
                    y=level_y(mean),
                    low=level_y(max(-2.0, mean - spread)),
                    high=level_y(min(2.0, mean + spread)),
                    disputed=disputed,
                )
            )
    return GroupCurve(points) if points else None


def placed(
    columns: Sequence[tuple[Stage, Sequence[Touchpoint]]], column: float, gap: float
) -> list[tuple[Touchpoint, float]]:
    """Each touchpoint with its x: spread evenly across its stage's column."""
    result = []
    for index, (_stage, touchpoints) in enumerate(columns):
        left = index * (column + gap)
        count = len(touchpoints)
        for rank, touchpoint in enumerate(touchpoints):
            result.append((touchpoint, left + column * (rank + 1) / (count + 1)))
    return result


def persona_lines(
    at: list[tuple[Touchpoint, float]],
    personas: Sequence[Persona],
    y_of: Callable[[int], float],
    *,
    size: float,
    nudge: float,
    dash_unit: float,
) -> list[PersonaLine]:
    """One line per persona. Where several personas feel the same, their markers sit side
    by side (``nudge`` apart) rather than on top of each other."""
    lines = []
    for index, persona in enumerate(personas):
        shift = (index - (len(personas) - 1) / 2) * nudge
        look = style(index)
        points = []
        for touchpoint, x in at:
            emotion = emotion_for(touchpoint, persona.pk)
            y = y_of(emotion)
            points.append(
                PersonaPoint(
                    x=x + shift,
                    y=y,
                    emotion=emotion,
                    channel=touchpoint.channel,
                    own=own_entry(touchpoint, persona.pk) is not None,
                    marker=marker_path(look.marker, x + shift, y, size),
                )
            )
        lines.append(
            PersonaLine(persona.pk, persona.name, look, points, dash=look.dasharray(dash_unit))
        )
    return lines


def moments(at: list[tuple[Touchpoint, float]]) -> list[Moment]:
    return [Moment(x, touchpoint.channel) for touchpoint, x in at if touchpoint.moment_of_truth]


def build_curve(
    columns: list[tuple[Stage, list[Touchpoint]]],
    personas: Sequence[Persona] = (),
    left_out: Sequence[Persona] = (),
    *,
    column: float = COLUMN,
) -> EmotionCurve:
    """The curve of the map; with ``personas`` (two or more, at most five), one line each.

    ``column``: a stage's width, narrower than the grid's where the curve stands alone
    (the presentation's whole curve, scaled to a screen's width, stays tall enough)."""
    at = placed(columns, column, GAP)
    points = [
        CurvePoint(
            x=x,
            y=level_y(touchpoint.emotion),
            emotion=touchpoint.emotion,
            feeling=touchpoint.feeling,
            channel=touchpoint.channel,
        )
        for touchpoint, x in at
    ]
    width = max(len(columns) * (column + GAP) - GAP, 0)
    separators = [i * (column + GAP) - GAP / 2 for i in range(1, len(columns))]
    levels = [Level(value, level_y(value)) for value in LEVELS]
    return EmotionCurve(
        width=width,
        height=HEIGHT,
        points=points,
        levels=levels,
        separators=separators,
        lines=persona_lines(at, personas, level_y, size=5, nudge=8, dash_unit=2.5)
        if len(personas) > 1
        else [],
        left_out=[persona.name for persona in left_out],
        moments=moments(at),
    )


Columns = list[tuple[Stage, list[Touchpoint]]]


def compared(before: Columns, after: Columns) -> tuple[EmotionCurve, list[Stage]]:
    """The curve now with the curve before drawn on the same stages, and those stages.

    The stages are those of now, in their order, with the stages gone since put back
    after the one they followed: each touchpoint, before or now, sits under its stage.
    """
    order = [stage.pk for stage, _touchpoints in after]
    names = {stage.pk: stage for stage, _touchpoints in [*before, *after]}
    previous = None
    for stage, _touchpoints in before:
        if stage.pk not in order:
            at = order.index(previous) + 1 if previous is not None and previous in order else 0
            order.insert(at, stage.pk)
        previous = stage.pk
    now = {stage.pk: touchpoints for stage, touchpoints in after}
    then = {stage.pk: touchpoints for stage, touchpoints in before}
    curve = build_curve([(names[pk], now.get(pk, [])) for pk in order])
    curve.earlier = build_curve([(names[pk], then.get(pk, [])) for pk in order]).points
    return curve, [names[pk] for pk in order]
