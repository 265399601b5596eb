"""Presentation mode in Chromium: opened from the map, walked with the keys a keyboard
and a clicker send, and a facilitator taking a workshop's participants along."""

import re

import pytest
from playwright.sync_api import Page, expect

from maps import services
from maps.models import Action, Card, Cause, Lane, LaneKind, Stage, Touchpoint
from tests.browser.conftest import outside_the_event_loop, watch_page
from tests.browser.editor import open_inline_form
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


# Following the map while it is presented ------------------------------------------------


def edit_card_text(page: Page, card: Card, text: str) -> None:
    """A participant changes a card's text on the map page."""
    form = open_inline_form(page, f"card-{card.pk}")
    form.locator("[name=text]").fill(text)
    form.locator("button[type=submit]").click()
    expect(page.locator(f"#card-{card.pk} .card-text")).to_have_text(text)


def test_the_presentation_follows_a_change_made_on_the_map(
    journey_map, owner, collaborator, user_page, screenshot
):
    need = journey_map.stages.order_by("position").first()
    card = Card.objects.get(text="Pas de pain ce soir !")
    presenter = user_page(owner)
    presenter.set_viewport_size(PROJECTOR)
    presenter.goto(f"/maps/{journey_map.pk}/present/#slide-stage-{need.pk}")
    expect_slide(presenter, f"slide-stage-{need.pk}", 2, 6)
    expect(visible_slide(presenter)).to_contain_text("Pas de pain ce soir !")
    # The stage's curve names its levels, inside the drawing.
    expect(visible_slide(presenter).locator(".curve-level-name")).to_have_text(
        ["+2", "+1", "0", "−1", "−2"]
    )
    presenter.evaluate("window.__marker = 'no reload'")

    participant = user_page(collaborator)
    participant.goto(journey_map.get_absolute_url())
    edit_card_text(participant, card, "Plus une baguette après 19 h")

    # On the slide shown, without a reload, still the same slide.
    expect(visible_slide(presenter)).to_contain_text(
        "Plus une baguette après 19 h", timeout=LIVE_TIMEOUT_MS
    )
    expect(visible_slide(presenter)).not_to_contain_text("Pas de pain ce soir !")
    expect_slide(presenter, f"slide-stage-{need.pk}", 2, 6)
    assert presenter.evaluate("window.__marker") == "no reload"
    screenshot(presenter, "presentation-followed-change", full_page=False)

    # The stage on screen is deleted: the next stage takes its place, numbered anew.
    purchase = journey_map.stages.order_by("position").last()
    outside_the_event_loop(
        services.item_delete,
        user=owner,
        map_id=journey_map.pk,
        kind_name="stage",
        item_id=need.pk,
        confirmed=True,
    )
    expect(visible_slide(presenter)).to_have_attribute(
        "id", f"slide-stage-{purchase.pk}", timeout=LIVE_TIMEOUT_MS
    )
    expect_slide(presenter, f"slide-stage-{purchase.pk}", 2, 5)
    assert presenter.evaluate("window.__marker") == "no reload"
    assert presenter.problems == []
    assert participant.problems == []


def test_a_shared_presentation_follows_the_map_and_ends_with_its_link(
    journey_map, owner, user_page, browser, browser_context_args, screenshot
):
    from maps import share_links

    link, token = share_links.link_create(
        user=owner, journey_map=journey_map, label="Comité", password="", expires_on=None
    )
    need = journey_map.stages.order_by("position").first()
    card = Card.objects.get(text="Pas de pain ce soir !")
    context = browser.new_context(**browser_context_args)
    viewer = context.new_page()
    viewer.problems = watch_page(viewer)
    viewer.set_viewport_size(PROJECTOR)
    viewer.goto(f"/s/{token}/present/#slide-stage-{need.pk}")
    expect_slide(viewer, f"slide-stage-{need.pk}", 2, 6)

    team = user_page(owner)
    team.goto(journey_map.get_absolute_url())
    edit_card_text(team, card, "Le pain manque le vendredi soir")
    expect(visible_slide(viewer)).to_contain_text(
        "Le pain manque le vendredi soir", timeout=LIVE_TIMEOUT_MS
    )
    expect_slide(viewer, f"slide-stage-{need.pk}", 2, 6)
    screenshot(viewer, "presentation-shared-followed-change", full_page=False)

    # Revoked: the slides leave, the notice says why, as on the shared page.
    team.goto(f"/maps/{journey_map.pk}/share/{link.pk}/revoke/")
    team.locator("main form button[type=submit]").click()
    ended = viewer.locator(".share-ended")
    expect(ended).to_be_visible(timeout=LIVE_TIMEOUT_MS)
    expect(ended).to_contain_text("révoqué")
    expect(viewer.locator("[data-slide]")).to_have_count(0)
    expect(viewer.locator("body")).not_to_contain_text("Le pain manque")
    screenshot(viewer, "presentation-shared-ended", full_page=False)
    assert_accessible(viewer, "presentation-shared-ended")
    assert viewer.problems == []
    context.close()


def swipe(page: Page, cdp, dx: int, dy: int = 0) -> None:
    """A finger's quick sweep across the slide, as a touch screen reports it."""
    x, y = 640, 300
    steps = 6
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
    for step in range(1, steps + 1):
        point = {"x": x + dx * step / steps, "y": y + dy * step / steps}
        cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [point]})
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})


def test_a_swipe_moves_between_slides_on_a_touch_screen(journey_map, owner, user_page):
    need, purchase = journey_map.stages.order_by("position")
    page = user_page(owner, has_touch=True, is_mobile=False)
    page.set_viewport_size(PROJECTOR)
    page.goto(f"/maps/{journey_map.pk}/present/#slide-stage-{need.pk}")
    expect_slide(page, f"slide-stage-{need.pk}", 2, 6)
    cdp = page.context.new_cdp_session(page)
    swipe(page, cdp, -300)  # leftwards: the next slide
    expect_slide(page, f"slide-stage-{purchase.pk}", 3, 6)
    swipe(page, cdp, 300)  # rightwards: back
    expect_slide(page, f"slide-stage-{need.pk}", 2, 6)
    # A short nudge or a vertical sweep moves nothing.
    swipe(page, cdp, -20)
    swipe(page, cdp, -40, 300)
    page.wait_for_timeout(300)
    expect_slide(page, f"slide-stage-{need.pk}", 2, 6)
    assert page.problems == []


def test_a_reload_shows_no_focus_ring_until_the_keyboard_is_used(journey_map, logged_in_page):
    need = journey_map.stages.order_by("position").first()
    page = logged_in_page
    slide = page.locator(f"#slide-stage-{need.pk}")
    # Opened at a slide (a link, the address typed again), then reloaded: the browser
    # focuses the slide the hash names, but no key did, so no ring.
    page.goto("about:blank")
    page.goto(f"/maps/{journey_map.pk}/present/#slide-stage-{need.pk}")
    expect(slide).to_be_visible()
    page.wait_for_timeout(300)
    assert slide.evaluate("s => getComputedStyle(s).boxShadow") == "none"
    page.reload()
    expect(slide).to_be_visible()
    page.wait_for_timeout(300)
    assert slide.evaluate("s => getComputedStyle(s).boxShadow") == "none"
    # A click on the slide: no ring either.
    slide.click(position={"x": 20, "y": 200})
    assert slide.evaluate("s => getComputedStyle(s).boxShadow") == "none"
    # Reached with the keyboard, it shows.
    page.locator(".deck-exit").focus()
    page.keyboard.press("Shift+Tab")
    expect(slide).to_be_focused()
    assert slide.evaluate("s => getComputedStyle(s).boxShadow") != "none"
    assert page.problems == []
