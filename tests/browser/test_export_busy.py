"""When the server is already preparing as many PDFs as it allows, the export page says so."""

import pytest
from django.core.cache import caches
from playwright.sync_api import expect

from maps.export import bounded
from tests.browser.conftest import PDF_TIMEOUT_MS
from tests.browser.test_export import open_export

BUSY = "Un autre export est en préparation : réessayez dans un instant."


@pytest.fixture(autouse=True)
def empty_cache():
    caches["default"].clear()


def test_a_marketer_is_told_to_try_again_then_gets_the_pdf(
    journey_map, marketer, user_page, screenshot, settings
):
    settings.PARCOURS_PDF_CONCURRENCY = 1
    page = user_page(marketer, viewport={"width": 390, "height": 844})
    open_export(page, journey_map)
    submit = page.locator("#export-form button[type=submit]")
    with bounded.render_slot(None):  # someone else's export, still running
        submit.click()
        refusal = page.locator("#export-form [role=alert]")
        expect(refusal).to_have_text(BUSY)
        screenshot(page, "export-busy")
        # The download link of a PDF not prepared leads back to the page, which says so.
        response = page.goto(f"/maps/{journey_map.pk}/export/pdf/")
        assert response.status == 409
        expect(page.locator("[role=alert]")).to_contain_text("préparez-le à nouveau")
    open_export(page, journey_map)
    page.locator("#export-form button[type=submit]").click()
    expect(page.locator(".export-ready")).to_be_visible(timeout=PDF_TIMEOUT_MS)
    expect(page.locator("#export-form [role=alert]")).to_have_count(0)
