"""PDF renders the server can afford: few at once, bounded in time and memory.

A PDF of a huge map once ran for minutes and took more than a gigabyte, and
three at once took the server down. So a render for a page request:

- is refused up front when the map is over the size limits (``maps.limits``);
- waits for no one: at most ``PARCOURS_PDF_CONCURRENCY`` renders run at once
  in a server process, and one per person (across processes when the cache
  is shared); past that it is refused at once with "try again in a moment";
- runs WeasyPrint in a child process (``maps.export.render_child``) under an
  address-space limit of ``PARCOURS_PDF_MEMORY_MB``, at nice
  ``PARCOURS_PDF_NICE``, killed after ``PARCOURS_PDF_TIMEOUT`` seconds of CPU
  (or five times that of waiting for the cores). A thread of the server
  process waits on it (``maps.export.jobs``), never the request.

Django renders the print HTML in the server process, as before (so the child
needs no database); WeasyPrint's layout, the costly part, runs in the child.
"""

from __future__ import annotations

import logging
import math
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.utils.translation import gettext as _

from maps.export import render_child
from maps.export.roots import allowed_roots

logger = logging.getLogger(__name__)

_lock = threading.Lock()
_running = 0


class RenderRefused(Exception):
    """The PDF was not made; ``message`` says why, for the person who asked."""

    status = 503

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class Busy(RenderRefused):
    pass


class YourOtherExport(Busy):
    status = 429


class TooLarge(RenderRefused):
    status = 422


def busy_message() -> str:
    return _("Another export is being prepared: try again in a moment.")


def user_key(user) -> str:
    return f"parcours:pdf-render:user:{user.pk}"


@contextmanager
def render_slot(user) -> Iterator[None]:
    """A place among the renders running now, or ``Busy`` at once."""
    global _running
    cache = caches["default"]
    key = user_key(user) if user is not None and user.is_authenticated else None
    # Expires by itself should this process die in the middle of a render.
    longest = int(settings.PARCOURS_PDF_TIMEOUT * WAIT_FACTOR)
    if key and not cache.add(key, 1, timeout=longest + 30):
        raise YourOtherExport(
            _("Your other export is still being prepared: try again when it is ready.")
        )
    try:
        with _lock:
            if _running >= settings.PARCOURS_PDF_CONCURRENCY:
                raise Busy(busy_message())
            _running += 1
        try:
            yield
        finally:
            with _lock:
                _running -= 1
    finally:
        if key:
            cache.delete(key)


def child_command() -> list[str]:
    from maps.export.pdf import PRINT_CSS

    command = [
        sys.executable,
        "-m",
        render_child.__name__,
        f"--memory-mb={settings.PARCOURS_PDF_MEMORY_MB}",
        # A little above the timeout: the kernel's own backstop should this process die.
        f"--cpu-seconds={math.ceil(settings.PARCOURS_PDF_TIMEOUT) + 5}",
        # Below the server's priority: on a small machine, people's edits go first.
        f"--nice={settings.PARCOURS_PDF_NICE}",
        # Relative URLs resolve inside the static root, never the working directory.
        f"--base-url={PRINT_CSS.parent.as_uri()}/",
    ]
    return command + [f"--root={root}" for root in allowed_roots()]


@dataclass
class ChildRender:
    content: bytes
    pages: int
    seconds: float
    peak_mb: float  # the child's own peak resident memory


class Cancelled(RenderRefused):
    """The person who asked for the PDF cancelled it; the child was killed."""


def render_in_child(html: str, *, cancelled: Callable[[], bool] | None = None) -> ChildRender:
    """The PDF of ``html``, made by a child process within the bounds.

    ``cancelled`` is asked a few times a second while the child works: when it says
    yes, the child is killed and ``Cancelled`` raised.
    """
    timeout = settings.PARCOURS_PDF_TIMEOUT
    start = time.perf_counter()
    child = subprocess.Popen(  # noqa: S603 (our own interpreter and module, no shell)
        child_command(),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=settings.BASE_DIR,
    )
    data: bytes | None = html.encode("utf-8")
    while True:
        try:
            # communicate() may be asked again after a timeout without losing output.
            stdout, stderr = child.communicate(data, timeout=POLL_SECONDS)
            break
        except subprocess.TimeoutExpired:
            data = None
            if cancelled is not None and cancelled():
                _kill(child)
                raise Cancelled(_("The export was cancelled.")) from None
            waited = time.perf_counter() - start
            # The niced child works when the server leaves it the cores: its own CPU
            # time is what it costs; waiting is bounded too, more loosely.
            if cpu_seconds(child.pid) >= timeout or waited >= timeout * WAIT_FACTOR:
                _kill(child)
                logger.warning("PDF render stopped after %s s", timeout)
                raise RenderRefused(
                    _(
                        "The PDF took too long to prepare (more than %(seconds)s seconds) and "
                        "was stopped. Try fewer sections or a smaller paper size."
                    )
                    % {"seconds": timeout}
                ) from None
        except BaseException:
            _kill(child)
            raise
    return _result(child.returncode, stdout, stderr, time.perf_counter() - start)


# How often a waiting render looks at the clock and at a cancel.
POLL_SECONDS = 0.2
# A render may wait this many times its CPU budget for the cores (a busy server).
WAIT_FACTOR = 5


def cpu_seconds(pid: int) -> float:
    """A process's CPU time so far (Linux); its wall clock stands in elsewhere."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            fields = stat.read().rpartition(")")[2].split()
        # utime and stime, the 14th and 15th fields (the 12th and 13th after the name).
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return 0.0  # gone, or no /proc: the bound on waiting still holds


def _kill(child: subprocess.Popen) -> None:
    child.kill()
    child.communicate()  # reaped, its pipes closed


def _result(returncode: int, stdout: bytes, stderr: bytes, seconds: float) -> ChildRender:
    if returncode == render_child.OUT_OF_MEMORY:
        logger.warning("PDF render stopped at its memory limit")
        raise RenderRefused(
            _(
                "The PDF needed more memory than the server allows and was stopped. "
                "Try fewer sections or a smaller paper size."
            )
        )
    head, _newline, content = stdout.partition(b"\n")
    if returncode != 0 or not head.isdigit() or not content.startswith(b"%PDF"):
        logger.error(
            "PDF render failed (exit %s): %s",
            returncode,
            stderr.decode("utf-8", "replace")[-2000:],
        )
        raise RenderRefused(_("The PDF could not be prepared. Please try again later."))
    report = stderr.decode("utf-8", "replace").split()
    peak_kb = int(report[-1]) if report[-2:-1] == ["peak_kb"] and report[-1].isdigit() else 0
    rendered = ChildRender(content, int(head), seconds, peak_kb / 1024)
    logger.info(
        "PDF rendered: %d pages in %.1f s, peak %.0f MB",
        rendered.pages,
        rendered.seconds,
        rendered.peak_mb,
    )
    return rendered
