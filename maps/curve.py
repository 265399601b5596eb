"""Geometry of the emotion curve, drawn as server-side SVG under the grid.

The SVG sits beside the row titles, under the stage columns, and shares their
units: every stage column is ``COLUMN`` wide with ``GAP`` between columns (CSS
uses the same rem values), so each point sits under its stage whatever the
width of the row titles.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from maps.models import Stage, Touchpoint

REM = 16
COLUMN = 17 * REM  # stage column, as --column in parcours.css
GAP = 0.5 * REM
HEIGHT = 160
PAD = 24
LEVELS = (2, 1, 0, -1, -2)


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


def build_curve(columns: list[tuple[Stage, list[Touchpoint]]]) -> EmotionCurve:
    points = []
    for index, (_stage, touchpoints) in enumerate(columns):
        left = index * (COLUMN + GAP)
        count = len(touchpoints)
        for rank, touchpoint in enumerate(touchpoints):
            x = left + COLUMN * (rank + 1) / (count + 1)
            points.append(
                CurvePoint(
                    x=x,
                    y=level_y(touchpoint.emotion),
                    emotion=touchpoint.emotion,
                    feeling=touchpoint.feeling,
                    channel=touchpoint.channel,
                )
            )
    width = max(len(columns) * (COLUMN + GAP) - GAP, 0)
    separators = [i * (COLUMN + GAP) - GAP / 2 for i in range(1, len(columns))]
    levels = [Level(value, level_y(value)) for value in LEVELS]
    return EmotionCurve(
        width=width, height=HEIGHT, points=points, levels=levels, separators=separators
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
