"""The cards of a map as CSV, for spreadsheets.

One row per card, in the map's order (stage by stage, lane by lane). French
spreadsheets expect ";" between fields and English ones ","; a byte-order mark
tells Excel the file is UTF-8. A cell that starts like a formula is prefixed
with an apostrophe, so that a card saying "=HYPERLINK(…)" stays text.
"""

from __future__ import annotations

import csv
import io

from django.utils import translation
from django.utils.translation import gettext as _

from maps.grid import build_grid
from maps.models import JourneyMap

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def delimiter() -> str:
    return ";" if (translation.get_language() or "").startswith("fr") else ","


def cards_csv(journey_map: JourneyMap) -> str:
    grid = build_grid(journey_map)
    stage_numbers = {column.stage.pk: n for n, column in enumerate(grid.columns, start=1)}
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=delimiter(), lineterminator="\r\n")
    writer.writerow(
        [_("Stage no."), _("Stage"), _("Lane"), _("Lane kind"), _("Text"), _("Cause"), _("Figure")]
    )
    rows = []
    for row in grid.rows:
        for cell in row.cells:
            for card in cell.cards:
                rows.append(
                    (
                        stage_numbers[card.stage_id],
                        row.lane.position,
                        card.position,
                        [
                            stage_numbers[card.stage_id],
                            cell.stage.name,
                            row.lane.title,
                            row.lane.get_kind_display(),
                            card.text,
                            card.get_cause_display() if card.cause else "",
                            card.figure,
                        ],
                    )
                )
    for *_order, values in sorted(rows, key=lambda r: r[:3]):
        writer.writerow([safe_cell(value) for value in values])
    return buffer.getvalue()
