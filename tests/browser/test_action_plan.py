"""The action plan in Chromium: a pain point becomes an action, everyone sees it live,
and the plan page lists the actions by priority, on a desk and on a phone."""

import datetime

import pytest
from playwright.sync_api import Locator, Page, expect

from maps.models import Action, Card, Lane, LaneKind, Stage
from tests.browser.conftest import LIVE_TIMEOUT_MS, SCREENSHOTS

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def pain_point(journey_map):
    return Card.objects.create(
        journey_map=journey_map,
        stage=Stage.objects.get(journey_map=journey_map, name="Achat"),
        lane=Lane.objects.get(journey_map=journey_map, kind=LaneKind.PAIN_POINTS),
        text="Pas de monnaie : il faut acheter pour 5 € pour payer par carte",
        cause="money",
    )


@pytest.fixture
def slow_action(journey_map):
    """Already in the plan: useful, but a big job."""
    return Action.objects.create(
        journey_map=journey_map,
        title="Refaire l’agencement de la boutique",
        owner="Direction",
        impact=2,
        effort=3,
    )


def shoot(part: Locator, name: str) -> None:
    """A screenshot of one part of the page, for a human to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    part.screenshot(path=str(SCREENSHOTS / f"{name}.png"), animations="disabled")


def open_map(page: Page, journey_map) -> Page:
    page.goto(journey_map.get_absolute_url())
    expect(page.locator("#live-status")).to_have_attribute("data-state", "live")
    return page


def test_a_facilitator_turns_a_pain_point_into_an_action_everyone_sees(
    journey_map, owner, collaborator, pain_point, slow_action, user_page, screenshot
):
    facilitator = open_map(user_page(owner), journey_map)
    colleague = open_map(user_page(collaborator), journey_map)

    # "Turn into an action": the plan's form opens, prefilled with the card.
    card = facilitator.locator(f"#card-{pain_point.pk}")
    card.hover()
    shoot(card, "action-plan-card-tool")
    card.locator(".tool-action").click()
    form = facilitator.locator("#add-action[open] form#new-action")
    expect(form).to_be_visible()
    title = form.locator("[name=title]")
    expect(title).to_have_value(pain_point.text)
    expect(title).to_be_focused()
    expect(form.locator(".action-source")).to_contain_text("Pas de monnaie")
    title.fill("Accepter la carte dès 1 €")
    form.locator("[name=owner]").fill("Julie")
    form.locator("[name=due_date]").fill("2026-12-15")
    form.locator("[name=impact]").select_option("3")
    form.locator("[name=effort]").select_option("1")
    shoot(facilitator.locator("#action-plan"), "action-plan-form")
    form.locator("button[type=submit]").click()

    for page in (facilitator, colleague):
        items = page.locator("#action-plan .action-item .action-title")
        # The quick win goes first.
        expect(items).to_have_text(
            ["Accepter la carte dès 1 €", slow_action.title], timeout=LIVE_TIMEOUT_MS
        )
        expect(page.locator(f"#card-{pain_point.pk} .badge-answered")).to_be_visible()
    expect(facilitator.locator("#add-action")).not_to_have_attribute("open", "")
    action = Action.objects.get(title="Accepter la carte dès 1 €")
    assert action.source_card == pain_point
    assert action.due_date == datetime.date(2026, 12, 15)
    screenshot(facilitator, "action-plan-map")

    # The facilitator changes the owner and the date; the colleague sees it without reloading.
    facilitator.locator(f"#action-{action.pk} button.editable").click()
    edit = facilitator.locator(f"form#action-{action.pk}.editing")
    expect(edit).to_be_visible()
    # Ready to type once focused (see tests/browser/editor.py, open_inline_form).
    expect(edit.locator(":focus")).to_have_count(1)
    edit.locator("[name=owner]").fill("Julie et Marc")
    edit.locator("[name=due_date]").fill("2026-11-30")
    edit.locator("[name=status]").select_option("doing")
    edit.locator("button[type=submit]").click()
    shown = colleague.locator(f"#action-{action.pk}")
    expect(shown.locator(".action-facts")).to_contain_text("Julie et Marc", timeout=LIVE_TIMEOUT_MS)
    expect(shown.locator("time")).to_have_attribute("datetime", "2026-11-30")
    expect(shown).to_have_class("action-item status-doing")
    shoot(colleague.locator("#action-plan"), "action-plan-section")

    # The plan page, by priority; then on a phone.
    colleague.goto(f"/maps/{journey_map.pk}/actions/")
    rows = colleague.locator(".plan-table tbody tr .action-title")
    expect(rows).to_have_text(["Accepter la carte dès 1 €", slow_action.title])
    screenshot(colleague, "action-plan-page")
    # On paper: the plan alone, without the site's header and the buttons.
    colleague.emulate_media(media="print")
    expect(colleague.locator(".site-header")).to_be_hidden()
    expect(colleague.locator(".plan-tools")).to_be_hidden()
    expect(rows).to_have_count(2)
    screenshot(colleague, "action-plan-page-print")
    colleague.emulate_media(media="screen")
    phone = user_page(owner, viewport=PHONE)
    phone.goto(f"/maps/{journey_map.pk}/actions/")
    expect(phone.locator(".plan-table tbody tr")).to_have_count(2)
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(phone, "action-plan-page-phone")
    open_map(phone, journey_map)
    shoot(phone.locator("#action-plan"), "action-plan-section-phone")

    for page in (facilitator, colleague, phone):
        assert page.problems == []


def test_the_action_plan_runs_under_the_strict_policy(
    journey_map, owner, pain_point, slow_action, user_page
):
    from tests.browser.test_csp import csp_page, violations

    page = csp_page(user_page, owner)
    open_map(page, journey_map)
    page.locator(f"#card-{pain_point.pk} .tool-action").click()
    form = page.locator("#add-action[open] form#new-action")
    expect(form).to_be_visible()
    form.locator("button[type=submit]").click()
    expect(page.locator("#action-plan .action-item")).to_have_count(2)
    page.locator(f"#action-{slow_action.pk} button.editable").click()
    expect(page.locator(f"form#action-{slow_action.pk}.editing")).to_be_visible()
    page.goto(f"/maps/{journey_map.pk}/actions/")
    expect(page.locator(".plan-table tbody tr")).to_have_count(2)
    page.wait_for_load_state("networkidle")

    assert violations(page) == []
    assert page.problems == []
