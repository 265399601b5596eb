"""A workshop in a room: the facilitator's workshop page on the projector, a guest who
types the short code on a phone, the guest's name appearing on the page by itself, and
the facilitator revoking every guest."""

import re

from playwright.sync_api import Browser, expect

from tests.browser.conftest import watch_page

# The guest list asks every 5 s; a loaded machine may answer a little late.
POLL_TIMEOUT_MS = 15_000
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def test_a_guest_who_types_the_code_appears_on_the_facilitators_page(
    journey_map, owner, user_page, browser: Browser, browser_context_args, screenshot
):
    facilitator = user_page(owner)
    facilitator.goto(journey_map.get_absolute_url() + "workshop/")
    facilitator.locator(".workshop-start button[type=submit]").click()
    code = facilitator.locator("#join-code")
    expect(code).to_be_visible()
    expect(facilitator.locator("#workshop-guests .guest-name")).to_have_count(0)
    typed = code.get_attribute("data-code")
    facilitator.evaluate("window.__marker = 'no reload'")

    phone_context = browser.new_context(**{**browser_context_args, **PHONE})
    phone = phone_context.new_page()
    phone.problems = watch_page(phone)
    phone.goto("/join")
    # Typed as people type: lower case, with a space in the middle.
    phone.locator("#id_code").fill(f"{typed[:3].lower()} {typed[3:].lower()}")
    phone.locator(".join-box button[type=submit]").click()
    expect(phone).to_have_url(re.compile(r"/w/[^/]+/$"))
    phone.locator("#id_display_name").fill("Zoé")
    phone.locator(".join-box button[type=submit]").click()
    expect(phone.locator("#map-header")).to_be_visible()

    expect(facilitator.locator("#workshop-guests .guest-name")).to_have_text(
        ["Zoé"], timeout=POLL_TIMEOUT_MS
    )
    assert facilitator.evaluate("window.__marker") == "no reload", "the page reloaded"
    screenshot(facilitator, "workshop-room-guest-appeared")

    # The guest has the map open; the facilitator revokes every guest: the map says so.
    expect(phone.locator("#live-status")).to_have_attribute("data-state", "live")
    facilitator.once("dialog", lambda dialog: dialog.accept())
    facilitator.locator(".workshop-access button[type=submit]").click()
    expect(phone.locator("#live-status")).to_have_attribute("data-state", "denied")
    expect(facilitator.locator("#workshop-guests .guest-name")).to_have_text(["Zoé"])
    assert facilitator.locator("#join-code").get_attribute("data-code") != typed
    assert facilitator.problems == phone.problems == []
    phone_context.close()


def test_a_wrong_code_on_a_phone_says_so_and_the_page_is_accessible(
    browser: Browser, browser_context_args, workshop
):
    from tests.browser.test_accessibility import assert_accessible

    context = browser.new_context(**{**browser_context_args, **PHONE})
    phone = context.new_page()
    phone.goto("/join/")
    assert_accessible(phone, "join-code")
    phone.locator("#id_code").fill("ZZZ ZZ2" if workshop.code != "ZZZZZ2" else "YYY YY2")
    phone.locator(".join-box button[type=submit]").click()
    expect(phone.locator(".join-box .alert-error")).to_be_visible()
    expect(phone.locator("#id_code")).to_have_attribute("aria-invalid", "true")
    assert_accessible(phone, "join-code-wrong")
    context.close()
