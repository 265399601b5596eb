"""What the benchmarks share: a throwaway database, Django set up on it, a facilitator."""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
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


def uvicorn_command(port: int, *, app: str = "journeymap.asgi:application", workers: int = 1):
    """uvicorn as scripts/workshop.py and docs/deploy.md start it."""
    command = [sys.executable, "-m", "uvicorn", app, "--host", "127.0.0.1", "--port", str(port)]
    command += ["--no-access-log", "--lifespan", "off", "--log-level", "warning"]
    return command + (["--workers", str(workers)] if workers > 1 else [])


def start_uvicorn(
    env: dict, port: int, *, app: str = "journeymap.asgi:application", workers: int = 1
) -> subprocess.Popen:
    """A server started with ``uvicorn_command``, once it accepts connections."""
    command = uvicorn_command(port, app=app, workers=workers)
    process = subprocess.Popen(command, cwd=ROOT, env={**os.environ, **env})
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return process
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit("The server did not start.")
