"""One emotion curve per persona, in Chromium: a facilitator runs silent scoring "as
Ludovic" with two guests, adopts the group's mean, and every page shows two curves with
a legend, Ludovic's moved and Nell's as it was; a persona renamed in the library is
renamed in the open map's legend and header."""

import re

from playwright.sync_api import expect

from maps.models import Round, Touchpoint
from personas import services
from personas.models import Persona
from tests.browser.conftest import outside_the_event_loop
from tests.browser.test_accessibility import assert_accessible
from tests.browser.test_facilitation import score
from tests.browser.test_live_workshop import LIVE_TIMEOUT_MS, join_as_guest, open_map
from tests.personas.conftest import _edit_data


def test_a_round_scored_as_a_persona_draws_that_personas_line(
    journey_map, owner, persona, workshop, user_page, browser, browser_context_args, screenshot
):
    ludovic = Persona.objects.create(workspace=journey_map.workspace, name="Ludovic", age=41)
    journey_map.personas.add(ludovic)
    stages = list(journey_map.stages.order_by("position"))
    Touchpoint.objects.create(
        journey_map=journey_map, stage=stages[1], channel="Caisse", emotion=1, position=0
    )
    bus, caisse = Touchpoint.objects.filter(journey_map=journey_map).order_by("stage__position")
    Touchpoint.objects.filter(pk=caisse.pk).update(moment_of_truth=True)

    facilitator = open_map(user_page(owner), journey_map)
    join_url = workshop.get_join_path()
    ada = join_as_guest(browser, browser_context_args, join_url, "Ada")
    bea = join_as_guest(browser, browser_context_args, join_url, "Béa")
    for page in (facilitator, ada, bea):
        expect(page.locator("#live-status")).to_have_attribute("data-state", "live")
        legend = page.locator("#emotion-curve .persona-legend")
        expect(legend.locator(".persona-name")).to_have_text(["Ludovic", "Nell"])
        expect(page.locator("#emotion-curve g.persona-curve")).to_have_count(2)

    # The facilitator scores "as Ludovic"; the ballots say so.
    facilitator.locator(".round-start > summary").click()
    facilitator.locator("#round-persona").select_option(label="En tant que Ludovic")
    facilitator.locator("form.persona-round button[type=submit]").click()
    for page in (ada, bea):
        expect(page.locator(".score-form")).to_have_count(2, timeout=LIVE_TIMEOUT_MS)
        expect(page.locator(".ballot-persona")).to_contain_text(
            "Tout le monde donne ses scores pour Ludovic"
        )
    expect(facilitator.locator("#round-panel .round-title")).to_contain_text("pour Ludovic")
    score(ada, bus, -2)
    score(bea, bus, -1)
    score(ada, caisse, 2)
    score(bea, caisse, 2)
    for page in (ada, bea):
        expect(page.locator(".ballot-title")).to_contain_text(re.compile(r"\(2\D+2\)"))
    screenshot(ada, "persona-round-ballot")
    assert_accessible(ada, "persona-round-ballot")

    # Closed: the group's mean is drawn against Ludovic's line, Nell's steps back.
    facilitator.locator("button[hx-post$='/rounds/close/']").click()
    for page in (facilitator, ada, bea):
        expect(page.locator(".results-table")).to_be_visible(timeout=LIVE_TIMEOUT_MS)
        expect(page.locator("#emotion-curve .group-band")).to_have_count(1)
        expect(page.locator("#emotion-curve .group-legend")).to_contain_text("pour Ludovic")
        expect(page.locator(f"#emotion-curve g[data-persona='{persona.pk}']")).to_have_class(
            re.compile("is-faded")
        )

    facilitator.once("dialog", lambda dialog: dialog.accept())
    facilitator.locator("button[hx-post$='/adopt/']").click()
    expect(facilitator.locator("#round-panel")).to_contain_text(
        "La moyenne du groupe est maintenant l’émotion de Ludovic", timeout=LIVE_TIMEOUT_MS
    )
    # Ludovic's own entries now: filled markers; Nell still feels what the map says: hollow.
    for page in (facilitator, ada):
        expect(page.locator("#emotion-curve g.persona-curve")).to_have_count(2)
        expect(
            page.locator(f"#emotion-curve g[data-persona='{ludovic.pk}'] .persona-marker.is-shared")
        ).to_have_count(0, timeout=LIVE_TIMEOUT_MS)
        expect(
            page.locator(f"#emotion-curve g[data-persona='{persona.pk}'] .persona-marker.is-shared")
        ).to_have_count(2)
        expect(page.locator("#emotion-curve .persona-legend .persona-name")).to_have_text(
            ["Ludovic", "Nell"]
        )
        expect(page.locator("#emotion-curve .moment-line")).to_have_count(1)
        expect(page.locator("#emotion-curve desc")).to_contain_text("Ludovic: Bus −2, Caisse +2")
    bus.refresh_from_db()
    caisse.refresh_from_db()
    assert bus.persona_emotions == {str(ludovic.pk): -2}  # −1.5, away from zero
    assert caisse.persona_emotions == {str(ludovic.pk): 2}
    assert (bus.emotion, caisse.emotion) == (0, 1)
    assert Round.objects.get().adopted_at is not None
    screenshot(facilitator, "persona-curves-facilitator")
    screenshot(ada, "persona-curves-guest")
    assert_accessible(facilitator, "persona-curves-facilitator")


def test_a_persona_renamed_in_the_library_is_renamed_on_the_open_map(
    journey_map, owner, persona, user_page
):
    ludovic = Persona.objects.create(workspace=journey_map.workspace, name="Ludovic", age=41)
    journey_map.personas.add(ludovic)
    page = open_map(user_page(owner), journey_map)
    expect(page.locator("#live-status")).to_have_attribute("data-state", "live")
    legend = page.locator("#emotion-curve .persona-legend .persona-name")
    expect(legend).to_have_text(["Ludovic", "Nell"])
    chips = page.locator("#map-personas .chip")
    expect(chips).to_have_text(["Ludovic", "Nell"])
    # Saved in the library, from another page: the open map follows.
    data = _edit_data(ludovic, name="Ludo")
    outside_the_event_loop(services.persona_update, user=owner, persona_id=ludovic.pk, data=data)
    expect(legend).to_have_text(["Ludo", "Nell"], timeout=LIVE_TIMEOUT_MS)
    # And the header's persona chips.
    expect(chips).to_have_text(["Ludo", "Nell"])
