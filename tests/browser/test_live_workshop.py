"""A live workshop in Chromium: a facilitator, a colleague and a guest on one map.

Each person has a browser context of their own (own cookies, own socket).
Everything one of them changes shows up on the others' screens, without a
reload and without wiping what they are typing.
"""

import re

from playwright.sync_api import Browser, Page, WebSocketRoute, expect

from maps.models import Card, Guest, Workshop
from tests.browser.conftest import LIVE_TIMEOUT_MS, wait_until, watch_page
from tests.browser.editor import add_card, card_cell, open_inline_form


def open_map(page: Page, journey_map) -> Page:
    page.goto(journey_map.get_absolute_url())
    expect(page.locator("#live-status")).to_have_attribute("data-state", "live")
    page.evaluate("window.__marker = 'no reload'")
    return page


def still_same_page(page: Page) -> None:
    assert page.evaluate("window.__marker") == "no reload", "the page reloaded"


def join_as_guest(browser: Browser, browser_context_args, url: str, name: str) -> Page:
    context = browser.new_context(**browser_context_args)
    page = context.new_page()
    page.problems = watch_page(page)
    page.goto(url)
    page.locator("#id_display_name").fill(name)
    page.locator(".join-box button[type=submit]").click()
    expect(page.locator("#map-header")).to_be_visible()
    return page


def test_three_people_edit_one_map_live(
    journey_map, owner, collaborator, user_page, browser, browser_context_args, screenshot
):
    facilitator = user_page(owner)
    facilitator.goto(journey_map.get_absolute_url())
    facilitator.locator("a.workshop-link").click()
    expect(facilitator).to_have_url(re.compile(r"/workshop/$"))
    facilitator.locator(".workshop-start button[type=submit]").click()
    join_url = facilitator.locator("#join-url").input_value()
    assert join_url.endswith(Workshop.objects.get().get_join_path())
    expect(facilitator.locator("img.workshop-qr")).to_be_visible()
    wait_until(facilitator, "document.querySelector('img.workshop-qr').naturalWidth > 100")
    screenshot(facilitator, "workshop-panel")

    guest = join_as_guest(browser, browser_context_args, join_url, "Camille <b>G.</b>")
    assert Guest.objects.get().display_name == "Camille <b>G.</b>"
    colleague = open_map(user_page(collaborator), journey_map)
    open_map(facilitator, journey_map)
    open_map(guest, journey_map)

    # Everyone sees who is here.
    for page in (facilitator, colleague, guest):
        people = page.locator("#presence-people .person-name")
        expect(people).to_have_count(3, timeout=LIVE_TIMEOUT_MS)
        expect(people.filter(has_text="Camille <b>G.</b>")).to_have_count(1)

    # The guest adds a card: it appears on the two other screens.
    cell = card_cell(guest, lane=0, column=1)
    add_card(guest, cell, "Le guichet est fermé à midi")
    for page in (facilitator, colleague):
        expect(card_cell(page, lane=0, column=1).locator(".card-text")).to_have_text(
            ["Le guichet est fermé à midi"], timeout=LIVE_TIMEOUT_MS
        )

    # The colleague is typing into a card when the facilitator changes it.
    card = Card.objects.get(text="Pas de pain ce soir !")
    draft = open_inline_form(colleague, f"card-{card.pk}")
    draft.locator("[name=text]").fill("Brouillon de la collègue")
    expect(facilitator.locator(f"#card-{card.pk}")).to_have_class(
        re.compile("being-edited"), timeout=LIVE_TIMEOUT_MS
    )
    screenshot(facilitator, "workshop-someone-editing", full_page=False)
    form = open_inline_form(facilitator, f"card-{card.pk}")
    form.locator("[name=text]").fill("Plus de pain après 19 h")
    form.locator("button[type=submit]").click()
    expect(guest.locator(f"#card-{card.pk} .card-text")).to_have_text(
        "Plus de pain après 19 h", timeout=LIVE_TIMEOUT_MS
    )
    expect(draft.locator(".live-changed")).to_contain_text("Plus de pain après 19 h")
    expect(draft.locator("[name=text]")).to_have_value("Brouillon de la collègue")
    screenshot(colleague, "workshop-draft-kept", full_page=False)

    # A new card beside the draft redraws the cell: the draft stays, focus too.
    draft.locator("[name=text]").focus()
    add_card(guest, card_cell(guest, lane=0, column=0), "Et le dimanche ?")
    expect(card_cell(colleague, lane=0, column=0).locator("article.card")).to_have_count(
        1, timeout=LIVE_TIMEOUT_MS
    )
    expect(draft.locator("[name=text]")).to_have_value("Brouillon de la collègue")
    expect(draft.locator("[name=text]")).to_be_focused()

    # Saving the draft now is a conflict, resolved on purpose.
    draft.locator("button[type=submit]").click()
    # The server's answer (role=alert), not the notice the page showed while typing.
    conflict = colleague.locator(f"form#card-{card.pk} [role=alert] .conflict-current")
    expect(conflict).to_be_visible()
    colleague.locator(f"form#card-{card.pk} button[type=submit]").click()
    for page in (facilitator, colleague, guest):
        expect(page.locator(f"#card-{card.pk} .card-text")).to_have_text(
            "Brouillon de la collègue", timeout=LIVE_TIMEOUT_MS
        )

    # Ending the workshop leaves the guest reading only, at once.
    facilitator.goto(journey_map.get_absolute_url() + "workshop/")
    facilitator.once("dialog", lambda dialog: dialog.accept())
    facilitator.locator("form[action$='/workshop/end/'] button").click()
    expect(guest.locator("main")).to_have_class(re.compile("read-only"), timeout=LIVE_TIMEOUT_MS)
    expect(guest.locator(".notice-guest-ended")).to_be_visible()
    expect(guest.locator(".edit-control").first).to_be_hidden()
    screenshot(guest, "workshop-guest-after-end", full_page=False)

    still_same_page(colleague)
    still_same_page(guest)
    # The deliberate conflict answers 409, which Chromium logs; nothing else went wrong.
    assert [problem for problem in colleague.problems if "409 (Conflict)" not in problem] == []
    assert facilitator.problems == guest.problems == []


def test_a_dropped_connection_catches_up_without_a_reload(
    journey_map, owner, collaborator, user_page, screenshot
):
    online = {"value": True}
    sockets: list[WebSocketRoute] = []

    def route(ws: WebSocketRoute) -> None:
        if not online["value"]:
            ws.close(code=1013, reason="offline")
            return
        ws.connect_to_server()
        sockets.append(ws)

    traveller = user_page(collaborator)
    traveller.route_web_socket(re.compile(r"/ws/maps/"), route)
    open_map(traveller, journey_map)
    other = open_map(user_page(owner), journey_map)

    # The Wi-Fi drops.
    online["value"] = False
    for ws in sockets:
        ws.close(code=1012, reason="network lost")
    expect(traveller.locator("#live-status")).to_have_attribute("data-state", "reconnecting")
    screenshot(traveller, "live-reconnecting", full_page=False)

    # Meanwhile the others go on.
    add_card(other, card_cell(other, lane=1, column=0), "Ajouté pendant la coupure")
    add_card(other, card_cell(other, lane=1, column=1), "Et un deuxième")
    traveller.wait_for_timeout(300)
    expect(traveller.locator(".card-text", has_text="pendant la coupure")).to_have_count(0)

    # It comes back: everything missed shows up, in place.
    online["value"] = True
    expect(traveller.locator("#live-status")).to_have_attribute(
        "data-state", "live", timeout=20_000
    )
    expect(card_cell(traveller, lane=1, column=0).locator(".card-text")).to_have_text(
        ["Ajouté pendant la coupure"]
    )
    expect(card_cell(traveller, lane=1, column=1).locator(".card-text")).to_have_text(
        ["Et un deuxième"]
    )
    still_same_page(traveller)
    assert traveller.problems == []


def test_an_open_form_says_when_its_item_changed_in_a_redrawn_section(
    journey_map, owner, collaborator, user_page
):
    from maps.models import Action

    action = Action.objects.create(journey_map=journey_map, title="Afficher l'attente")
    first = open_map(user_page(owner), journey_map)
    second = open_map(user_page(collaborator), journey_map)

    draft = open_inline_form(second, f"action-{action.pk}")
    draft.locator("[name=owner]").fill("Brouillon")

    # The plan is redrawn as a whole for every change of an action.
    form = open_inline_form(first, f"action-{action.pk}")
    form.locator("[name=title]").fill("Afficher l'attente en vitrine")
    form.locator("button[type=submit]").click()

    expect(draft.locator(".live-changed")).to_contain_text(
        "Afficher l'attente en vitrine", timeout=LIVE_TIMEOUT_MS
    )
    expect(draft.locator("[name=owner]")).to_have_value("Brouillon")
    still_same_page(second)
    assert first.problems == second.problems == []
