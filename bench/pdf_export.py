"""PDF export benchmark: time and peak memory of a large map's PDF, Chromium as the peer,
and other people's edits while a PDF renders.

    python bench/pdf_export.py [--runs N] [--no-chromium] [--edit-turns N]

Builds, in a throwaway SQLite database, the big map of ``bench/map_page.py``
(12 stages, 8 lanes, 400 cards, 3 touchpoints a stage) and exports it, every
section included, at A3 fit and at A4 tiled; and the same map with 1,600
cards at A3 fit (over the default card limit, raised for the benchmark).

Each export runs in a fresh Python process, as a server worker would: Django
set up, WeasyPrint imported and a small map's PDF rendered first with the
same options (fonts found, caches warm: a worker that has served one export),
then the big map's PDF is timed, wall clock and CPU time of the process. The process's peak resident
memory (``ru_maxrss``, read by the parent through ``wait4``) is the figure
for memory: Django, WeasyPrint and the export together. The median of N
processes is printed for both.

The child process column is the export as the server makes it for a page
(``maps.export.bounded.render_in_child``, at nice 0 here: the renderer's
speed, not the scheduler's): the print HTML rendered in the
process, WeasyPrint run in a fresh child process under the memory limit of
``PARCOURS_PDF_MEMORY_MB`` and the timeout. Its time includes starting Python
and importing WeasyPrint in the child, with cold caches (fonts looked up
again): the price of the bounds. Its CPU time (the child's, from
``RUSAGE_CHILDREN``) is steadier than wall clock on a busy machine. Its peak
memory is the child's own (its ``VmHWM``, which it reports; ``wait4`` would
also count the parent's memory, shared until ``exec``).

The cached re-export is ``maps.export.cache.pdf_for`` called again on the
unchanged map (Django's local-memory cache, as configured by default).

The peer is Chromium's own printing (``--headless --print-to-pdf``) of the
same HTML and stylesheet, launched like the browser tests launch it. Its time
includes starting the browser; its memory is the largest of its processes
(Chromium runs several), as ``wait4`` reports it for the process tree.
Last, ``bench/edits_during_export.py``: the app under uvicorn, one writer
editing a small map while, in turns, nothing else runs or the 400-card map's
A3 PDF is prepared through the export page; once with the renderer at the
default niceness (``PARCOURS_PDF_NICE``, 10), once at 0 (as before).
Results are recorded in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import configure_django, facilitator_in_a_workspace
from edits_during_export import EDIT_GAP_NOTE, measure, p95

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--no-pdf-header-footer",
]
# (paper, layout, cards, budget in seconds): issue 13's budgets.
CASES = [("A3", "fit", 400, 1.2), ("A4", "tile", 400, 3.0), ("A3", "fit", 1600, 3.0)]
BUDGET_MB = 250
# Other people's edits may be this much slower at p95 while a PDF renders.
EDIT_SLOWDOWN = 1.20


def build(database: Path) -> tuple[dict[int, int], object, object]:
    """The database and the big maps; returns their ids by card count, a facilitator and
    the small map their edits go to while a PDF renders."""
    from maps.sample import build_map

    workspace, facilitator = facilitator_in_a_workspace()
    # Exported first by each process: a worker that has served one export before.
    small = build_map(
        workspace, stages=2, lanes=2, cards=4, title="Bench : mise en route", author=facilitator
    )
    maps = {}
    for cards in sorted({case[2] for case in CASES}):
        maps[cards] = build_map(
            workspace,
            stages=12,
            lanes=8,
            cards=cards,
            touchpoints_per_stage=3,
            title=f"Bench : 12 étapes, 8 lignes, {cards} post-it",
            author=facilitator,
        ).pk
    return maps, facilitator, small


def child(map_id: int, paper: str, layout: str) -> None:
    """One export in this process; prints its figures as JSON for the parent."""
    from django.utils import translation

    from maps.export import bounded, cache
    from maps.export.options import PdfOptions
    from maps.export.pdf import render_document, render_html
    from maps.models import JourneyMap

    translation.activate("fr")
    journey_map = JourneyMap.objects.get(pk=map_id)
    options = PdfOptions(paper=paper, layout=layout)
    render_document(JourneyMap.objects.get(title="Bench : mise en route"), options)  # warm-up
    start = time.perf_counter()
    cpu = time.process_time()
    content, pages = render_document(journey_map, options)
    seconds = time.perf_counter() - start
    cpu_seconds = time.process_time() - cpu
    # As the server renders for a page: the HTML here, WeasyPrint in a child process under
    # its time and memory bounds (maps.export.bounded). Its peak memory is the child's.
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    in_child = bounded.render_in_child(render_html(journey_map, options))
    child_seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    # CPU time is steadier than wall clock on a busy machine: the overhead shows there.
    child_cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    child_peak_mb = in_child.peak_mb
    assert in_child.pages == pages and in_child.content.startswith(b"%PDF")
    cache.pdf_for(journey_map, options)  # fills the cache (renders once more)
    cached = []
    for _ in range(20):
        journey_map = JourneyMap.objects.get(pk=map_id)
        start = time.perf_counter()
        assert cache.pdf_for(journey_map, options).from_cache
        cached.append((time.perf_counter() - start) * 1000)
    print(
        json.dumps(
            {
                "seconds": seconds,
                "cpu_seconds": cpu_seconds,
                "pages": pages,
                "bytes": len(content),
                "cached_ms": statistics.median(cached),
                "child_seconds": child_seconds,
                "child_cpu_seconds": child_cpu,
                "child_peak_mb": child_peak_mb,
            }
        )
    )


def run_child(database: Path, map_id: int, paper: str, layout: str) -> dict:
    command = [sys.executable, __file__, "--child", str(map_id), paper, layout, str(database)]
    # The renderer's own speed: at nice 0, not at the mercy of what else runs here.
    env = {**os.environ, "PARCOURS_PDF_NICE": "0"}
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env)
    _pid, status, usage = os.wait4(process.pid, 0)
    output = process.stdout.read()
    process.stdout.close()
    if status != 0:
        sys.exit(f"the export process failed: {command}")
    figures = json.loads(output.strip().splitlines()[-1])
    figures["peak_mb"] = usage.ru_maxrss / 1024  # kilobytes on Linux
    return figures


def chromium(database: Path, map_id: int, paper: str, layout: str, workdir: Path) -> dict:
    """Chromium printing the same HTML, in its own process tree."""
    from django.utils import translation

    from maps.export.options import PdfOptions
    from maps.export.pdf import render_html
    from maps.models import JourneyMap

    with translation.override("fr"):
        journey_map = JourneyMap.objects.get(pk=map_id)
        html = render_html(journey_map, PdfOptions(paper=paper, layout=layout))
    source = workdir / f"{paper}-{layout}.html"
    source.write_text(html, encoding="utf-8")
    output = workdir / f"{paper}-{layout}-chromium.pdf"
    command = [
        str(CHROMIUM),
        *CHROMIUM_ARGS,
        f"--user-data-dir={workdir / 'profile'}",
        f"--print-to-pdf={output}",
        source.as_uri(),
    ]
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _pid, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    if status != 0 or not output.exists():
        sys.exit(f"Chromium failed: {command}")
    # Linux reports the largest process of the waited tree: Chromium's biggest one.
    peak_mb = usage.ru_maxrss / 1024
    return {"seconds": seconds, "peak_mb": peak_mb, "bytes": output.stat().st_size}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="export processes per case")
    parser.add_argument("--no-chromium", action="store_true", help="skip the Chromium peer")
    parser.add_argument(
        "--edit-turns",
        type=int,
        default=5,
        help="turns of quiet edits then edits during an export (0: skip the server part)",
    )
    parser.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        map_id, paper, layout, database = args.child
        configure_django(Path(database))
        child(int(map_id), paper, layout)
        return 0
    if args.runs < 1:
        parser.error("--runs must be at least 1")

    with tempfile.TemporaryDirectory(prefix="parcours-bench-") as directory:
        workdir = Path(directory)
        database = workdir / "bench.sqlite3"
        # 1,600 cards is over the default limit (1,500) that the server refuses at.
        env = configure_django(database, PARCOURS_MAX_CARDS="2000")
        maps, facilitator, small = build(database)
        load = os.getloadavg()
        rows = []
        for paper, layout, cards, budget in CASES:
            map_id = maps[cards]
            runs = [run_child(database, map_id, paper, layout) for _ in range(args.runs)]
            peer = None
            if not args.no_chromium:
                if not CHROMIUM.exists():
                    sys.exit(f"{CHROMIUM} is missing (make system-packages), or use --no-chromium")
                peers = [
                    chromium(database, map_id, paper, layout, workdir) for _ in range(args.runs)
                ]
                peer = {
                    "seconds": statistics.median(p["seconds"] for p in peers),
                    "peak_mb": max(p["peak_mb"] for p in peers),
                }
            rows.append((paper, layout, cards, budget, runs, peer))
        edits = []
        if args.edit_turns:
            edits = edits_while_exporting(env, maps[400], facilitator, small, args.edit_turns)

        import django
        import weasyprint

        print(
            f"Python {platform.python_version()}, Django {django.get_version()}, "
            f"WeasyPrint {weasyprint.__version__}, {os.cpu_count()} CPUs, {platform.machine()}"
        )
        print("Load average before the runs: {:.2f} {:.2f} {:.2f}".format(*load))
        print(f"Maps: 12 stages, 8 lanes, 36 touchpoints; {args.runs} runs a case\n")
        print(
            "| export | cards | pages | PDF KB | median s | CPU s | peak MB | cached ms "
            "| child process s | child CPU s | child peak MB "
            "| Chromium s | Chromium peak MB | WeasyPrint / Chromium | budget s |"
        )
        print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        within = True
        for paper, layout, cards, budget, runs, peer in rows:
            seconds = statistics.median(r["seconds"] for r in runs)
            cpu = statistics.median(r["cpu_seconds"] for r in runs)
            peak = statistics.median(r["peak_mb"] for r in runs)
            cached = statistics.median(r["cached_ms"] for r in runs)
            child_s = statistics.median(r["child_seconds"] for r in runs)
            child_mb = statistics.median(r["child_peak_mb"] for r in runs)
            child_cpu = statistics.median(r["child_cpu_seconds"] for r in runs)
            within &= child_s <= budget and child_mb <= BUDGET_MB
            peer_cells = (
                f"{peer['seconds']:.2f} | {peer['peak_mb']:.0f} | {seconds / peer['seconds']:.2f}"
                if peer
                else "– | – | –"
            )
            print(
                f"| {paper} {layout} | {cards} | {runs[0]['pages']} "
                f"| {runs[0]['bytes'] / 1024:.0f} "
                f"| {seconds:.2f} | {cpu:.2f} | {peak:.0f} | {cached:.1f} "
                f"| {child_s:.2f} | {child_cpu:.2f} | {child_mb:.0f} | {peer_cells} | {budget} |"
            )
        if edits:
            print(f"\nEdits of another map while the 400-card A3 PDF renders ({EDIT_GAP_NOTE})\n")
            print(
                "| renderer's nice | edits quiet | p50 ms | p95 ms | edits exporting "
                "| p50 ms | p95 ms | max ms | p95 ratio | export s (page to ready) |"
            )
            print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
            for nice, figures in edits:
                quiet, busy = figures["quiet"], figures["exporting"]
                ratio = p95(busy) / p95(quiet)
                if nice == DEFAULT_NICE:
                    within &= ratio <= EDIT_SLOWDOWN
                print(
                    f"| {nice} | {len(quiet)} | {statistics.median(quiet):.1f} "
                    f"| {p95(quiet):.1f} | {len(busy)} | {statistics.median(busy):.1f} "
                    f"| {p95(busy):.1f} | {max(busy):.1f} | {ratio:.2f} "
                    f"| {statistics.median(figures['exports']):.2f} |"
                )
        verdict = "yes" if within else "NO"
        print(
            f"\nWithin the budgets (child process time, {BUDGET_MB} MB, "
            f"edits p95 × {EDIT_SLOWDOWN}): {verdict}"
        )
        return 0 if within else 1


DEFAULT_NICE = 10


def edits_while_exporting(env: dict, big_id: int, facilitator, small, turns: int) -> list:
    """The edit latencies quiet and while exporting, with the renderer niced and not."""
    from django.conf import settings
    from django.test import Client

    from maps.models import Card

    client = Client()
    client.force_login(facilitator)
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    small_card = (small.pk, Card.objects.filter(journey_map=small).order_by("pk").first())
    big_card = (big_id, Card.objects.filter(journey_map_id=big_id).order_by("pk").first())
    options = {
        "paper": "A3",
        "layout": "fit",
        "sections": ["cover", "personas", "grid", "curve", "pain_points", "actions"],
    }
    results = []
    for nice in (0, DEFAULT_NICE):
        server_env = {**env, "PARCOURS_PDF_NICE": str(nice)}
        results.append((nice, measure(server_env, cookie, small_card, big_card, turns, options)))
        # The next server starts from the versions this one left.
        small_card = (small.pk, Card.objects.get(pk=small_card[1].pk))
        big_card = (big_id, Card.objects.get(pk=big_card[1].pk))
    return results


if __name__ == "__main__":
    sys.exit(main())
