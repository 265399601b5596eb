"""``python manage.py import_map FILE --workspace ID --user USERNAME``.

The import runs as that user, through the same service as the Import page:
the user must be allowed to create maps in the workspace, and the map's first
event names them.
"""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from maps import services
from maps.export.json_format import ImportRefused
from workspaces.models import Workspace


class Command(BaseCommand):
    help = "Imports a JSON map file as a new map of a workspace."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--workspace", type=int, required=True, help="Workspace id.")
        parser.add_argument("--user", required=True, help="Who imports: a facilitator or admin.")

    def handle(self, *args, file: str, workspace: int, user: str, **options):
        importer = get_user_model().objects.filter(username=user).first()
        if importer is None:
            raise CommandError(f"No user named {user!r}.")
        target = Workspace.objects.filter(pk=workspace).first()
        if target is None:
            raise CommandError(f"No workspace with id {workspace}.")
        try:
            raw = Path(file).read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}") from None
        try:
            journey_map = services.map_import(user=importer, workspace=target, raw=raw)
        except ImportRefused as refused:
            raise CommandError(f"Nothing imported: {refused}") from None
        except PermissionDenied as refused:
            raise CommandError(f"Nothing imported: {refused or 'not allowed'}") from None
        self.stdout.write(f"Imported map {journey_map.pk}: {journey_map.title}")
