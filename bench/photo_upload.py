"""Photo upload benchmark: time and peak memory of checking and re-encoding one photo.

    python bench/photo_upload.py [--runs N]

Each case runs in a fresh Python process (so that its peak resident memory is
its own) and calls ``personas.photos.process_bytes`` on a file made in memory:
phone photos of 12 and 48 megapixels, a 4000 × 3000 PNG, and three files that
must be refused (a 100-megapixel claim, a decompression bomb, a truncated
JPEG). It prints the median time in milliseconds over N runs, the peak
resident memory of the process in MB before the first run (Python, Django,
Pillow and the file read) and at its peak, and the outcome. Results are
recorded in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CASES = ["jpeg-12mp", "jpeg-48mp", "png-12mp", "claims-100mp", "bomb", "truncated"]


def make(case: str) -> bytes:
    from PIL import Image

    from tests.personas.attack_files import jpeg_claiming, png_claiming

    def encoded(size, fmt):
        # Noise compresses like a real photo; a flat colour would flatter the figures.
        image = Image.effect_noise(size, 64).convert("RGB")
        buffer = io.BytesIO()
        image.save(buffer, format=fmt, quality=90)
        return buffer.getvalue()

    return {
        "jpeg-12mp": lambda: encoded((4000, 3000), "JPEG"),
        "jpeg-48mp": lambda: encoded((8000, 6000), "JPEG"),
        "png-12mp": lambda: encoded((4000, 3000), "PNG"),
        "claims-100mp": lambda: jpeg_claiming(10_000, 10_000),
        "bomb": lambda: png_claiming(40_000, 40_000),
        "truncated": lambda: encoded((4000, 3000), "JPEG")[:400_000],
    }[case]()


def memory_mb(field: str) -> float:
    """From /proc (Linux): VmHWM is this process's peak resident memory since its exec.

    getrusage's ru_maxrss would also count the parent's memory at fork time.
    """
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"{field} not in /proc/self/status")


def run_case(case: str, path: Path, runs: int) -> dict:
    import django

    django.setup()
    from personas import photos

    data = path.read_bytes()
    baseline = memory_mb("VmHWM")
    times, outcome = [], ""
    for _ in range(runs):
        start = time.perf_counter()
        try:
            photo = photos.process_bytes(data)
            outcome = f"stored {photo.width}×{photo.height}, {len(photo.content) // 1024} KB"
        except photos.PhotoRefused as refused:
            outcome = f"refused: {str(refused)[:48]}…"
        times.append((time.perf_counter() - start) * 1000)
    peak = memory_mb("VmHWM")
    return {
        "case": case,
        "input_kb": len(data) // 1024,
        "median_ms": statistics.median(times),
        "peak_mb": peak,
        "baseline_mb": baseline,
        "outcome": outcome,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--case", choices=CASES)
    parser.add_argument("--file", type=Path)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "journeymap.settings")
    # DEBUG is off here, as in production, which needs a key (read by the children too).
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(40))
    if args.case:
        print(json.dumps(run_case(args.case, args.file, args.runs)))
        return
    # The files are made here, so that the children's memory is the upload's alone.
    folder = Path(tempfile.mkdtemp(prefix="parcours-bench-"))
    print(
        f"Python {platform.python_version()}, {os.cpu_count()} CPUs, "
        f"load {os.getloadavg()[0]:.2f}, {args.runs} runs a case"
    )
    print(f"{'case':<14}{'input':>10}{'median':>10}{'before':>9}{'peak RSS':>10}  outcome")
    for case in CASES:
        path = folder / case
        path.write_bytes(make(case))
        child = subprocess.run(
            [
                sys.executable,
                __file__,
                "--case",
                case,
                "--file",
                str(path),
                "--runs",
                str(args.runs),
            ],
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
        )
        path.unlink()
        r = json.loads(child.stdout.strip().splitlines()[-1])
        print(
            f"{r['case']:<14}{r['input_kb']:>7} KB{r['median_ms']:>7.0f} ms"
            f"{r['baseline_mb']:>6.0f} MB{r['peak_mb']:>7.0f} MB  {r['outcome']}"
        )
    folder.rmdir()


if __name__ == "__main__":
    main()
