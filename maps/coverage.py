"""Data coverage: how much of a map, or of one stage, rests on evidence rather than guesses.

Counted over the cards and touchpoints already read for the grid (no query of its
own), so the map page, its live fragments and the PDF say the same figures.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from maps.models import Evidence


@dataclass(frozen=True)
class Coverage:
    """How many items of each evidence level."""

    assumption: int = 0
    observed: int = 0
    measured: int = 0

    @property
    def total(self) -> int:
        return self.assumption + self.observed + self.measured

    @property
    def backed(self) -> int:
        """Observed or measured: what is not a guess."""
        return self.observed + self.measured

    @property
    def measured_share(self) -> int:
        """Measured items, in whole percent of all (0 for an empty stage)."""
        return round(100 * self.measured / self.total) if self.total else 0

    @property
    def backed_share(self) -> int:
        return round(100 * self.backed / self.total) if self.total else 0

    def __add__(self, other: Coverage) -> Coverage:
        return Coverage(
            self.assumption + other.assumption,
            self.observed + other.observed,
            self.measured + other.measured,
        )


def count(levels: Iterable[str]) -> Coverage:
    """The coverage of items with these evidence levels."""
    tally = {Evidence.ASSUMPTION: 0, Evidence.OBSERVED: 0, Evidence.MEASURED: 0}
    for level in levels:
        # An unknown level (never written by the forms) counts as a guess.
        key = level if level in tally else Evidence.ASSUMPTION
        tally[key] += 1
    return Coverage(tally[Evidence.ASSUMPTION], tally[Evidence.OBSERVED], tally[Evidence.MEASURED])


def of_stage(touchpoints: Iterable, cards: Iterable) -> Coverage:
    """One stage's coverage: its touchpoints and the cards of every lane in it."""
    return count([item.evidence for item in touchpoints]) + count([item.evidence for item in cards])


def by_stage(grid) -> dict[int, Coverage]:
    """Each stage's coverage on a ``maps.grid.Grid``, keyed by the stage's id."""
    cards: dict[int, list] = {column.stage.pk: [] for column in grid.columns}
    for row in grid.rows:
        for cell in row.cells:
            cards[cell.stage.pk].extend(cell.cards)
    return {
        column.stage.pk: of_stage(column.touchpoints, cards[column.stage.pk])
        for column in grid.columns
    }


def of_map(grid) -> Coverage:
    return sum(by_stage(grid).values(), Coverage())
