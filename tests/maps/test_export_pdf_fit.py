""" "Fit" fills the paper: larger type on a small map, full pages, never below 6 pt.

Measured on the PDF itself (tests/maps/pdf_text.py reads the text's sizes and positions),
not on the layout's intentions.
"""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from maps.export.layout import MARGIN, MIN_PT, page_count
from maps.export.options import SECTION_KEYS, PdfOptions
from maps.export.pdf import print_context, render_document
from maps.export.preview import fit_previews
from maps.models import JourneyMap
from maps.sample import build_map
from tests.maps.pdf_text import body_size_pt, filled_fraction, text_runs

# What a 4-stage map printed at A3 "fit" was set in before "fit" could grow the type
# (measured with body_size_pt on that PDF: 8.5 pt, the old ceiling).
OLD_A3_BODY_PT = 8.5
MAP_ONLY = ("grid", "curve")


@pytest.fixture(autouse=True)
def french():
    with translation.override("fr"):
        yield


def four_stages(workspace):
    return build_map(workspace, stages=4, lanes=5, cards=20)


def ten_stages(workspace):
    return build_map(workspace, stages=10, lanes=6, cards=60, touchpoints_per_stage=2)


def content_box(paper: str) -> tuple[float, float]:
    """The top and bottom of the pages' content, in mm (the template's @page margins)."""
    height = PdfOptions(paper=paper).size_mm[1]
    return MARGIN[paper] + 8, height - MARGIN[paper] - 6


def render(journey_map, paper: str, sections=MAP_ONLY):
    content, pages = render_document(journey_map, PdfOptions(paper=paper, sections=sections))
    return text_runs(content), pages


def assert_pages_are_filled(pages_runs, paper: str):
    top, bottom = content_box(paper)
    for number, runs in enumerate(pages_runs[:-1], start=1):
        filled = filled_fraction(runs, top, bottom)
        assert filled > 1 / 3, f"page {number} of {len(pages_runs)} is {filled:.0%} filled"


def test_a_four_stage_map_on_a3_is_set_larger_than_before_and_fills_its_page(workspace):
    runs, pages = render(four_stages(workspace), "A3")
    assert pages == 1
    assert body_size_pt(runs[0]) > OLD_A3_BODY_PT
    # Before, the same map filled 73 % of the page.
    assert filled_fraction(runs[0], *content_box("A3")) > 0.85


def test_a_small_map_stops_at_the_ceiling(journey_map):
    """Two stages and one card: the type stops at 14 pt, the page is not filled."""
    runs, _pages = render(journey_map, "A3")
    assert body_size_pt(runs[0]) == pytest.approx(14.0, abs=0.05)


@pytest.mark.parametrize("paper", ["A4", "A3"])
def test_a_ten_stage_map_never_goes_below_6_pt_and_its_pages_are_filled(workspace, paper):
    journey_map = ten_stages(workspace)
    # Every default section: the cover and the pain points' pages count too.
    runs, _pages = render(journey_map, paper, sections=SECTION_KEYS)
    smallest = min(run.size_pt for page in runs for run in page)
    assert smallest >= MIN_PT - 0.05
    assert_pages_are_filled(runs, paper)


def test_a4_prints_ten_stages_in_runs_and_the_render_keeps_the_estimated_pages(workspace):
    journey_map = ten_stages(workspace)
    options = PdfOptions(paper="A4", sections=MAP_ONLY)
    context = print_context(journey_map, options)
    assert [len(tile.columns) for tile in context["tiles"]] == [5, 5]
    estimated = page_count(context["grid"], context["geo"], 5, None, cards=True, curve=True)
    _runs, pages = render(journey_map, "A4")
    # The layout's estimate is what the PDF does: no lane spilled on to a page of its own.
    assert pages == estimated == sum(len(tile.grid_pages) for tile in context["tiles"])


def demo_maps() -> list[JourneyMap]:
    call_command("load_demo", stdout=io.StringIO())
    return list(JourneyMap.objects.filter(workspace__name__icontains="démo").order_by("pk"))


@pytest.mark.parametrize("paper", ["A4", "A3"])
def test_the_demo_maps_fill_their_pages_in_readable_type(db, paper):
    maps = demo_maps()
    assert maps
    for journey_map in maps:
        runs, pages = render(journey_map, paper)
        grid_sizes = [run.size_pt for page in runs for run in page]
        assert min(grid_sizes) >= MIN_PT - 0.05, journey_map.title
        assert_pages_are_filled(runs, paper)
        estimated = sum(
            len(tile.grid_pages)
            for tile in print_context(journey_map, PdfOptions(paper=paper, sections=MAP_ONLY))[
                "tiles"
            ]
        )
        assert pages == estimated, journey_map.title


def test_the_export_page_says_how_many_pages_and_what_size_before_rendering(
    owner_client, workspace, owner
):
    journey_map = ten_stages(workspace)
    previews = fit_previews(journey_map)
    a4 = previews["A4"]
    assert a4.in_runs and a4.per_tile == 5 and a4.font_pt >= MIN_PT
    with translation.override("fr"):
        html = owner_client.get(reverse("maps:export", args=[journey_map.pk])).content.decode()
    size = f"{a4.font_pt:g}".replace(".", ",")
    assert f"À cette taille, la carte tient sur {a4.pages} pages en {size} pt" in html
    assert "par séries de 5 étapes" in html
    # A3 holds the ten stages across: no runs said there.
    assert not previews["A3"].in_runs
