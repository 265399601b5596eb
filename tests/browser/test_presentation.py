"""Presentation mode in Chromium: opened from the map, walked with the keys a keyboard
and a clicker send, and a facilitator taking a workshop's participants along."""

import re

import pytest
from playwright.sync_api import Page, expect

from maps.models import Action, Card, Cause, Lane, LaneKind, Stage, Touchpoint
from tests.browser.conftest import watch_page
from tests.browser.test_accessibility import assert_accessible, full_map, planned_map  # noqa: F401
from tests.browser.test_live_workshop import LIVE_TIMEOUT_MS, join_as_guest

PROJECTOR = {"width": 1280, "height": 720}
LONG = (
    "Elle hésite longtemps devant la vitrine parce que les étiquettes ne donnent ni le "
    "poids ni la farine utilisée, et personne n'est disponible pour répondre à sa question"
)


@pytest.fixture
def presented_map(planned_map):  # noqa: F811
    """The planned map with a third stage, several touchpoints and a crowd of cards: what a
    workshop's map looks like at the end of the day."""
    journey_map = planned_map
    _need, purchase = journey_map.stages.order_by("position")
    after = Stage.objects.create(journey_map=journey_map, name="Après l'achat", position=2)
    Touchpoint.objects.create(
        journey_map=journey_map,
        stage=purchase,
        channel="Terminal de paiement",
        action="Paie par carte au-dessus du minimum",
        emotion=-1,
        feeling="contrainte",
        moment_of_truth=True,
        position=1,
    )
    Touchpoint.objects.create(
        journey_map=journey_map, stage=after, channel="Maison", emotion=1, feeling="contente"
    )
    thoughts = Lane.objects.get(journey_map=journey_map, kind=LaneKind.THOUGHTS)
    pains = Lane.objects.get(journey_map=journey_map, kind=LaneKind.PAIN_POINTS)
    opportunities = Lane.objects.create(
        journey_map=journey_map, kind=LaneKind.OPPORTUNITIES, title="Opportunités", position=3
    )
    Card.objects.create(journey_map=journey_map, stage=purchase, lane=thoughts, text=LONG)
    for n, (text, cause) in enumerate(
        [
            ("Pas de monnaie", Cause.MONEY),
            ("Trop de pains différents", Cause.CHOICE),
            ("Peur de faire attendre les autres", Cause.PSYCHOLOGY),
            ("Minimum carte à 10 €", Cause.MONEY),
        ]
    ):
        Card.objects.create(
            journey_map=journey_map, stage=purchase, lane=pains, text=text, cause=cause, position=n
        )
    for n in range(6):
        Card.objects.create(
            journey_map=journey_map,
            stage=purchase,
            lane=opportunities,
            text=f"Idée {n + 1} : une caisse rapide pour les petits achats",
            position=n,
        )
    Action.objects.create(
        journey_map=journey_map, title="Accepter la carte sans minimum", owner="Karim", impact=2
    )
    return journey_map


def visible_slide(page: Page):
    return page.locator("[data-slide]:visible")


def expect_slide(page: Page, slide_id: str, number: int, total: int) -> None:
    expect(visible_slide(page)).to_have_count(1)
    expect(visible_slide(page)).to_have_attribute("id", slide_id)
    expect(page.locator("#deck-position .deck-count")).to_have_text(f"{number} / {total}")
    assert page.evaluate("location.hash") == "#" + slide_id
    # Long words wrap and many cards fit: nothing sticks out sideways.
    assert page.evaluate(
        "(id) => { const s = document.getElementById(id); return s.scrollWidth <= s.clientWidth }",
        slide_id,
    ), f"{slide_id} overflows sideways"


def test_a_facilitator_walks_the_presentation_with_the_keyboard(
    presented_map, logged_in_page, screenshot
):
    page = logged_in_page
    page.set_viewport_size(PROJECTOR)
    need, purchase, after = presented_map.stages.order_by("position")
    stages = [f"slide-stage-{stage.pk}" for stage in (need, purchase, after)]
    order = ["slide-title", *stages, "slide-curve", "slide-pain-points", "slide-plan"]
    total = len(order)

    page.goto(presented_map.get_absolute_url())
    screenshot(page, "map-header-present-button", full_page=False)
    page.locator("a.present-link").click()
    expect(page).to_have_url(re.compile(rf"/maps/{presented_map.pk}/present/"))
    expect(page.locator("#slide-title h2")).to_have_text(presented_map.title)
    expect(page.locator("#deck-position .deck-count")).to_have_text(f"1 / {total}")
    expect(page.locator("[data-deck=previous]")).to_be_disabled()
    screenshot(page, "presentation-title", full_page=False)

    # Forward with every key that means "next": arrows, a clicker's Page Down, Space.
    keys = ["ArrowRight", "PageDown", " ", "ArrowDown", "ArrowRight", "PageDown"]
    for number, key in enumerate(keys, start=2):
        page.keyboard.press(key)
        expect_slide(page, order[number - 1], number, total)
        if order[number - 1] == stages[1]:
            expect(visible_slide(page).locator(".slide-touchpoint")).to_have_count(2)
            expect(visible_slide(page).locator(".slide-lane")).to_have_count(3)
            expect(visible_slide(page).locator(f"#emotion-curve-{purchase.pk}")).to_be_visible()
            screenshot(page, "presentation-stage", full_page=False)
        if order[number - 1] == stages[0]:
            expect(visible_slide(page)).to_contain_text("4 min")
    expect(page.locator("[data-deck=next]")).to_be_disabled()
    expect(visible_slide(page).locator(".slide-action")).to_have_count(3)
    screenshot(page, "presentation-plan", full_page=False)
    page.keyboard.press("ArrowRight")  # past the end: stays on the plan
    expect_slide(page, "slide-plan", total, total)

    # Back with every key that means "previous".
    page.keyboard.press("ArrowLeft")
    expect_slide(page, "slide-pain-points", total - 1, total)
    expect(visible_slide(page).locator(".cause-group")).to_have_count(3)
    screenshot(page, "presentation-pain-points", full_page=False)
    page.keyboard.press("PageUp")
    expect_slide(page, "slide-curve", total - 2, total)
    expect(visible_slide(page).locator(".curve-stages li")).to_have_count(3)
    screenshot(page, "presentation-curve", full_page=False)
    page.keyboard.press("ArrowUp")
    expect_slide(page, stages[2], total - 3, total)
    page.keyboard.press("Home")
    expect_slide(page, "slide-title", 1, total)
    page.keyboard.press("End")
    expect_slide(page, "slide-plan", total, total)

    # The buttons do the same, and a reload stays on the slide.
    page.locator("[data-deck=previous]").click()
    page.locator("[data-deck=previous]").click()
    page.locator("[data-deck=previous]").click()
    page.locator("[data-deck=previous]").click()
    expect_slide(page, stages[1], 3, total)
    page.reload()
    expect_slide(page, stages[1], 3, total)

    # A projector of 1,920 × 1,080 and a phone read the same slide.
    page.set_viewport_size({"width": 1920, "height": 1080})
    expect_slide(page, stages[1], 3, total)
    screenshot(page, "presentation-stage-1080p", full_page=False)
    page.set_viewport_size({"width": 390, "height": 844})
    expect(page.locator("[data-deck=next]")).to_be_in_viewport()
    expect(page.locator("[data-deck=previous]")).to_be_in_viewport()
    expect_slide(page, stages[1], 3, total)
    screenshot(page, "presentation-stage-phone", full_page=False)
    page.set_viewport_size(PROJECTOR)

    # Escape leaves: back to the map, at the stage on screen.
    page.keyboard.press("Escape")
    expect(page).to_have_url(re.compile(rf"/maps/{presented_map.pk}/#stage-{purchase.pk}$"))
    expect(page.locator("#map-header")).to_be_visible()
    assert page.problems == []


def test_full_screen_is_a_button_away(journey_map, logged_in_page):
    page = logged_in_page
    page.goto(f"/maps/{journey_map.pk}/present/")
    button = page.locator("[data-deck=fullscreen]")
    expect(button).to_have_attribute("aria-pressed", "false")
    button.click()
    expect(button).to_have_attribute("aria-pressed", "true")
    # Escape first leaves full screen, and stays on the slides.
    page.evaluate("document.exitFullscreen()")
    expect(button).to_have_attribute("aria-pressed", "false")
    expect(page.locator("#slide-title")).to_be_visible()
    assert page.problems == []


def test_an_empty_map_says_what_is_missing(journey_map, logged_in_page):
    Stage.objects.filter(journey_map=journey_map).delete()
    page = logged_in_page
    page.goto(f"/maps/{journey_map.pk}/present/")
    page.keyboard.press("ArrowRight")
    expect(visible_slide(page)).to_have_attribute("id", "slide-no-stage")
    expect(visible_slide(page).locator(".slide-empty")).to_be_visible()
    page.keyboard.press("End")
    expect(visible_slide(page).locator(".slide-empty")).to_be_visible()
    assert page.problems == []


def test_a_facilitator_takes_the_participants_along(
    journey_map, owner, workshop, user_page, browser, browser_context_args
):
    need, purchase = journey_map.stages.order_by("position")
    guest = join_as_guest(browser, browser_context_args, workshop.get_join_path(), "Ada")
    expect(guest.locator("#live-status")).to_have_attribute("data-state", "live")
    facilitator = user_page(owner)
    facilitator.goto(f"/maps/{journey_map.pk}/present/#slide-stage-{need.pk}")
    expect(facilitator.locator(f"#slide-stage-{need.pk}")).to_be_visible()
    # Not ticked: presenting alone moves nobody.
    facilitator.keyboard.press("ArrowRight")
    expect(facilitator.locator(f"#slide-stage-{purchase.pk}")).to_be_visible()
    facilitator.wait_for_timeout(800)
    expect(guest.locator(".is-focus")).to_have_count(0)

    facilitator.locator("#deck-lead").check()
    expect(guest.locator(f"#stage-{purchase.pk}")).to_have_class(
        re.compile("is-focus"), timeout=LIVE_TIMEOUT_MS
    )
    facilitator.keyboard.press("ArrowLeft")
    expect(guest.locator(f"#stage-{need.pk}")).to_have_class(
        re.compile("is-focus"), timeout=LIVE_TIMEOUT_MS
    )
    expect(guest.locator(f"#stage-{purchase.pk}")).not_to_have_class(re.compile("is-focus"))
    # The whole curve is no stage: the participants roam again.
    facilitator.keyboard.press("End")
    expect(guest.locator(".is-focus")).to_have_count(0, timeout=LIVE_TIMEOUT_MS)
    # Back on a stage, then unticked: the focus is let go.
    facilitator.keyboard.press("Home")
    facilitator.keyboard.press("ArrowRight")
    expect(guest.locator(f"#stage-{need.pk}")).to_have_class(
        re.compile("is-focus"), timeout=LIVE_TIMEOUT_MS
    )
    facilitator.locator("#deck-lead").uncheck()
    expect(guest.locator(".is-focus")).to_have_count(0, timeout=LIVE_TIMEOUT_MS)
    assert facilitator.problems == []
    assert guest.problems == []


def test_a_big_map_fits_each_slide_sideways(workspace, logged_in_page, screenshot):
    """Twelve stages and 400 cards (some 33 a stage): cards set tighter, nothing sideways."""
    from maps.sample import build_map

    big = build_map(workspace, stages=12, lanes=6, cards=400, touchpoints_per_stage=3)
    first = big.stages.order_by("position").first()
    page = logged_in_page
    page.set_viewport_size(PROJECTOR)
    page.goto(f"/maps/{big.pk}/present/#slide-stage-{first.pk}")
    expect_slide(page, f"slide-stage-{first.pk}", 2, 12 + 4)
    expect(visible_slide(page)).to_have_class(re.compile("density-crowded"))
    screenshot(page, "presentation-stage-crowded", full_page=False)
    page.keyboard.press("End")
    page.keyboard.press("PageUp")
    page.keyboard.press("PageUp")
    expect_slide(page, "slide-curve", 12 + 2, 12 + 4)
    expect(visible_slide(page).locator(".curve-stages li")).to_have_count(12)
    screenshot(page, "presentation-curve-12-stages", full_page=False)
    assert page.problems == []


def test_a_share_link_presents_the_map_too(
    journey_map, owner, browser, browser_context_args, screenshot
):
    from maps import share_links

    _link, token = share_links.link_create(
        user=owner, journey_map=journey_map, label="Comité", password="", expires_on=None
    )
    context = browser.new_context(**browser_context_args)
    page = context.new_page()
    page.problems = watch_page(page)
    page.set_viewport_size(PROJECTOR)
    page.goto(f"/s/{token}/")
    screenshot(page, "shared-page-present-button", full_page=False)
    page.locator("a.present-link").click()
    expect(page).to_have_url(re.compile(rf"/s/{token}/present/"))
    need = journey_map.stages.order_by("position").first()
    page.keyboard.press("PageDown")
    expect_slide(page, f"slide-stage-{need.pk}", 2, 2 + 4)
    expect(visible_slide(page)).to_contain_text("Pas de pain ce soir !")
    expect(page.locator("#deck-lead")).to_have_count(0)
    assert_accessible(page, "presentation-shared")
    page.keyboard.press("Escape")
    expect(page).to_have_url(re.compile(rf"/s/{token}/#stage-{need.pk}$"))
    expect(page.locator("#shared-map")).to_be_visible()
    assert page.problems == []
    context.close()
