"""The trash in Chromium: what one person deletes, another brings back, live on every
screen; a post-it deleted under someone's pen comes back with their text; guests see
the stage and lane tools only once the facilitator lets them restructure."""

from playwright.sync_api import Page, expect

from maps.models import Card, Lane, LaneKind
from tests.browser.conftest import LIVE_TIMEOUT_MS, outside_the_event_loop
from tests.browser.editor import open_inline_form
from tests.browser.test_live_workshop import join_as_guest, open_map

DRAFT = "Le pain était déjà froid à 18 h"


def open_trash(page: Page):
    page.locator("#map-header a[href$='/trash/']").click()
    dialog = page.locator("#trash-dialog")
    expect(dialog).to_be_visible()
    expect(dialog.locator("#trash-panel")).to_be_visible()
    return dialog


def test_one_deletes_a_stage_another_restores_it_and_both_see_it_come_back(
    journey_map, owner, collaborator, user_page, screenshot
):
    stage = journey_map.stages.order_by("position").first()
    lane = Lane.objects.get(journey_map=journey_map, kind=LaneKind.THOUGHTS)
    Card.objects.create(
        journey_map=journey_map, stage=stage, lane=lane, text="Trop de monde", position=1
    )
    cards = list(Card.objects.filter(stage=stage).values_list("pk", "text"))
    deleting = open_map(user_page(owner), journey_map)
    restoring = open_map(user_page(collaborator), journey_map)
    heading = f"#stage-{stage.pk} .stage-name"
    for page in (deleting, restoring):
        expect(page.locator(heading)).to_have_text(stage.name)

    # The stage holds a touchpoint and two post-it: deleting asks first.
    deleting.locator(f"#stage-{stage.pk} .tool-danger").click()
    confirm = deleting.locator(f"#stage-{stage.pk}.confirm-delete")
    expect(confirm).to_be_visible()
    confirm.locator(".button-danger").click()
    for page in (deleting, restoring):
        expect(page.locator(f"#stage-{stage.pk}")).to_have_count(0, timeout=LIVE_TIMEOUT_MS)
        for pk, _text in cards:
            expect(page.locator(f"#card-{pk}")).to_have_count(0, timeout=LIVE_TIMEOUT_MS)

    dialog = open_trash(restoring)
    entry = dialog.locator(".trash-entry")
    expect(entry).to_have_count(1)
    expect(entry.locator(".trash-label")).to_have_text(stage.name)
    expect(entry.locator(".trash-held")).to_contain_text("3")
    expect(entry.locator(".trash-when")).to_contain_text("owner")
    screenshot(restoring, "trash-panel", full_page=False)

    entry.locator("[data-restore]").click()
    # Back on both screens, where it was, with its post-it; the panel says the trash is empty.
    for page in (restoring, deleting):
        expect(page.locator(heading)).to_have_text(stage.name, timeout=LIVE_TIMEOUT_MS)
        expect(page.locator(".stage-row .stage-head").first).to_have_id(f"stage-{stage.pk}")
        for pk, text in cards:
            expect(page.locator(f"#card-{pk}")).to_contain_text(text, timeout=LIVE_TIMEOUT_MS)
    expect(dialog.locator(".trash-entry")).to_have_count(0)
    expect(dialog.locator(".trash-empty")).to_be_visible()
    screenshot(restoring, "trash-panel-after-restore", full_page=False)
    dialog.locator("[data-close-dialog]").click()
    expect(dialog).to_be_hidden()
    screenshot(deleting, "trash-stage-back")
    assert deleting.problems == [] and restoring.problems == []


def test_an_open_trash_panel_follows_what_others_delete_and_empty(
    journey_map, owner, collaborator, user_page
):
    card = Card.objects.get(journey_map=journey_map)
    watching = open_map(user_page(collaborator), journey_map)
    dialog = open_trash(watching)
    expect(dialog.locator(".trash-empty")).to_be_visible()

    facilitator = open_map(user_page(owner), journey_map)
    facilitator.once("dialog", lambda confirm: confirm.accept())
    facilitator.locator(f"#card-{card.pk} .tool-danger").click()
    expect(dialog.locator(".trash-entry .trash-label")).to_have_text(
        card.text, timeout=LIVE_TIMEOUT_MS
    )

    # Emptied from the trash's own page, after its question.
    facilitator.goto(f"/maps/{journey_map.pk}/trash/")
    facilitator.locator("[data-empty-trash]").click()
    facilitator.locator(".trash-confirm [data-empty-trash]").click()
    expect(facilitator.locator(".trash-empty")).to_be_visible()
    expect(dialog.locator(".trash-entry")).to_have_count(0, timeout=LIVE_TIMEOUT_MS)
    expect(dialog.locator(".trash-empty")).to_be_visible()
    assert watching.problems == [] and facilitator.problems == []


def test_a_post_it_deleted_while_someone_edits_it_comes_back_with_their_text(
    journey_map, owner, collaborator, user_page, screenshot
):
    card = Card.objects.get(journey_map=journey_map)
    editing = open_map(user_page(collaborator), journey_map)
    deleting = open_map(user_page(owner), journey_map)

    form = open_inline_form(editing, f"card-{card.pk}")
    form.locator("[name=text]").fill(DRAFT)
    deleting.once("dialog", lambda dialog: dialog.accept())
    deleting.locator(f"#card-{card.pk} .tool-danger").click()
    expect(deleting.locator(f"#card-{card.pk}")).to_have_count(0)

    notice = form.locator(".live-deleted")
    expect(notice).to_be_visible(timeout=LIVE_TIMEOUT_MS)
    expect(form.locator("[name=text]")).to_have_value(DRAFT)
    expect(notice.locator("[data-copy-draft]")).to_be_visible()
    form.scroll_into_view_if_needed()
    screenshot(editing, "draft-deleted-meanwhile", full_page=False)

    notice.locator("[data-restore-draft]").click()
    for page in (editing, deleting):
        restored = page.locator(f"article#card-{card.pk}")
        expect(restored).to_contain_text(DRAFT, timeout=LIVE_TIMEOUT_MS)
    expect(editing.locator("form.draft-orphan")).to_have_count(0)
    card.refresh_from_db()
    assert card.text == DRAFT
    screenshot(editing, "draft-restored-with-my-text", full_page=False)
    assert editing.problems == [] and deleting.problems == []


def test_saving_after_the_item_was_deleted_keeps_the_text_and_offers_to_restore(
    journey_map, owner, collaborator, user_page
):
    """The deletion has not reached this tab yet (its socket is slow): the save itself
    answers "deleted meanwhile", with the text."""
    from maps import services

    card = Card.objects.get(journey_map=journey_map)
    editing = open_map(user_page(collaborator), journey_map)
    form = open_inline_form(editing, f"card-{card.pk}")
    form.locator("[name=text]").fill(DRAFT)
    # Hold this tab's socket messages back: the save goes out before the deletion shows.
    editing.evaluate(
        "document.addEventListener('htmx:wsBeforeMessage', (e) => {"
        " e.preventDefault(); e.stopPropagation(); }, true)"
    )
    outside_the_event_loop(
        services.item_delete, user=owner, map_id=journey_map.pk, kind_name="card", item_id=card.pk
    )
    form.locator("button[type=submit]").click()
    kept = editing.locator(f"form#card-{card.pk}.draft-orphan")
    expect(kept.locator(".live-deleted")).to_be_visible()
    expect(kept.locator("[name=text]")).to_have_value(DRAFT)
    kept.locator("[data-restore-draft]").click()
    # Its answer waits for the deletion this tab missed: the tab catches up, then shows it.
    expect(editing.locator(f"article#card-{card.pk}")).to_contain_text(DRAFT)
    # The save's 409 "deleted meanwhile" is expected, which Chromium logs; nothing else.
    assert [problem for problem in editing.problems if "409 (Conflict)" not in problem] == []


def test_guests_get_the_stage_tools_once_the_facilitator_allows_it(
    journey_map, owner, workshop, user_page, browser, browser_context_args, screenshot
):
    stage = journey_map.stages.order_by("position").first()
    card = Card.objects.get(journey_map=journey_map)
    guest = join_as_guest(browser, browser_context_args, workshop.get_join_path(), "Ada")
    expect(guest.locator("#live-status")).to_have_attribute("data-state", "live")
    stage_tools = guest.locator(f"#stage-{stage.pk} .item-tools")
    expect(guest.locator(f"#stage-{stage.pk} .stage-name")).to_be_visible()
    expect(stage_tools).to_be_hidden()
    expect(guest.locator(f"#card-{card.pk} .tool-danger")).to_be_attached()

    facilitator = user_page(owner)
    facilitator.goto(f"/maps/{journey_map.pk}/workshop/")
    rights = facilitator.locator("form.workshop-rights")
    rights.locator("[name=guests_restructure]").check()
    rights.locator("button[type=submit]").click()
    expect(facilitator.locator("form.workshop-rights [name=guests_restructure]")).to_be_checked()
    screenshot(facilitator, "workshop-guests-rights")

    # Live: the guest's page shows the tools without a reload.
    expect(stage_tools).to_be_visible(timeout=LIVE_TIMEOUT_MS)

    # The guest starts deleting the stage (it holds content: a question first)…
    stage_tools.locator(".tool-danger").click()
    confirm = guest.locator(f"#stage-{stage.pk}.confirm-delete")
    expect(confirm).to_be_visible()
    # …the facilitator takes the right back meanwhile: the tools go, the answer says why.
    facilitator.locator("form.workshop-rights [name=guests_restructure]").uncheck()
    facilitator.locator("form.workshop-rights button[type=submit]").click()
    expect(guest.locator(".structure-control").first).to_be_hidden(timeout=LIVE_TIMEOUT_MS)
    confirm.locator(".button-danger").click()
    expect(guest.locator("#toasts .toast-error")).to_contain_text("seul l’animateur")
    screenshot(guest, "guest-refused-restructure", full_page=False)
    confirm.locator(".button-quiet").click()  # "Keep it"
    expect(guest.locator(f"#stage-{stage.pk} .stage-name")).to_be_visible()
    expect(stage_tools).to_be_hidden()
    # The refusal (403) is expected; Chromium and htmx log it, nothing else went wrong.
    assert [p for p in guest.problems if "403" not in p] == []
    assert facilitator.problems == []
