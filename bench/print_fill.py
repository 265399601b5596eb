"""How well the PDF export fills its pages, every default section printed.

    python bench/print_fill.py [--png DIR]

Builds, in a throwaway SQLite database, the demo maps (``load_demo``) and the 4-stage
and 10-stage sample maps, as tests/maps/test_export_pdf_sections_fit.py has them (the
baguette and the 4-stage map with a short action plan), exports each with every default
section ("fit", in French) at A4 and A3, and prints per document: its pages, the
smallest type on any page, and how much of each page but the last holds text (its
content box, from the top down to the lowest line, read back from the PDF by
tests/maps/pdf_text.py). With ``--png DIR`` it also writes the PDFs and their pages as
PNGs at 50 dpi (``pdftoppm``, Debian's poppler-utils) into DIR, to look at.
Results are recorded in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import io
import subprocess
import sys
from pathlib import Path

from common import facilitator_in_a_workspace, in_a_throwaway_database

PAPERS = ("A4", "A3")


def with_plan(journey_map, count: int = 4) -> None:
    """A short action plan, each action answering a pain point: the section after them."""
    from maps.models import Action, Card, LaneKind

    pains = Card.objects.filter(lane__journey_map=journey_map, lane__kind=LaneKind.PAIN_POINTS)
    for number, card in enumerate(pains[:count], start=1):
        Action.objects.create(
            journey_map=journey_map,
            title=f"Action {number} : afficher l'attente en caisse",
            owner="Équipe magasin",
            source_card=card,
        )


def maps():
    from django.core.management import call_command

    from maps.models import JourneyMap
    from maps.sample import build_map

    workspace, _facilitator = facilitator_in_a_workspace()
    call_command("load_demo", stdout=io.StringIO())
    demo = list(JourneyMap.objects.filter(workspace__name__icontains="démo").order_by("pk"))
    with_plan(demo[0])  # the baguette, as tests/maps/test_export_pdf_sections_fit.py has it
    four = build_map(workspace, stages=4, lanes=5, cards=20, title="4 étapes")
    with_plan(four)
    ten = build_map(
        workspace, stages=10, lanes=6, cards=60, touchpoints_per_stage=2, title="10 étapes"
    )
    return [*demo, four, ten]


def measure(png: Path | None) -> int:
    from django.utils import translation

    from maps.export.layout import MARGIN
    from maps.export.options import PdfOptions
    from maps.export.pdf import render_document
    from tests.maps.pdf_text import filled_fraction, text_runs

    print("| map | paper | pages | smallest type | pages filled, but the last | emptiest |")
    print("|---|---|---|---|---|---|")
    for number, journey_map in enumerate(maps(), start=1):
        for paper in PAPERS:
            options = PdfOptions(paper=paper)
            with translation.override("fr"):
                content, pages = render_document(journey_map, options)
            runs = text_runs(content)
            top = MARGIN[paper] + 8
            bottom = options.size_mm[1] - MARGIN[paper] - 6
            smallest = min(run.size_pt for page in runs for run in page)
            filled = [filled_fraction(page, top, bottom) for page in runs[:-1]]
            each = " ".join(f"{fraction:.0%}" for fraction in filled) or "—"
            emptiest = f"{min(filled):.0%}" if filled else "—"
            print(
                f"| {journey_map.title} | {paper} | {pages} | {smallest:.1f} pt | {each} "
                f"| {emptiest} |"
            )
            if png:
                stem = png / f"{number}-{paper}"
                stem.with_suffix(".pdf").write_bytes(content)
                subprocess.run(
                    ["pdftoppm", "-r", "50", "-png", str(stem.with_suffix(".pdf")), str(stem)],
                    check=True,
                )
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--png", type=Path, help="Write the PDFs and their pages here.")
    args = parser.parse_args()
    if args.png:
        args.png.mkdir(parents=True, exist_ok=True)
    return in_a_throwaway_database(lambda: measure(args.png))


if __name__ == "__main__":
    sys.exit(main())
