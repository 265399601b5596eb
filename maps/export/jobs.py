"""PDF exports in the background: started from the export page, followed, cancellable.

A request that asks for a PDF checks the bounds (size, places, one per person),
renders the print HTML and hands it to a thread of the server process, which
feeds a bounded child (``maps.export.bounded``) and waits for it; the request
answers at once. The thread writes the export's state into Django's cache,
where the export page polls it and a cancel reaches it, whichever server
process the poll or the cancel lands on (the cache is Redis then).

An export's record holds no PDF: a finished one points at the PDF cache key
(``maps.export.cache``), so the download is served from the cache.
"""

from __future__ import annotations

import logging
import secrets
import threading
import time
from contextlib import ExitStack
from dataclasses import asdict, dataclass, field, replace

from django.conf import settings
from django.core.cache import caches
from django.utils.translation import gettext as _

from maps import limits
from maps.export import bounded
from maps.export.cache import TIMEOUT as PDF_TIMEOUT
from maps.export.cache import cache_key
from maps.export.options import PdfOptions
from maps.export.pdf import render_html
from maps.models import JourneyMap

logger = logging.getLogger(__name__)

RUNNING, DONE, FAILED, CANCELLED = "running", "done", "failed", "cancelled"
# How long a cancel waits for this process's render to stop before it answers.
CANCEL_WAIT_SECONDS = 5
# The waiting thread says it is alive this often; a record silent far longer
# belonged to a process that died mid-render.
HEARTBEAT_SECONDS = 1.0
STALE_SECONDS = 15.0

# This process's waiting threads, by export id: tests and the benchmark join them.
_threads: dict[str, threading.Thread] = {}


@dataclass
class Export:
    id: str
    user_id: int
    map_id: int
    query: dict
    state: str = RUNNING
    pdf_key: str = ""
    started: float = field(default_factory=time.time)
    heartbeat: float = field(default_factory=time.time)
    # A guess for the progress bar, from the map's size (docs/benchmarks.md).
    estimate: float = 3.0
    pages: int = 0
    size: int = 0
    from_cache: bool = False
    message: str = ""

    @property
    def elapsed(self) -> float:
        return max(0.0, self.heartbeat - self.started)

    @property
    def percent(self) -> int:
        """How far along the export probably is; never 100 before it is done."""
        if self.state == DONE:
            return 100
        return min(95, int(100 * self.elapsed / max(self.estimate, 0.1)))


def record_key(export_id: str) -> str:
    return f"parcours:pdf-export:{export_id}"


def cancel_key(export_id: str) -> str:
    return f"parcours:pdf-export:{export_id}:cancel"


def _ttl() -> int:
    return int(settings.PARCOURS_PDF_TIMEOUT) + 3600


def _save(export: Export) -> None:
    caches["default"].set(record_key(export.id), asdict(export), _ttl())


def estimate_seconds(journey_map: JourneyMap) -> float:
    """About a second to start the renderer, and a few milliseconds a card."""
    return 1.0 + 0.004 * journey_map.cards.count()


def start(journey_map: JourneyMap, options: PdfOptions, user) -> Export:
    """An export of ``journey_map`` for ``user``: done already when the PDF is cached,
    running otherwise. Raises ``bounded.RenderRefused`` (too large, no place) at once."""
    cache = caches["default"]
    key = cache_key(journey_map, options)
    export = Export(
        id=secrets.token_urlsafe(16),
        user_id=user.pk,
        map_id=journey_map.pk,
        query=options.query(),
        pdf_key=key,
    )
    hit = cache.get(key)
    if hit is not None:
        content, pages = hit
        export.state, export.pages, export.size, export.from_cache = DONE, pages, len(content), True
        _save(export)
        return export
    too_large = limits.map_over_limits(journey_map)
    if too_large:
        raise bounded.TooLarge(
            _("This map is too large to print. %(reason)s") % {"reason": too_large}
        )
    places = ExitStack()
    places.enter_context(bounded.render_slot(user))  # Busy at once, or a place held
    try:
        html = render_html(journey_map, options)
        export.estimate = estimate_seconds(journey_map)
        _save(export)
        # The thread changes its own copy; the caller's stays as it started.
        thread = threading.Thread(
            target=_follow,
            args=(replace(export), html, places),
            name=f"pdf-{export.id}",
            daemon=True,
        )
        _threads[export.id] = thread
        thread.start()
    except BaseException:
        places.close()
        raise
    return export


def _follow(export: Export, html: str, places: ExitStack) -> None:
    """The waiting thread: the child renders, the record follows, the places are given back."""
    cache = caches["default"]
    last_beat = 0.0

    def cancelled() -> bool:
        nonlocal last_beat
        if cache.get(cancel_key(export.id)):
            return True
        now = time.time()
        if now - last_beat >= HEARTBEAT_SECONDS:
            export.heartbeat, last_beat = now, now
            _save(export)
        return False

    try:
        with places:
            rendered = bounded.render_in_child(html, cancelled=cancelled)
            cache.set(export.pdf_key, (rendered.content, rendered.pages), PDF_TIMEOUT)
        export.state, export.pages, export.size = DONE, rendered.pages, len(rendered.content)
    except bounded.Cancelled:
        export.state = CANCELLED
    except bounded.RenderRefused as refused:
        export.state, export.message = FAILED, refused.message
    except Exception:
        logger.exception("PDF export %s failed", export.id)
        export.state = FAILED
        export.message = _("The PDF could not be prepared. Please try again later.")
    finally:
        export.heartbeat = time.time()
        _save(export)
        _threads.pop(export.id, None)


def find(export_id: str, user) -> Export | None:
    """The export ``export_id`` if it is ``user``'s, as it stands now."""
    data = caches["default"].get(record_key(export_id))
    if data is None or data["user_id"] != user.pk:
        return None
    export = Export(**data)
    if export.state == RUNNING and caches["default"].get(cancel_key(export_id)):
        export.state = CANCELLED  # the waiting thread is killing the render
    elif export.state == RUNNING and time.time() - export.heartbeat > STALE_SECONDS:
        # Its process died (a restart, a crash): the render is gone with it.
        export.state = FAILED
        export.message = _("The PDF could not be prepared. Please try again later.")
    return export


def cancel(export_id: str, user) -> Export | None:
    """Asks the export to stop; the waiting thread kills the render within a moment."""
    export = find(export_id, user)
    if export is None:
        return None
    if export.state == RUNNING:
        caches["default"].set(cancel_key(export_id), 1, _ttl())
        export.state = CANCELLED
        # Answer once the render has stopped here (a moment: the thread checks the mark
        # between two reads of the child), so that the person's place is free again and
        # "Prepare the PDF" right after Cancel is not refused as their other export.
        # A render followed by another process stops on its own just as soon.
        wait(export_id, timeout=CANCEL_WAIT_SECONDS)
    return export


def wait(export_id: str, timeout: float | None = None) -> None:
    """Until this process's render of ``export_id`` is over (tests, the benchmark)."""
    thread = _threads.get(export_id)
    if thread is not None:
        thread.join(timeout)
