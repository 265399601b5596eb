"""Other people's edits while a PDF renders: the part of bench/pdf_export.py that runs a server.

Starts the app as production does (uvicorn, one process, DEBUG off) on the
benchmark's throwaway database. One writer edits a card of a small map over
HTTP, one edit every ``GAP`` seconds, as htmx posts it; meanwhile, in turns,
nothing else happens (quiet) or a facilitator prepares the big map's PDF
through the export page (POST, then polling its progress as the page does
until it is ready; a card of the big map is edited first so that the PDF is
not in the cache). The edits' latencies are filed by what ran while they were
made, so both sets come from the same minutes of the same machine.
"""

from __future__ import annotations

import http.client
import re
import secrets
import socket
import statistics
import subprocess
import threading
import time
import urllib.parse

from common import start_uvicorn

GAP = 0.05  # seconds between two edits of the writer
QUIET = 3.0  # seconds of quiet edits per turn
POLL = 0.7  # seconds: the export page's hx-trigger="load delay:700ms"
EDIT_GAP_NOTE = f"one writer, an edit every {GAP * 1000:.0f} ms, {QUIET:.0f} s quiet a turn"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(env: dict, port: int, workers: int = 1) -> subprocess.Popen:
    return start_uvicorn(env, port, workers=workers)


class Browser:
    """A kept-alive connection with the facilitator's session, speaking as htmx does."""

    def __init__(self, port: int, cookie: str) -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        csrf = secrets.token_hex(16)
        self.headers = {
            "Cookie": f"{cookie}; csrftoken={csrf}",
            "X-CSRFToken": csrf,
            "HX-Request": "true",
        }

    def request(self, method: str, path: str, fields: dict | None = None) -> tuple[int, str]:
        headers = dict(self.headers)
        body = None
        if fields is not None:
            body = urllib.parse.urlencode(fields, doseq=True).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        return response.status, response.read().decode("utf-8", "replace")


class Card:
    """A card edited again and again, its version followed."""

    def __init__(self, map_id: int, card) -> None:
        self.path = f"/maps/{map_id}/card/{card.pk}/update/"
        self.fields = {"stage": card.stage_id, "lane": card.lane_id, "version": card.version}
        self.count = 0

    def edit(self, browser: Browser) -> float:
        self.count += 1
        fields = {**self.fields, "text": f"Édition {self.count} : la file avance lentement."}
        start = time.perf_counter()
        status, _body = browser.request("POST", self.path, fields)
        seconds = time.perf_counter() - start
        if status != 200:
            raise RuntimeError(f"edit refused with {status}")
        self.fields["version"] += 1
        return seconds


def export_once(browser: Browser, map_id: int, options: dict) -> float:
    """The export page's flow for the big map; seconds from "Prepare" to "ready"."""
    start = time.perf_counter()
    status, body = browser.request("POST", f"/maps/{map_id}/export/", options)
    if status != 202:
        raise RuntimeError(f"export not started ({status}): {body[-300:]}")
    progress = re.search(r'hx-get="([^"]+/export/pdf/[^"]+/)"', body)
    assert progress, "no progress URL on the page"
    while True:
        time.sleep(POLL)
        status, body = browser.request("GET", progress.group(1))
        if "export-ready" in body:
            return time.perf_counter() - start
        if "export-progress" not in body:
            raise RuntimeError(f"export failed: {body[-300:]}")


def run_export(browser, map_id, options, exports: list, done) -> None:
    try:
        exports.append(export_once(browser, map_id, options))
    finally:
        done.set()


def measure(env: dict, cookie: str, small: tuple, big: tuple, turns: int, options: dict) -> dict:
    """Edit latencies (ms) quiet and while exporting, and the exports' seconds."""
    port = free_port()
    server = start_server(env, port)
    try:
        writer, exporter = Browser(port, cookie), Browser(port, cookie)
        card, big_card = Card(*small), Card(*big)
        for _ in range(20):  # warm-up: templates compiled, connections open
            card.edit(writer)
        big_card.edit(exporter)
        export_once(exporter, big[0], options)  # the renderer's first start
        quiet: list[float] = []
        exporting: list[float] = []
        exports: list[float] = []
        for _ in range(turns):
            deadline = time.perf_counter() + QUIET
            while time.perf_counter() < deadline:
                quiet.append(card.edit(writer) * 1000)
                time.sleep(GAP)
            big_card.edit(exporter)  # a new revision: the PDF is not in the cache
            done = threading.Event()
            thread = threading.Thread(
                target=run_export, args=(exporter, big[0], options, exports, done)
            )
            thread.start()
            while not done.is_set():
                exporting.append(card.edit(writer) * 1000)
                time.sleep(GAP)
            thread.join()
        if len(exports) != turns:
            raise RuntimeError("an export failed")
        return {"quiet": quiet, "exporting": exporting, "exports": exports}
    finally:
        server.terminate()
        server.wait(timeout=10)


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) > 1 else values[0]
