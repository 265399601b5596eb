"""The printed curve's keys: under the curve, counted by the page-break estimate."""

import pytest
from django.utils import translation

from maps import persona_curves
from maps.export.layout import curve_key_height, curve_row_height, geometry, print_curve
from maps.export.options import PdfOptions
from maps.export.pdf import grid_pages, print_context, render_html
from maps.models import Touchpoint
from maps.sample import build_map
from personas.models import Persona

NAMES = ["Nell la boulangère", "Ludovic", "Ariane Dupont-Martin", "Bruno", "Chloé des Lilas"]


@pytest.fixture(autouse=True)
def french():
    with translation.override("fr"):
        yield


def five_personas(workspace, **size):
    journey_map = build_map(workspace, **size)
    for name in NAMES:
        journey_map.personas.add(Persona.objects.create(workspace=workspace, name=name))
    touchpoints = Touchpoint.objects.filter(journey_map=journey_map)
    touchpoints.update(moment_of_truth=True)
    return journey_map


def curve_rows(html: str, options: PdfOptions) -> list[tuple[float, str]]:
    """(height in mm, text) of each curve row as WeasyPrint lays it out."""
    from weasyprint import HTML

    from maps.export.fetcher import LockedURLFetcher
    from maps.export.pdf import PRINT_CSS

    document = HTML(
        string=html, base_url=PRINT_CSS.parent.as_uri() + "/", url_fetcher=LockedURLFetcher()
    ).render()
    rows: dict[int, tuple[float, str]] = {}
    for page in document.pages:
        for box in page._page_box.descendants():
            if box.element_tag == "tr" and "curve-row" in (box.element.get("class") or ""):
                text = " ".join(
                    b.text for b in box.descendants() if getattr(b, "text", None) is not None
                )
                # A row may be walked more than once: one entry per element, all its text.
                height, seen = rows.get(id(box.element), (0.0, ""))
                rows[id(box.element)] = (
                    max(height, box.margin_height() * 25.4 / 96),
                    f"{seen} {text}",
                )
    return list(rows.values())


@pytest.mark.parametrize("paper", ["A4", "A3"])
def test_five_personas_curve_row_is_no_taller_than_estimated(workspace, paper):
    journey_map = five_personas(workspace, stages=6, lanes=5, cards=60)
    options = PdfOptions(paper=paper)
    context = print_context(journey_map, options)
    geo, (tile,) = context["geo"], context["tiles"]
    estimate = curve_row_height(tile.curve, geo)
    (row,) = curve_rows(render_html(journey_map, options), options)
    height, text = row
    assert height <= estimate
    for name in NAMES:
        assert name in text
    assert "moment de vérité" in text
    # The grid's pages follow that estimate.
    assert sum(len(page) for page in grid_pages(tile, options, geo)) == 2 + 5


def test_the_keys_take_more_runs_when_the_curve_is_narrow(workspace):
    journey_map = five_personas(workspace, stages=1, lanes=1, cards=1)
    personas = persona_curves.map_personas(journey_map)
    from maps.grid import build_grid

    grid = build_grid(journey_map)
    wide_geo, _ = geometry(PdfOptions(paper="A3"), 1)
    narrow_geo, _ = geometry(PdfOptions(paper="A4", layout="tile"), 1)
    narrow_geo.column = 40
    wide = print_curve(grid.columns, wide_geo, personas)
    narrow = print_curve(grid.columns, narrow_geo, personas)
    assert curve_key_height(narrow, narrow_geo) > curve_key_height(wide, wide_geo) > 0


def test_one_persona_without_moments_has_no_keys(journey_map):
    from maps.grid import build_grid

    grid = build_grid(journey_map)
    geo, _ = geometry(PdfOptions(), len(grid.columns))
    curve = print_curve(grid.columns, geo, persona_curves.map_personas(journey_map))
    assert curve_key_height(curve, geo) == 0
    assert 'class="curve-keys"' not in render_html(journey_map, PdfOptions())
