"""What a person does in the map editor, as steps the browser tests share."""

from playwright.sync_api import Locator, Page, expect


def curve_points(page: Page) -> Locator:
    return page.locator("#emotion-curve circle.curve-point")


def cy(point: Locator) -> float:
    return float(point.get_attribute("cy"))


def stage_heads(page: Page) -> Locator:
    return page.locator(".stage-row .stage-head")


def touchpoint_cell(page: Page, column: int) -> Locator:
    return page.locator(".touchpoint-row .touchpoints").nth(column)


def card_cell(page: Page, *, lane: int = 0, column: int = 0) -> Locator:
    return page.locator(".lane-row").nth(lane).locator(".cell").nth(column)


def add_touchpoint(
    page: Page, column: int, *, channel: str, action: str, emotion: int, feeling: str
) -> None:
    cell = touchpoint_cell(page, column)
    touchpoints = cell.locator("article.touchpoint")
    before = touchpoints.count()
    cell.locator("details.add-item > summary").click()
    form = cell.locator("details.add-item form")
    expect(form).to_be_visible()
    form.locator("[name=channel]").fill(channel)
    form.locator("[name=action]").fill(action)
    form.locator(f"input[name=emotion][value='{emotion}']").check()
    form.locator("[name=feeling]").fill(feeling)
    form.locator("button[type=submit]").click()
    expect(touchpoints).to_have_count(before + 1)


def add_card(page: Page, cell: Locator, text: str) -> Locator:
    """Add a card through "+ Card"; returns the new card."""
    cards = cell.locator("article.card")
    before = cards.count()
    cell.locator("details.add-item > summary").click()
    form = cell.locator("details.add-item form")
    expect(form).to_be_visible()
    form.locator("[name=text]").fill(text)
    form.locator("button[type=submit]").click()
    expect(cards).to_have_count(before + 1)
    return cards.last


def open_inline_form(page: Page, item_id: str) -> Locator:
    """Click an item's text; returns its inline form once ready to type in.

    Ready means focused: parcours.js focuses the first field and puts the caret
    at the end on htmx:load, a few milliseconds after the form shows. Typing
    before that would race the caret move.
    """
    page.locator(f"#{item_id} button.editable").click()
    form = page.locator(f"form#{item_id}.editing")
    expect(form.locator(":focus")).to_have_count(1)
    return form


def no_page_reload_since_marker(page: Page) -> None:
    assert page.evaluate("window.__marker") == "set before editing", "the page reloaded"
