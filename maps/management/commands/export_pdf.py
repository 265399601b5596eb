"""``python manage.py export_pdf MAP_ID -o FILE [--paper A3] [--tile] [--sections ...]``."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from maps.export.options import DEFAULT_PAPER, FIT, PAPERS, SECTION_KEYS, TILE, PdfOptions
from maps.export.pdf import render_document
from maps.models import JourneyMap


class Command(BaseCommand):
    help = "Exports a journey map to PDF, as the Export page does."

    def add_arguments(self, parser):
        parser.add_argument("map_id", type=int)
        parser.add_argument("-o", "--output", required=True, help="The PDF file to write.")
        parser.add_argument("--paper", choices=sorted(PAPERS), default=DEFAULT_PAPER)
        parser.add_argument(
            "--tile", action="store_true", help="Tile wide maps across pages (default: fit)."
        )
        parser.add_argument(
            "--sections",
            default=",".join(SECTION_KEYS),
            help=f"Comma-separated, among: {', '.join(SECTION_KEYS)}.",
        )
        parser.add_argument("--language", default="fr", choices=["fr", "en"])

    def handle(self, *args, map_id: int, output: str, paper: str, tile: bool, **options):
        journey_map = JourneyMap.objects.filter(pk=map_id).first()
        if journey_map is None:
            raise CommandError(f"No map with id {map_id}.")
        sections = tuple(s.strip() for s in options["sections"].split(",") if s.strip())
        try:
            pdf_options = PdfOptions(paper=paper, layout=TILE if tile else FIT, sections=sections)
        except ValueError as error:
            raise CommandError(str(error)) from None
        with translation.override(options["language"]):
            content, pages = render_document(journey_map, pdf_options)
        Path(output).write_bytes(content)
        self.stdout.write(f"{output}: {pages} pages, {len(content)} bytes")
