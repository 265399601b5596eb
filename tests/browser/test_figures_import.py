"""Importing a CSV of figures in Chromium: a facilitator uploads a file, reads the preview,
confirms, and the figures are on the map, in their tab and in a colleague's open tab;
a bad file lists its refusals and imports nothing."""

from playwright.sync_api import expect

from maps.models import Card, LaneKind
from tests.browser.test_accessibility import assert_accessible

GOOD = (
    "\ufeffétape;indicateur;valeur;unité;cible;date;source;période\r\n"
    "Achat;Attente en caisse;4,5;min;3;02/10/2026;Ticket de caisse;T3 2026\r\n"
    "Besoin;Visites du site;1 200;;1 500;2026-09-30;Analytics;Septembre\r\n"
)
BAD = GOOD + "Livraison;Délai;3;j;;;;\r\nAchat;Total;=SOMME(A1:A3);;;;;\r\n"


def choose_file(page, text: str) -> None:
    page.locator("input[type=file][name=file]").set_input_files(
        files=[{"name": "chiffres.csv", "mimeType": "text/csv", "buffer": text.encode()}]
    )
    page.locator(".figures-upload button[type=submit]").click()


def test_a_facilitator_imports_figures_and_every_open_tab_sees_them(
    journey_map, owner, collaborator, user_page, screenshot
):
    colleague = user_page(collaborator)
    colleague.goto(journey_map.get_absolute_url())
    expect(colleague.locator("#live-status")).to_have_attribute("data-state", "live")

    page = user_page(owner)
    page.goto(f"/maps/{journey_map.pk}/figures/")
    expect(page.locator(".figures-format")).to_be_visible()
    choose_file(page, GOOD)

    # The preview: each row and what it will do; the map has no metrics lane yet.
    rows = page.locator(".figures-table tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first.locator("th")).to_have_text("Attente en caisse")
    expect(rows.first.locator(".figures-number").first).to_have_text("4,5\u00a0min")
    expect(page.locator(".figures-preview .alert-info")).to_be_visible()
    assert not Card.objects.filter(text="Attente en caisse").exists()
    page.set_viewport_size({"width": 1280, "height": 1000})
    screenshot(page, "figures-import-preview")
    assert_accessible(page, "figures-import-preview")

    page.locator(".figures-preview button[type=submit]").click()
    expect(page).to_have_url(journey_map.get_absolute_url())
    card = Card.objects.get(text="Attente en caisse")
    assert card.lane.kind == LaneKind.METRICS and card.evidence == "measured"
    expect(page.locator(f"#card-{card.pk} .card-text")).to_have_text("Attente en caisse")
    # The colleague's open tab got the new cards without a reload.
    expect(colleague.locator(f"#card-{card.pk} .card-text")).to_have_text("Attente en caisse")
    visits = Card.objects.get(text="Visites du site")
    expect(colleague.locator(f"#card-{visits.pk}")).to_be_visible()
    assert page.problems == [] and colleague.problems == []


def test_a_bad_file_shows_every_refusal_and_imports_nothing(
    logged_in_page, journey_map, screenshot
):
    page = logged_in_page
    page.goto(f"/maps/{journey_map.pk}/figures/")
    choose_file(page, BAD)
    refusals = page.locator(".figures-refusals li")
    expect(refusals).to_have_count(2)
    expect(refusals.first).to_contain_text("Ligne 4")
    expect(refusals.first).to_contain_text("Livraison")
    expect(refusals.nth(1)).to_contain_text("Ligne 5")
    # No preview to confirm.
    expect(page.locator(".figures-preview")).to_have_count(0)
    page.set_viewport_size({"width": 1280, "height": 900})
    screenshot(page, "figures-import-refusals")
    assert not Card.objects.filter(text="Attente en caisse").exists()
    assert_accessible(page, "figures-import-refusals")
    # A file in another encoding says so.
    page.locator("input[type=file][name=file]").set_input_files(
        files=[
            {"name": "chiffres.csv", "mimeType": "text/csv", "buffer": GOOD[1:].encode("cp1252")}
        ]
    )
    page.locator(".figures-upload button[type=submit]").click()
    expect(page.locator(".figures-upload .errorlist")).to_contain_text("UTF-8")
    # A refused file answers 422, which Chromium logs; nothing else may go wrong.
    assert [p for p in page.problems if "status of 422" not in p] == []
