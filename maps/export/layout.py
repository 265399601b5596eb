"""Page geometry of the printed map: type size, column widths, tiles, the curve.

Every length is in millimetres (font sizes in points) and is decided here,
before WeasyPrint lays anything out, so that the emotion curve, drawn as SVG
in the same units, sits exactly under the stage columns of its table.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext

from maps.curve import LEVELS, CurvePoint, EmotionCurve, Level, moments, persona_lines, placed
from maps.export.options import PdfOptions
from maps.grid import Cell, Grid, StageColumn
from maps.models import Lane
from maps.persona_curves import CurvePersonas, map_personas

PT = 0.3528  # millimetres in a point
# Posters are read from further away: their type grows with the sheet.
SCALE = {"A4": 0.85, "A3": 1.0, "A1": 1.5, "A0": 1.9}
MARGIN = {"A4": 10, "A3": 12, "A1": 18, "A0": 24}
BODY_PT = 8.5  # card text at A3 when there is room
MIN_PT = 5.0  # below this a printed A3 is no longer readable
CHARS_PER_LINE = 30  # a comfortable card measure
GAP = 1.6  # between columns, at scale 1


@dataclass
class Geometry:
    paper: str
    width: float
    height: float
    margin: float
    scale: float
    font_pt: float  # the grid's text
    head: float  # width of the lane titles column
    column: float  # width of one stage column
    gap: float

    @property
    def content_height(self) -> float:
        # The template's @page margins: 8 mm more at the top, 6 mm at the bottom.
        return self.height - 2 * self.margin - 14

    @property
    def usable(self) -> float:
        return self.width - 2 * self.margin

    @property
    def font_mm(self) -> float:
        return round(self.font_pt * PT, 3)

    @property
    def axis_dy(self) -> float:
        """The curve's level labels are centred on their line: the baseline a third of
        an em below it."""
        return round(0.35 * self.font_mm, 3)

    @property
    def header_pt(self) -> float:
        return round(8.5 * self.scale, 2)

    @property
    def footer_pt(self) -> float:
        return round(7.5 * self.scale, 2)

    @property
    def body_pt(self) -> float:
        """Cover, personas and lists: the sheet's reading size, not the squeezed grid's."""
        return round(10 * self.scale, 2)


@dataclass
class Tile:
    number: int
    offset: int  # how many stages come before this tile
    columns: list[StageColumn]
    rows: list[tuple[Lane, list[Cell]]]
    curve: EmotionCurve
    # Filled in by pdf.print_context: the tile's grid and pain points, page by page.
    grid_pages: list = field(default_factory=list)
    pain_pages: list = field(default_factory=list)
    # The data coverage strip: one ``print_items.CoverageText`` per column.
    coverage: list = field(default_factory=list)

    @property
    def last(self) -> int:
        return self.offset + len(self.columns)


@dataclass
class PrintPoint(CurvePoint):
    # The screen's label offsets are pixels; on paper they follow the type size.
    offset: float = 3.0

    @property
    def label_y(self) -> float:
        return self.y - self.offset if self.emotion >= 0 else self.y + self.offset * 1.7


def _column_for(font_pt: float) -> float:
    # Half an em per character, a little padding on each side.
    return CHARS_PER_LINE * 0.5 * font_pt * PT + 3 * font_pt * PT


def geometry(options: PdfOptions, stage_count: int) -> tuple[Geometry, int]:
    """The page's geometry and how many stages each tile holds."""
    width, height = options.size_mm
    scale = SCALE[options.paper]
    margin = MARGIN[options.paper]
    gap = GAP * scale
    usable = width - 2 * margin
    head = 30 * scale
    stages = max(stage_count, 1)
    if options.tiled:
        font_pt = BODY_PT * scale
        per_tile = max(1, int((usable - head - gap) // (_column_for(font_pt) + gap)))
        tiles = math.ceil(stages / per_tile)
        # Balance the tiles: 12 stages over two pages are 6 + 6, not 10 + 2.
        per_tile = math.ceil(stages / tiles)
    else:
        per_tile = stages
        column = (usable - head - (stages + 1) * gap) / stages
        # The largest type whose measure still fits the column, within bounds.
        font_pt = column / (CHARS_PER_LINE * 0.5 * PT + 3 * PT)
        font_pt = max(MIN_PT, min(font_pt, BODY_PT * scale))
        head = min(head, max(18.0, column))
    column = (usable - head - (per_tile + 1) * gap) / per_tile
    return (
        Geometry(
            paper=options.paper,
            width=width,
            height=height,
            margin=margin,
            scale=scale,
            font_pt=round(font_pt, 2),
            head=round(head, 2),
            column=round(column, 2),
            gap=round(gap, 2),
        ),
        per_tile,
    )


def tiles(grid: Grid, options: PdfOptions, geo: Geometry, per_tile: int) -> list[Tile]:
    """The grid cut into runs of stages; each tile repeats the lane titles."""
    result = []
    personas = map_personas(grid.journey_map)
    for number, start in enumerate(range(0, len(grid.columns), per_tile), start=1):
        columns = grid.columns[start : start + per_tile]
        rows = [(row.lane, row.cells[start : start + per_tile]) for row in grid.rows]
        result.append(Tile(number, start, columns, rows, print_curve(columns, geo, personas)))
    return result


def print_curve(
    columns: list[StageColumn], geo: Geometry, personas: CurvePersonas | None = None
) -> EmotionCurve:
    """maps.curve's drawing, in millimetres of this page's columns; on a map with several
    ``personas``, one line each, with the page's colours, dashes and markers."""
    # Room above and below the extreme levels for the feeling labels.
    pad = 2.6 * geo.font_mm
    height = 22 * geo.scale * max(geo.font_pt / BODY_PT, 0.7) + 2 * pad

    def level_y(emotion: int) -> float:
        return pad + (2 - emotion) * (height - 2 * pad) / 4

    points: list[CurvePoint] = []
    for index, column in enumerate(columns):
        left = index * (geo.column + geo.gap)
        count = len(column.touchpoints)
        for rank, touchpoint in enumerate(column.touchpoints):
            points.append(
                PrintPoint(
                    x=left + geo.column * (rank + 1) / (count + 1),
                    y=level_y(touchpoint.emotion),
                    emotion=touchpoint.emotion,
                    feeling=touchpoint.feeling,
                    channel=touchpoint.channel,
                    offset=geo.font_pt * PT * 1.3,
                )
            )
    width = max(len(columns) * (geo.column + geo.gap) - geo.gap, 0)
    separators = [i * (geo.column + geo.gap) - geo.gap / 2 for i in range(1, len(columns))]
    at = placed([(c.stage, c.touchpoints) for c in columns], geo.column, geo.gap)
    drawn: Sequence = personas.drawn if personas is not None else ()
    return EmotionCurve(
        width=width,
        height=height,
        points=points,
        levels=[Level(value, level_y(value)) for value in LEVELS],
        separators=separators,
        lines=persona_lines(
            at,
            drawn,
            level_y,
            size=0.55 * geo.font_mm,
            nudge=1.2 * geo.font_mm,
            dash_unit=PERSONA_STROKE,
        ),
        left_out=[persona.name for persona in personas.left_out] if personas else [],
        moments=moments(at),
    )


# Persona lines on paper, in millimetres: thin enough for five, thick enough to print.
PERSONA_STROKE = 0.45


# Heights and pages ---------------------------------------------------------------
#
# WeasyPrint can move a table row that does not fit to the next page, but it
# finds out by laying the row out first, then again: on a 400-card map that
# doubles a quarter of the work. So the rows are put on pages here, from an
# estimate of their height, and each page is a table of its own that repeats
# the stage names; the lane titles stay beside their cards.

CHAR_EM = 0.53  # Inter's average advance for French text, in em
LINE = 1.35  # line-height in print.css


def _lines(text: str, width_mm: float, font_mm: float) -> int:
    per_line = max(1, int(width_mm / (CHAR_EM * font_mm)))
    return sum(max(1, math.ceil(len(part) / per_line)) for part in (text or " ").split("\n"))


def title_height(geo: Geometry) -> float:
    """The section title and its margin (body type, 1.5 em)."""
    return 1.5 * geo.body_pt * PT * LINE + 3


def stage_names_height(geo: Geometry) -> float:
    return 2 * LINE * geo.font_mm + 3 + geo.gap


# The evidence mark before a card's text, after a touchpoint's channel (print.css): a
# glyph and its space, counted off the measure as if every line lost it.
MARK_EM = 1.35


def coverage_height(geo: Geometry) -> float:
    """The data coverage strip under the stage names: two short lines at most."""
    return 2 * LINE * 0.9 * geo.font_mm + 1.5 + geo.gap


def legend_height(geo: Geometry) -> float:
    """The evidence legend under each page's table: one line of grid type."""
    return LINE * geo.font_mm + 2.5


def touchpoints_height(columns: list[StageColumn], geo: Geometry) -> float:
    font, line = geo.font_mm, LINE * geo.font_mm
    inner = geo.column - 3 - MARK_EM * font

    def height(t) -> float:
        lines = _lines(t.channel, inner - 1.5 * font, font) + _lines(t.action, inner, font) + 1
        # A moment of truth says so on a line of its own.
        lines += 1 if getattr(t, "moment_of_truth", False) else 0
        return lines * line + 3

    tallest = max((sum(height(t) for t in c.touchpoints) for c in columns), default=line)
    return tallest + geo.gap


# The curve's keys (print.css, .curve-keys): type at 0.9 of the grid's, a 6 mm sample
# and 1 mm before each name, 3 mm after each key, 0.6 mm between runs, 1.8 mm around.
KEY_EM = 0.9
KEY_SAMPLE = 6 + 1
KEY_SPACE = 3
KEY_SWATCH_HEIGHT = 2.4


def curve_key_height(curve: EmotionCurve, geo: Geometry) -> float:
    """The keys under the curve: as many runs as the names need across the curve's width
    (a key never breaks), each run as tall as its type or its sample."""
    # (text, has a sample): the words the template prints, in the page's language.
    keys = [(line.name, True) for line in curve.lines]
    if curve.left_out:
        names = ", ".join(curve.left_out)
        keys.append((gettext("Not drawn: %(names)s") % {"names": names}, False))
    if curve.moments:
        keys.append(("★ " + gettext("moment of truth"), False))
    if not keys:
        return 0.0
    font = KEY_EM * geo.font_mm
    width = max(curve.width - 2, 1.0)
    runs, used = 1, 0.0
    for text, sample in keys:
        key = (KEY_SAMPLE if sample else 0) + len(text) * CHAR_EM * font + KEY_SPACE
        if used and used + key > width:
            runs, used = runs + 1, 0.0
        used += key
    run = max(LINE * font, KEY_SWATCH_HEIGHT) + 0.6
    # 1.8 mm of padding, and room for the sample pushing its line box apart.
    return runs * run + 2.4


def curve_row_height(curve: EmotionCurve, geo: Geometry) -> float:
    """The curve row: the drawing and, under it, its keys."""
    return curve.height + curve_key_height(curve, geo) + geo.gap


def curve_height(
    columns: list[StageColumn], geo: Geometry, personas: CurvePersonas | None = None
) -> float:
    return curve_row_height(print_curve(columns, geo, personas), geo)


def cards_height(cells: list[list], title: str, geo: Geometry) -> float:
    """A row of cells of cards, its title in the head column."""
    font, line = geo.font_mm, LINE * geo.font_mm
    inner = geo.column - 3 - MARK_EM * font
    tallest = max(
        (
            sum(
                _lines(card.text, inner, font) * line
                + (1.65 * font if getattr(card, "print_figure", card.figure) else 0)
                # Period and target, under the figure.
                + (
                    _lines(getattr(card, "print_note", ""), inner, 0.9 * font) * line * 0.9
                    if getattr(card, "print_note", "")
                    else 0
                )
                # The cause badge follows the text: a new line only when the last one is full.
                + (0.5 * line if card.cause else 0)
                + 3
                for card in cards
            )
            + 2
            for cards in cells
        ),
        default=0,
    )
    head = _lines(title, geo.head, font) * line + line
    return max(head, tallest) + geo.gap


def grid_height(grid: Grid, geo: Geometry, *, cards: bool, curve: bool) -> float:
    """An estimate of the whole grid's height on one page, in millimetres.

    It errs on the generous side: an underestimate only means the grid runs on
    to a second page, where the stage names are repeated.
    """
    total = title_height(geo) + stage_names_height(geo)
    if curve:
        total += curve_height(grid.columns, geo, map_personas(grid.journey_map))
    if cards:
        total += touchpoints_height(grid.columns, geo)
        for row in grid.rows:
            total += cards_height([cell.cards for cell in row.cells], row.lane.title, geo)
    if cards:
        # What the grid's pages print beside it: the coverage strip and the legend.
        total += coverage_height(geo) + legend_height(geo)
    return total


def fit_height(geo: Geometry, grid: Grid, *, cards: bool, curve: bool) -> Geometry:
    """Smaller type until the whole grid fits one page, but never below MIN_PT."""
    while geo.font_pt > MIN_PT and grid_height(grid, geo, cards=cards, curve=curve) > (
        geo.content_height
    ):
        geo.font_pt = round(max(MIN_PT, geo.font_pt * 0.93), 2)
    return geo


def paginate(rows: list, heights: list[float], geo: Geometry, *, head: float = 0) -> list[list]:
    """Rows in page-sized runs; a row taller than a page gets a page of its own.
    ``head``: what the table's head holds beside the stage names (the coverage strip)."""
    room = geo.content_height - stage_names_height(geo) - head - legend_height(geo)
    budget = room - title_height(geo)  # the first page carries the section title
    pages: list[list] = [[]]
    used = 0.0
    for row, height in zip(rows, heights, strict=True):
        if pages[-1] and used + height > budget:
            pages.append([])
            used = 0.0
            budget = room
        pages[-1].append(row)
        used += height
    return pages
