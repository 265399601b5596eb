"""Delete the password-less accounts of workshop guests whose access has expired.

Also run by itself when a workshop starts or ends, so no cron job is needed; this
command is for a server where no workshop has run for a while.
"""

from django.core.management.base import BaseCommand

from maps.workshops import prune_guests


class Command(BaseCommand):
    help = "Delete guest accounts none of whose workshop passes is valid any more."

    def handle(self, *args, **options) -> None:
        deleted = prune_guests()
        self.stdout.write(f"{deleted} expired guest account(s) deleted.")
