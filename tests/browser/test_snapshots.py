"""Snapshots in Chromium: a workshop ends (a snapshot is taken), the map is edited, and
the diff page between the workshop-end snapshot and now shows what changed."""

from playwright.sync_api import expect

from maps import snapshots
from maps.models import Snapshot, SnapshotReason
from personas.models import Persona
from tests.browser.editor import open_inline_form
from tests.browser.test_accessibility import assert_accessible


def test_the_diff_between_the_workshop_end_and_now(
    logged_in_page, journey_map, workshop, screenshot
):
    page = logged_in_page
    card = journey_map.cards.get()
    touchpoint = journey_map.touchpoints.get()

    # The facilitator ends the workshop: the map as it stood is kept.
    page.goto(f"/maps/{journey_map.pk}/workshop/")
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("form[action$='/workshop/end/'] button[type=submit]").click()
    expect(page.locator("form[action$='/workshop/end/']")).to_have_count(0)
    snapshot = Snapshot.objects.get(journey_map=journey_map)
    assert snapshot.reason == SnapshotReason.WORKSHOP

    # Then edits the map: a card reworded, a touchpoint's emotion lowered.
    page.goto(journey_map.get_absolute_url())
    expect(page.locator("#live-status")).to_have_attribute("data-state", "live")
    form = open_inline_form(page, f"card-{card.pk}")
    form.locator("[name=text]").fill("Plus de pain frais ce soir !")
    form.locator("button[type=submit]").click()
    expect(page.locator(f"#card-{card.pk} .card-text")).to_have_text("Plus de pain frais ce soir !")
    form = open_inline_form(page, f"touchpoint-{touchpoint.pk}")
    form.locator("input[name=emotion][value='-2']").check()
    form.locator("button[type=submit]").click()
    expect(page.locator(f"#touchpoint-{touchpoint.pk} .emotion-score")).to_have_text("−2")

    # From the map to its snapshots, and to what changed since the workshop.
    page.locator(f"a[href='/maps/{journey_map.pk}/snapshots/']").click()
    row = page.locator(".snapshot-table tbody tr")
    expect(row).to_have_count(1)
    expect(row.locator("th")).to_contain_text("Atelier du")
    row.locator(".snapshot-links a").first.click()

    changed = page.locator(f"#diff-card-{card.pk}")
    expect(changed.locator("ins")).to_have_text(["Plus", "frais "])
    expect(changed.locator("del")).to_have_text(["Pas"])
    expect(changed.locator(".diff-label")).to_have_text("Plus de pain frais ce soir !")
    legend = page.locator(".earlier-legend")
    expect(legend.locator(".legend-now")).to_have_text("maintenant")
    expect(legend.locator(".legend-earlier")).to_have_text("avant")
    expect(page.locator("#emotion-curve path.curve-earlier")).to_have_count(1)
    expect(page.locator("#emotion-curve rect.curve-earlier-point")).to_have_count(1)
    counts = page.locator(".diff-counts .diff-count strong")
    expect(counts.nth(3)).to_have_text("2")  # the card and the touchpoint changed

    page.set_viewport_size({"width": 1280, "height": 1100})
    screenshot(page, "snapshots-diff-page")
    assert_accessible(page, "diff-page")

    # The snapshot itself: the map as the workshop left it, with nothing to edit.
    page.locator(".diff-between a").first.click()
    expect(page.locator(f"#card-{card.pk} .card-text")).to_have_text("Pas de pain ce soir !")
    expect(page.locator(f"#touchpoint-{touchpoint.pk} .emotion-score")).to_have_text("0")
    expect(page.locator("main form, main button.editable, main .item-tools")).to_have_count(0)
    screenshot(page, "snapshots-snapshot-page")
    assert_accessible(page, "snapshot-page")
    page.locator(".eyebrow a[href$='/snapshots/']").click()
    expect(page.locator(".snapshot-table")).to_be_visible()
    screenshot(page, "snapshots-snapshot-list")
    assert_accessible(page, "snapshot-list")

    # Restored in place, after a page that says what will change.
    page.locator(".snapshot-links a[href$='/restore/']").click()
    expect(page.locator(".restore-page .diff-changed strong")).to_have_text("2")
    screenshot(page, "snapshots-restore-page")
    page.locator(".restore-page input[value=in-place] + button").click()
    expect(page.locator(f"#card-{card.pk} .card-text")).to_have_text("Pas de pain ce soir !")
    assert Snapshot.objects.filter(reason=SnapshotReason.RESTORE).count() == 1
    assert page.problems == []


def test_a_two_persona_map_in_its_snapshot_and_diff(
    logged_in_page, journey_map, persona, owner, screenshot
):
    page = logged_in_page
    ludovic = Persona.objects.create(workspace=journey_map.workspace, name="Ludovic", age=41)
    journey_map.personas.add(ludovic)
    touchpoint = journey_map.touchpoints.get()
    touchpoint.persona_emotions = {str(ludovic.pk): 2}
    touchpoint.save()
    snapshot = snapshots.take(journey_map, name="Avant la caisse", user=owner)
    touchpoint.persona_emotions = {str(ludovic.pk): -1, str(persona.pk): 1}
    touchpoint.save()

    page.goto(f"/maps/{journey_map.pk}/diff/?from={snapshot.pk}&to=now")
    changes = page.locator(".diff-persona-emotions li")
    expect(changes).to_have_count(2)
    expect(changes.first).to_contain_text("Ludovic : +2 → −1 au point de contact « Bus »")
    charts = page.locator(".diff-persona-curves figure.emotion-curve")
    expect(charts.locator(".row-title")).to_have_text(["Ludovic", "Nell"])
    expect(charts.locator("path.curve-earlier")).to_have_count(2)
    page.set_viewport_size({"width": 1280, "height": 1400})
    screenshot(page, "snapshots-diff-personas")
    assert_accessible(page, "diff-page-personas")

    # The snapshot draws the lines it kept: Ludovic at +2, the legend names both.
    page.goto(f"/maps/{journey_map.pk}/snapshots/{snapshot.pk}/")
    expect(page.locator("#emotion-curve .persona-legend .persona-name")).to_have_text(
        ["Ludovic", "Nell"]
    )
    expect(page.locator("#emotion-curve g.persona-curve")).to_have_count(2)
    screenshot(page, "snapshots-snapshot-personas")
    assert_accessible(page, "snapshot-page-personas")
    assert page.problems == []
