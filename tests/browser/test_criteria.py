"""The method's five criteria in Chromium: the panel says what is missing, links there,
and follows what the others add, live."""

from playwright.sync_api import Page, expect

from tests.browser.conftest import LIVE_TIMEOUT_MS


def open_map(page: Page, journey_map) -> Page:
    page.goto(journey_map.get_absolute_url())
    expect(page.locator("#live-status")).to_have_attribute("data-state", "live")
    return page


def test_the_panel_follows_the_map_live_and_links_to_what_is_missing(
    journey_map, owner, collaborator, user_page, screenshot
):
    facilitator = open_map(user_page(owner), journey_map)
    colleague = open_map(user_page(collaborator), journey_map)

    panel = facilitator.locator("#method-criteria")
    expect(panel.locator(".criteria-score")).to_contain_text("2 sur 5")
    panel.locator("summary").click()
    missing = panel.locator(".criterion-missing")
    expect(missing).to_have_count(3)
    actions = panel.locator("[data-criterion=actions]")
    expect(actions).to_have_class("criterion criterion-missing")
    screenshot(facilitator, "criteria-open", full_page=False)

    # The link takes the facilitator to the action plan.
    actions.locator(".criterion-link").click()
    expect(facilitator).to_have_url(f"{facilitator.url.split('#')[0].rstrip('#')}#action-plan")

    # A colleague adds an action: the open panel says so without a reload.
    colleague.locator("#add-action summary").click()
    form = colleague.locator("#add-action[open] form#new-action")
    form.locator("[name=title]").fill("Ouvrir une deuxième caisse le vendredi")
    form.locator("button[type=submit]").click()
    expect(actions).to_have_class("criterion criterion-met", timeout=LIVE_TIMEOUT_MS)
    expect(panel.locator(".criteria-score")).to_contain_text("3 sur 5")
    expect(panel).to_have_attribute("open", "")

    # A closed panel catches up when it is opened again.
    colleague_panel = colleague.locator("#method-criteria")
    expect(colleague_panel.locator(".criteria-score")).to_contain_text("2 sur 5")
    colleague_panel.locator("summary").click()
    expect(colleague_panel.locator(".criteria-score")).to_contain_text("3 sur 5")
