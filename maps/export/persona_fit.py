"""The type of a printed persona's page: as large as its page holds, within bounds.

A persona's page is a page of its own (one per persona). At the sheet's reading size
(``Geometry.body_pt``) a filled-in persona takes half an A3 page in lines of a hundred
characters; so, like "fit" for the grid, its type grows while the estimate still fits
the page, up to a third more than the reading size. A persona too long for its page at
the reading size keeps that size and runs on (print.css): never smaller.

The estimate follows the persona block of static/css/print.css: their lengths (in mm and
em) must move together.
"""

from __future__ import annotations

from maps.export.layout import LINE, PT, Geometry, text_lines

# The largest type, as a multiple of the sheet's reading size: 13 pt at A3, 11 pt at A4.
GROWTH = 1.3
STEP_PT = 0.25
# An estimate a little short must not push the last field on to a page of its own.
ROOM = 0.92
PHOTO_MM = 40  # .persona-id's min-height
QUOTE_INDENT_MM = 46 + 4 + 1  # its margin, padding and rule
COLUMN_GAP_MM = 10


def columns(geo: Geometry) -> int:
    return 3 if geo.paper in ("A1", "A0") else 2


Fields = list[tuple[str, str]]  # (label, text), as pdf.persona_fields gives them


def persona_height(fields: Fields, quote: str, geo: Geometry, font_pt: float) -> float:
    """The persona's page at ``font_pt``, in mm: its kicker, identity and fields."""
    font = font_pt * PT
    line = LINE * font
    quote_lines = text_lines(quote, geo.usable - QUOTE_INDENT_MM, 1.3 * font) if quote else 0
    # The name (2.2 em and 4 mm above it), the age and segment, the quote (1.3 em, 4 mm above).
    identity = 4 + 2.2 * line + line + (quote_lines * 1.3 * line + 4 if quote else 0)
    count = columns(geo)
    width = (geo.usable - (count - 1) * COLUMN_GAP_MM) / count
    # Each field: its title (0.8 em, 1 mm under it), its text, 5 mm after it.
    total = sum(0.8 * line + 1 + text_lines(text, width, font) * line + 5 for _l, text in fields)
    # The columns are balanced, a field may break across two; a line of slack for where.
    body = 5 + total / count + line
    return 0.8 * line + 4 + max(PHOTO_MM, identity) + 6 + body


def persona_pt(fields: Fields, quote: str, geo: Geometry) -> float:
    """The largest type, from the reading size up to ``GROWTH`` times it, at which the
    persona's page holds everything."""
    size = round(geo.body_pt * GROWTH / STEP_PT) * STEP_PT
    room = ROOM * geo.content_height
    while size > geo.body_pt and persona_height(fields, quote, geo, size) > room:
        size -= STEP_PT
    return max(size, geo.body_pt)
