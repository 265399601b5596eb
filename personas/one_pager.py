"""One persona on one A4 page, as a PDF: the sheet a team pins on the wall.

Made like the map's PDF (``maps.export.pdf``): Django renders the print HTML here,
every user text escaped; WeasyPrint lays it out in a bounded child process
(``maps.export.bounded``) that reads nothing but our own files
(``maps.export.fetcher``). The sheet stays one page whatever the persona holds:
``personas.one_pager_fit`` chooses the type size and cuts the longest texts, and
when the render still runs over, the fit is asked again with less room.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.text import slugify

from maps.export import bounded
from maps.export.pdf import initials, photo_uri
from personas.forms import FIELDSETS
from personas.models import Persona
from personas.one_pager_fit import Field, Fit, Section, fit, name_size_pt, quote_size_pt

logger = logging.getLogger(__name__)

STYLESHEET = Path(settings.BASE_DIR) / "static" / "css" / "persona_sheet.css"
# The maps named at the foot of the sheet; past this, "and N more".
MAX_MAPS = 12
MAX_MAP_TITLE = 60
# Each try leaves the estimate less room than the one before.
ROOMS = (1.0, 0.85, 0.7, 0.5)


def sections(persona: Persona) -> list[Section]:
    """Every field of the sheet, grouped as the form groups them; identity is in the head."""
    meta = Persona._meta
    result = []
    for legend, names in FIELDSETS[1:]:
        fields = [
            Field(
                name,
                # A section of one field: its legend says it.
                "" if len(names) == 1 else str(meta.get_field(name).verbose_name),  # type: ignore[union-attr]
                getattr(persona, name).strip(),
            )
            for name in names
        ]
        result.append(Section(str(legend), fields))
    return result


def map_names(maps) -> tuple[list[str], int]:
    """The titles the sheet lists (shortened), and how many more maps there are."""
    titles = [str(title) for title in maps.values_list("title", flat=True)[: MAX_MAPS + 1]]
    shown = [_shorten(title) for title in titles[:MAX_MAPS]]
    more = maps.count() - len(shown) if len(titles) > MAX_MAPS else 0
    return shown, more


def _shorten(title: str) -> str:
    return title if len(title) <= MAX_MAP_TITLE else title[: MAX_MAP_TITLE - 1].rstrip() + "…"


def render_html(persona: Persona, maps, sheet_url: str, room: float = 1.0) -> tuple[str, Fit]:
    names, more = map_names(maps)
    fitted = fit(
        sections(persona), name=persona.name, quote=persona.quote, map_names=names, room=room
    )
    context = {
        "persona": persona,
        "photo_uri": photo_uri(persona),
        "initials": initials(persona.name),
        "fit": fitted,
        "name_pt": name_size_pt(persona.name),
        "quote_pt": quote_size_pt(persona.quote),
        "map_names": names,
        "more_maps": more,
        "sheet_url": sheet_url,
        "stylesheet": STYLESHEET.as_uri(),
    }
    return render_to_string("personas/one_pager_pdf.html", context), fitted


def render_pdf(
    persona: Persona,
    maps,
    sheet_url: str,
    *,
    render: Callable[[str], bounded.ChildRender] | None = None,
) -> bytes:
    """The one-page PDF. Raises ``bounded.RenderRefused`` when the child could not make it."""
    render = render or bounded.render_in_child
    rendered = None
    for room in ROOMS:
        html, fitted = render_html(persona, maps, sheet_url, room)
        rendered = render(html)
        if rendered.pages == 1:
            return rendered.content
        logger.info(
            "Persona sheet %s ran to %d pages at %s pt (room %s): fitting again",
            persona.pk,
            rendered.pages,
            fitted.font_pt,
            room,
        )
    # Not reached with the sheet's bounded fields; one page too many beats no sheet.
    logger.warning("Persona sheet %s still on %d pages", persona.pk, rendered.pages)  # type: ignore[union-attr]
    return rendered.content  # type: ignore[union-attr]


def filename(persona: Persona) -> str:
    return f"persona-{slugify(persona.name) or persona.pk}.pdf"
