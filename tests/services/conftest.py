"""Tests against the real PostgreSQL and Redis servers, and real server processes.

They run in their own pytest invocation (``make services``) with
``DATABASE_URL`` pointing at PostgreSQL; ``make test`` runs it when the servers
answer, and in CI (``CI=true``) a missing server fails the run.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from tests.asgi_server import free_port

SERVICES_DIR = Path(__file__).parent
ROOT = SERVICES_DIR.parent.parent
IN_CI = os.environ.get("CI", "").lower() == "true"


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    for item in items:
        if SERVICES_DIR in item.path.parents:
            item.add_marker(pytest.mark.services)


def unavailable(reason: str) -> None:
    if IN_CI:
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session", autouse=True)
def _on_postgresql() -> None:
    if connection.vendor != "postgresql":
        unavailable("These tests need PostgreSQL: run them with `make services`.")


@pytest.fixture(scope="session")
def redis_url() -> str:
    url = os.environ.get("REDIS_URL", "")
    if not url:
        unavailable("These tests need Redis: run them with `make services` (REDIS_URL).")
    return url


def wait_for_port(port: int, process: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"The process on port {port} exited with {process.returncode}.")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"Nothing listens on port {port}.")


class ServerProcess:
    """``uvicorn journeymap.asgi:application`` on its own port, on the test database."""

    def __init__(self, redis_url: str, **extra_env: str) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        database = settings.DATABASES["default"]
        env = {
            **os.environ,
            "DATABASE_URL": (
                f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/"
                f"{database['NAME']}"
            ),
            "REDIS_URL": redis_url,
            "SECRET_KEY": settings.SECRET_KEY,
            "ALLOWED_HOSTS": "127.0.0.1",
            "DEBUG": "false",
            **extra_env,
        }
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "journeymap.asgi:application",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
        )
        wait_for_port(self.port, self.process)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


@pytest.fixture
def start_server(redis_url) -> Iterator:
    servers: list[ServerProcess] = []

    def start(url: str | None = None, **env: str) -> ServerProcess:
        server = ServerProcess(url or redis_url, **env)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()
