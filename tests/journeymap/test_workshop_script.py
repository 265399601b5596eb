"""`make workshop` (scripts/workshop.py): the address it serves on, the hosts and origins
it allows, the key it keeps, and a real start on 127.0.0.1 with DEBUG off."""

import importlib.util
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

from tests.asgi_server import free_port

SCRIPT = Path(settings.BASE_DIR) / "scripts" / "workshop.py"
spec = importlib.util.spec_from_file_location("workshop", SCRIPT)
workshop = importlib.util.module_from_spec(spec)
spec.loader.exec_module(workshop)


def test_it_serves_on_the_address_the_network_would_use():
    assert workshop.choose_address(lambda: "192.168.1.20") == ("192.168.1.20", None)


@pytest.mark.parametrize("found", [None, "127.0.0.1", "127.0.1.1", "169.254.3.4", "0.0.0.0"])
def test_without_a_network_address_it_falls_back_to_loopback_and_says_why(found):
    address, warning = workshop.choose_address(lambda: found)
    assert address == "127.0.0.1"
    assert "phones cannot join" in warning


def test_it_refuses_to_serve_on_every_address_at_once(capsys):
    # The join link needs the one address phones will use.
    with pytest.raises(SystemExit):
        workshop.main(["--host", "0.0.0.0"])
    assert "not 0.0.0.0" in capsys.readouterr().err


def test_the_public_url_is_the_address_and_port_guests_use():
    assert workshop.public_url("192.168.1.20", 8000) == "http://192.168.1.20:8000"
    assert workshop.public_url("fd00::5", 8080) == "http://[fd00::5]:8080"


def test_the_address_and_loopback_are_allowed_hosts_and_trusted_origins():
    assert workshop.allowed_hosts("10.0.0.7") == ["10.0.0.7", "127.0.0.1", "localhost", "[::1]"]
    assert workshop.csrf_trusted_origins("10.0.0.7", 8000) == [
        "http://10.0.0.7:8000",
        "http://127.0.0.1:8000",
        "http://localhost:8000",
        "http://[::1]:8000",
    ]
    assert workshop.allowed_hosts("127.0.0.1") == ["127.0.0.1", "localhost", "[::1]"]


def test_the_server_runs_with_debug_off_and_the_public_url():
    env = workshop.server_environment("192.168.1.20", 8000, "k" * 50)
    assert env["DEBUG"] == "false"
    assert env["SECRET_KEY"] == "k" * 50
    assert env["PUBLIC_URL"] == "http://192.168.1.20:8000"
    assert env["ALLOWED_HOSTS"].split(",")[0] == "192.168.1.20"
    assert "http://192.168.1.20:8000" in env["CSRF_TRUSTED_ORIGINS"].split(",")


def test_the_secret_key_is_made_once_then_reused(tmp_path):
    path = tmp_path / ".secret_key"
    first = workshop.secret_key(path)
    assert len(first) >= 50
    assert workshop.secret_key(path) == first
    assert path.stat().st_mode & 0o077 == 0  # readable by its owner only


def test_the_key_file_is_ignored_by_git():
    result = subprocess.run(
        ["git", "check-ignore", "-q", ".secret_key"], cwd=settings.BASE_DIR, check=False
    )
    assert result.returncode == 0


def test_the_settings_read_the_public_url_without_a_trailing_slash():
    result = subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; print(settings.PUBLIC_URL)"],
        cwd=settings.BASE_DIR,
        env={**os.environ, "PUBLIC_URL": "http://192.168.1.20:8000/"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "http://192.168.1.20:8000"


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_it_starts_and_serves_pages_and_static_files_with_debug_off(tmp_path):
    # On 127.0.0.1 only: a test never sends anything to another address.
    port = free_port()
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "SECRET_KEY", "DJANGO_SETTINGS_MODULE", "PUBLIC_URL"}
    }
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'workshop.sqlite3'}"
    server = subprocess.Popen(
        [
            sys.executable,
            str(SCRIPT),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--secret-key-file",
            str(tmp_path / ".secret_key"),
        ],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                status, page = get(f"http://127.0.0.1:{port}/login/")
                break
            except OSError:
                assert server.poll() is None, server.stdout.read()
                assert time.monotonic() < deadline, "the workshop server did not start"
                time.sleep(0.2)
        assert status == 200
        assert 'name="csrfmiddlewaretoken"' in page
        status, _css = get(f"http://127.0.0.1:{port}/static/css/parcours.css")
        assert status == 200
        # DEBUG is off: an unknown page is the friendly 404, not Django's URL list.
        status, page = get(f"http://127.0.0.1:{port}/no-such-page/")
        assert status == 404
        assert "URLconf" not in page
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=20)
    assert f"http://127.0.0.1:{port}" in output
    assert "loopback address: phones cannot join" in output
