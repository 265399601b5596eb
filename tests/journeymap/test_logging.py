"""Server log lines: each printed once, and a refused request (403) without a traceback.

Logging is configured by Django at start-up from the settings, so each case runs in
a fresh process with the project's settings, DEBUG on (`make run`) and off.
"""

import functools
import os
import subprocess
import sys

import pytest
from django.conf import settings

SCRIPT = """
import logging
import django
django.setup()
from django.core.exceptions import PermissionDenied
from django.core.handlers.exception import response_for_exception
from django.test import RequestFactory

request = RequestFactory().get("/maps/7/lock/")
print(response_for_exception(request, PermissionDenied("not a facilitator")).status_code)
request = RequestFactory().get("/maps/7/broken/")
try:
    raise RuntimeError("a real bug")
except RuntimeError as bug:  # Django logs the exception being handled, with its traceback.
    print(response_for_exception(request, bug).status_code)
# What runserver (daphne) logs for each request.
logging.getLogger("django.channels.server").info("HTTP GET /maps/7/ 200")
"""


@functools.cache  # one process for each value of DEBUG
def server_log(debug: str) -> str:
    environment = {key: value for key, value in os.environ.items() if key != "DEBUG"}
    environment.update(DEBUG=debug, DJANGO_SETTINGS_MODULE="journeymap.settings")
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.split() == ["403", "500"], result.stderr
    return result.stderr


@pytest.mark.parametrize("debug", ["true", "false"])
def test_each_line_is_printed_once(debug):
    log = server_log(debug)
    assert log.count("Forbidden (Permission denied): /maps/7/lock/") == 1
    assert log.count("Internal Server Error: /maps/7/broken/") == 1
    if debug == "true":
        assert log.count("HTTP GET /maps/7/ 200") == 1


@pytest.mark.parametrize("debug", ["true", "false"])
def test_a_refused_request_prints_one_line_and_no_traceback(debug):
    log = server_log(debug)
    forbidden = log.index("Forbidden (Permission denied)")
    error = log.index("Internal Server Error")
    assert "Traceback" not in log[forbidden:error]
    assert "not a facilitator" not in log


@pytest.mark.parametrize("debug", ["true", "false"])
def test_a_server_error_keeps_its_traceback(debug):
    log = server_log(debug)
    error = log.index("Internal Server Error: /maps/7/broken/")
    assert "Traceback" in log[error:]
    assert log[error:].count("RuntimeError: a real bug") == 1
