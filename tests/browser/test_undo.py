"""Undo with the keyboard: a person takes back their own last changes, and every tab sees it."""

from playwright.sync_api import Page, expect

from tests.browser.editor import add_card, card_cell, open_inline_form


def open_map(page: Page, journey_map) -> Page:
    page.goto(journey_map.get_absolute_url())
    expect(page.locator("#live-status")).to_have_attribute("data-state", "live")
    return page


def test_a_person_undoes_three_changes_with_ctrl_z_and_redoes_one(
    journey_map, owner, collaborator, user_page, screenshot
):
    facilitator = open_map(user_page(owner), journey_map)
    colleague = open_map(user_page(collaborator), journey_map)
    cell = card_cell(facilitator, lane=1, column=1)
    seen_cell = card_cell(colleague, lane=1, column=1)
    for text in ["File d'attente", "Pas de monnaie", "Plus de baguettes"]:
        add_card(facilitator, cell, text)
    # The colleague's own card, which the facilitator's Ctrl+Z leaves alone.
    add_card(colleague, card_cell(colleague, lane=1, column=0), "Trop cher")
    first_card = card_cell(facilitator, lane=0, column=0).locator("article.card").first
    form = open_inline_form(facilitator, first_card.get_attribute("id"))
    form.locator("[name=text]").fill("Plus de pain, vraiment")
    form.locator("button[type=submit]").click()
    expect(first_card).to_contain_text("Plus de pain, vraiment")
    expect(seen_cell.locator("article.card")).to_have_count(3)

    # Focus on the page, not in a field: the shortcut is the map's, not the typing's.
    facilitator.locator("#map-header h1").click()
    facilitator.keyboard.press("Control+z")
    expect(first_card).to_contain_text("Pas de pain ce soir !")
    expect(facilitator.locator("#toasts .toast-success").last).to_contain_text("Annulé")
    facilitator.keyboard.press("Control+z")
    expect(cell.locator("article.card")).to_have_count(2)
    facilitator.keyboard.press("Control+z")
    expect(cell.locator("article.card")).to_have_count(1)
    expect(cell).to_contain_text("File d'attente")
    expect(cell).not_to_contain_text("Pas de monnaie")

    # Every tab sees it; the colleague's card stays.
    expect(seen_cell.locator("article.card")).to_have_count(1)
    expect(card_cell(colleague, lane=1, column=0)).to_contain_text("Trop cher")
    expect(card_cell(colleague, lane=0, column=0)).to_contain_text("Pas de pain ce soir !")

    # Redo puts the last one taken back where it was.
    facilitator.keyboard.press("Control+Shift+Z")
    expect(cell.locator("article.card")).to_have_count(2)
    expect(seen_cell).to_contain_text("Pas de monnaie")
    expect(facilitator.locator("#toasts .toast-success").last).to_have_text(
        "Rétabli : post-it ajouté"
    )
    screenshot(facilitator, "undo-after-redo", full_page=False)

    # Ctrl+Z inside a text field is the browser's undo of the typing, not the map's.
    form = open_inline_form(facilitator, first_card.get_attribute("id"))
    form.locator("[name=text]").press("Control+z")
    expect(cell.locator("article.card")).to_have_count(2)
