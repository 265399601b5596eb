"""What the printed map says beside each card and stage: figures against their target,
and how much of each stage rests on evidence.

Worked out once per export, in Python, so that the print template stays a plain
loop over 400 cards and the page layout (``maps.export.layout``) estimates the
same lines that are printed.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from maps.coverage import Coverage
from maps.figures import format_figure, is_ahead
from maps.grid import Grid
from maps.models import Card, Evidence

# Evidence marks, from a guess to a measure: glyphs of Inter (the print font) that read in
# black and white. Text, not an image or a generated box: 400 cards add a few bytes and no
# layout work.
MARKS: dict[str, str] = {
    Evidence.ASSUMPTION: "□",
    Evidence.OBSERVED: "⬓",
    Evidence.MEASURED: "■",
}


def mark_of(evidence: str) -> str:
    return MARKS.get(evidence, MARKS[Evidence.ASSUMPTION])


def figure_of(card: Card) -> str:
    """The card's figure as it reads ("42 %"), the older text figure when it has no number."""
    if card.value is not None:
        return format_figure(card.value, card.unit)
    return card.figure


def figure_note(card: Card) -> str:
    """The line under a figure: its period and how it stands against its target
    ("T3 2026 · cible 50 % · en retard"), in words: a black and white print reads it."""
    parts = [card.period] if card.period else []
    if card.value is not None and card.target is not None:
        parts.append(_("target %(target)s") % {"target": format_figure(card.target, card.unit)})
        ahead = is_ahead(card.value, card.target, card.higher_is_better)
        parts.append(pgettext("target", "met") if ahead else pgettext("target", "behind"))
    return " · ".join(parts)


def annotate(grid: Grid) -> None:
    """Each card's evidence mark, printed figure and note, each touchpoint's mark: read by
    the template and the layout."""
    for row in grid.rows:
        for cell in row.cells:
            for card in cell.cards:
                card.mark = mark_of(card.evidence)  # type: ignore[attr-defined]
                card.print_figure = figure_of(card)  # type: ignore[attr-defined]
                card.print_note = figure_note(card)  # type: ignore[attr-defined]
    for column in grid.columns:
        for touchpoint in column.touchpoints:
            touchpoint.mark = mark_of(touchpoint.evidence)  # type: ignore[attr-defined]


@dataclass(frozen=True)
class CoverageText:
    """A stage's data coverage as the strip under the stage names prints it."""

    coverage: Coverage

    @property
    def measured(self) -> str:
        """ "3 sur 7 mesurés" (or "Rien à compter" for an empty stage)."""
        total = self.coverage.total
        if not total:
            return _("nothing to count")
        return ngettext(
            "%(measured)d of %(total)d measured", "%(measured)d of %(total)d measured", total
        ) % {"measured": self.coverage.measured, "total": total}

    @property
    def observed(self) -> str:
        """ "2 observés", or nothing when none is."""
        count = self.coverage.observed
        if not count:
            return ""
        return ngettext("%(count)d observed", "%(count)d observed", count) % {"count": count}

    @property
    def mark(self) -> str:
        """The strip's mark: nothing backed by data, some, or all of the stage's items."""
        if not self.coverage.total or not self.coverage.backed:
            return MARKS[Evidence.ASSUMPTION]
        if self.coverage.measured == self.coverage.total:
            return MARKS[Evidence.MEASURED]
        return MARKS[Evidence.OBSERVED]
