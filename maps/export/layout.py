"""Page geometry of the printed map: type size, column widths, tiles, the curve.

Every length is in millimetres (font sizes in points) and is decided here,
before WeasyPrint lays anything out, so that the emotion curve, drawn as SVG
in the same units, sits exactly under the stage columns of its table.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.translation import get_language, gettext

from maps.curve import LEVELS, CurvePoint, EmotionCurve, Level, moments, persona_lines, placed
from maps.export.options import PdfOptions
from maps.grid import Cell, Grid, StageColumn
from maps.models import Cause, Lane
from maps.persona_curves import CurvePersonas, map_personas

PT = 0.3528  # millimetres in a point
# Posters are read from further away: their type grows with the sheet.
SCALE = {"A4": 0.85, "A3": 1.0, "A1": 1.5, "A0": 1.9}
MARGIN = {"A4": 10, "A3": 12, "A1": 18, "A0": 24}
BODY_PT = 8.5  # card text at A3 when tiled, and where "fit" starts from
# "Fit" grows the type while the map still fits its pages. 14 pt at A3 (scaled with the
# sheet: 11.9 pt at A4, 21 pt at A1) is what a wall chart is read at from a metre or two
# away; past it a card's three lines read as a heading, and a 4-stage map's cards would
# wrap after five words. So a small map fills its page up to this, never more.
MAX_PT = 14.0
# The floor: below 6 pt (its secondary text too, see Geometry.small_pt) a printed card is
# squinted at. A map that needs smaller type to fit gets more pages instead.
MIN_PT = 6.0
CHARS_PER_LINE = 30  # a comfortable card measure
# The narrowest measure "fit" accepts before it prints the stages in runs: narrower, a
# card is a column of single words.
MIN_CHARS = 20
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
    def small_pt(self) -> float:
        """Hints, notes, badges and keys: a little smaller than the cards, never under the floor."""
        return round(max(MIN_PT, 0.85 * self.font_pt), 2)

    @property
    def small_mm(self) -> float:
        return round(self.small_pt * PT, 3)

    @property
    def chars_per_line(self) -> float:
        """How many characters a card's line holds at this type size (layout's estimate)."""
        inner = self.column - 3 - MARK_EM * self.font_mm
        return inner / (CHAR_EM * self.font_mm)

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


def sized(options: PdfOptions, per_tile: int, font_pt: float) -> Geometry:
    """The page's geometry for ``per_tile`` stages across at ``font_pt``: the lane titles'
    column grows with the type (a long title keeps its two lines), within a stage's width."""
    width, height = options.size_mm
    scale = SCALE[options.paper]
    margin = MARGIN[options.paper]
    gap = GAP * scale
    usable = width - 2 * margin
    head = 30 * scale * max(1.0, font_pt / (BODY_PT * scale))
    column = (usable - 30 * scale - (per_tile + 1) * gap) / per_tile
    head = min(head, max(18.0, column))
    column = (usable - head - (per_tile + 1) * gap) / per_tile
    return Geometry(
        paper=options.paper,
        width=width,
        height=height,
        margin=margin,
        scale=scale,
        font_pt=round(font_pt, 2),
        head=round(head, 2),
        column=round(column, 2),
        gap=round(gap, 2),
    )


def fit(grid: Grid, options: PdfOptions, *, cards: bool, curve: bool) -> tuple[Geometry, int]:
    """ "Fit": the largest type, between MIN_PT and MAX_PT, at which the map takes as few
    pages as it can; every stage across the page unless that makes the type unreadable,
    then balanced runs of stages (titles repeated), as the tiled layout prints them."""
    stages = max(len(grid.columns), 1)
    per_tile = stages
    while per_tile > 1 and sized(options, per_tile, MIN_PT).chars_per_line < MIN_CHARS:
        per_tile -= 1
    per_tile = math.ceil(stages / math.ceil(stages / per_tile))
    personas = map_personas(grid.journey_map)

    def pages(font_pt: float) -> int:
        return page_count(
            grid, sized(options, per_tile, font_pt), per_tile, personas, cards=cards, curve=curve
        )

    def readable(font_pt: float) -> bool:
        return sized(options, per_tile, font_pt).chars_per_line >= MIN_CHARS

    least = pages(MIN_PT)
    low, high = MIN_PT, MAX_PT * SCALE[options.paper]
    if not (readable(high) and pages(high) <= least):
        # Both tests only fail more as the type grows: halve the interval seven times,
        # to a sixteenth of a point on A3.
        for _ in range(7):
            middle = (low + high) / 2
            if readable(middle) and pages(middle) <= least:
                low = middle
            else:
                high = middle
        high = low
    return sized(options, per_tile, math.floor(high * 20) / 20), per_tile


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
    # The drawing grows with the type, but a third at most: past that a small map's
    # curve would take the room its cards need.
    height = 22 * geo.scale * min(max(geo.font_pt / BODY_PT, 0.7), 1.35) + 2 * pad

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

# Inter's average advance for French card text, in em: measured on rendered maps, where
# lines hold 0.41 to 0.44 em a character; a little more for the capitals and figures.
# Erring long costs a page emptier than it needs; erring short, a lane cut across pages.
CHAR_EM = 0.46
LINE = 1.35  # line-height in print.css


@functools.lru_cache(maxsize=4096)
def _words(text: str) -> tuple[tuple[int, ...], ...]:
    """The lengths of each paragraph's words: "fit" wraps the same texts a dozen times."""
    return tuple(tuple(len(word) for word in part.split()) for part in (text or " ").split("\n"))


def _lines(text: str, width_mm: float, font_mm: float, *, tail: int = 0) -> int:
    """The lines a text wraps to, word by word as the browser breaks them; a word longer
    than the line is cut (overflow-wrap). ``tail``: an unbreakable box after the last
    word (a cause badge), in characters."""
    return _wrapped(text, max(1, int(width_mm / (CHAR_EM * font_mm))), tail)


def text_lines(text: str, width_mm: float, font_mm: float) -> int:
    """The lines a text wraps to at this measure and size (the other sections' estimate)."""
    return _lines(text, width_mm, font_mm)


@functools.lru_cache(maxsize=16384)
def _wrapped(text: str, per_line: int, tail: int) -> int:
    # Cached: "fit" asks again for the same text at the same measure while it searches.
    paragraphs = _words(text)
    if tail:
        paragraphs = (*paragraphs[:-1], (*paragraphs[-1], min(tail, per_line)))
    total = 0
    for words in paragraphs:
        lines, used = 1, 0
        for length in words:
            if used and used + 1 + length > per_line:
                lines, used = lines + 1, 0
            if length > per_line:  # cut across lines
                lines += (length - 1) // per_line
                length = (length - 1) % per_line + 1
            used += length + (1 if used else 0)
        total += lines
    return total


def title_height(geo: Geometry) -> float:
    """The section title and its margin (body type, 1.5 em)."""
    return 1.5 * geo.body_pt * PT * LINE + 3


def stage_names_height(geo: Geometry, columns: Sequence[StageColumn] = ()) -> float:
    """The stage names' row: as many lines as its longest name needs (two when the
    names are not known: a safe guess)."""
    # The number badge takes about 2 em of the column, the padding 4 mm.
    width = geo.column - 4 - 2 * geo.font_mm
    lines = max((_lines(c.stage.name, width, geo.font_mm) for c in columns), default=2)
    return lines * LINE * geo.font_mm + 3 + geo.gap


# The evidence mark before a card's text, after a touchpoint's channel (print.css): a
# glyph and its space, counted off the measure as if every line lost it.
MARK_EM = 1.35


def coverage_height(geo: Geometry) -> float:
    """The data coverage strip under the stage names: two short lines at most."""
    return 2 * LINE * geo.small_mm + 1.5 + geo.gap


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


# The curve's keys (print.css, .curve-keys): the grid's small type, a 6 mm sample
# and 1 mm before each name, 3 mm after each key, 0.6 mm between runs, 1.8 mm around.
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
    font = geo.small_mm
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


def _badge(card, geo: Geometry) -> int:
    """The cause badge after a pain point's text, in characters of the card's type: its
    label in small type, its padding and margin (print.css, .cause)."""
    if not card.cause:
        return 0
    label = _label_length(card.cause, get_language())
    return math.ceil(label * geo.small_pt / geo.font_pt + 3.5 / (CHAR_EM * geo.font_mm)) + 1


@functools.lru_cache(maxsize=64)
def _label_length(cause: str, language: str | None) -> int:
    return len(str(Cause(cause).label))


def cards_height(cells: list[list], title: str, geo: Geometry, *, badges: bool = True) -> float:
    """A row of cells of cards, its title in the head column; ``badges``: the cards print
    their cause (the lanes do, the pain points' table, one row per cause, does not)."""
    font, line = geo.font_mm, LINE * geo.font_mm
    inner = geo.column - 3 - MARK_EM * font
    tallest = max(
        (
            sum(
                _lines(card.text, inner, font, tail=_badge(card, geo) if badges else 0) * line
                + (1.65 * font if getattr(card, "print_figure", card.figure) else 0)
                # Period and target, under the figure.
                + (
                    _lines(getattr(card, "print_note", ""), inner, geo.small_mm)
                    * LINE
                    * geo.small_mm
                    if getattr(card, "print_note", "")
                    else 0
                )
                # The badge's border and padding make its line a little taller.
                + (0.15 * line if badges and card.cause else 0)
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


def row_heights(
    columns: list[StageColumn],
    rows: Sequence[tuple[Lane, list[Cell]]],
    curve: EmotionCurve | None,
    geo: Geometry,
    *,
    cards: bool,
) -> list[float]:
    """The estimated heights of a run of stages' rows, in the order the page prints
    them: the touchpoints, the curve (when there is one), then the lanes."""
    heights = []
    if cards:
        heights.append(touchpoints_height(columns, geo))
    if curve is not None:
        heights.append(curve_row_height(curve, geo))
    if cards:
        heights += [cards_height([c.cards for c in cells], lane.title, geo) for lane, cells in rows]
    return heights


def page_count(
    grid: Grid,
    geo: Geometry,
    per_tile: int,
    personas: CurvePersonas | None,
    *,
    cards: bool,
    curve: bool,
) -> int:
    """How many pages the grid and curve take at this geometry: the estimate the PDF
    is paginated with, without laying anything out."""
    total = 0
    for start in range(0, len(grid.columns), per_tile):
        columns = grid.columns[start : start + per_tile]
        rows = [(row.lane, row.cells[start : start + per_tile]) for row in grid.rows]
        drawn = print_curve(columns, geo, personas) if curve else None
        heights = row_heights(columns, rows, drawn, geo, cards=cards)
        strip = coverage_height(geo) if cards else 0
        total += len(paginate(heights, heights, geo, head=strip, columns=columns))
    return max(total, 1)


def paginate(
    rows: list,
    heights: list[float],
    geo: Geometry,
    *,
    head: float = 0,
    columns: Sequence[StageColumn] = (),
) -> list[list]:
    """Rows in page-sized runs; a row taller than a page gets a page of its own.
    ``head``: what the table's head holds beside the stage names (the coverage strip)."""
    names = stage_names_height(geo, columns)
    # A few per cent kept back: an estimate a little short must not push the legend, or
    # a lane's last cards, on to a page of their own.
    room = 0.97 * (geo.content_height - names - head - legend_height(geo))
    budget = room - title_height(geo)  # the first page carries the section title
    pages: list[list] = [[]]
    sizes: list[list[float]] = [[]]
    used = 0.0
    for row, height in zip(rows, heights, strict=True):
        if pages[-1] and used + height > budget:
            pages.append([])
            sizes.append([])
            used = 0.0
            budget = room
        pages[-1].append(row)
        sizes[-1].append(height)
        used += height
    balance(pages, sizes, room)
    return pages


def balance(pages: list[list], sizes: list[list[float]], room: float) -> None:
    """A last page holding a row or two in a corner (under a third of a page) takes the
    rows at the foot of the page before, until it holds a third, while that page stays the
    fuller: the same pages, neither left more than two-thirds empty. The page before keeps
    two rows at least (the touchpoints and the curve, when it is the first)."""
    before, last = (sizes[-2], sizes[-1]) if len(sizes) > 1 else ([], [])
    while (
        len(before) > 2
        and sum(last) < room / 3
        and sum(last) + before[-1] <= min(room, sum(before) - before[-1])
    ):
        last.insert(0, before.pop())
        pages[-1].insert(0, pages[-2].pop())
