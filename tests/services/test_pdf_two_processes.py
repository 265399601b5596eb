"""A PDF prepared through one server process is followed and served by another: the
export's progress and the rendered PDF live in the shared cache (Redis)."""

import html
import re
import time
import urllib.request

import pytest
from django.urls import reverse

from tests.services.clients import post, session_cookie

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def get(base_url: str, path: str, cookie: str) -> bytes:
    request = urllib.request.Request(
        base_url + path, headers={"Cookie": cookie, "HX-Request": "true"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.read()


def test_a_pdf_started_on_one_process_is_followed_and_downloaded_on_the_other(
    start_server, journey_map, owner
):
    first, second = start_server(), start_server()
    cookie = session_cookie(owner)
    options = {"paper": "A4", "layout": "fit", "sections": "grid"}
    status, body = post(first.url, reverse("maps:export", args=[journey_map.pk]), options, cookie)
    assert status == 202
    progress = re.search(r'hx-get="([^"]+/export/pdf/[^"]+/)"', body).group(1)
    deadline = time.monotonic() + 120  # a render waits for the cores on a busy machine
    while "export-ready" not in (page := get(second.url, progress, cookie).decode()):
        assert "export-progress" in page, page  # still rendering, never failed
        assert time.monotonic() < deadline
        time.sleep(0.2)
    download = html.unescape(re.search(r'href="([^"]+/export/pdf/\?[^"]+)"', page).group(1))
    assert get(second.url, download, cookie).startswith(b"%PDF")
