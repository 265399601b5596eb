"""With DEBUG off, the app refuses to start without a SECRET_KEY of its own."""

import os
import subprocess
import sys

from django.conf import settings


def run(*command: str, **env: str) -> subprocess.CompletedProcess:
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "DJANGO_SETTINGS_MODULE", "SECRET_KEY"}
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, *command],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_checks_refuse_to_run_with_debug_off_and_no_secret_key():
    result = run("manage.py", "check", DEBUG="false")
    assert result.returncode != 0
    assert "SECRET_KEY is not set, and DEBUG is off" in result.stderr


def test_the_asgi_application_refuses_to_load_with_debug_off_and_no_secret_key():
    # What uvicorn imports: a server started this way stops before serving anything.
    result = run("-c", "import journeymap.asgi")
    assert result.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY is not set" in result.stderr


def test_development_runs_without_a_secret_key():
    result = run("manage.py", "check", DEBUG="true")
    assert result.returncode == 0, result.stderr


def test_production_runs_with_a_secret_key():
    result = run("manage.py", "check", DEBUG="false", SECRET_KEY="x" * 50)
    assert result.returncode == 0, result.stderr
