"""axe-core on every page a workshop goes through: nothing serious or critical.

Lesser findings (moderate, minor) and what axe could not decide alone do not
fail the test; they are written to artifacts/axe/<page>.json (gitignored) for
whoever polishes the pages.
"""

import json
from decimal import Decimal

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from playwright.sync_api import Page, expect

from maps.models import Card, Cause, Evidence, Lane, LaneKind, Stage, Touchpoint, Unit

BLOCKING = {"serious", "critical"}
REPORTS = settings.BASE_DIR / "artifacts" / "axe"
axe = Axe()


def describe(violation: dict) -> str:
    targets = [" ".join(map(str, node["target"])) for node in violation["nodes"][:3]]
    more = len(violation["nodes"]) - len(targets)
    return (
        f"- {violation['id']} ({violation['impact']}): {violation['help']}\n"
        f"  {violation['helpUrl']}\n"
        f"  on: {'; '.join(targets)}{f' and {more} more' if more > 0 else ''}"
    )


def assert_accessible(page: Page, name: str) -> None:
    page.wait_for_load_state("networkidle")
    results = axe.run(page).response
    violations = results["violations"]
    REPORTS.mkdir(parents=True, exist_ok=True)
    # "incomplete": what axe could not decide alone (contrast over a gradient…), for a human.
    report = {"violations": violations, "incomplete": results["incomplete"]}
    (REPORTS / f"{name}.json").write_text(json.dumps(report, indent=2, ensure_ascii=False))
    blocking = [v for v in violations if v["impact"] in BLOCKING]
    lesser = [v for v in violations if v["impact"] not in BLOCKING]
    if lesser:
        print(f"{name}: lesser axe findings\n" + "\n".join(map(describe, lesser)))
    assert not blocking, (
        f"{name}: {len(blocking)} serious or critical axe violation(s)\n"
        + "\n".join(map(describe, blocking))
    )


@pytest.fixture
def full_map(journey_map):
    """The conftest map, with a card in every kind of lane and a touchpoint per stage."""
    need, purchase = journey_map.stages.order_by("position")
    Touchpoint.objects.create(
        journey_map=journey_map,
        stage=purchase,
        channel="Boutique",
        action="Attend à la caisse",
        emotion=-2,
        feeling="agacée",
        position=0,
    )
    pains = Lane.objects.get(journey_map=journey_map, kind=LaneKind.PAIN_POINTS)
    Card.objects.create(
        journey_map=journey_map,
        stage=purchase,
        lane=pains,
        text="File d'attente",
        cause=Cause.choices[0][0],
        position=0,
    )
    metrics = Lane.objects.create(
        journey_map=journey_map, kind=LaneKind.METRICS, title="Mesures", position=2
    )
    Card.objects.create(
        journey_map=journey_map,
        stage=need,
        lane=metrics,
        text="Attente moyenne",
        figure="4 min",
        position=0,
    )
    return journey_map


def test_the_map_list_is_accessible(journey_map, logged_in_page):
    page = logged_in_page
    page.goto("/maps/")
    expect(page.locator(".map-card")).to_have_count(1)
    assert_accessible(page, "map-list")


def test_the_map_create_page_is_accessible(persona, logged_in_page):
    page = logged_in_page
    page.goto("/maps/new/")
    expect(page.locator("#id_title")).to_be_visible()
    assert_accessible(page, "map-create")


def test_the_map_create_page_with_errors_is_accessible(persona, logged_in_page):
    page = logged_in_page
    page.goto("/maps/new/")
    page.locator("form.stacked-form button[type=submit]").click()
    expect(page.locator(".alert-error")).to_be_visible()
    assert_accessible(page, "map-create-errors")


def test_the_map_editor_is_accessible(full_map, logged_in_page):
    page = logged_in_page
    page.goto(full_map.get_absolute_url())
    expect(page.locator("#emotion-curve circle.curve-point")).to_have_count(2)
    assert_accessible(page, "map-editor")


def test_the_map_with_a_curve_per_persona_and_its_form_open_is_accessible(
    full_map, logged_in_page, screenshot
):
    """Two personas: a line and a legend entry each, a moment of truth, and the
    touchpoint form's emotion per persona."""
    from personas.models import Persona

    full_map.personas.add(Persona.objects.create(workspace=full_map.workspace, name="Ludovic"))
    touchpoint = Touchpoint.objects.get(journey_map=full_map, channel="Boutique")
    Touchpoint.objects.filter(pk=touchpoint.pk).update(moment_of_truth=True)
    page = logged_in_page
    page.goto(full_map.get_absolute_url())
    expect(page.locator("#emotion-curve g.persona-curve")).to_have_count(2)
    expect(page.locator("#emotion-curve .persona-legend li")).to_have_count(2)
    page.locator(f"#touchpoint-{touchpoint.pk} button.editable").click()
    form = page.locator(f"form#touchpoint-{touchpoint.pk}.editing")
    expect(form.locator("fieldset.persona-emotion")).to_have_count(2)
    form.locator("fieldset.persona-emotion").first.scroll_into_view_if_needed()
    screenshot(page, "persona-touchpoint-form")
    assert_accessible(page, "map-editor-persona-curves")


def test_the_map_editor_with_an_inline_form_open_is_accessible(full_map, logged_in_page):
    page = logged_in_page
    page.goto(full_map.get_absolute_url())
    card = Card.objects.get(journey_map=full_map, text="File d'attente")
    page.locator(f"#card-{card.pk} button.editable").click()
    expect(page.locator(f"form#card-{card.pk}.editing")).to_be_visible()
    touchpoint = Touchpoint.objects.get(journey_map=full_map, channel="Boutique")
    page.locator(f"#touchpoint-{touchpoint.pk} button.editable").click()
    expect(page.locator(f"form#touchpoint-{touchpoint.pk}.editing")).to_be_visible()
    # And an "add" form unfolded.
    page.locator(".lane-row .cell details.add-item > summary").first.click()
    expect(page.locator(".lane-row .cell details.add-item[open] form")).to_be_visible()
    assert_accessible(page, "map-editor-forms-open")


def test_the_map_with_evidence_filters_and_figure_forms_is_accessible(full_map, logged_in_page):
    """Marks, a figure behind its target, a moment of truth, the coverage strip; a filter
    on (what it leaves out dimmed), the metrics card's form with its source."""
    Touchpoint.objects.filter(journey_map=full_map).update(
        moment_of_truth=True, evidence=Evidence.OBSERVED, source="Entretiens"
    )
    metric = Card.objects.get(journey_map=full_map, text="Attente moyenne")
    Card.objects.filter(pk=metric.pk).update(
        value=Decimal("4.5"),
        unit=Unit.MINUTES,
        target=Decimal("3"),
        higher_is_better=False,
        evidence=Evidence.MEASURED,
        source_url="https://example.org/caisse",
    )
    page = logged_in_page
    page.goto(full_map.get_absolute_url())
    expect(page.locator(".coverage")).to_have_count(2)
    page.locator("#evidence-filters button[data-filter=moments]").click()
    expect(page.locator("article.card.filter-match")).to_have_count(1)
    assert_accessible(page, "map-evidence-filter")
    page.locator("#evidence-filters button[data-filter=moments]").click()
    page.locator(f"#card-{metric.pk} button.editable").click()
    form = page.locator(f"form#card-{metric.pk}.editing")
    # Unfolded already: the card has a source.
    expect(form.locator("[name=source_url]")).to_be_visible()
    assert_accessible(page, "map-evidence-forms")


def test_the_stage_delete_confirmation_is_accessible(full_map, logged_in_page):
    page = logged_in_page
    page.goto(full_map.get_absolute_url())
    stage = Stage.objects.filter(journey_map=full_map).order_by("position").first()
    page.locator(f"#stage-{stage.pk} .tool-danger").click()
    expect(page.get_by_role("alertdialog")).to_be_visible()
    assert_accessible(page, "map-editor-confirm-delete")


def test_the_trash_panel_and_page_are_accessible(full_map, owner, logged_in_page):
    from maps import services
    from tests.browser.conftest import outside_the_event_loop

    card = Card.objects.get(journey_map=full_map, text="File d'attente")
    outside_the_event_loop(
        services.item_delete, user=owner, map_id=full_map.pk, kind_name="card", item_id=card.pk
    )
    page = logged_in_page
    page.goto(full_map.get_absolute_url())
    page.locator("#map-header a[href$='/trash/']").click()
    expect(page.locator("#trash-dialog .trash-entry")).to_have_count(1)
    assert_accessible(page, "trash-panel")
    page.goto(f"/maps/{full_map.pk}/trash/empty/")
    expect(page.get_by_role("alertdialog")).to_be_visible()
    assert_accessible(page, "trash-confirm-empty")


def test_the_persona_list_is_accessible(persona, logged_in_page):
    page = logged_in_page
    page.goto("/personas/")
    expect(page.locator("main h1")).to_be_visible()
    assert_accessible(page, "persona-list")


def test_a_persona_page_is_accessible(journey_map, persona, logged_in_page):
    page = logged_in_page
    page.goto(persona.get_absolute_url())
    expect(page.locator("main h1")).to_be_visible()
    assert_accessible(page, "persona-detail")


def test_the_persona_form_is_accessible(persona, logged_in_page):
    page = logged_in_page
    page.goto("/personas/new/")
    expect(page.locator("main form")).to_be_visible()
    assert_accessible(page, "persona-create")
    page.goto(f"/personas/{persona.pk}/edit/")
    expect(page.locator("main form")).to_be_visible()
    assert_accessible(page, "persona-edit")


def test_the_workshop_panel_is_accessible(workshop, logged_in_page):
    page = logged_in_page
    page.goto(workshop.journey_map.get_absolute_url() + "workshop/")
    expect(page.locator("img.workshop-qr")).to_be_visible()
    assert_accessible(page, "workshop-panel")


def test_the_join_page_and_the_map_as_a_guest_are_accessible(
    workshop, browser, browser_context_args
):
    context = browser.new_context(**browser_context_args)
    page = context.new_page()
    page.goto(workshop.get_join_path())
    assert_accessible(page, "workshop-join")
    page.locator(".join-box button[type=submit]").click()
    expect(page.locator(".errorlist")).to_be_visible()
    assert_accessible(page, "workshop-join-errors")
    page.locator("#id_display_name").fill("Camille")
    page.locator(".join-box button[type=submit]").click()
    expect(page.locator("#live-status")).to_have_attribute("data-state", "live")
    assert_accessible(page, "map-as-guest")
    page.goto("/w/not-a-link/")
    assert_accessible(page, "workshop-link-gone")
    context.close()


@pytest.fixture
def planned_map(full_map):
    """The full map with an action plan: one action answering a pain point, one overdue."""
    from maps.models import Action

    pain = Card.objects.get(journey_map=full_map, text="File d'attente")
    Action.objects.create(
        journey_map=full_map,
        title="Ouvrir une deuxième caisse à 18 h",
        owner="Julie",
        impact=3,
        effort=1,
        source_card=pain,
    )
    Action.objects.create(
        journey_map=full_map,
        title="Afficher le temps d'attente",
        due_date="2020-01-01",
        status="doing",
    )
    return full_map


def test_the_map_with_its_action_plan_and_forms_open_is_accessible(planned_map, logged_in_page):
    from maps.models import Action

    page = logged_in_page
    page.goto(planned_map.get_absolute_url())
    action = Action.objects.get(owner="Julie")
    page.locator(f"#action-{action.pk} button.editable").click()
    expect(page.locator(f"form#action-{action.pk}.editing")).to_be_visible()
    page.locator("#add-action > summary").click()
    expect(page.locator("#add-action[open] form#new-action")).to_be_visible()
    assert_accessible(page, "map-action-plan")


def test_the_action_plan_page_is_accessible(planned_map, logged_in_page):
    page = logged_in_page
    page.goto(f"/maps/{planned_map.pk}/actions/")
    expect(page.locator(".plan-table tbody tr")).to_have_count(2)
    assert_accessible(page, "action-plan-page")
    page.set_viewport_size({"width": 390, "height": 844})
    assert_accessible(page, "action-plan-page-phone")


def test_the_empty_action_plan_page_is_accessible(journey_map, logged_in_page):
    page = logged_in_page
    page.goto(f"/maps/{journey_map.pk}/actions/")
    expect(page.locator(".empty-state")).to_be_visible()
    assert_accessible(page, "action-plan-page-empty")


def test_the_method_criteria_panel_open_is_accessible(full_map, logged_in_page):
    page = logged_in_page
    page.goto(full_map.get_absolute_url())
    page.locator("#method-criteria summary").click()
    expect(page.locator("#method-criteria .criterion")).to_have_count(5)
    assert_accessible(page, "map-criteria-open")


def test_the_figures_import_page_is_accessible(journey_map, logged_in_page):
    # Its preview and its refusals are checked in test_figures_import.py.
    page = logged_in_page
    page.goto(f"/maps/{journey_map.pk}/figures/")
    expect(page.locator(".figures-format")).to_be_visible()
    assert_accessible(page, "figures-import")


def test_the_map_view_toolbar_is_accessible(full_map, logged_in_page):
    # The overview and the compact density on, their tools shown by focus only.
    page = logged_in_page
    page.goto(full_map.get_absolute_url())
    toolbar = page.locator("#map-view")
    expect(toolbar).to_be_visible()
    toolbar.locator("[data-view=overview]").click()
    toolbar.locator("[data-view=compact]").click()
    expect(toolbar.locator("[data-view=compact]")).to_have_attribute("aria-pressed", "true")
    assert_accessible(page, "map-view-compact")


def test_the_share_links_page_and_the_shared_page_are_accessible(
    planned_map, owner, logged_in_page, browser, browser_context_args
):
    from maps import share_links

    page = logged_in_page
    share_links.link_create(
        user=owner, journey_map=planned_map, label="Ancien", password="x", expires_on=None
    )
    page.goto(f"/maps/{planned_map.pk}/share/")
    page.get_by_label("Libellé").fill("Comité")
    page.get_by_role("button", name="Créer le lien").click()
    expect(page.locator("#share-address")).to_be_visible()
    assert_accessible(page, "share-links")
    address = page.locator("#share-address").input_value()
    context = browser.new_context(**browser_context_args)
    try:
        visitor = context.new_page()
        visitor.goto(address)
        expect(visitor.locator("#action-plan")).to_be_visible()
        assert_accessible(visitor, "shared-map")
        password_link, token = share_links.link_create(
            user=owner, journey_map=planned_map, label="Secret", password="x", expires_on=None
        )
        visitor.goto(f"/s/{token}/")
        expect(visitor.locator("#share-password")).to_be_visible()
        assert_accessible(visitor, "shared-map-password")
        share_links.link_revoke(user=owner, journey_map=planned_map, link_id=password_link.pk)
        visitor.goto(f"/s/{token}/")
        expect(visitor.locator(".share-ended")).to_be_visible()
        assert_accessible(visitor, "shared-map-ended")
    finally:
        context.close()


def test_the_share_link_edit_page_and_the_pdf_page_are_accessible(
    planned_map, owner, logged_in_page, browser, browser_context_args, screenshot
):
    from maps import share_links

    page = logged_in_page
    link, token = share_links.link_create(
        user=owner,
        journey_map=planned_map,
        label="Comité",
        password="x",
        expires_on=None,
        allow_pdf=True,
    )
    page.goto(f"/maps/{planned_map.pk}/share/{link.pk}/edit/")
    expect(page.get_by_label("Retirer le mot de passe")).to_be_visible()
    assert_accessible(page, "share-link-edit")
    # With its errors shown.
    page.get_by_label("Libellé").fill("")
    page.get_by_role("button", name="Enregistrer le lien").click()
    expect(page.locator(".errorlist").first).to_be_visible()
    assert_accessible(page, "share-link-edit-errors")
    context = browser.new_context(**browser_context_args)
    try:
        visitor = context.new_page()
        visitor.goto(f"/s/{token}/")
        visitor.get_by_label("Mot de passe").fill("x")
        visitor.get_by_role("button", name="Ouvrir la carte").click()
        expect(visitor.get_by_role("button", name="Télécharger le PDF")).to_be_visible()
        assert_accessible(visitor, "shared-map-with-pdf")
        visitor.goto(f"/s/{token}/pdf/")
        expect(visitor.get_by_role("button", name="Préparer le PDF")).to_be_visible()
        assert_accessible(visitor, "shared-map-pdf")
        # Another visitor's start holds the link's render place: this one waits for it.
        from django.core.cache import caches

        from maps import share_pdf
        from maps.export import bounded

        place = bounded.user_key(share_pdf.LinkRequester(link))
        caches["default"].add(place, 1)
        try:
            visitor.get_by_role("button", name="Préparer le PDF").click()
            expect(visitor.locator("#share-pdf-state [role=status]")).to_contain_text(
                "Ce PDF est en cours de préparation, la page se met à jour d’elle-même."
            )
            expect(visitor.get_by_role("button", name="Préparer le PDF")).to_have_count(0)
            assert_accessible(visitor, "shared-map-pdf-preparing")
            screenshot(visitor, "shared-map-pdf-preparing")
        finally:
            caches["default"].delete(place)
    finally:
        context.close()


def test_the_presentation_is_accessible_slide_by_slide(planned_map, workshop, logged_in_page):
    # With a workshop open: the facilitator's "take the participants along" box shows.
    page = logged_in_page
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(f"/maps/{planned_map.pk}/present/")
    expect(page.locator("#deck-lead")).to_be_visible()
    names = ["title", "stage-1", "stage-2", "curve", "pain-points", "plan"]
    for name in names:
        expect(page.locator("[data-slide]:visible")).to_have_count(1)
        assert_accessible(page, f"presentation-{name}")
        page.keyboard.press("ArrowRight")
    page.set_viewport_size({"width": 390, "height": 844})
    page.keyboard.press("Home")
    page.keyboard.press("ArrowRight")
    assert_accessible(page, "presentation-stage-phone")
