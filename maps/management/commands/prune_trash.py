"""Forget the deleted items that have been in the trash longer than ``TRASH_DAYS``.

Also run by itself when a workshop starts or ends (beside ``prune_guests``), so no
cron job is needed; this command is for a server where no workshop has run for a while.
"""

from django.core.management.base import BaseCommand

from maps import trash
from maps.models import TRASH_DAYS


class Command(BaseCommand):
    help = f"Forget deleted items older than {TRASH_DAYS} days: they can no longer be restored."

    def handle(self, *args, **options) -> None:
        forgotten = trash.prune()
        self.stdout.write(f"{forgotten} deleted item(s) forgotten.")
