"""What every download of the app shares: the attachment response, its file name, and
how long a client waits before asking again for a file still being made.

Used by the map exports (``maps.views.exports``), a share link's PDF
(``maps.views.share_pdf``), the figures template
(``maps.views.figures``) and the persona sheet (``personas.views``).
"""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.utils.text import slugify

from maps.models import JourneyMap

# Seconds: a render takes a few; the refusal says "in a moment".
RETRY_AFTER = "10"


def attachment(content, content_type: str, filename: str) -> HttpResponse:
    """A download of ``content`` named ``filename``, kept by no cache."""
    response = HttpResponse(content, content_type=content_type)
    # None only for an inline response without a filename; the stubs cannot tell.
    header = content_disposition_header(True, filename)
    response["Content-Disposition"] = header  # type: ignore[assignment]
    # A map carries the team's personas: no shared cache or browser cache keeps a copy.
    patch_cache_control(response, private=True, no_store=True)
    return response


def download_filename(journey_map: JourneyMap, suffix: str) -> str:
    """The map's title as a file name ("nell-achete-une-baguette"), then ``suffix``."""
    return f"{slugify(journey_map.title) or 'carte'}{suffix}"
