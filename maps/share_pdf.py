"""The map's PDF through a share link that allows it (``ShareLink.allow_pdf``).

The export page's pipeline, unchanged: the render runs in the background
(``maps.export.jobs``) in a bounded child process, the finished PDF waits in the PDF
cache, and an unchanged map is served from there at once. What the link changes:

- the options are fixed: A3, fit, and only what the shared page shows (the grid, the
  curve, the pain points, the action plan): no cover (it names the workshop's
  participants), no persona pages, no "what changed since" (the map's history);
- the link stands for the person in the renderer's bounds: one render at a time per
  link, and at most ``RENDER_RATE`` renders per link in a window, so that someone
  holding the link cannot keep the renderer busy (cached PDFs are not counted).
"""

from __future__ import annotations

from django.core.cache import caches
from django.utils.translation import gettext as _

from maps import throttle
from maps.export import bounded, cache, jobs
from maps.export.options import FIT, PdfOptions
from maps.models import ShareLink

OPTIONS = PdfOptions(paper="A3", layout=FIT, sections=("grid", "curve", "pain_points", "actions"))
# Renders (not downloads) per link: 6 an hour.
RENDER_RATE = (6, 3600)


class LinkRequester:
    """Who asks for the render, for ``jobs`` and ``bounded``: the link, as one person.
    Its ``pk`` names it apart from every account's."""

    is_authenticated = True

    def __init__(self, link: ShareLink) -> None:
        self.pk = f"share-link-{link.pk}"


class TooManyRenders(bounded.Busy):
    status = 429


class BeingPrepared(Exception):
    """Another visitor of the link started its PDF an instant ago: theirs is this one."""


def _current_key(link: ShareLink) -> str:
    return f"parcours:share-pdf:{link.pk}"


def cached(link: ShareLink) -> cache.RenderedPdf | None:
    """The PDF of the link's map as it is now, if it was rendered since it last changed."""
    return cache.cached_pdf(link.journey_map, OPTIONS)


def current(link: ShareLink) -> jobs.Export | None:
    """The link's latest render, as it stands (running, done, failed), if any."""
    export_id = caches["default"].get(_current_key(link))
    return jobs.find(export_id, LinkRequester(link)) if export_id else None


def being_prepared(link: ShareLink) -> bool:
    """The link's render place is taken: a visitor's start is under way, its render
    perhaps not noted as the link's current one yet."""
    return caches["default"].get(bounded.user_key(LinkRequester(link))) is not None


def start(link: ShareLink) -> jobs.Export:
    """The PDF of the link's map: found cached, joined while it renders, or started.
    Raises ``bounded.RenderRefused`` (too many renders, the server busy, too large), or
    ``BeingPrepared`` when another visitor's start holds the link's render place."""
    running = current(link)
    if running is not None and running.state == jobs.RUNNING:
        return running
    hit = cached(link)
    subject = str(link.pk)
    if hit is None and throttle.exceeded("share-pdf", subject, RENDER_RATE):
        raise TooManyRenders(
            _("This link's PDF was prepared many times in the last hour: try again later.")
        )
    try:
        export = jobs.start(link.journey_map, OPTIONS, LinkRequester(link))
    except bounded.YourOtherExport as other:
        # Two visitors at the same instant: the first holds the link's one render place
        # but has not noted its render as the link's current one yet. "Your other
        # export" is the export page's wording for a person; a visitor waits for it.
        raise BeingPrepared from other
    if not export.from_cache:
        throttle.count("share-pdf", subject, RENDER_RATE)
    caches["default"].set(_current_key(link), export.id, RENDER_RATE[1])
    return export
