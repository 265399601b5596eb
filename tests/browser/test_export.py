"""Exporting a map as a marketer does: choose, wait for the PDF, download it; importing one."""

import json
import sys

import pytest
from django.core.cache import caches
from playwright.sync_api import Page, expect

from maps.export import bounded, json_format
from maps.models import JourneyMap
from maps.sample import build_map
from tests.browser.conftest import PDF_TIMEOUT_MS
from tests.browser.test_accessibility import assert_accessible
from tests.maps.pdf_text import page_sizes_mm, pages_text


@pytest.fixture(autouse=True)
def empty_cache():
    caches["default"].clear()


def open_export(page: Page, journey_map, screenshot=None) -> None:
    page.goto(journey_map.get_absolute_url())
    if screenshot:
        screenshot(page, "export-map-header", full_page=False)
    page.locator(f"#map-header a[href='/maps/{journey_map.pk}/export/']").click()
    expect(page.locator("#export-form form")).to_be_visible()


def test_a_marketer_prepares_and_downloads_a_tiled_a4_pdf(
    journey_map, marketer, user_page, screenshot, tmp_path
):
    page = user_page(marketer)
    open_export(page, journey_map, screenshot)
    screenshot(page, "export-page")
    page.locator("input[name=paper][value=A4]").check()
    page.locator("input[name=layout][value=tile]").check()

    # Hold the first look at the render's progress, to see what the user sees meanwhile.
    held = []

    def hold(route) -> None:
        held.append(route)

    page.route("**/export/pdf/*/", hold)
    submit = page.locator("#export-form button[type=submit]")
    submit.click()
    progress = page.locator("#export-outcome .export-progress")
    expect(progress).to_be_visible()
    expect(progress.get_by_role("status")).to_contain_text("Préparation du PDF")
    expect(progress.locator("progress")).to_be_visible()
    expect(progress.get_by_role("button", name="Annuler")).to_be_visible()
    screenshot(page, "export-preparing")
    while not held:  # the page polls after a moment; let that look through
        page.wait_for_timeout(50)
    for route in held:
        route.continue_()
    page.unroute("**/export/pdf/*/")

    ready = page.locator(".export-ready")
    expect(ready).to_be_visible(timeout=PDF_TIMEOUT_MS)
    expect(progress).to_have_count(0)
    screenshot(page, "export-ready")
    with page.expect_download() as download:
        ready.get_by_role("link").click()
    pdf = tmp_path / "carte.pdf"
    download.value.save_as(pdf)
    assert download.value.suggested_filename == "nell-achete-une-baguette-a4-tile.pdf"
    content = pdf.read_bytes()
    assert set(page_sizes_mm(content)) == {(297, 210)}
    assert "Pas de pain ce soir !" in " ".join(pages_text(content))
    assert page.problems == []


def test_a_marketer_cancels_an_export_then_prepares_it_again(
    journey_map, marketer, user_page, screenshot, monkeypatch
):
    real_command = bounded.child_command
    monkeypatch.setattr(
        bounded,
        "child_command",
        lambda: [sys.executable, "-c", "import time; time.sleep(60)", "render_child"],
    )
    page = user_page(marketer)
    open_export(page, journey_map)
    page.locator("#export-form button[type=submit]").click()
    cancel = page.locator("#export-outcome").get_by_role("button", name="Annuler")
    cancel.click()
    expect(page.locator("#export-outcome [role=alert]")).to_have_text("L’export a été annulé.")
    expect(page.locator("#export-outcome progress")).to_have_count(0)
    screenshot(page, "export-cancelled")

    monkeypatch.setattr(bounded, "child_command", real_command)
    page.locator("#export-form button[type=submit]").click()
    expect(page.locator(".export-ready")).to_be_visible(timeout=PDF_TIMEOUT_MS)
    assert page.problems == []


def test_choosing_no_section_says_so_in_place(journey_map, logged_in_page):
    page = logged_in_page
    open_export(page, journey_map)
    for box in page.locator("input[name=sections]").all():
        box.uncheck()
    page.locator("#export-form button[type=submit]").click()
    expect(page.locator("#export-form .errorlist")).to_be_visible()
    expect(page.locator(".export-ready")).to_have_count(0)


def test_the_export_page_is_accessible_and_fits_a_phone(
    journey_map, user_page, marketer, screenshot
):
    page = user_page(marketer, viewport={"width": 390, "height": 844})
    open_export(page, journey_map)
    assert_accessible(page, "export")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    screenshot(page, "export-phone")


def test_each_paper_says_how_many_pages_and_what_type_size_before_rendering(
    workspace, marketer, user_page, screenshot
):
    journey_map = build_map(workspace, stages=10, lanes=6, cards=60, touchpoints_per_stage=2)
    page = user_page(marketer)
    page.goto(f"/maps/{journey_map.pk}/export/")
    a4 = page.locator("label.choice-card").filter(has=page.locator("input[value=A4]"))
    expect(a4.locator(".paper-fit")).to_contain_text("À cette taille, la carte tient sur")
    expect(a4.locator(".paper-fit")).to_contain_text("par séries de 5 étapes")
    a3 = page.locator("label.choice-card").filter(has=page.locator("input[value=A3]"))
    expect(a3.locator(".paper-fit")).to_contain_text(" pt")
    expect(a3.locator(".paper-fit")).not_to_contain_text("séries")
    screenshot(page, "export-paper-fit")
    assert page.problems == []


def test_a_facilitator_imports_a_json_map(journey_map, logged_in_page, screenshot, tmp_path):
    page = logged_in_page
    exported = tmp_path / "carte.parcours.json"
    exported.write_text(json_format.dumps(journey_map))
    page.goto("/maps/")
    page.locator("a[href='/maps/import/']").click()
    screenshot(page, "import-page")

    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps({"format": "parcours.journey-map", "schema_version": 9}))
    page.locator("input[type=file]").set_input_files(str(broken))
    page.locator("form.stacked-form button[type=submit]").click()
    expect(page.locator(".field-invalid .errorlist")).to_contain_text("9")
    screenshot(page, "import-refused")
    assert JourneyMap.objects.count() == 1

    page.locator("input[type=file]").set_input_files(str(exported))
    page.locator("form.stacked-form button[type=submit]").click()
    expect(page.locator("#map-header h1")).to_have_text(f"{journey_map.title} (copie)")
    assert JourneyMap.objects.count() == 2
    # Chromium logs the refusal's 422 status as a console error; nothing else may appear.
    assert [p for p in page.problems if "422" not in p] == []
