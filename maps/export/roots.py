"""The folders a PDF render may read files from: the project's static files and the media.

Apart from ``fetcher.py`` so that the server can name them to a render's child process
without importing WeasyPrint (which changes Pillow's settings for the whole process).
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings


def allowed_roots() -> list[Path]:
    roots = [*settings.STATICFILES_DIRS, settings.STATIC_ROOT, settings.MEDIA_ROOT]
    return [Path(root).resolve() for root in roots if root]
