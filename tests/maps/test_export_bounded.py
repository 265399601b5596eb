"""PDF renders within bounds: few at once, one per person, killed when too slow or too big."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.cache import caches
from django.urls import reverse
from django.utils import translation

from maps.export import bounded
from maps.export.options import PdfOptions
from maps.export.pdf import render_html
from tests.conftest import HTMX, client_for
from tests.maps.export_flow import PDF_QUERY, prepare


@pytest.fixture(autouse=True)
def empty_cache():
    caches["default"].clear()
    yield
    caches["default"].clear()


def download(client, journey_map):
    return client.get(reverse("maps:export-pdf", args=[journey_map.pk]), PDF_QUERY)


def render_children() -> list[int]:
    """This process's children that run the renderer (Linux)."""
    found = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(
                line.split(":\t", 1) for line in status.read_text().splitlines() if ":\t" in line
            )
            cmdline = (status.parent / "cmdline").read_bytes()
        except OSError:
            continue
        if int(fields.get("PPid", "0")) == os.getpid() and b"render_child" in cmdline:
            found.append(int(status.parent.name))
    return found


def test_the_bounds_are_settings():
    assert django_settings.PARCOURS_PDF_TIMEOUT == 60
    assert django_settings.PARCOURS_PDF_MEMORY_MB == 1024
    assert django_settings.PARCOURS_PDF_CONCURRENCY == 2
    assert django_settings.PARCOURS_PDF_NICE == 10


def test_a_render_runs_in_a_child_process_with_the_memory_limit():
    command = bounded.child_command()
    assert command[:3] == [sys.executable, "-m", "maps.export.render_child"]
    assert "--memory-mb=1024" in command
    assert "--cpu-seconds=65" in command
    assert "--nice=10" in command  # below the server's priority


def test_the_child_s_limits_are_the_kernel_s_own():
    code = (
        "import resource; from maps.export import render_child;"
        "render_child.apply_limits(memory_mb=700, cpu_seconds=65);"
        "print(resource.getrlimit(resource.RLIMIT_AS), resource.getrlimit(resource.RLIMIT_CPU))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=django_settings.BASE_DIR,
    )
    assert done.stdout.split() == ["(734003200,", "734003200)", "(65,", "70)"]


def test_a_too_slow_render_is_stopped_with_a_message_and_the_server_goes_on(
    owner_client, journey_map, settings
):
    settings.PARCOURS_PDF_TIMEOUT = 0.05
    response = prepare(owner_client, journey_map)
    assert "trop de temps" in response.context["refused"]
    assert "ready" not in response.context
    assert render_children() == []  # killed and reaped
    # The same process serves the next export, within the usual bound.
    settings.PARCOURS_PDF_TIMEOUT = 60
    again = prepare(owner_client, journey_map)
    assert again.status_code == 200 and again.context["ready"]["pages"] == 2


def test_a_render_past_its_memory_limit_is_refused_with_a_message(journey_map, settings):
    settings.PARCOURS_PDF_MEMORY_MB = 40
    html = render_html(journey_map, PdfOptions(**PDF_QUERY))
    with translation.override("en"), pytest.raises(bounded.RenderRefused) as refused:
        bounded.render_in_child(html)
    assert "memory" in refused.value.message or "could not be prepared" in refused.value.message


def test_renders_beyond_the_process_limit_are_refused_at_once(
    owner_client, collaborator, journey_map, settings
):
    settings.PARCOURS_PDF_CONCURRENCY = 2
    with bounded.render_slot(collaborator), bounded.render_slot(None):
        response = prepare(owner_client, journey_map)
        assert response.status_code == 503
        assert response.context["refused"] == (
            "Un autre export est en préparation : réessayez dans un instant."
        )
        assert "Un autre export est en préparation" in response.content.decode()
        assert response["Retry-After"]
        # The download link renders nothing: it serves what the page prepared.
        refused_download = download(owner_client, journey_map)
        assert refused_download.status_code == 409
        assert refused_download["Content-Type"].startswith("text/html")
    # The places are given back: the next export renders.
    assert prepare(owner_client, journey_map).context["ready"]["pages"] == 2


def test_a_person_prepares_one_pdf_at_a_time_while_others_may(
    owner, owner_client, marketer, journey_map
):
    with bounded.render_slot(owner):
        mine = prepare(owner_client, journey_map)
        theirs = prepare(client_for(marketer), journey_map)
    assert mine.status_code == 429
    assert "Votre autre export" in mine.context["refused"]
    assert theirs.status_code == 200 and theirs.context["ready"]
    assert render_children() == []


def test_the_export_page_shows_the_refusal_in_its_form_when_asked_by_htmx(
    owner_client, journey_map, settings
):
    settings.PARCOURS_PDF_CONCURRENCY = 0
    response = prepare(owner_client, journey_map, **HTMX)
    # htmx swaps only 2xx, 409 and 422: the refusal is a fragment it puts in place.
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="export-form"' in html and 'role="alert"' in html
    assert "Un autre export est en préparation" in html


def test_a_cached_pdf_is_served_even_when_every_place_is_taken(owner_client, journey_map, settings):
    assert prepare(owner_client, journey_map).status_code == 200
    settings.PARCOURS_PDF_CONCURRENCY = 0
    response = download(owner_client, journey_map)
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")


def test_a_map_over_the_size_limits_is_refused_before_rendering(
    owner_client, journey_map, settings, monkeypatch
):
    settings.PARCOURS_MAX_STAGES = 1

    def never(html, **kwargs):
        raise AssertionError("rendered a map over the limits")

    monkeypatch.setattr(bounded, "render_in_child", never)
    response = prepare(owner_client, journey_map)
    assert response.status_code == 422
    assert "trop grande pour être imprimée" in response.context["refused"]


def test_the_server_side_of_an_export_does_not_load_weasyprint():
    # WeasyPrint changes Pillow's settings for the whole process when it loads
    # (truncated images accepted); only the child process loads it.
    code = (
        "import sys, django; django.setup();"
        "import maps.views.exports, maps.export.cache, maps.export.bounded, maps.export.jobs;"
        "import maps.urls;"
        "print('weasyprint' in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=django_settings.BASE_DIR,
        env={"DJANGO_SETTINGS_MODULE": "tests.settings", "PATH": "/usr/bin:/bin"},
    )
    assert done.stdout.strip() == "False"


def test_a_render_is_bounded_by_its_own_cpu_time_and_by_waiting():
    # A niced render waits for the cores on a busy server: its CPU time is its cost.
    busy = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    try:
        deadline = time.monotonic() + 10
        while bounded.cpu_seconds(busy.pid) < 0.1 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert bounded.cpu_seconds(busy.pid) >= 0.1
    finally:
        busy.kill()
        busy.wait()
    assert bounded.cpu_seconds(busy.pid) == 0.0  # gone: the bound on waiting decides
