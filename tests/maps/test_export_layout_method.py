"""The page layout makes room for what the method prints: the coverage strip and the
legend on every page, a figure's note, a moment of truth's line."""

from decimal import Decimal
from types import SimpleNamespace

from maps.export.layout import (
    cards_height,
    coverage_height,
    geometry,
    legend_height,
    paginate,
    stage_names_height,
    touchpoints_height,
)
from maps.export.options import PdfOptions
from maps.export.print_items import figure_note, figure_of
from maps.grid import StageColumn
from maps.models import Card, Stage, Touchpoint


def geo():
    return geometry(PdfOptions(paper="A4"), 6)[0]


def test_a_page_keeps_room_for_its_legend_and_strip():
    page = geo()
    rows = list(range(40))
    heights = [5.0] * 40
    plain = paginate(rows, heights, page)
    with_strip = paginate(rows, heights, page, head=coverage_height(page))
    room = page.content_height - stage_names_height(page) - legend_height(page)
    assert all(sum(heights[: len(run)]) <= room for run in plain[1:])
    assert len(with_strip) >= len(plain)


def test_a_figure_with_a_target_is_measured_taller():
    card = Card(text="Attente", value=Decimal("12"), unit="minutes", target=Decimal("10"))
    card.print_figure, card.print_note = figure_of(card), figure_note(card)
    bare = Card(text="Attente")
    bare.print_figure, bare.print_note = figure_of(bare), figure_note(bare)
    page = geo()
    assert cards_height([[card]], "Chiffres", page) > cards_height([[bare]], "Chiffres", page)


def test_a_moment_of_truth_is_measured_taller():
    stage = Stage(name="Achat")
    plain = Touchpoint(channel="Caisse", action="Paie")
    moment = Touchpoint(channel="Caisse", action="Paie", moment_of_truth=True)
    page = geo()
    assert touchpoints_height([StageColumn(stage, [moment])], page) > touchpoints_height(
        [StageColumn(stage, [plain])], page
    )


def test_a_figure_reads_against_its_target_which_ever_way_is_ahead():
    from django.utils import translation

    with translation.override("fr"):
        rising = SimpleNamespace(
            value=Decimal("42"),
            unit="percent",
            target=Decimal("50"),
            higher_is_better=True,
            period="",
            figure="",
        )
        assert figure_note(rising) == "cible 50\u00a0% · en retard"
        falling = SimpleNamespace(
            value=Decimal("8"),
            unit="minutes",
            target=Decimal("10"),
            higher_is_better=False,
            period="T3 2026",
            figure="",
        )
        assert figure_note(falling) == "T3 2026 · cible 10\u00a0min · atteinte"
        assert figure_of(falling) == "8\u00a0min"


def test_a_last_page_holding_a_row_in_a_corner_takes_rows_from_the_page_before():
    page = geo()
    room = 0.97 * (page.content_height - stage_names_height(page) - legend_height(page))
    # Greedily: a full first page, then one short row alone on the second.
    heights = [room * 0.2] * 5 + [room * 0.1]
    pages = paginate(list(range(6)), heights, page)
    assert len(pages) == 2
    last = sum(heights[row] for row in pages[-1])
    before = sum(heights[row] for row in pages[0])
    assert room / 3 <= last <= before
    assert [row for run in pages for row in run] == list(range(6))


def test_the_first_page_keeps_its_touchpoints_and_curve():
    page = geo()
    room = 0.97 * (page.content_height - stage_names_height(page) - legend_height(page))
    heights = [room * 0.45, room * 0.45, room * 0.1]
    assert paginate(list(range(3)), heights, page) == [[0, 1], [2]]
