"""What the export page says of each paper before anything is rendered: how many pages
the map's grid takes in "fit", and in what type size, from the estimate the PDF itself
is laid out with (maps/export/layout.py), with no WeasyPrint involved."""

from __future__ import annotations

from dataclasses import dataclass

from maps.export.layout import fit, page_count
from maps.export.options import FIT, PAPERS, PdfOptions
from maps.export.print_items import annotate
from maps.grid import build_grid
from maps.models import JourneyMap
from maps.persona_curves import map_personas


@dataclass(frozen=True)
class FitPreview:
    paper: str
    pages: int
    font_pt: float
    per_tile: int  # stages across each page
    stages: int

    @property
    def in_runs(self) -> bool:
        """The stages are printed in runs: all of them across would have been unreadable."""
        return self.per_tile < self.stages


def fit_previews(journey_map: JourneyMap) -> dict[str, FitPreview]:
    """Each paper's "fit" of the map and its curve; none for a map without stages."""
    grid = build_grid(journey_map)
    if not grid.columns:
        return {}
    annotate(grid)  # the cards' marks, figures and notes count in their height
    personas = map_personas(journey_map)
    previews = {}
    for paper in PAPERS:
        geo, per_tile = fit(grid, PdfOptions(paper=paper, layout=FIT), cards=True, curve=True)
        pages = page_count(grid, geo, per_tile, personas, cards=True, curve=True)
        previews[paper] = FitPreview(paper, pages, geo.font_pt, per_tile, len(grid.columns))
    return previews
