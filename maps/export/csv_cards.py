"""The cards of a map as CSV, for spreadsheets.

One row per card, in the map's order (stage by stage, lane by lane). French
spreadsheets expect ";" between fields and English ones ","; a byte-order mark
tells Excel the file is UTF-8. A cell that starts like a formula is prefixed
with an apostrophe, so that a card saying "=HYPERLINK(…)" stays text; a plain
number ("-0,5") is left as it is, so that the spreadsheet reads it as one.

Metrics cards add their figure: as shown on the map, then as a number (with
the reader's decimal separator, no thousands grouping, so that the spreadsheet
computes with it), its unit, target, whether it is ahead of the target, and
the period. Every card adds what it rests on: evidence, source, link, date.
"""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal

from django.utils import translation
from django.utils.translation import gettext as _

from maps.figures import format_figure, is_ahead
from maps.grid import build_grid
from maps.json_values import decimal_text
from maps.models import Card, JourneyMap

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A number as this file writes one: a spreadsheet cannot take it for a formula.
PLAIN_NUMBER = re.compile(r"-?\d+(?:[.,]\d+)?")


def safe_cell(value: object) -> object:
    if (
        isinstance(value, str)
        and value.startswith(FORMULA_STARTS)
        and not PLAIN_NUMBER.fullmatch(value)
    ):
        return "'" + value
    return value


def number_cell(number: Decimal | None) -> str:
    """ "4,7" for a French spreadsheet, "4.7" for an English one; no grouping."""
    if number is None:
        return ""
    text = decimal_text(number)
    return text.replace(".", ",") if delimiter() == ";" else text


def figure_cells(card: Card) -> list[str]:
    """Figure as shown, value, unit, target, ahead or behind, period."""
    if card.value is None:
        shown = card.figure
        ahead = ""
    else:
        shown = format_figure(card.value, card.unit)
        ahead = (
            ""
            if card.target is None
            else _("ahead")
            if is_ahead(card.value, card.target, card.higher_is_better)
            else _("behind")
        )
    return [
        shown,
        number_cell(card.value),
        card.get_unit_display() if card.unit else "",
        number_cell(card.target),
        ahead,
        card.period,
    ]


def evidence_cells(card: Card) -> list[str]:
    """Evidence, source, link, date of the source."""
    return [
        card.get_evidence_display(),
        card.source,
        card.source_url,
        card.source_date.isoformat() if card.source_date else "",
    ]


def delimiter() -> str:
    return ";" if (translation.get_language() or "").startswith("fr") else ","


def cards_csv(journey_map: JourneyMap) -> str:
    grid = build_grid(journey_map)
    stage_numbers = {column.stage.pk: n for n, column in enumerate(grid.columns, start=1)}
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=delimiter(), lineterminator="\r\n")
    writer.writerow(
        [
            _("Stage no."),
            _("Stage"),
            _("Lane"),
            _("Lane kind"),
            _("Text"),
            _("Cause"),
            _("Figure"),
            _("Value"),
            _("Unit"),
            _("Target"),
            _("Against the target"),
            _("Period"),
            _("Evidence level"),
            _("Source"),
            _("Link"),
            _("Date of the source"),
        ]
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
                            *figure_cells(card),
                            *evidence_cells(card),
                        ],
                    )
                )
    for *_order, values in sorted(rows, key=lambda r: r[:3]):
        writer.writerow([safe_cell(value) for value in values])
    return buffer.getvalue()
