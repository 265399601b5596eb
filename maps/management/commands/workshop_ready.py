"""Refuses a workshop on the network while the demo accounts keep their published password.

``make workshop`` runs it before serving on the local network: the demo's
facilitator is a Django admin, and its password is printed in the README.
"""

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from maps.demo_content import ACCOUNTS, PASSWORD


def accounts_with_published_password() -> list[str]:
    names = [account["username"] for account in ACCOUNTS]
    users = get_user_model().objects.filter(username__in=names, is_active=True)
    return sorted(user.get_username() for user in users if user.check_password(PASSWORD))


class Command(BaseCommand):
    help = "Checks that nobody on the network can log in with a published demo password."

    def handle(self, *args: Any, **options: Any) -> None:
        exposed = accounts_with_published_password()
        if exposed:
            commands = "\n".join(
                f"  .venv/bin/python manage.py changepassword {name}" for name in exposed
            )
            raise CommandError(
                f"The demo accounts {', '.join(exposed)} still have the password printed in "
                "the README: anyone on the room's network could log in as them (the "
                "facilitator is an administrator). Give each a password of your own, then "
                f"start again:\n{commands}"
            )
        if not get_user_model().objects.filter(is_active=True).exists():
            self.stderr.write(
                "No account can log in yet: create one with "
                "`.venv/bin/python manage.py createsuperuser`, or load the demo with "
                "`make run` and change its passwords."
            )
