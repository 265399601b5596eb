"""The only way WeasyPrint may read anything while it renders a PDF.

WeasyPrint's own fetcher follows any URL it meets: ``file:///etc/passwd``,
``http://`` addresses inside the network, and ``<a rel="attachment">`` links
it would embed in the PDF. Maps carry user text, so this fetcher allows
``data:`` URLs and files under the project's own static and media roots, and
refuses everything else. A refusal is not fatal: the image or stylesheet is
left out and the PDF still renders.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint import URLFetcher
from weasyprint.urls import URLFetcherResponse

from maps.export.roots import allowed_roots


class Refused(ValueError):
    """WeasyPrint catches ValueError from a fetcher and skips the resource."""


class LockedURLFetcher(URLFetcher):
    def __init__(self, roots: list[Path] | None = None):
        super().__init__(allowed_protocols={"data"}, allow_redirects=False)
        self.roots = roots if roots is not None else allowed_roots()
        # What was asked and what was served: tests read these.
        self.refused: list[str] = []
        self.served: list[str] = []

    def fetch(self, url: str, headers=None) -> URLFetcherResponse:
        scheme = urlsplit(url).scheme.lower()
        if scheme == "data":
            self.served.append(url[:40])
            return super().fetch(url, headers)
        if scheme == "file":
            path = self.local_path(url)
            if path is not None:
                self.served.append(str(path))
                content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                return URLFetcherResponse(
                    path.as_uri(), path.read_bytes(), {"Content-Type": content_type}
                )
        self.refused.append(url)
        raise Refused(f"Parcours does not let a PDF load {url[:200]}")

    def local_path(self, url: str) -> Path | None:
        """The file a ``file:`` URL names, if it is a file inside an allowed root."""
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost"):
            return None
        try:
            # resolve() follows symlinks and "..": the check is on the real place.
            path = Path(unquote(parts.path)).resolve(strict=True)
        except (OSError, RuntimeError):
            return None
        if not path.is_file():
            return None
        if any(path.is_relative_to(root) for root in self.roots):
            return path
        return None
