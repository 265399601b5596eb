"""WeasyPrint loaded without ctypes' library search, for the renderer's process.

WeasyPrint opens Pango, HarfBuzz, fontconfig and GObject through cffi, trying
several names for each (Windows, macOS, then Linux sonames). For each name that
is not a file name, cffi asks ``ctypes.util.find_library``, which on Linux runs
``ldconfig -p``, then ``gcc`` and ``ld`` to look: about 200 processes and 0.2 s
of CPU each time a render child starts (up to seconds of wall clock on a busy
machine), before the sonames WeasyPrint also lists ("libpango-1.0.so.0") load
straight away. Told "not found" during the import, cffi moves on to those.
"""

from __future__ import annotations

import ctypes.util
import io
import sys
from contextlib import redirect_stdout
from types import ModuleType


def load_weasyprint() -> ModuleType:
    """``weasyprint``, imported once per process; the normal search if the quick one fails."""
    if "weasyprint" in sys.modules or not sys.platform.startswith("linux"):
        import weasyprint

        return weasyprint
    search = ctypes.util.find_library
    ctypes.util.find_library = _not_searched
    try:
        # WeasyPrint prints its advice when a library is missing: not on the PDF's stdout.
        with redirect_stdout(io.StringIO()):
            import weasyprint
    except OSError:
        # A system whose libraries carry other sonames: the slow search finds them.
        for name in [name for name in sys.modules if name.startswith("weasyprint")]:
            del sys.modules[name]
        ctypes.util.find_library = search
        import weasyprint
    finally:
        ctypes.util.find_library = search
    return weasyprint


def _not_searched(name: str) -> None:
    return None
