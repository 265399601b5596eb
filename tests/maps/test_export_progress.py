"""A PDF export in the background: started, followed by polling, cancelled, downloaded."""

import re
import sys
import time

import pytest
from django.core.cache import caches
from django.urls import reverse

from maps.export import bounded, jobs
from tests.conftest import HTMX, client_for
from tests.maps.export_flow import PDF_QUERY, progress, start
from tests.maps.test_export_bounded import render_children


@pytest.fixture(autouse=True)
def empty_cache():
    caches["default"].clear()
    yield
    caches["default"].clear()


def until(found, seconds=10.0):
    deadline = time.monotonic() + seconds
    while not (result := found()) and time.monotonic() < deadline:
        time.sleep(0.02)
    return result


@pytest.fixture
def slow_child(monkeypatch):
    """A renderer that never finishes by itself: what a person waits on, then cancels."""
    monkeypatch.setattr(
        bounded,
        "child_command",
        lambda: [sys.executable, "-c", "import time; time.sleep(60)", "render_child"],
    )
    yield
    for export_id in list(jobs._threads):  # a failed test leaves no render behind
        caches["default"].set(jobs.cancel_key(export_id), 1)
        jobs.wait(export_id, timeout=10)


def test_starting_answers_at_once_with_progress_and_a_cancel(owner_client, journey_map, slow_child):
    response = start(owner_client, journey_map)
    assert response.status_code == 202
    export = response.context["export"]
    html = response.content.decode()
    progress_url = reverse("maps:export-progress", args=[journey_map.pk, export.id])
    cancel_url = reverse("maps:export-cancel", args=[journey_map.pk, export.id])
    assert f'hx-get="{progress_url}"' in html
    assert f'hx-post="{cancel_url}"' in html
    assert re.search(r"<progress[^>]* value=\"\d+\"", html)
    assert not re.search(r"<script(?![^>]* src=)", html)  # no inline script
    polled = progress(owner_client, journey_map, export.id, **HTMX)
    assert polled.status_code == 200
    assert polled.content.decode().lstrip().startswith('<div id="export-outcome"')
    assert f'hx-get="{progress_url}"' in polled.content.decode()  # still polling
    owner_client.post(cancel_url, **HTMX)
    jobs.wait(export.id, timeout=10)


def test_cancel_stops_the_render_and_gives_the_place_back(owner_client, journey_map, slow_child):
    export = start(owner_client, journey_map).context["export"]
    assert until(render_children)  # the waiting thread has started the child
    cancel_url = reverse("maps:export-cancel", args=[journey_map.pk, export.id])
    cancelled = owner_client.post(cancel_url, **HTMX)
    assert cancelled.status_code == 200
    assert "L’export a été annulé." in cancelled.content.decode()
    # The cancel answers once the render has stopped: killed and reaped, the place free.
    assert render_children() == []
    after = progress(owner_client, journey_map, export.id, **HTMX).content.decode()
    assert "annulé" in after and "hx-get" not in after
    # The person's one place is free again: a new export starts.
    again = start(owner_client, journey_map)
    assert again.status_code == 202
    export_id = again.context["export"].id
    owner_client.post(reverse("maps:export-cancel", args=[journey_map.pk, export_id]))
    jobs.wait(export_id, timeout=10)


def test_progress_ends_on_the_download_link(owner_client, journey_map):
    export = start(owner_client, journey_map).context["export"]
    jobs.wait(export.id, timeout=60)
    done = progress(owner_client, journey_map, export.id)
    html = done.content.decode().replace("&amp;", "&")
    url = done.context["ready"]["url"]
    assert url.startswith(reverse("maps:export-pdf", args=[journey_map.pk]))
    assert url in html and "hx-get" not in html
    assert owner_client.get(url).content.startswith(b"%PDF")


def test_a_failed_render_says_so_plainly(owner_client, journey_map, monkeypatch):
    monkeypatch.setattr(bounded, "child_command", lambda: [sys.executable, "-c", "exit(1)"])
    export = start(owner_client, journey_map).context["export"]
    jobs.wait(export.id, timeout=30)
    html = progress(owner_client, journey_map, export.id, **HTMX).content.decode()
    assert 'role="alert"' in html and "pas pu être préparé" in html


def test_an_export_whose_process_died_is_said_failed(owner_client, journey_map, slow_child):
    export = start(owner_client, journey_map).context["export"]
    record = caches["default"].get(jobs.record_key(export.id))
    owner_client.post(reverse("maps:export-cancel", args=[journey_map.pk, export.id]))
    jobs.wait(export.id, timeout=10)
    # As a dead process would leave it: running, silent for long.
    record.update(state=jobs.RUNNING, heartbeat=time.time() - jobs.STALE_SECONDS - 1)
    caches["default"].set(jobs.record_key(export.id), record)
    caches["default"].delete(jobs.cancel_key(export.id))
    html = progress(owner_client, journey_map, export.id, **HTMX).content.decode()
    assert "pas pu être préparé" in html and "hx-get" not in html


def test_someone_else_s_export_is_unknown_to_them(owner_client, marketer, journey_map, slow_child):
    export = start(owner_client, journey_map).context["export"]
    theirs = client_for(marketer)
    assert progress(theirs, journey_map, export.id).status_code == 410
    cancel_url = reverse("maps:export-cancel", args=[journey_map.pk, export.id])
    assert theirs.post(cancel_url).status_code == 410
    assert jobs.find(export.id, marketer) is None
    owner_client.post(cancel_url)
    jobs.wait(export.id, timeout=10)


def test_an_unknown_export_asks_to_prepare_again(owner_client, journey_map):
    gone = progress(owner_client, journey_map, "no-such-export")
    assert gone.status_code == 410
    assert "prepare" in gone.context["refused"] or "préparez" in gone.context["refused"]
    assert 'name="paper"' in gone.content.decode()  # the form, to start again


def test_the_download_of_a_pdf_never_prepared_leads_back_to_the_page(owner_client, journey_map):
    response = owner_client.get(reverse("maps:export-pdf", args=[journey_map.pk]), PDF_QUERY)
    assert response.status_code == 409
    html = response.content.decode()
    assert re.search(r'value="A4"[^>]* checked', html)  # the choices kept
    assert render_children() == []
