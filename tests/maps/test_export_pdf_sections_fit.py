"""Every default section printed, the pages are still full and the type readable.

The grid and the curve are put on pages by maps/export/layout.py; the other sections
follow the rule of static/css/print.css: the cover, each persona and the grid start a
page, the short sections after them run on below when they fit. Measured on the PDF
(tests/maps/pdf_text.py), for the demo maps and the 4-stage sample map (the 10-stage
one, every section printed too: test_export_pdf_fit.py).
"""

import pytest
from django.utils import translation

from maps.export.layout import MIN_PT, sized
from maps.export.options import PdfOptions
from maps.export.pdf import render_document
from maps.export.persona_fit import GROWTH, persona_pt
from maps.models import Action, Card, LaneKind
from tests.maps.pdf_text import body_size_pt, filled_fraction, pages_text, squeeze, text_runs
from tests.maps.test_export_pdf_fit import content_box, demo_maps, four_stages


@pytest.fixture(autouse=True)
def french():
    with translation.override("fr"):
        yield


def with_plan(journey_map, count=4):
    """A short action plan, each action answering one of the map's pain points."""
    pains = Card.objects.filter(journey_map=journey_map, lane__kind=LaneKind.PAIN_POINTS)
    for number, card in enumerate(pains[:count], start=1):
        Action.objects.create(
            journey_map=journey_map,
            title=f"Action {number} : afficher l'attente en caisse",
            owner="Équipe magasin",
            source_card=card,
        )
    return journey_map


def rendered(journey_map, paper):
    """The PDF with every default section: its bytes and its pages' text runs."""
    content, pages = render_document(journey_map, PdfOptions(paper=paper))
    runs = text_runs(content)
    assert len(runs) == pages
    return content, runs


def assert_full_and_readable(runs, paper, title):
    top, bottom = content_box(paper)
    for number, page in enumerate(runs, start=1):
        smallest = min(run.size_pt for run in page)
        assert smallest >= MIN_PT - 0.05, f"{title}, page {number}: {smallest:.2f} pt"
    for number, page in enumerate(runs[:-1], start=1):
        filled = filled_fraction(page, top, bottom)
        assert filled > 1 / 3, f"{title}, page {number} of {len(runs)} is {filled:.0%} filled"


@pytest.mark.parametrize("paper", ["A4", "A3"])
def test_the_demo_maps_every_section_printed_fill_their_pages(db, paper):
    maps = demo_maps()
    assert len(maps) == 3
    # The baguette's pain points fill a third of an A3 page: its plan must not get another.
    with_plan(maps[0])
    for journey_map in maps:
        content, runs = rendered(journey_map, paper)
        assert_full_and_readable(runs, paper, journey_map.title)
        # Each persona has its page, right after the cover, set larger than the reading size.
        personas = list(journey_map.personas.order_by("name", "pk"))
        texts = pages_text(content)
        reading = sized(PdfOptions(paper=paper), 1, MIN_PT).body_pt
        for number, persona in enumerate(personas, start=2):
            assert squeeze(persona.name) in squeeze(texts[number - 1])
            assert body_size_pt(runs[number - 1]) > reading


@pytest.mark.parametrize("paper", ["A4", "A3"])
def test_a_four_stage_map_s_pain_points_and_plan_share_its_last_page(workspace, paper):
    # The 10-stage map, every section printed: test_export_pdf_fit.py.
    journey_map = with_plan(four_stages(workspace))
    content, runs = rendered(journey_map, paper)
    assert_full_and_readable(runs, paper, journey_map.title)
    last = squeeze(pages_text(content)[-1])
    assert squeeze("Irritants par cause") in last and squeeze("Plan d’action") in last
    assert len(runs) == 3  # the cover, the map, then pain points and plan


def test_a_persona_page_grows_its_type_only_while_the_page_holds_it():
    geo = sized(PdfOptions(paper="A3"), 6, 9.0)
    short = [("Besoins", "Une baguette chaude le soir.")]
    assert persona_pt(short, "", geo) == pytest.approx(geo.body_pt * GROWTH)
    long = [(f"Champ {n}", "Un texte écrit longuement, " * 60) for n in range(10)]
    assert persona_pt(long, "Une citation.", geo) == geo.body_pt
