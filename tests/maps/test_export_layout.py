"""Page geometry of the printed map, and the channel icons."""

import pytest

from maps.export.channel_icons import channel_icon
from maps.export.layout import (
    MAX_PT,
    MIN_CHARS,
    MIN_PT,
    SCALE,
    fit,
    geometry,
    page_count,
    print_curve,
    sized,
)
from maps.export.options import PdfOptions
from maps.grid import build_grid
from maps.sample import build_map


@pytest.mark.parametrize("paper", ["A4", "A3", "A1", "A0"])
@pytest.mark.parametrize("layout", ["fit", "tile"])
def test_the_columns_fill_the_page_width_exactly(paper, layout):
    geo, per_tile = geometry(PdfOptions(paper=paper, layout=layout), 12)
    total = geo.head + per_tile * geo.column + (per_tile + 1) * geo.gap
    assert total == pytest.approx(geo.usable, abs=0.1)


def test_fit_puts_every_stage_on_one_page_and_tile_balances_the_runs():
    assert geometry(PdfOptions(paper="A4", layout="fit"), 12)[1] == 12
    assert geometry(PdfOptions(paper="A4", layout="tile"), 12)[1] == 4
    # 12 stages on A3 are two runs of 6, not 7 + 5.
    assert geometry(PdfOptions(paper="A3", layout="tile"), 12)[1] == 6
    assert geometry(PdfOptions(paper="A0", layout="tile"), 30)[1] == 10


def test_tiled_type_grows_with_the_poster():
    sizes = [
        geometry(PdfOptions(paper=p, layout="tile"), 12)[0].font_pt
        for p in ["A4", "A3", "A1", "A0"]
    ]
    assert sizes == sorted(sizes) and sizes[0] < sizes[-1]


def test_the_curve_points_sit_inside_their_stage_columns(journey_map):
    grid = build_grid(journey_map)
    geo, _ = geometry(PdfOptions(), len(grid.columns))
    curve = print_curve(grid.columns, geo)
    (point,) = curve.points  # the one touchpoint, in the first stage
    assert 0 < point.x < geo.column
    assert curve.width == pytest.approx(2 * geo.column + geo.gap)
    assert curve.separators == [pytest.approx(geo.column + geo.gap / 2)]


def test_fitting_shrinks_the_type_for_a_full_map_but_never_below_the_floor(workspace):
    grid = build_grid(build_map(workspace, stages=12, lanes=8, cards=400))
    poster, _ = fit(grid, PdfOptions(paper="A1"), cards=True, curve=True)
    assert MIN_PT < poster.font_pt < MAX_PT * SCALE["A1"]
    a4, _ = fit(grid, PdfOptions(paper="A4"), cards=True, curve=True)
    assert a4.font_pt >= MIN_PT and a4.small_pt >= MIN_PT


def test_a_short_map_grows_its_type_up_to_the_ceiling(journey_map):
    grid = build_grid(journey_map)
    geo, per_tile = fit(grid, PdfOptions(paper="A3"), cards=True, curve=True)
    assert per_tile == len(grid.columns)
    # Two stages and a card: nothing holds the type back but the ceiling.
    assert geo.font_pt == MAX_PT * SCALE["A3"]


def test_fit_takes_the_largest_type_that_keeps_the_fewest_pages(workspace):
    grid = build_grid(build_map(workspace, stages=4, lanes=5, cards=20))
    options = PdfOptions(paper="A3")
    geo, per_tile = fit(grid, options, cards=True, curve=True)
    assert page_count(grid, geo, per_tile, None, cards=True, curve=True) == 1
    # A tenth of a point larger, the same map would need a second page (or a cramped
    # measure): the type is as large as the page allows.
    bigger = sized(options, per_tile, geo.font_pt + 0.1)
    assert page_count(grid, bigger, per_tile, None, cards=True, curve=True) == 2


def test_fit_prints_ten_stages_on_a4_in_runs_rather_than_below_the_floor(workspace):
    grid = build_grid(build_map(workspace, stages=10, lanes=6, cards=60, touchpoints_per_stage=2))
    geo, per_tile = fit(grid, PdfOptions(paper="A4"), cards=True, curve=True)
    assert geo.font_pt >= MIN_PT
    assert per_tile == 5  # two balanced runs, titles repeated
    # All ten across the page, even the floor's type would have had too short a measure.
    assert sized(PdfOptions(paper="A4"), 10, MIN_PT).chars_per_line < MIN_CHARS


@pytest.mark.parametrize(
    ("channel", "icon"),
    [
        ("Site web", "web"),
        ("Boutique en ligne", "web"),
        ("Application mobile", "mobile"),
        ("Appel au service client", "phone"),
        ("Téléphone", "phone"),
        ("Newsletter", "email"),
        ("Avis Google", "web"),
        ("Réseaux sociaux", "social"),
        ("Bouche-à-oreille", "social"),
        ("Publicité TV", "ads"),
        ("Boulangerie", "shop"),
        ("File d'attente", "shop"),
        ("Bus", "other"),
    ],
)
def test_a_channel_gets_the_icon_its_words_call_for(channel, icon):
    assert channel_icon(channel) == icon
