"""Rendered PDFs, kept until the map changes; a missing one is rendered within bounds.

The key holds everything the PDF shows that can change: the map's revision
(bumped by every change of the map), its personas' versions (they are edited
in the library, outside the map), the options and the language. An unchanged
map is served from the cache at once, whatever process rendered it, when
CACHES points at a shared cache.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.core.cache import caches
from django.utils import translation
from django.utils.translation import gettext as _

from maps import limits
from maps.export import bounded
from maps.export.options import PdfOptions
from maps.export.pdf import render_html
from maps.models import JourneyMap

# A day: long enough for a workshop's follow-up, short enough not to hoard memory.
TIMEOUT = 24 * 3600


@dataclass
class RenderedPdf:
    content: bytes
    pages: int
    from_cache: bool = False


def cache_key(journey_map: JourneyMap, options: PdfOptions) -> str:
    personas = sorted(
        (persona.pk, persona.version, persona.updated_at.isoformat(), bool(persona.photo))
        for persona in journey_map.personas.all()
    )
    stamp = repr(
        (
            journey_map.pk,
            journey_map.revision,
            # Ids come back after a database is recreated; the timestamp does not.
            journey_map.updated_at.isoformat(),
            personas,
            options.slug(),
            translation.get_language(),
        )
    )
    return "parcours:pdf:" + hashlib.sha256(stamp.encode()).hexdigest()


def cached_pdf(journey_map: JourneyMap, options: PdfOptions) -> RenderedPdf | None:
    hit = caches["default"].get(cache_key(journey_map, options))
    if hit is None:
        return None
    content, pages = hit
    return RenderedPdf(content, pages, from_cache=True)


def pdf_for(journey_map: JourneyMap, options: PdfOptions, *, user=None) -> RenderedPdf:
    """The cached PDF, or a new one rendered for ``user`` within the bounds of
    ``maps.export.bounded`` (which raises ``RenderRefused`` with the reason), waiting
    for it: for the operator and the benchmark; the export page uses ``jobs``."""
    hit = cached_pdf(journey_map, options)
    if hit is not None:
        return hit
    too_large = limits.map_over_limits(journey_map)
    if too_large:
        raise bounded.TooLarge(
            _("This map is too large to print. %(reason)s") % {"reason": too_large}
        )
    with bounded.render_slot(user):
        rendered = bounded.render_in_child(render_html(journey_map, options))
    caches["default"].set(
        cache_key(journey_map, options), (rendered.content, rendered.pages), TIMEOUT
    )
    return RenderedPdf(rendered.content, rendered.pages)
