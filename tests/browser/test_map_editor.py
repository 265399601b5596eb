"""The map editor as a facilitator uses it during a workshop, in Chromium.

Every edit happens in place: htmx loads an inline form, the save answers with
out-of-band fragments, and the page never reloads.
"""

import re

from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect

from maps.models import Card, JourneyMap, Stage, Touchpoint
from tests.browser.conftest import wait_until
from tests.browser.editor import (
    add_card,
    add_touchpoint,
    card_cell,
    curve_points,
    cy,
    no_page_reload_since_marker,
    open_inline_form,
    stage_heads,
    touchpoint_cell,
)

XSS = "<script>alert(1)</script>"
XSS_FEELING = "<img src=x onerror=alert(2)>"


def test_a_facilitator_maps_a_journey_in_place(persona, logged_in_page, screenshot):
    page = logged_in_page
    dialogs: list[str] = []

    def on_dialog(dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)

    # A new map from the 5-stage framework, through the create form.
    page.locator(".page-header a.button-primary").click()
    expect(page).to_have_url(re.compile(r"/maps/new/$"))
    page.locator("#id_title").fill("Nell commande un gâteau d'anniversaire")
    page.locator("input[name=journey_type]").first.check()
    page.locator(f"input[name=personas][value='{persona.pk}']").check()
    page.locator("input[name=framework][value='5']").check()
    screenshot(page, "map-create")
    page.locator("form.stacked-form button[type=submit]").click()

    expect(page).to_have_url(re.compile(r"/maps/\d+/$"))
    journey_map = JourneyMap.objects.get(title="Nell commande un gâteau d'anniversaire")
    expect(page.locator("#map-header h1")).to_have_text(journey_map.title)
    expect(stage_heads(page)).to_have_count(5)
    expect(curve_points(page)).to_have_count(0)
    page.evaluate("window.__marker = 'set before editing'")

    # Two touchpoints: a bad moment in the first stage, a great one in the second.
    add_touchpoint(
        page,
        0,
        channel="Instagram",
        action="Voit une photo du gâteau",
        emotion=-2,
        feeling="frustrée",
    )
    add_touchpoint(
        page, 1, channel="Site web", action="Compare les formules", emotion=2, feeling="ravie"
    )
    points = curve_points(page)
    expect(points).to_have_count(2)
    low, high = cy(points.nth(0)), cy(points.nth(1))
    assert high < low, f"+2 should sit higher (smaller cy) than -2: {high} vs {low}"

    # Change the first touchpoint's emotion inline: its point on the curve moves.
    first = touchpoint_cell(page, 0).locator("article.touchpoint").first
    touchpoint_id = first.get_attribute("id")
    form = open_inline_form(page, touchpoint_id)
    expect(form.locator("input[name=emotion][value='-2']")).to_be_checked()
    form.locator("input[name=emotion][value='1']").check()
    form.locator("button[type=submit]").click()
    expect(page.locator(f"article#{touchpoint_id}")).to_be_visible()
    expect(points.nth(0)).not_to_have_attribute("cy", str(low))
    assert cy(points.nth(0)) < low
    expect(page.locator(f"#{touchpoint_id}")).to_have_class(re.compile(r"\btone-positive\b"))
    assert Touchpoint.objects.get(pk=touchpoint_id.removeprefix("touchpoint-")).emotion == 1
    no_page_reload_since_marker(page)

    # A card through "+ Card", then edited by clicking its text.
    cell = card_cell(page, lane=0, column=0)
    card = add_card(page, cell, "Trop de choix, je ne sais pas quoi prendre")
    card_id = card.get_attribute("id")
    card_form = open_inline_form(page, card_id)
    expect(card_form.locator("[name=text]")).to_be_focused()
    card_form.locator("[name=text]").fill("Trop de choix : un conseil m'aiderait")
    card_form.locator("button[type=submit]").click()
    expect(page.locator(f"article#{card_id} .card-text")).to_have_text(
        "Trop de choix : un conseil m'aiderait"
    )
    no_page_reload_since_marker(page)

    # Rename a stage inline.
    stage_id = stage_heads(page).nth(1).get_attribute("id")
    stage_form = open_inline_form(page, stage_id)
    stage_form.locator("[name=name]").fill("Comparaison des pâtissiers")
    stage_form.locator("button[type=submit]").click()
    expect(page.locator(f"#{stage_id} .stage-name")).to_have_text("Comparaison des pâtissiers")
    assert Stage.objects.get(pk=stage_id.removeprefix("stage-")).name == (
        "Comparaison des pâtissiers"
    )

    # User text is shown as text, never run.
    hostile = add_card(page, card_cell(page, lane=1, column=1), XSS)
    expect(hostile.locator(".card-text")).to_have_text(XSS)
    add_touchpoint(page, 2, channel="Boutique", action=XSS, emotion=0, feeling=XSS_FEELING)
    expect(touchpoint_cell(page, 2).locator(".touchpoint-action")).to_have_text(XSS)
    expect(page.locator("#map-grid script, #map-grid img")).to_have_count(0)
    assert Card.objects.filter(text=XSS).count() == 1
    screenshot(page, "editor-desktop")

    # Deleting a stage that holds content asks first, then removes it.
    doomed = stage_heads(page).first
    doomed_id = doomed.get_attribute("id")
    doomed.locator(".tool-danger").click()
    confirm = page.locator(f"#{doomed_id}.confirm-delete")
    expect(confirm).to_be_visible()
    expect(confirm).to_have_attribute("role", "alertdialog")
    expect(page.get_by_role("alertdialog")).to_have_count(1)
    screenshot(page, "editor-desktop-confirm-stage-delete", full_page=False)
    confirm.locator(".button-danger").click()
    expect(page.locator(f"#{doomed_id}")).to_have_count(0)
    expect(stage_heads(page)).to_have_count(4)
    expect(curve_points(page)).to_have_count(2)
    assert not Stage.objects.filter(pk=doomed_id.removeprefix("stage-")).exists()

    no_page_reload_since_marker(page)
    assert dialogs == [], f"a dialog opened: {dialogs}"
    assert page.problems == []


def test_a_stale_save_shows_the_conflict_and_keeps_the_draft(
    journey_map, owner, collaborator, user_page, screenshot
):
    card = Card.objects.get(journey_map=journey_map)
    alice, bob = user_page(owner), user_page(collaborator)
    forms = []
    for page in (alice, bob):
        page.goto(journey_map.get_absolute_url())
        forms.append(open_inline_form(page, f"card-{card.pk}"))
    alice_form, bob_form = forms
    alice_form.locator("[name=text]").fill("Plus de baguette après 19 h")
    alice_form.locator("button[type=submit]").click()
    expect(alice.locator(f"article#card-{card.pk} .card-text")).to_have_text(
        "Plus de baguette après 19 h"
    )

    bob_form.locator("[name=text]").fill("Le pain est parti, j'achète ailleurs")
    bob_form.locator("button[type=submit]").click()
    conflict = bob_form.locator(".alert-warning[role=alert]")
    expect(conflict).to_be_visible()
    expect(conflict.locator(".conflict-current")).to_contain_text("Plus de baguette après 19 h")
    expect(bob_form.locator("[name=text]")).to_have_value("Le pain est parti, j'achète ailleurs")
    bob.bring_to_front()
    conflict.scroll_into_view_if_needed()
    screenshot(bob, "editor-conflict", full_page=False)
    card.refresh_from_db()
    assert card.text == "Plus de baguette après 19 h"

    # Saving the draft again is a deliberate overwrite.
    bob_form.locator("button[type=submit]").click()
    expect(bob.locator(f"article#card-{card.pk} .card-text")).to_have_text(
        "Le pain est parti, j'achète ailleurs"
    )
    card.refresh_from_db()
    assert card.text == "Le pain est parti, j'achète ailleurs"
    assert alice.problems == []
    # Bob's 409 is expected; nothing else went wrong.
    assert [p for p in bob.problems if "409" not in p] == []


def test_the_map_works_at_phone_width(journey_map, owner, user_page, screenshot):
    page = user_page(
        owner,
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
        device_scale_factor=2,
    )
    page.goto(journey_map.get_absolute_url())
    expect(stage_heads(page)).to_have_count(2)

    def document_overflow() -> int:
        return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")

    assert document_overflow() <= 0, "the document itself scrolls sideways"
    # The grid is wider than the phone: it scrolls inside its own region.
    assert page.evaluate(
        "(() => { const s = document.querySelector('.map-scroller');"
        " return s.scrollWidth > s.clientWidth; })()"
    )
    screenshot(page, "editor-phone")

    cell = card_cell(page, lane=1, column=0)
    cell.scroll_into_view_if_needed()
    card = add_card(page, cell, "Le bus arrive après la fermeture")
    expect(card.locator(".card-text")).to_have_text("Le bus arrive après la fermeture")
    assert document_overflow() <= 0, "the document scrolls sideways after adding a card"

    open_inline_form(page, card.get_attribute("id"))
    assert document_overflow() <= 0, "the inline form widens the document"
    screenshot(page, "editor-phone-card-form", full_page=False)
    assert page.problems == []


def test_escape_keep_it_and_dismissed_confirms_change_nothing(journey_map, logged_in_page):
    page = logged_in_page
    page.goto(journey_map.get_absolute_url())
    page.evaluate("window.__marker = 'set before editing'")
    card = Card.objects.get(journey_map=journey_map)
    stage = card.stage

    # Escape cancels an inline edit and puts the saved text back.
    field = open_inline_form(page, f"card-{card.pk}").locator("[name=text]")
    expect(field).to_be_focused()
    field.fill("Un brouillon abandonné")
    field.press("Escape")
    expect(page.locator(f"article#card-{card.pk} .card-text")).to_have_text(card.text)

    # Ctrl+Enter saves.
    field = open_inline_form(page, f"card-{card.pk}").locator("[name=text]")
    field.fill("Plus de pain à 19 h")
    field.press("Control+Enter")
    expect(page.locator(f"article#card-{card.pk} .card-text")).to_have_text("Plus de pain à 19 h")

    # "Keep it" on a stage's delete confirmation puts the stage back.
    page.locator(f"#stage-{stage.pk} .tool-danger").click()
    confirm = page.locator(f"#stage-{stage.pk}.confirm-delete")
    expect(confirm).to_be_visible()
    confirm.locator(".button-quiet").click()
    expect(page.locator(f"#stage-{stage.pk}.stage-head .stage-name")).to_have_text(stage.name)

    # A card's delete asks the browser to confirm: dismissed, the card stays; accepted, it goes.
    answers = iter([False, True])
    page.on("dialog", lambda dialog: dialog.accept() if next(answers) else dialog.dismiss())
    page.locator(f"#card-{card.pk} .tool-danger").click()
    expect(page.locator(f"article#card-{card.pk}")).to_be_visible()
    page.locator(f"#card-{card.pk} .tool-danger").click()
    expect(page.locator(f"#card-{card.pk}")).to_have_count(0)
    assert not Card.objects.filter(pk=card.pk).exists()
    assert Stage.objects.filter(pk=stage.pk).exists()
    no_page_reload_since_marker(page)
    assert page.problems == []


def test_two_inline_forms_open_at_once_keep_their_fields_apart(journey_map, logged_in_page):
    first = Card.objects.get(journey_map=journey_map)
    second = Card.objects.create(
        journey_map=journey_map, stage=first.stage, lane=first.lane, text="Il pleut", position=1
    )
    page = logged_in_page
    page.goto(journey_map.get_absolute_url())
    for card in (first, second):
        open_inline_form(page, f"card-{card.pk}")

    duplicates = page.evaluate(
        """() => {
            const seen = {};
            for (const el of document.querySelectorAll("[id]")) {
                seen[el.id] = (seen[el.id] || 0) + 1;
            }
            return Object.keys(seen).filter((id) => seen[id] > 1);
        }"""
    )
    # Clicking the label of the second form's text must focus that form's textarea.
    second_form = page.locator(f"form#card-{second.pk}")
    second_form.locator(".field:has(textarea[name=text]) > label").click()
    focused_in = page.evaluate("document.activeElement.closest('form')?.id")
    assert duplicates == [], f"ids used twice in the page: {duplicates}"
    assert focused_in == f"card-{second.pk}"


def test_a_marketer_reads_the_map_without_edit_controls_or_errors(journey_map, marketer, user_page):
    page = user_page(marketer)
    page.goto(journey_map.get_absolute_url())
    expect(page.locator("main.read-only")).to_have_count(1)
    expect(page.locator(".edit-control:visible")).to_have_count(0)
    card = Card.objects.get(journey_map=journey_map)
    # Nothing should happen, and "nothing" needs a bounded wait to be seen.
    try:
        with page.expect_request(lambda request: "/edit/" in request.url, timeout=2_000) as asked:
            page.locator(f"#card-{card.pk} .card-body").click()
    except PlaywrightTimeoutError:
        pass
    else:
        # It asked the server: judge once htmx has handled the answer.
        asked.value.response()
        wait_until(page, "!document.querySelector('.htmx-request')")
    assert page.locator("form.editing").count() == 0
    assert page.locator("#toasts .toast-error").all_inner_texts() == []


def test_the_title_and_scope_are_edited_in_place(journey_map, logged_in_page):
    page = logged_in_page
    page.goto(journey_map.get_absolute_url())
    page.evaluate("window.__marker = 'set before editing'")
    header = page.locator("#map-header")
    header.locator("a[href$='/settings/']").click()
    form = page.locator("form#map-header")
    # Ready once parcours.js has focused the title (see open_inline_form).
    expect(form.locator("[name=title]")).to_be_focused()

    # An empty title is refused where the user typed it, the rest of the draft kept.
    form.locator("[name=title]").fill("")
    form.locator("[name=targets]").fill("Citadins pressés")
    form.locator("button[type=submit]").click()
    expect(form.locator(".errorlist")).to_be_visible()
    expect(form.locator("[name=targets]")).to_have_value("Citadins pressés")

    form.locator("[name=title]").fill("Nell et sa boulangerie")
    form.locator("button[type=submit]").click()
    expect(page.locator("header#map-header h1")).to_have_text("Nell et sa boulangerie")
    expect(page.locator("header#map-header .scope")).to_contain_text("Citadins pressés")
    no_page_reload_since_marker(page)
    journey_map.refresh_from_db()
    assert journey_map.targets == "Citadins pressés"
