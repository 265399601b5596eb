"""The export page's flow as a test drives it: start a PDF, wait for its render, look."""

from django.urls import reverse

from maps.export import jobs
from maps.export.options import PdfOptions

PDF_QUERY = {"paper": "A4", "layout": "tile", "sections": ["cover", "grid"]}
# What the export page offers unchanged (and the download link without options means).
DEFAULT_QUERY = PdfOptions().query()


def start(client, journey_map, query=None, **extra):
    """The answer to "Prepare the PDF": the render started (202), found cached, or refused."""
    url = reverse("maps:export", args=[journey_map.pk])
    return client.post(url, PDF_QUERY if query is None else query, **extra)


def progress(client, journey_map, export_id, **extra):
    url = reverse("maps:export-progress", args=[journey_map.pk, export_id])
    return client.get(url, **extra)


def prepare(client, journey_map, query=None, **extra):
    """Start, then the export page once the render is over (what its polling ends on)."""
    started = start(client, journey_map, query, **extra)
    export = started.context.get("export") if started.context else None
    if export is None or export.state != jobs.RUNNING:
        return started
    jobs.wait(export.id, timeout=60)
    return progress(client, journey_map, export.id, **extra)
