"""The PDF renderer's own process: ``python -m maps.export.render_child``.

Reads the print HTML on stdin and writes the page count (one line) then the
PDF on stdout. It runs WeasyPrint and nothing of Django (no database, no
settings: the allowed roots come as arguments), under an address-space limit
set before WeasyPrint loads. A map that would take gigabytes or minutes takes
them from this process, which the server kills (``maps.export.bounded``),
never from the server; and WeasyPrint's process-wide settings (it makes
Pillow accept truncated images) stay in here.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
from pathlib import Path

# Exit status for "the memory limit was reached", told apart from other failures.
OUT_OF_MEMORY = 3


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--memory-mb", type=int, default=0, help="address-space limit")
    parser.add_argument("--cpu-seconds", type=int, default=0, help="CPU time limit")
    parser.add_argument("--nice", type=int, default=0, help="lower this process's priority")
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--root", action="append", default=[], help="a folder it may read")
    args = parser.parse_args(argv)
    apply_limits(memory_mb=args.memory_mb, cpu_seconds=args.cpu_seconds)
    if args.nice:
        os.nice(args.nice)
    try:
        html = sys.stdin.buffer.read().decode("utf-8")
        from maps.export.libraries import load_weasyprint

        load_weasyprint()
        from weasyprint import HTML

        from maps.export.fetcher import LockedURLFetcher

        fetcher = LockedURLFetcher([Path(root) for root in args.root])
        document = HTML(string=html, base_url=args.base_url, url_fetcher=fetcher).render()
        content = document.write_pdf()
    except MemoryError:
        sys.stderr.write("out of memory\n")
        return OUT_OF_MEMORY
    out = sys.stdout.buffer
    out.write(f"{len(document.pages)}\n".encode())
    out.write(content)
    out.flush()
    sys.stderr.write(f"peak_kb {peak_kb()}\n")
    return 0


def apply_limits(*, memory_mb: int, cpu_seconds: int) -> None:
    """Bounds the kernel enforces on this process, whatever becomes of the server.

    The server kills the child at its timeout; the CPU limit also ends a child whose
    server died first (a render that hits the memory limit may spin rather than fail).
    """
    if memory_mb:
        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    if cpu_seconds:
        resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 5))


def peak_kb() -> int:
    """This process's peak resident memory (Linux), for the server's log and the benchmark."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
