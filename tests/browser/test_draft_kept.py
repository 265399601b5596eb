"""A draft survives its item: when someone deletes the post-it another person is
editing, the editor's form stays, with their text and a notice, and can copy it."""

from playwright.sync_api import expect

from maps.models import Card, Lane, LaneKind
from tests.browser.editor import open_inline_form
from tests.browser.test_live_workshop import LIVE_TIMEOUT_MS, join_as_guest, open_map

DRAFT = "Le pain était déjà froid à 18 h"


def test_a_guest_keeps_the_text_of_a_post_it_deleted_while_they_type(
    journey_map, owner, workshop, user_page, browser, browser_context_args, screenshot
):
    lane = Lane.objects.get(journey_map=journey_map, kind=LaneKind.PAIN_POINTS)
    stage = journey_map.stages.order_by("position").first()
    card = Card.objects.create(journey_map=journey_map, lane=lane, stage=stage, text="File")
    other = Card.objects.create(journey_map=journey_map, lane=lane, stage=stage, text="Bruit")

    guest = join_as_guest(browser, browser_context_args, workshop.get_join_path(), "Ada")
    guest.context.grant_permissions(["clipboard-read", "clipboard-write"])
    expect(guest.locator("#live-status")).to_have_attribute("data-state", "live")
    facilitator = open_map(user_page(owner), journey_map)

    form = open_inline_form(guest, f"card-{card.pk}")
    form.locator("[name=text]").fill(DRAFT)

    facilitator.once("dialog", lambda dialog: dialog.accept())
    facilitator.locator(f"#card-{card.pk} .tool-danger").click()
    expect(facilitator.locator(f"#card-{card.pk}")).to_have_count(0)

    # The guest's cell is redrawn without the post-it: the form stays, text and all.
    notice = form.locator(".live-deleted")
    expect(notice).to_be_visible(timeout=LIVE_TIMEOUT_MS)
    expect(notice).to_have_attribute("role", "alert")
    expect(form.locator("[name=text]")).to_have_value(DRAFT)
    expect(guest.locator(f"#card-{other.pk}")).to_be_visible()
    form.scroll_into_view_if_needed()
    screenshot(guest, "draft-kept-after-delete", full_page=False)
    # Saving is off (there is nothing to save into); copying works.
    expect(form.locator("> .form-actions")).to_be_hidden()
    form.locator("[data-copy-draft]").click()
    assert DRAFT in guest.evaluate("navigator.clipboard.readText()")

    # Another change of the same cell does not wipe the kept draft either.
    facilitator.once("dialog", lambda dialog: dialog.accept())
    facilitator.locator(f"#card-{other.pk} .tool-danger").click()
    expect(guest.locator(f"#card-{other.pk}")).to_have_count(0, timeout=LIVE_TIMEOUT_MS)
    expect(form.locator("[name=text]")).to_have_value(DRAFT)

    # Once copied, closing needs no confirmation.
    form.locator("[data-close-draft]").click()
    expect(form).to_have_count(0)
    assert guest.problems == [] and facilitator.problems == []


def test_a_stage_renamed_while_someone_deletes_it_keeps_its_new_name_on_screen(
    journey_map, owner, collaborator, user_page
):
    stage = journey_map.stages.order_by("position").last()  # empty: deleted at once
    renaming = open_map(user_page(collaborator), journey_map)
    deleting = open_map(user_page(owner), journey_map)

    form = open_inline_form(renaming, f"stage-{stage.pk}")
    form.locator("[name=name]").fill("Passage en caisse")
    deleting.locator(f"#stage-{stage.pk} .tool-danger").click()
    expect(deleting.locator(f"#stage-{stage.pk}")).to_have_count(0)

    kept = renaming.locator(f"#kept-drafts form#stage-{stage.pk}")
    expect(kept.locator(".live-deleted")).to_be_visible(timeout=LIVE_TIMEOUT_MS)
    expect(kept.locator("[name=name]")).to_have_value("Passage en caisse")
    # Closing a text not copied yet asks first; declining keeps it.
    renaming.once("dialog", lambda dialog: dialog.dismiss())
    kept.locator("[data-close-draft]").click()
    expect(kept).to_have_count(1)
    assert renaming.problems == [] and deleting.problems == []
