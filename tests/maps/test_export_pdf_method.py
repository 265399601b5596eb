"""The method on paper: evidence marks and their legend, data coverage, figures against
their target, moments of truth, strong points, and the persona's motivations."""

from decimal import Decimal

import pytest
from django.utils import translation

from maps import services
from maps.export.cache import cache_key
from maps.export.options import PdfOptions
from maps.export.pdf import render_document, render_html
from maps.models import Card, Lane, LaneKind, Stage, Touchpoint
from personas import services as persona_services
from tests.maps.pdf_text import pages_text, squeeze


@pytest.fixture(autouse=True)
def french():
    with translation.override("fr"):
        yield


@pytest.fixture
def measured_map(journey_map):
    """The baguette map with a measured metric behind its target, an observed touchpoint
    that is a moment of truth, and a strong point."""
    need = journey_map.stages.get(name="Besoin")
    metrics = Lane.objects.create(
        journey_map=journey_map, kind=LaneKind.METRICS, title="Chiffres clés", position=2
    )
    Card.objects.create(
        journey_map=journey_map,
        stage=need,
        lane=metrics,
        text="Clients servis en moins de 5 min",
        value=Decimal("42.5"),
        unit="percent",
        target=Decimal("50"),
        period="T3 2026",
        evidence="measured",
    )
    strengths = Lane.objects.create(
        journey_map=journey_map, kind=LaneKind.STRENGTHS, title="Ce qui plaît", position=3
    )
    Card.objects.create(
        journey_map=journey_map,
        stage=need,
        lane=strengths,
        text="Le pain est encore chaud",
        evidence="observed",
    )
    Touchpoint.objects.filter(journey_map=journey_map).update(
        moment_of_truth=True, evidence="observed"
    )
    return journey_map


def text_of(journey_map, **options) -> str:
    content, _pages = render_document(journey_map, PdfOptions(**options))
    return " ".join(pages_text(content))


def test_the_grid_page_carries_the_evidence_legend(measured_map):
    text = text_of(measured_map, sections=("grid",))
    assert "Niveau de preuve :" in text
    for word in ("Hypothèse", "Observé", "Mesuré", "Moment de vérité"):
        assert word in text


def test_every_page_of_a_tiled_grid_has_its_legend_and_coverage_strip(workspace):
    from maps.sample import build_map

    journey_map = build_map(workspace, stages=12, lanes=4, cards=80)
    options = PdfOptions(paper="A4", layout="tile", sections=("grid",))
    content, _pages = render_document(journey_map, options)
    grid_pages = pages_text(content)
    assert len(grid_pages) > 1
    for text in grid_pages:
        assert "Niveau de preuve :" in text
        assert "Données" in text


def test_the_coverage_strip_counts_each_stage(measured_map):
    text = text_of(measured_map, sections=("grid",))
    # Besoin: a touchpoint (observed), three cards (assumption, measured, observed).
    assert "1 sur 4 mesurés" in text
    assert "2 observés" in text
    # Achat holds nothing yet.
    assert "rien à compter" in text


def test_a_metric_prints_its_figure_against_its_target(measured_map):
    text = text_of(measured_map, sections=("grid",))
    assert "42,5\u00a0%" in text or "42,5 %" in text
    assert squeeze("T3 2026 · cible 50 % · en retard") in squeeze(text)


def test_a_figure_that_meets_its_target_says_so(measured_map):
    Card.objects.filter(value__isnull=False).update(value=Decimal("55"))
    assert squeeze("cible 50 % · atteinte") in squeeze(text_of(measured_map, sections=("grid",)))


def test_a_lower_is_better_figure_is_behind_above_its_target(measured_map):
    Card.objects.filter(value__isnull=False).update(
        value=Decimal("7"), unit="minutes", target=Decimal("5"), higher_is_better=False
    )
    text = squeeze(text_of(measured_map, sections=("grid",)))
    assert squeeze("7 min") in text
    assert squeeze("cible 5 min · en retard") in text


def test_an_older_text_figure_still_prints(measured_map):
    Card.objects.filter(value__isnull=False).update(value=None, figure="environ 3 min")
    assert squeeze("environ 3 min") in squeeze(text_of(measured_map, sections=("grid",)))


def test_a_moment_of_truth_is_flagged_in_words(measured_map):
    text = text_of(measured_map, sections=("grid",))
    # Set in capitals by the stylesheet.
    assert "★ MOMENT DE VÉRITÉ" in text


def test_each_card_and_touchpoint_carries_its_evidence_mark(measured_map):
    html = render_html(measured_map, PdfOptions(sections=("grid",)))
    assert html.count('class="card ev-measured"') == 1
    assert html.count('class="card ev-observed"') == 1
    assert html.count('class="card ev-assumption"') == 1
    assert 'class="touchpoint emotion-0 ev-observed moment-of-truth"' in html
    text = squeeze(text_of(measured_map, sections=("grid",)))
    # Empty, half-filled, full: a black and white print tells them apart.
    assert squeeze("□ Pas de pain ce soir !") in text
    assert squeeze("⬓ Le pain est encore chaud") in text
    assert squeeze("■ Clients servis en moins de 5 min") in text
    assert squeeze("Bus ⬓") in text
    assert squeeze("□ Hypothèse ⬓ Observé ■ Mesuré ★ Moment de vérité") in text


def test_a_strong_points_lane_is_marked_beyond_its_colour(measured_map):
    html = render_html(measured_map, PdfOptions(sections=("grid",)))
    assert 'class="lane-row lane-strengths"' in html
    text = text_of(measured_map, sections=("grid",))
    # The stylesheet's tick before the lane's title, and the kind under a title of its own.
    assert "✓Cequiplaît" in squeeze(text)
    assert "Points forts" in text


def test_no_strip_nor_legend_on_a_curve_alone(measured_map):
    text = text_of(measured_map, sections=("curve",))
    assert "Niveau de preuve :" not in text
    assert "Données" not in text


def test_the_persona_page_prints_motivations_and_reluctances(measured_map, persona):
    persona.motivations = "Manger du bon pain avec ses amis"
    persona.reluctances = "La file d'attente du vendredi soir"
    persona.save()
    text = text_of(measured_map, sections=("personas",))
    assert "MOTIVATIONS" in text and "RÉTICENCES" in text
    assert squeeze("Manger du bon pain avec ses amis") in squeeze(text)
    assert squeeze("La file d'attente du vendredi soir") in squeeze(text)


def test_an_evidence_change_makes_a_new_pdf(measured_map, owner):
    before = cache_key(measured_map, PdfOptions())
    card = Card.objects.get(journey_map=measured_map, lane__kind=LaneKind.THOUGHTS)
    services.item_update(
        user=owner,
        map_id=measured_map.pk,
        kind_name="card",
        item_id=card.pk,
        data={
            "text": card.text,
            "stage": card.stage_id,
            "lane": card.lane_id,
            "evidence": "measured",
            "version": card.version,
        },
    )
    measured_map.refresh_from_db()
    assert cache_key(measured_map, PdfOptions()) != before


def test_a_persona_motivation_change_makes_a_new_pdf(measured_map, persona, owner):
    before = cache_key(measured_map, PdfOptions())
    persona_services.persona_update(
        user=owner,
        persona_id=persona.pk,
        data={
            "name": persona.name,
            "segment": persona.segment,
            "motivations": "Faire plaisir",
            "version": persona.version,
        },
    )
    assert cache_key(measured_map, PdfOptions()) != before


def test_stage_columns_and_headers_still_fit_a4_with_the_strip(workspace):
    from maps.sample import build_map

    journey_map = build_map(workspace, stages=8, lanes=5, cards=120)
    Card.objects.filter(journey_map=journey_map).update(
        value=Decimal("12"), unit="minutes", target=Decimal("10"), higher_is_better=False
    )
    content, _pages = render_document(journey_map, PdfOptions(paper="A4", sections=("grid",)))
    text = squeeze(" ".join(pages_text(content)))
    for card in Card.objects.filter(journey_map=journey_map):
        assert squeeze(card.text) in text, card.text
    for stage in Stage.objects.filter(journey_map=journey_map):
        assert squeeze(stage.name) in text
