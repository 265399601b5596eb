"""Fitting a persona sheet on one A4 page: a type size, and where the texts are cut.

The server never loads WeasyPrint, so it cannot measure text: it estimates each
block's lines from its length (an average glyph width of the print font), picks
the largest type size at which the estimate fits the page, and at the floor size
cuts the longest texts, each to the same number of lines, until the rest fits.
The render says how many pages it made; ``personas.one_pager`` asks again with
less room when the estimate was too kind.

Lengths are in millimetres and points, the units of the print stylesheet
(static/css/persona_sheet.css): its sizes and these must move together.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

MM_PER_PT = 25.4 / 72

# A4 portrait, less the page margins of the stylesheet (its @page rule).
PAGE_WIDTH_MM = 210 - 2 * 14
PAGE_HEIGHT_MM = 297 - 12 - 18
COLUMN_GAP_MM = 8
COLUMN_WIDTH_MM = (PAGE_WIDTH_MM - COLUMN_GAP_MM) / 2
PHOTO_MM = 34

# Body type sizes tried, largest first; the last is the floor.
SIZES_PT = (11.0, 10.5, 10.0, 9.5, 9.0, 8.5, 8.0, 7.5, 7.0)
LINE_HEIGHT = 1.3
# Inter's average advance for running text, in ems, with room for words wrapped early.
GLYPH_EM = 0.48
# A column break rarely falls at the very bottom: keep a little of each column spare.
COLUMN_SLACK = 0.98
ELLIPSIS = "…"
# A cut text keeps at least this many lines: enough to say what the field is about.
MIN_CUT_LINES = 2


def chars_per_line(width_mm: float, size_pt: float) -> int:
    return max(1, int(width_mm / MM_PER_PT / (size_pt * GLYPH_EM)))


def text_lines(text: str, width_mm: float, size_pt: float) -> int:
    per_line = chars_per_line(width_mm, size_pt)
    paragraphs = text.splitlines() or [""]
    return sum(max(1, math.ceil(len(paragraph) / per_line)) for paragraph in paragraphs)


def block_mm(lines: int, size_pt: float, line_height: float = LINE_HEIGHT) -> float:
    return lines * size_pt * line_height * MM_PER_PT


def name_size_pt(name: str) -> float:
    return 22.0 if len(name) <= 40 else 15.0


def quote_size_pt(quote: str) -> float:
    if len(quote) <= 80:
        return 18.0
    if len(quote) <= 140:
        return 15.0
    return 12.5 if len(quote) <= 200 else 11.0


@dataclass
class Field:
    """A labelled block of the sheet: its label (none when the section says it) and text."""

    name: str
    label: str
    text: str
    cut: bool = False


@dataclass
class Section:
    legend: str
    fields: list[Field]


@dataclass
class Fit:
    font_pt: float
    sections: list[Section]
    cut: bool = False
    # The names of the fields cut short, for the tests and the log.
    cut_fields: list[str] = field(default_factory=list)


def head_mm(name: str, quote: str, meta_lines: int = 1) -> float:
    """The identity band (photo, name, age and segment) and the quote under it."""
    text_width = PAGE_WIDTH_MM - PHOTO_MM - 6
    name_pt = name_size_pt(name)
    beside = block_mm(text_lines(name, text_width, name_pt), name_pt, 1.15)
    beside += 5 + block_mm(meta_lines, 9.5) + 4  # the kicker and the age and segment
    height = max(PHOTO_MM, beside) + 4
    if quote:
        quote_pt = quote_size_pt(quote)
        height += block_mm(text_lines(quote, PAGE_WIDTH_MM - 8, quote_pt), quote_pt, 1.25) + 6
    return height


def maps_mm(map_names: list[str], size_pt: float) -> float:
    """The list of maps at the foot of the sheet: a title, then the names in a run."""
    run = "  ·  ".join(map_names) or "-"
    return 5 + block_mm(1 + text_lines(run, PAGE_WIDTH_MM, size_pt * 0.95), size_pt)


def fields_mm(sections: list[Section], size_pt: float, lines_of=None) -> float:
    """The height of the fields laid end to end in one column."""
    lines_of = lines_of or (lambda f: text_lines(f.text or "-", COLUMN_WIDTH_MM, size_pt))
    height = 0.0
    for section in sections:
        height += block_mm(1, size_pt * 1.05) + 3.5  # the legend and its rule
        for item in section.fields:
            if item.label:
                height += block_mm(1, size_pt * 0.78, 1.2) + 0.8
            height += block_mm(lines_of(item), size_pt) + 2.5
    return height


def fit(
    sections: list[Section],
    *,
    name: str,
    quote: str,
    map_names: list[str],
    room: float = 1.0,
) -> Fit:
    """The largest type size at which every text fits, or the floor size with texts cut.

    ``room`` (at most 1) shrinks the page the estimate counts on: asked again with less
    when a render came out longer than one page.
    """
    notice_mm = 10  # the line saying the full sheet is online, when texts are cut
    for size in SIZES_PT:
        body = (PAGE_HEIGHT_MM - head_mm(name, quote) - maps_mm(map_names, size)) * room
        if fields_mm(sections, size) <= 2 * body * COLUMN_SLACK:
            return Fit(size, sections)
    size = SIZES_PT[-1]
    body = (PAGE_HEIGHT_MM - head_mm(name, quote) - maps_mm(map_names, size) - notice_mm) * room
    return _cut(sections, size, 2 * body * COLUMN_SLACK)


def _cut(sections: list[Section], size: float, capacity_mm: float) -> Fit:
    """Every text cut to the same number of lines, the most that leaves room for all."""
    fields = [item for section in sections for item in section.fields]
    lines = {id(item): text_lines(item.text or "-", COLUMN_WIDTH_MM, size) for item in fields}
    cap = max(lines.values(), default=0)
    while cap > MIN_CUT_LINES:
        height = fields_mm(sections, size, lambda f, cap=cap: min(lines[id(f)], cap))
        if height <= capacity_mm:
            break
        cap -= 1
    per_line = chars_per_line(COLUMN_WIDTH_MM, size)
    cut_sections = []
    cut_names = []
    for section in sections:
        kept = []
        for item in section.fields:
            if lines[id(item)] > cap:
                kept.append(Field(item.name, item.label, cut_text(item.text, cap, per_line), True))
                cut_names.append(item.name)
            else:
                kept.append(item)
        cut_sections.append(Section(section.legend, kept))
    return Fit(size, cut_sections, cut=bool(cut_names), cut_fields=cut_names)


def cut_text(text: str, max_lines: int, per_line: int) -> str:
    """The start of ``text`` that fills ``max_lines`` lines, cut after a word, with "…"."""
    kept: list[str] = []
    left = max_lines
    for paragraph in text.splitlines():
        needed = max(1, math.ceil(len(paragraph) / per_line))
        if needed <= left:
            kept.append(paragraph)
            left -= needed
            if left == 0:
                break
            continue
        # Room for the ellipsis on the last line.
        room = max(1, left * per_line - 2)
        start = paragraph[:room]
        space = start.rfind(" ")
        if space > room // 2:
            start = start[:space]
        kept.append(start.rstrip(" ,;:.-") + ELLIPSIS)
        return "\n".join(kept)
    result = "\n".join(kept).rstrip()
    # Whole paragraphs filled the lines, others were left out.
    return result if result == text.rstrip() else result + " " + ELLIPSIS
