"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

Run them in their own pytest invocation (``make browser``): Playwright's sync
API keeps an event loop running in the main thread, which Django's
async-safety check would otherwise take for an async context.

Pages are French, as most users see them (the browser is French too);
selectors use ids, classes and roles, never visible text, so they hold in
either language.
"""

import os
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from importlib import import_module
from pathlib import Path
from typing import TypeVar

import pytest
from django.apps import apps as django_apps
from django.conf import settings
from django.db import connection
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.asgi_server import AsgiLiveServer
from tests.conftest import PASSWORD

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(settings.BASE_DIR) / "artifacts" / "screenshots"
BROWSER_DIR = Path(__file__).parent
# How long a person would wait on a busy machine (both cores taken by other work): only
# a failing test waits this long, a passing one goes on as soon as the page shows it.
TIMEOUT_MS = 20_000
# A change made in one tab reaches the others over the socket: the same patience.
LIVE_TIMEOUT_MS = TIMEOUT_MS
# A PDF is rendered in a child process bounded to 60 s; the page shows its progress.
PDF_TIMEOUT_MS = 90_000

T = TypeVar("T")


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    # A conftest hook sees every collected item, not only this folder's: filter
    # by path. tryfirst, so that `-m "not browser"` deselects them afterwards.
    for item in items:
        if BROWSER_DIR in item.path.parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session", autouse=True)
def _allow_orm_beside_playwright() -> Iterator[None]:
    """Playwright's sync API runs an event loop in the main thread; without this the ORM
    calls of fixtures and of pytest-django's flush would refuse to run beside it.

    Set for this folder's tests only, not at import: `make unit` imports this conftest
    too, and there the check must keep catching ORM calls made from async code.
    """
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if previous is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium: Playwright cannot download its own browser here."""
    if not CHROMIUM.exists():
        reason = (
            f"{CHROMIUM} is missing: install Debian's `chromium` package "
            "(make system-packages) to run the browser tests."
        )
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(scope="session")
def live_server(django_db_setup, django_db_blocker) -> Iterator[AsgiLiveServer]:
    """The whole app over ASGI (pages and WebSockets), replacing pytest-django's WSGI one."""
    with django_db_blocker.unblock():
        server = AsgiLiveServer().start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def base_url(live_server) -> str:
    """Pages open with paths relative to the live server (``page.goto("/maps/")``)."""
    return live_server.url


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # A French workshop laptop; the app is French first whatever the browser says.
    return {**browser_context_args, "locale": "fr-FR", "timezone_id": "Europe/Paris"}


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings) -> None:
    """A test database file of its own, on disk.

    Django's default SQLite test database is in memory with a shared cache, where
    a write locks whole tables and readers in other threads fail at once ("database
    table is locked") instead of waiting: the ASGI server's threads (votes, presence)
    and the test's own queries would trip over each other. On disk, with WAL, they
    wait their turn. A name of its own, so `make unit` can run beside.
    """
    for db_settings in settings.DATABASES.values():
        if db_settings["ENGINE"] == "django.db.backends.sqlite3":
            test = db_settings.setdefault("TEST", {})
            test["NAME"] = str(Path(settings.BASE_DIR) / "test-db.sqlite3-browser")


@pytest.fixture(autouse=True)
def _browser_database(transactional_db) -> None:
    """Data the live server thread can see, with the journey types the migrations seed.

    The live server reads the test's data only outside a transaction, and each
    test ends with a flush, which empties the seeded journey types too.
    ``serialized_rollback`` cannot put them back here: once Playwright runs its
    event loop in the main thread, Django hands that thread a fresh connection
    object, without the serialized contents saved at set-up. So seed again.
    """
    seed_journey_types = import_module("maps.migrations.0002_seed_journey_types").seed
    seed_journey_types(django_apps, schema_editor=None)


@pytest.fixture(autouse=True)
def _sockets_closed_before_the_flush(_browser_database) -> Iterator[None]:
    """Pages close their map sockets when the test ends; the server still says goodbye
    (it deletes their presence rows). Wait for that before the database is flushed and
    closed to the server's threads."""
    yield
    from maps.models import Presence

    deadline = time.monotonic() + 5
    while Presence.objects.exists() and time.monotonic() < deadline:
        time.sleep(0.05)


def wait_until(page: Page, expression: str, arg=None, timeout_ms: int = TIMEOUT_MS) -> None:
    """Wait until a JavaScript expression about the page is true.

    Asked from the test's side, like ``page.evaluate``: Playwright's own
    ``wait_for_function`` compiles its predicate inside the page, which the page's
    CSP (no 'unsafe-eval') refuses as soon as the answer is not there at once.
    """
    deadline = time.monotonic() + timeout_ms / 1000
    while not page.evaluate(expression, arg):
        if time.monotonic() > deadline:
            raise AssertionError(f"Still false after {timeout_ms} ms: {expression}")
        page.wait_for_timeout(50)


def outside_the_event_loop(function: Callable[..., T], /, *args, **kwargs) -> T:
    """Run a service from a thread of its own, as a request would.

    Playwright's sync API keeps an event loop running in the test's thread, where a
    service's live push (``async_to_sync``) refuses to run: the change would be saved
    but not pushed, and the log would say so.
    """

    def run() -> T:
        try:
            return function(*args, **kwargs)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(run).result()


@pytest.fixture
def workshop(journey_map, owner):
    from maps.workshops import workshop_start

    return outside_the_event_loop(workshop_start, user=owner, map_id=journey_map.pk)


@pytest.fixture(scope="session", autouse=True)
def _expect_timeout() -> None:
    expect.set_options(timeout=TIMEOUT_MS)


def watch_page(page: Page) -> list[str]:
    """Collect JavaScript errors and server errors; tests assert the list stays empty."""
    problems: list[str] = []
    page.set_default_timeout(TIMEOUT_MS)
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))

    def on_console(message) -> None:
        # Chromium asks for /favicon.ico on its own; the app has none yet.
        if message.type == "error" and "favicon.ico" not in message.location.get("url", ""):
            problems.append(f"console error: {message.text} ({message.location.get('url')})")

    def on_response(response) -> None:
        if response.status >= 500:
            problems.append(f"HTTP {response.status} on {response.request.method} {response.url}")

    page.on("console", on_console)
    page.on("response", on_response)
    return problems


@pytest.fixture
def login() -> Callable[[Page, object], Page]:
    """Log ``user`` in through the real login form; the page lands on the map list."""

    def log_in(page: Page, user) -> Page:
        page.goto("/login/")
        page.locator("#id_username").fill(user.get_username())
        page.locator("#id_password").fill(PASSWORD)
        page.locator(".login-box form button[type=submit]").click()
        expect(page.locator(".site-nav")).to_be_visible()
        return page

    return log_in


@pytest.fixture
def logged_in_page(page: Page, login, owner) -> Page:
    """The owner, a facilitator of ``workspace``, logged in."""
    page.problems = watch_page(page)
    return login(page, owner)


@pytest.fixture
def user_page(browser: Browser, browser_context_args, login) -> Iterator[Callable[..., Page]]:
    """A page in a fresh browser context (own cookies) per user: several users at once."""
    contexts: list[BrowserContext] = []

    def open_page(user, **context_args) -> Page:
        context = browser.new_context(**{**browser_context_args, **context_args})
        contexts.append(context)
        page = context.new_page()
        page.problems = watch_page(page)
        return login(page, user)

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def screenshot() -> Callable[[Page, str], Path]:
    """Save a screenshot into artifacts/screenshots/ (gitignored) for a human to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(page: Page, name: str, *, full_page: bool = True) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=full_page, animations="disabled")
        return path

    return take
