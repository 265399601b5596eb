"""What the benchmarks share: a throwaway database, Django set up on it, a facilitator."""

from __future__ import annotations

import os
import secrets
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def configure_django(database: Path, **env: str) -> dict[str, str]:
    """Point the project at ``database`` and set Django up; all of it must happen before
    ``django.setup()``. Returns the environment it set, for server processes to share."""
    sys.path.insert(0, str(ROOT))
    settings = {
        "DJANGO_SETTINGS_MODULE": "journeymap.settings",
        "DATABASE_URL": f"sqlite:///{database}",
        # As in production: DEBUG off, hence the cached template loader.
        "DEBUG": "false",
        # DEBUG off needs a key; server processes get the same one through ``env``.
        "SECRET_KEY": secrets.token_urlsafe(40),
        **env,
    }
    os.environ.update(settings)
    import django

    django.setup()
    return settings


def facilitator_in_a_workspace():
    """Migrate the throwaway database; a workspace and a facilitator of it."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from workspaces.models import Membership, Role, Workspace

    call_command("migrate", verbosity=0)
    workspace = Workspace.objects.create(name="Bench")
    facilitator = get_user_model().objects.create_user("bench-facilitator")
    Membership.objects.create(workspace=workspace, user=facilitator, role=Role.FACILITATOR)
    return workspace, facilitator


def in_a_throwaway_database(run: Callable[[], int], **env: str) -> int:
    """Run ``run`` on a fresh SQLite database that is deleted afterwards."""
    with tempfile.TemporaryDirectory(prefix="parcours-bench-") as directory:
        configure_django(Path(directory) / "bench.sqlite3", **env)
        try:
            return run()
        finally:
            from django.db import connections

            connections.close_all()
