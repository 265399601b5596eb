"""Evidence on a live map: a facilitator backs a card with a measure, sets a figure
against its target, flags a moment of truth and filters the map; a colleague's page
follows every step without a reload."""

import re

from playwright.sync_api import Page, expect

from maps.models import Card, Evidence, Lane, LaneKind, Stage, Touchpoint
from tests.browser.conftest import LIVE_TIMEOUT_MS
from tests.browser.editor import card_cell, open_inline_form


def open_map(page: Page, journey_map) -> Page:
    page.goto(journey_map.get_absolute_url())
    expect(page.locator("#live-status")).to_have_attribute("data-state", "live")
    page.evaluate("window.__marker = 'no reload'")
    return page


def test_evidence_figures_and_moments_of_truth_live(
    journey_map, owner, collaborator, user_page, screenshot
):
    need, purchase = journey_map.stages.order_by("position")
    pains = Lane.objects.get(journey_map=journey_map, kind=LaneKind.PAIN_POINTS)
    Lane.objects.create(journey_map=journey_map, kind=LaneKind.METRICS, title="Mesures", position=2)
    queue = Touchpoint.objects.create(
        journey_map=journey_map, stage=purchase, channel="Caisse", emotion=-1, position=0
    )
    Card.objects.create(
        journey_map=journey_map, stage=purchase, lane=pains, text="File d'attente", position=0
    )
    Card.objects.create(
        journey_map=journey_map, stage=need, lane=pains, text="Pas de monnaie", position=0
    )
    card = Card.objects.get(text="Pas de pain ce soir !")

    facilitator = open_map(user_page(owner), journey_map)
    colleague = open_map(user_page(collaborator), journey_map)
    strip = f"#coverage-{need.pk}"
    expect(colleague.locator(strip)).to_contain_text("0 sur 3 mesuré")

    # The facilitator marks a card "Mesuré", with its source.
    form = open_inline_form(facilitator, f"card-{card.pk}")
    form.locator("input[name=evidence][value=measured]").check()
    form.locator(".source-group > summary").click()
    form.locator("[name=source]").fill("Baromètre <clients> 2026")
    form.locator("[name=source_url]").fill("https://example.org/barometre")
    form.locator("[name=source_date]").fill("2026-11-03")
    screenshot(facilitator, "evidence-card-form", full_page=False)
    form.locator("button[type=submit]").click()

    # The colleague's page shows the mark and the stage's strip, live.
    mark = colleague.locator(f"#card-{card.pk} .evidence-mark")
    expect(mark).to_have_class(re.compile("evidence-measured"), timeout=LIVE_TIMEOUT_MS)
    expect(mark).to_have_attribute("title", re.compile(r"Mesuré · Source : Baromètre <clients>"))
    expect(colleague.locator(f"#card-{card.pk}")).to_have_attribute("data-evidence", "measured")
    expect(colleague.locator(strip)).to_contain_text("1 sur 3 mesuré", timeout=LIVE_TIMEOUT_MS)
    expect(colleague.locator(f"#card-{card.pk} a.source-link")).to_have_attribute(
        "href", "https://example.org/barometre"
    )
    assert Card.objects.get(pk=card.pk).evidence == Evidence.MEASURED

    # A figure against its target: 4,7 % where 10 % is aimed at reads "en retard".
    metrics = card_cell(facilitator, lane=2, column=0)
    metrics.locator("details.add-item > summary").click()
    add = metrics.locator("details.add-item form")
    add.locator("[name=text]").fill("Taux de conversion")
    add.locator("[name=value]").fill("4,7")
    add.locator("[name=unit]").select_option("percent")
    add.locator("[name=target]").fill("10")
    add.locator("[name=period]").fill("T3 2026")
    add.locator("button[type=submit]").click()
    figure = colleague.locator(".card-metrics").filter(has_text="Taux de conversion")
    expect(figure.locator(".card-figure")).to_have_text("4,7\u00a0%", timeout=LIVE_TIMEOUT_MS)
    expect(figure.locator(".figure-target")).to_contain_text("en retard")
    expect(figure.locator(".figure-target")).to_contain_text("cible 10\u00a0%")
    expect(facilitator.locator(".card-metrics .figure-behind")).to_be_visible()
    # A word that is not a number gets a clear message where it was typed.
    figure_card = Card.objects.get(text="Taux de conversion")
    edit = open_inline_form(facilitator, f"card-{figure_card.pk}")
    edit.locator("[name=value]").fill("beaucoup")
    edit.locator("button[type=submit]").click()
    expect(facilitator.locator(f"form#card-{figure_card.pk} .errorlist")).to_contain_text(
        "Écrivez un nombre, par exemple 42 ou 4,7."
    )
    facilitator.locator(f"form#card-{figure_card.pk}").scroll_into_view_if_needed()
    screenshot(facilitator, "evidence-figure-refused", full_page=False)
    edit.locator("[name=value]").fill("12")
    edit.locator("button[type=submit]").click()
    expect(figure.locator(".figure-target")).to_contain_text("en avance", timeout=LIVE_TIMEOUT_MS)

    # The colleague filters on pain points at moments of truth: none yet.
    moments = colleague.locator("#evidence-filters button[data-filter=moments]")
    moments.click()
    expect(moments).to_have_attribute("aria-pressed", "true")
    expect(colleague.locator("#evidence-filters .filter-empty")).to_be_visible()
    expect(colleague.locator("#evidence-filters .filter-status")).to_have_text(
        "Aucun élément ne correspond."
    )

    # The facilitator flags the checkout as a moment of truth: it shows, and the
    # colleague's active filter picks the pain point of that stage.
    form = open_inline_form(facilitator, f"touchpoint-{queue.pk}")
    form.locator("[name=moment_of_truth]").check()
    form.scroll_into_view_if_needed()
    screenshot(facilitator, "evidence-touchpoint-form", full_page=False)
    form.locator("button[type=submit]").click()
    flag = colleague.locator(f"#touchpoint-{queue.pk} .moment-flag")
    expect(flag).to_contain_text("Moment de vérité", timeout=LIVE_TIMEOUT_MS)
    matched = colleague.locator("article.card.filter-match")
    expect(matched).to_have_count(1)
    expect(matched).to_contain_text("File d'attente")
    expect(colleague.locator("#evidence-filters .filter-empty")).to_be_hidden()
    expect(colleague.locator("#evidence-filters .filter-status")).to_have_text(
        "1 élément correspond."
    )
    expect(colleague.locator("article.card").filter(has_text="Pas de monnaie")).to_have_js_property(
        "inert", True
    )

    # A pain point added live in that stage arrives matched.
    cell = card_cell(facilitator, lane=1, column=1)
    cell.locator("details.add-item > summary").click()
    cell.locator("details.add-item form [name=text]").fill("Terminal de paiement en panne")
    cell.locator("details.add-item form button[type=submit]").click()
    expect(matched).to_have_count(2, timeout=LIVE_TIMEOUT_MS)
    screenshot(colleague, "evidence-filter-moments")

    # "Only assumptions" leaves the measured card out.
    colleague.locator("#evidence-filters button[data-filter=assumptions]").click()
    expect(moments).to_have_attribute("aria-pressed", "false")
    expect(colleague.locator(f"#card-{card.pk}")).not_to_have_class(re.compile("filter-match"))
    expect(colleague.locator(f"#touchpoint-{queue.pk}")).to_have_class(re.compile("filter-match"))
    screenshot(colleague, "evidence-filter-assumptions")

    # The map list sums the map up: 1 measured item of 7.
    facilitator.goto("/maps/")
    expect(facilitator.locator(".map-evidence")).to_contain_text(
        "Preuves : 14 % mesuré, 0 % observé"
    )
    screenshot(facilitator, "evidence-map-list", full_page=False)

    assert colleague.evaluate("window.__marker") == "no reload"
    assert Stage.objects.filter(journey_map=journey_map).count() == 2
    assert facilitator.problems == [problem for problem in facilitator.problems if "422" in problem]
    assert colleague.problems == []


def test_the_figure_form_fits_a_phone(journey_map, owner, user_page, screenshot):
    Lane.objects.create(journey_map=journey_map, kind=LaneKind.METRICS, title="Mesures", position=2)
    phone = open_map(user_page(owner, viewport={"width": 390, "height": 844}), journey_map)
    metrics = card_cell(phone, lane=2, column=0)
    metrics.locator("details.add-item > summary").click()
    form = metrics.locator("details.add-item form")
    form.locator(".source-group > summary").click()
    for name in (
        "text",
        "value",
        "unit",
        "target",
        "period",
        "source",
        "source_url",
        "source_date",
    ):
        field = form.locator(f"[name={name}]")
        expect(field).to_be_visible()
        # Each field stays inside the form: nothing to scroll sideways within it.
        box, frame = field.bounding_box(), form.bounding_box()
        assert box["x"] >= frame["x"] and box["x"] + box["width"] <= frame["x"] + frame["width"]
    form.scroll_into_view_if_needed()
    screenshot(phone, "evidence-phone-form", full_page=False)
    assert phone.problems == []
