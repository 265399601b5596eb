"""Production settings pass ``manage.py check --deploy`` without a single warning."""

import os
import secrets
import subprocess
import sys

from django.conf import settings

PRODUCTION = {
    "SECRET_KEY": secrets.token_urlsafe(50),
    "SECURE_COOKIES": "true",
    "ALLOWED_HOSTS": "parcours.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://parcours.example.org",
}


def check_deploy(**env) -> subprocess.CompletedProcess:
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "DJANGO_SETTINGS_MODULE", "SECRET_KEY"}
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_the_deploy_check():
    result = check_deploy(**PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_check_does_catch_a_site_without_https():
    # Without SECURE_COOKIES the same check must complain: the test above can fail.
    result = check_deploy(**{**PRODUCTION, "SECURE_COOKIES": "false"})
    assert result.returncode != 0
    assert "SESSION_COOKIE_SECURE" in result.stdout + result.stderr
