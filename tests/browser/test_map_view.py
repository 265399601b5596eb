"""The map's view toolbar: overview, zoom and compact density, on a 10-stage map seen
at 1,440 × 900 as on a projector. The view is kept per map across reloads, survives live
changes, and editing still works zoomed out."""

import re

import pytest
from playwright.sync_api import Page, expect

from maps.models import Card
from maps.sample import build_map
from tests.browser.conftest import LIVE_TIMEOUT_MS
from tests.browser.editor import open_inline_form, stage_heads

VIEWPORT = {"width": 1440, "height": 900}


@pytest.fixture
def big_map(workspace, owner):
    return build_map(workspace, stages=10, lanes=5, cards=60, title="Grande carte", author=owner)


def open_map(page: Page, journey_map, query: str = "") -> Page:
    page.set_viewport_size(VIEWPORT)
    page.goto(journey_map.get_absolute_url() + query)
    expect(page.locator("#live-status")).to_have_attribute("data-state", "live")
    expect(page.locator("#map-view")).to_be_visible()
    return page


def zoom(page: Page) -> float:
    """The zoom the grid is drawn at, as the browser computes it."""
    return float(page.evaluate("getComputedStyle(document.getElementById('map-grid')).zoom"))


def every_stage_within_the_window(page: Page) -> bool:
    heads = stage_heads(page)
    for index in range(heads.count()):
        box = heads.nth(index).bounding_box()
        if box is None or box["x"] < 0 or box["x"] + box["width"] > VIEWPORT["width"]:
            return False
    return True


def test_overview_fits_every_stage_and_zoom_steps(big_map, logged_in_page, screenshot):
    page = open_map(logged_in_page, big_map)
    bar = page.locator("#map-view")
    expect(stage_heads(page)).to_have_count(10)
    assert not every_stage_within_the_window(page), "at 100 % the last stages are off screen"
    screenshot(page, "map-view-100", full_page=False)

    bar.locator("[data-view=overview]").click()
    expect(bar.locator("[data-view=overview]")).to_have_attribute("aria-pressed", "true")
    assert zoom(page) < 1
    page.locator(".map-scroller").scroll_into_view_if_needed()
    assert every_stage_within_the_window(page)
    screenshot(page, "map-view-overview", full_page=False)

    fitted = zoom(page)
    bar.locator("[data-view=in]").click()
    assert zoom(page) > fitted
    expect(bar.locator("[data-view=overview]")).to_have_attribute("aria-pressed", "false")
    expect(bar.locator(".zoom-level")).to_have_text(f"{round(zoom(page) * 100)} %")
    bar.locator("[data-view=out]").click()
    bar.locator("[data-view=out]").click()
    assert zoom(page) < fitted
    bar.locator("[data-view=reset]").click()
    assert zoom(page) == 1
    expect(bar.locator(".zoom-level")).to_have_text("100 %")
    assert page.problems == []


def test_keyboard_and_ctrl_wheel_zoom(big_map, logged_in_page):
    page = open_map(logged_in_page, big_map)
    page.locator("body").press("-")
    assert zoom(page) == 0.9
    page.locator("body").press("+")
    page.locator("body").press("+")
    assert zoom(page) == 1.1
    page.locator("body").press("0")
    assert zoom(page) == 1
    # Inside the map, Ctrl and a key zoom the map rather than the page.
    page.locator(".map-scroller").press("Control+-")
    assert zoom(page) == 0.9
    assert page.evaluate("Math.round(window.devicePixelRatio * 100)") == 100
    page.locator(".map-scroller").press("Control+0")
    assert zoom(page) == 1

    # Typing a "+" in a field types it.
    card = Card.objects.filter(stage__journey_map=big_map).first()
    form = open_inline_form(page, f"card-{card.pk}")
    form.locator("textarea[name=text]").press("End")
    form.locator("textarea[name=text]").press("+")
    assert zoom(page) == 1
    form.locator("[data-cancel]").click()

    # Ctrl+wheel over the grid zooms around the pointer.
    # Scrolled into the map, so that there is room to keep the point in place.
    page.evaluate(
        "window.scrollTo(0, 400); document.querySelector('.map-scroller').scrollLeft = 800"
    )
    pointer = {"x": 600, "y": 500}
    under_pointer = "({x, y}) => document.elementFromPoint(x, y).closest('article, .cell').id"
    before = page.evaluate(under_pointer, pointer)
    page.mouse.move(pointer["x"], pointer["y"])
    page.keyboard.down("Control")
    page.mouse.wheel(0, 200)
    page.keyboard.up("Control")
    expect(page.locator(".map-scroller")).not_to_have_attribute("data-zoom", "1")
    # Around the pointer: what was under it still is.
    assert page.evaluate(under_pointer, pointer) == before
    zoomed_out = zoom(page)
    assert zoomed_out < 1
    page.keyboard.down("Control")
    page.mouse.wheel(0, -200)
    page.keyboard.up("Control")
    expect(page.locator(".map-scroller")).not_to_have_attribute("data-zoom", str(zoomed_out))
    assert zoom(page) > zoomed_out
    # The browser's own page zoom was not used: the toolbar is still at its size.
    assert page.evaluate("window.visualViewport.scale") == 1
    assert page.evaluate("Math.round(window.devicePixelRatio * 100)") == 100
    assert page.problems == []


def test_the_view_survives_a_reload_a_live_change_and_editing(big_map, logged_in_page):
    page = open_map(logged_in_page, big_map)
    bar = page.locator("#map-view")
    for _ in range(5):
        bar.locator("[data-view=out]").click()
    bar.locator("[data-view=compact]").click()
    assert zoom(page) == 0.6
    page.reload()
    expect(page.locator("#live-status")).to_have_attribute("data-state", "live")
    expect(bar.locator(".zoom-level")).to_have_text("60 %")
    expect(bar.locator("[data-view=compact]")).to_have_attribute("aria-pressed", "true")
    assert zoom(page) == 0.6

    # A stage added from another tab: the grid is redrawn live, the zoom stays.
    other = page.context.new_page()
    other.goto(big_map.get_absolute_url())
    expect(other.locator("#live-status")).to_have_attribute("data-state", "live")
    other.locator("#add-stage > summary").click()
    other.locator("#new-stage-name").fill("Bilan")
    other.locator("#new-stage button[type=submit]").click()
    expect(stage_heads(page)).to_have_count(11, timeout=LIVE_TIMEOUT_MS)
    expect(stage_heads(page).last).to_contain_text("Bilan")
    assert zoom(page) == 0.6
    expect(page.locator(".map-scroller")).to_have_class(re.compile("map-compact"))
    other.close()

    # Editing a card still works at 60 %.
    card = Card.objects.filter(stage__journey_map=big_map).first()
    form = open_inline_form(page, f"card-{card.pk}")
    form.locator("textarea[name=text]").fill("Vu de loin")
    form.locator("button[type=submit]").click()
    expect(page.locator(f"#card-{card.pk} .card-text")).to_have_text("Vu de loin")
    assert zoom(page) == 0.6
    assert page.problems == []


def test_a_projector_link_opens_the_overview(big_map, logged_in_page, screenshot):
    page = open_map(logged_in_page, big_map, "?view=overview,compact")
    expect(page.locator("#map-view [data-view=overview]")).to_have_attribute("aria-pressed", "true")
    page.locator(".map-scroller").scroll_into_view_if_needed()
    assert every_stage_within_the_window(page)
    screenshot(page, "map-view-projector", full_page=False)
    # Not stored: the next visit without the link is at 100 %.
    page.goto(big_map.get_absolute_url())
    expect(page.locator("#map-view .zoom-level")).to_have_text("100 %")


def test_compact_hides_the_tools_until_hover_or_focus(big_map, logged_in_page, screenshot):
    page = open_map(logged_in_page, big_map)
    page.locator("#map-view [data-view=compact]").click()
    card = Card.objects.filter(stage__journey_map=big_map).first()
    tools = page.locator(f"#card-{card.pk} .item-tools")
    cell = page.locator(f"#card-{card.pk}").locator("xpath=..")
    add = cell.locator(".add-item")
    stage_tools = stage_heads(page).first.locator(".item-tools")

    def opacity(locator) -> float:
        return float(locator.evaluate("element => getComputedStyle(element).opacity"))

    page.mouse.move(0, 0)
    expect(tools).to_have_css("opacity", "0")
    expect(add).to_have_css("opacity", "0")
    expect(stage_tools).to_have_css("opacity", "0")
    screenshot(page, "map-view-compact", full_page=False)

    page.locator(f"#card-{card.pk}").hover()
    expect(tools).to_have_css("opacity", "1")
    expect(add).to_have_css("opacity", "1")
    stage_heads(page).first.hover()
    expect(stage_tools).to_have_css("opacity", "1")
    screenshot(page, "map-view-compact-hover", full_page=False)

    # By keyboard: each tool shows when focus reaches it.
    page.mouse.move(0, 0)
    tools.locator(".tool").first.focus()
    expect(tools).to_have_css("opacity", "1")
    add.locator("summary").focus()
    expect(add).to_have_css("opacity", "1")
    assert opacity(stage_tools) == 0
    assert page.problems == []
