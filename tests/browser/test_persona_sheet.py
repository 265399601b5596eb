"""A marketer downloads a persona's one-page sheet from its page."""

from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.browser.conftest import PDF_TIMEOUT_MS
from tests.browser.test_accessibility import assert_accessible
from tests.maps.pdf_text import pages_text


def open_persona(page: Page, persona) -> None:
    page.goto(reverse("personas:detail", args=[persona.pk]))


def test_a_marketer_downloads_the_persona_sheet(
    persona, journey_map, marketer, user_page, screenshot, tmp_path
):
    page = user_page(marketer)
    open_persona(page, persona)
    screenshot(page, "persona-sheet-button", full_page=False)
    with page.expect_download(timeout=PDF_TIMEOUT_MS) as download:
        page.get_by_role("link", name="Télécharger la fiche (PDF)").click()
    assert download.value.suggested_filename == "persona-nell.pdf"
    pdf = tmp_path / "fiche.pdf"
    download.value.save_as(pdf)
    text = pages_text(pdf.read_bytes())
    assert len(text) == 1
    assert "Nell" in text[0]
    assert journey_map.title in text[0]
    # The page is still there, unchanged.
    expect(page.get_by_role("heading", name="Nell")).to_be_visible()
    assert page.problems == []


def test_a_busy_server_says_so_on_the_persona_page(
    persona, marketer, user_page, settings, screenshot
):
    settings.PARCOURS_PDF_CONCURRENCY = 0
    page = user_page(marketer)
    open_persona(page, persona)
    page.get_by_role("link", name="Télécharger la fiche (PDF)").click()
    expect(page.get_by_role("alert")).to_contain_text("Un autre export est en préparation")
    expect(page.get_by_role("heading", name="Nell")).to_be_visible()
    screenshot(page, "persona-sheet-busy", full_page=False)
    assert_accessible(page, "persona-sheet-busy")
