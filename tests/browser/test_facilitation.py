"""A facilitated workshop in Chromium: a facilitator and two guests run a silent
scoring round and a dot vote, with the timer and the focus."""

import re

from playwright.sync_api import Page, expect

from maps.models import Action, Card, Lane, LaneKind, Round, Touchpoint, Vote
from tests.browser.test_accessibility import assert_accessible
from tests.browser.test_live_workshop import LIVE_TIMEOUT_MS, join_as_guest, open_map


def score(page: Page, touchpoint: Touchpoint, value: int) -> None:
    form = page.locator(".score-form").filter(
        has=page.locator(f"input[name=touchpoint][value='{touchpoint.pk}']")
    )
    form.locator(f"label.emotion-{value}").click()
    expect(form.locator(f"input[name=value][value='{value}']")).to_be_checked()


def test_a_facilitator_and_two_guests_score_and_vote(
    journey_map, owner, workshop, user_page, browser, browser_context_args, screenshot
):
    stages = list(journey_map.stages.order_by("position"))
    Touchpoint.objects.create(journey_map=journey_map, stage=stages[1], channel="Caisse")
    pains = Lane.objects.get(journey_map=journey_map, kind=LaneKind.PAIN_POINTS)
    for n, text in enumerate(["File trop longue", "Pas de monnaie", "Pain trop cuit", "Bruit"]):
        Card.objects.create(journey_map=journey_map, lane=pains, stage=stages[n % 2], text=text)
    bus, caisse = Touchpoint.objects.filter(journey_map=journey_map).order_by("stage__position")

    facilitator = open_map(user_page(owner), journey_map)
    join_url = workshop.get_join_path()
    ada = join_as_guest(browser, browser_context_args, join_url, "Ada")
    bea = join_as_guest(browser, browser_context_args, join_url, "Béa")
    for page in (ada, bea):
        expect(page.locator("#live-status")).to_have_attribute("data-state", "live")

    # The timer: everyone sees it count down.
    facilitator.locator("#timer-minutes").fill("2")
    facilitator.locator(".timer-start button").click()
    for page in (facilitator, ada, bea):
        expect(page.locator("#workshop-timer .timer-clock")).to_have_text(re.compile(r"0[12]:\d\d"))
    expect(ada.locator(".timer-controls")).to_be_hidden()

    # The focus: "bring everyone here".
    facilitator.locator(f"#stage-{stages[1].pk} .focus-tool").click()
    for page in (ada, bea):
        expect(page.locator(f"#stage-{stages[1].pk}")).to_have_class(
            re.compile("is-focus"), timeout=LIVE_TIMEOUT_MS
        )

    # Silent scoring: each guest scores alone; the facilitator sees how many voted.
    facilitator.locator(".round-start > summary").click()
    facilitator.locator(".round-option button[hx-vals]").click()
    for page in (ada, bea):
        expect(page.locator(".score-form")).to_have_count(2, timeout=LIVE_TIMEOUT_MS)
    score(ada, bus, 2)
    score(ada, caisse, -1)
    score(bea, bus, -2)
    score(bea, caisse, -1)
    # Each ballot says, from the server's answer, that both scores are saved.
    for page in (ada, bea):
        expect(page.locator(".ballot-title")).to_contain_text(re.compile(r"\(2\D+2\)"))
    expect(facilitator.locator("#round-progress")).to_contain_text("2")
    # Nobody sees another's scores: Béa's ballot shows hers only.
    expect(bea.locator("input[name=value][value='2']:checked")).to_have_count(0)
    assert Vote.objects.count() == 4
    screenshot(ada, "round-scoring-guest")
    assert_accessible(ada, "round-scoring-guest")

    facilitator.locator("button[hx-post$='/rounds/close/']").click()
    for page in (facilitator, ada, bea):
        expect(page.locator(".results-table")).to_be_visible(timeout=LIVE_TIMEOUT_MS)
        expect(page.locator("#emotion-curve .group-band")).to_have_count(1)
    disputed = facilitator.locator(".results-table tr.is-disputed")
    expect(disputed).to_have_count(1)
    expect(disputed).to_contain_text("Bus")
    screenshot(facilitator, "round-scoring-results")
    assert_accessible(facilitator, "round-scoring-results")
    facilitator.once("dialog", lambda dialog: dialog.accept())
    facilitator.locator("button[hx-post$='/adopt/']").click()
    expect(bea.locator(f"#touchpoint-{caisse.pk} .emotion")).to_contain_text(
        "−1", timeout=LIVE_TIMEOUT_MS
    )

    # Dot voting: two dots each, totals hidden until the round closes.
    facilitator.locator(".round-start > summary").click()
    facilitator.locator("#round-dots_each").fill("2")
    facilitator.locator("form.round-option button[type=submit]").click()
    for page in (ada, bea):
        expect(page.locator(".dot-line")).to_have_count(4, timeout=LIVE_TIMEOUT_MS)

    def dot(page: Page, text: str) -> None:
        line = page.locator(".dot-line").filter(has_text=text)
        line.locator("button[hx-vals*='\"1\"']").last.click()
        expect(line.locator(".my-dots")).to_have_text("1")

    dot(ada, "File trop longue")
    dot(ada, "Pas de monnaie")
    dot(bea, "File trop longue")
    expect(ada.locator(".dot-line button[hx-vals*='\"1\"']:not([disabled])")).to_have_count(0)
    expect(facilitator.locator("#round-progress .finished")).to_contain_text("Ada")
    # Who has finished is for the facilitator's eyes.
    expect(bea.locator("#round-progress .finished")).to_be_hidden()
    expect(facilitator.locator("#round-progress")).not_to_contain_text("File trop longue")
    screenshot(bea, "round-dots-guest")
    assert_accessible(bea, "round-dots-guest")

    facilitator.locator("button[hx-post$='/rounds/close/']").click()
    for page in (facilitator, ada, bea):
        results = page.locator(".dot-results .dot-result")
        expect(results.first).to_contain_text("File trop longue", timeout=LIVE_TIMEOUT_MS)
        expect(results.first).to_contain_text("2")
    screenshot(facilitator, "round-dots-results")

    # The top item becomes an action of the plan, which everyone sees.
    facilitator.locator(".dot-result").first.locator("a.dot-to-action").click()
    form = facilitator.locator("#add-action[open] form#new-action")
    expect(form.locator("[name=title]")).to_have_value("File trop longue")
    form.locator("[name=owner]").fill("Julie")
    form.locator("button[type=submit]").click()
    for page in (ada, bea):
        expect(page.locator("#action-plan")).to_contain_text("Julie", timeout=LIVE_TIMEOUT_MS)
    assert Action.objects.get().source_card.text == "File trop longue"

    # Past rounds stay readable.
    facilitator.goto(journey_map.get_absolute_url() + "rounds/")
    expect(facilitator.locator(".round-past")).to_have_count(2)
    assert_accessible(facilitator, "rounds-history")
    assert Round.objects.filter(closed_at__isnull=False).count() == 2
    for page in (facilitator, ada, bea):
        assert page.problems == []
