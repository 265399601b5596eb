"""A locked map in Chromium: the facilitator keeps the controls (unlock, timer),
guests' pages turn read-only and back."""

import re

from playwright.sync_api import expect

from tests.browser.test_live_workshop import LIVE_TIMEOUT_MS, join_as_guest, open_map


def test_a_facilitator_locks_runs_the_timer_and_unlocks(
    journey_map, owner, workshop, user_page, browser, browser_context_args
):
    facilitator = open_map(user_page(owner), journey_map)
    guest = join_as_guest(browser, browser_context_args, workshop.get_join_path(), "Ada")
    expect(guest.locator("#live-status")).to_have_attribute("data-state", "live")
    guest_main = guest.locator("main")
    expect(guest_main).not_to_have_class(re.compile("read-only"))
    expect(guest.locator(".lane-row .add-item").first).to_be_visible()

    lock = facilitator.locator("#map-header button[hx-post$='/lock/']")
    lock.click()
    expect(facilitator.locator("#map-header")).to_have_attribute("data-locked", "true")
    expect(guest.locator("#map-header")).to_have_attribute(
        "data-locked", "true", timeout=LIVE_TIMEOUT_MS
    )
    expect(guest_main).to_have_class(re.compile("read-only"))
    expect(guest.locator(".lane-row .add-item").first).to_be_hidden()

    # The timer still runs on the locked map, for everyone.
    facilitator.locator("#timer-minutes").fill("2")
    facilitator.locator(".timer-start button").click()
    for page in (facilitator, guest):
        expect(page.locator("#workshop-timer .timer-clock")).to_have_text(
            re.compile(r"0[12]:\d\d"), timeout=LIVE_TIMEOUT_MS
        )

    # So do the rounds: the guest scores the locked map as it stands.
    facilitator.locator(".round-start > summary").click()
    facilitator.locator(".round-option button[hx-vals]").click()
    score = guest.locator(".score-form").first
    expect(score).to_be_visible(timeout=LIVE_TIMEOUT_MS)
    score.locator("label.emotion-1").click()
    expect(score.locator("input[name=value][value='1']")).to_be_checked()
    expect(facilitator.locator("#round-progress")).to_contain_text("1", timeout=LIVE_TIMEOUT_MS)

    # And the facilitator unlocks from the same page.
    facilitator.locator("#map-header button[hx-post$='/lock/']").click()
    expect(facilitator.locator("#map-header")).to_have_attribute("data-locked", "false")
    expect(guest.locator("#map-header")).to_have_attribute(
        "data-locked", "false", timeout=LIVE_TIMEOUT_MS
    )
    expect(guest_main).not_to_have_class(re.compile("read-only"))
    expect(guest.locator(".lane-row .add-item").first).to_be_visible()
    assert facilitator.problems == [] and guest.problems == []


def test_a_facilitator_unlocks_a_map_with_no_workshop(journey_map, owner, user_page):
    journey_map.locked = True
    journey_map.save()
    facilitator = open_map(user_page(owner), journey_map)
    expect(facilitator.locator("main")).to_have_class(re.compile("read-only"))
    # Content edits wait for the unlock, the facilitator's own included.
    edit_scope = facilitator.locator("#map-header a[hx-get$='/settings/']")
    expect(edit_scope).to_be_hidden()
    facilitator.locator("#map-header button[hx-post$='/lock/']").click()
    expect(facilitator.locator("#map-header")).to_have_attribute("data-locked", "false")
    expect(facilitator.locator("main")).not_to_have_class(re.compile("read-only"))
    expect(edit_scope).to_be_visible()
    assert facilitator.problems == []
