"""``python manage.py export_map MAP_ID [-o FILE]``: the map as JSON (stdout without -o)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from maps.export.json_format import dumps
from maps.models import JourneyMap


class Command(BaseCommand):
    help = "Exports a journey map to JSON, losslessly; import_map reads it back."

    def add_arguments(self, parser):
        parser.add_argument("map_id", type=int)
        parser.add_argument("-o", "--output", help="The JSON file to write (default: stdout).")

    def handle(self, *args, map_id: int, output: str | None, **options):
        journey_map = JourneyMap.objects.filter(pk=map_id).first()
        if journey_map is None:
            raise CommandError(f"No map with id {map_id}.")
        text = dumps(journey_map)
        if output:
            Path(output).write_text(text + "\n", encoding="utf-8")
            self.stderr.write(f"{output}: map {map_id} exported")
        else:
            self.stdout.write(text)
