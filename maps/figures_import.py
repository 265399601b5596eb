"""Reading a CSV of figures: one metric of one stage per row, checked before anything is
written (``maps.figures_service`` applies what this reads).

The file has a header row; its columns, named in French or English, in any order:
stage (étape), metric (indicateur), value (valeur) are required; unit (unité),
target (cible), date, source, period (période) and link (lien) may be left out.
French Excel writes ";" between cells, English ",": the header row says which.

Only UTF-8 is read (with or without the byte-order mark Excel writes): a file in
another encoding is refused and the message says how to save it as UTF-8. Guessing
Windows-1252 would read a Mac or UTF-16 file into wrong letters without a word, so
nothing is guessed.

Every row is checked and every bad one is listed (its row number, as the
spreadsheet numbers it, and why); the caller imports nothing when any row is bad.
The file is bounded twice: by size (the app's import limit, ``PARCOURS_MAX_IMPORT_MB``)
and by rows (``MAX_ROWS``), counted as they are read so that a huge file is refused at
once rather than read through.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, cast

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db.models import CharField
from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from maps.export.csv_cards import safe_cell
from maps.figures import parse_figure, parse_number, parse_unit
from maps.json_values import decimal_text
from maps.models import Card, Unit

# A workshop's figures fit in far fewer; a file with more is a mistake (an export of
# raw data) and is refused whole.
MAX_ROWS = 1000
# A metric names what is measured: a card's short text.
MAX_METRIC = 200
# What a cell may start with to be taken for a formula by a spreadsheet.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# Each column's names, as people write them (compared without accents or case).
COLUMNS: dict[str, tuple[str, ...]] = {
    "stage": ("stage", "etape", "phase"),
    "metric": ("metric", "indicateur", "indicator", "kpi", "mesure", "measure"),
    "value": ("value", "valeur"),
    "unit": ("unit", "unite"),
    "target": ("target", "cible", "objectif", "goal"),
    "date": ("date",),
    "source": ("source",),
    "period": ("period", "periode"),
    "link": ("link", "lien", "url"),
}
REQUIRED = ("stage", "metric", "value")
# The example file's columns, in the page's language (``example_csv``).
EXAMPLE_ROWS = (
    ("Achat", "Attente en caisse", "4,5", "min", "3", "2026-10-02", "Ticket de caisse", "T3 2026"),
    ("Achat", "Taux de conversion", "12", "%", "15", "2026-10-02", "Analytics", "T3 2026"),
    ("Fidélisation", "NPS", "+32", "NPS", "40", "15/09/2026", "Enquête clients", "2026"),
)


@dataclass
class FigureRow:
    """One checked row: what it says, its stage found on the map."""

    line: int
    stage_id: int
    stage_name: str
    metric: str
    value: Decimal
    unit: str
    target: Decimal | None = None
    source_date: date | None = None
    source: str = ""
    period: str = ""
    link: str = ""

    def to_data(self) -> dict[str, Any]:
        """As the session keeps it between the preview and the confirmation (JSON)."""
        return {
            "line": self.line,
            "stage_id": self.stage_id,
            "stage_name": self.stage_name,
            "metric": self.metric,
            "value": decimal_text(self.value),
            "unit": self.unit,
            "target": None if self.target is None else decimal_text(self.target),
            "source_date": self.source_date.isoformat() if self.source_date else None,
            "source": self.source,
            "period": self.period,
            "link": self.link,
        }

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> FigureRow:
        return cls(
            **{
                **data,
                "value": Decimal(data["value"]),
                "target": None if data["target"] is None else Decimal(data["target"]),
                "source_date": (
                    date.fromisoformat(data["source_date"]) if data["source_date"] else None
                ),
            }
        )


@dataclass
class Refusal:
    """Why a row (or, without a line, the whole file) cannot be imported."""

    message: str
    line: int | None = None


@dataclass
class ParsedFile:
    rows: list[FigureRow] = field(default_factory=list)
    refusals: list[Refusal] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.refusals


class FileRefused(Exception):
    """The file as a whole cannot be read: its message says why and what to do."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def max_bytes() -> int:
    return settings.PARCOURS_MAX_IMPORT_MB * 1024 * 1024


def too_large_message() -> str:
    return _("The file is too large: a file of figures is at most %(size)d MB.") % {
        "size": settings.PARCOURS_MAX_IMPORT_MB
    }


def folded(text: str) -> str:
    """ "Unité " → "unite": header names compared without accents, case or spaces."""
    decomposed = unicodedata.normalize("NFKD", text.strip().lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def decode(raw: bytes) -> str:
    """The file's text, if it is UTF-8; otherwise a refusal that says how to fix it."""
    if len(raw) > max_bytes():
        raise FileRefused(too_large_message())
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FileRefused(
            _(
                "The file is in UTF-16, which is not read here. In Excel, save it as "
                "“CSV UTF-8 (comma delimited)”; in LibreOffice, choose the UTF-8 character set."
            )
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileRefused(
            _(
                "The file is not in UTF-8 (Excel's plain “CSV” is often in Windows-1252, whose "
                "accents would be misread, so it is not guessed). In Excel, save it as “CSV "
                "UTF-8 (comma delimited)”; in LibreOffice, choose the UTF-8 character set."
            )
        ) from None
    if "\x00" in text:
        raise FileRefused(_("The file contains null characters: it is not a CSV text file."))
    return text


def delimiter_of(header: str) -> str:
    """French Excel separates cells with ";", English with ",": the header row tells."""
    counts = {d: header.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _columns(header: list[str]) -> dict[str, int]:
    """Column → its index; unknown, repeated or missing columns refuse the file."""
    known = {alias: column for column, aliases in COLUMNS.items() for alias in aliases}
    found: dict[str, int] = {}
    for index, name in enumerate(header):
        key = folded(name)
        if not key:
            continue
        column = known.get(key)
        if column is None:
            raise FileRefused(
                _("Unknown column “%(name)s”. The columns are: %(columns)s.")
                % {"name": name.strip()[:40], "columns": column_list()}
            )
        if column in found:
            raise FileRefused(
                _("The column “%(name)s” appears twice.") % {"name": name.strip()[:40]}
            )
        found[column] = index
    missing = [column for column in REQUIRED if column not in found]
    if missing:
        raise FileRefused(
            _("The header row lacks the column(s) %(missing)s. The columns are: %(columns)s.")
            % {"missing": ", ".join(column_names()[c] for c in missing), "columns": column_list()}
        )
    return found


def column_names() -> dict[str, str]:
    """Each column's name in the page's language, as the example file writes it."""
    return {
        "stage": _("stage"),
        "metric": _("metric"),
        "value": _("value"),
        "unit": _("unit"),
        "target": _("target"),
        "date": _("date"),
        "source": _("source"),
        "period": _("period"),
        "link": _("link"),
    }


def column_list() -> str:
    return ", ".join(column_names().values())


def parse(raw: bytes, stages: list[tuple[int, str]]) -> ParsedFile:
    """Every row of the file, checked against the map's stages (id, name)."""
    text = decode(raw)
    first_line = text.split("\n", 1)[0]
    delimiter = delimiter_of(first_line)
    # Cells longer than any field are refused below; the csv module's own bound stops a
    # runaway quoted cell before it fills memory.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = next(reader, None)
        if header is None or not any(cell.strip() for cell in header):
            raise FileRefused(_("The file is empty: it needs a header row and a row per figure."))
        columns = _columns(header)
        by_name: dict[str, list[tuple[int, str]]] = {}
        for stage_id, name in stages:
            by_name.setdefault(folded(name), []).append((stage_id, name))
        parsed = ParsedFile()
        seen: dict[tuple[int, str], int] = {}
        count = 0
        # The row's number as the spreadsheet shows it (a cell may hold line breaks).
        line = 1
        for record in reader:
            line += 1
            if not any(cell.strip() for cell in record):
                continue  # blank lines, often at the end
            count += 1
            if count > MAX_ROWS:
                raise FileRefused(
                    _(
                        "The file has more than %(limit)s rows of figures; "
                        "import at most %(limit)s at once."
                    )
                    % {"limit": number_format(MAX_ROWS, force_grouping=True)}
                )
            row = _row(record, line, columns, by_name, parsed.refusals)
            if row is None:
                continue
            key = (row.stage_id, folded(row.metric))
            if key in seen:
                parsed.refusals.append(
                    Refusal(
                        _("The same stage and metric as row %(other)d.") % {"other": seen[key]},
                        line,
                    )
                )
                continue
            seen[key] = line
            parsed.rows.append(row)
    except csv.Error as error:
        raise FileRefused(
            _("The file cannot be read as CSV (row %(line)d): %(error)s")
            % {"line": reader.line_num, "error": error}
        ) from None
    if count == 0:
        raise FileRefused(_("The file has a header row but no figures."))
    return parsed


def _looks_like_formula(cell: str) -> bool:
    stripped = cell.lstrip(" ")
    # "-3" or "-3 %" is a figure, which a spreadsheet reads as a number, not a formula.
    return (
        stripped.startswith(FORMULA_STARTS)
        and parse_number(stripped) is None
        and parse_figure(stripped) is None
    )


def _row(
    record: list[str],
    line: int,
    columns: dict[str, int],
    stages: dict[str, list[tuple[int, str]]],
    refusals: list[Refusal],
) -> FigureRow | None:
    """One row checked; its problems added to ``refusals`` (all of them, not the first)."""
    problems: list[str] = []
    if len(record) > len(columns) and any(
        cell.strip() for i, cell in enumerate(record) if i not in columns.values()
    ):
        problems.append(_("The row has more cells than the header row has columns."))

    def cell(column: str) -> str:
        index = columns.get(column)
        return record[index].strip() if index is not None and index < len(record) else ""

    names = column_names()
    for column, index in columns.items():
        # Before stripping: a spreadsheet reads a tab or a line break at the start too.
        text = record[index] if index < len(record) else ""
        if _looks_like_formula(text):
            problems.append(
                _("The %(column)s “%(value)s” starts like a spreadsheet formula.")
                % {"column": names[column], "value": text.strip()[:40]}
            )
        elif any(unicodedata.category(c) == "Cc" for c in text):
            problems.append(
                _("The %(column)s contains control characters.") % {"column": names[column]}
            )
    if problems:
        # A formula or a control character: the rest of the row is not worth reading.
        refusals.extend(Refusal(problem, line) for problem in problems)
        return None

    stage_name = cell("stage")
    found = stages.get(folded(stage_name), [])
    stage: tuple[int, str] | None = None
    if not stage_name:
        problems.append(_("The stage is missing."))
    elif not found:
        problems.append(
            _("Unknown stage “%(name)s”: the map has no stage of that name.")
            % {"name": stage_name[:60]}
        )
    elif len(found) > 1:
        problems.append(
            _("Several stages of the map are named “%(name)s”: rename one of them.")
            % {"name": stage_name[:60]}
        )
    else:
        stage = found[0]

    metric = cell("metric")
    if not metric:
        problems.append(_("The metric is missing."))
    elif len(metric) > MAX_METRIC:
        problems.append(_too_long(names["metric"], len(metric), MAX_METRIC))

    value, unit = _figure(cell("value"), cell("unit"), problems)
    target = None
    if cell("target"):
        target = parse_number(cell("target"))
        if target is None:
            problems.append(_not_a_number(names["target"], cell("target")))

    source_date = None
    if cell("date"):
        source_date = read_date(cell("date"))
        if source_date is None:
            problems.append(
                _("The date “%(value)s” is not a date: write 2026-10-02 or 02/10/2026.")
                % {"value": cell("date")[:40]}
            )
    for column, model_field in (("source", "source"), ("period", "period")):
        limit = _max_length(model_field)
        if len(cell(column)) > limit:
            problems.append(_too_long(names[column], len(cell(column)), limit))
    link = cell("link")
    limit = _max_length("source_url")
    if len(link) > limit:
        problems.append(_too_long(names["link"], len(link), limit))
    elif link:
        try:
            URLValidator(schemes=["http", "https"])(link)
        except ValidationError:
            problems.append(
                _("The link “%(value)s” is not a web address (http:// or https://).")
                % {"value": link[:60]}
            )
    if problems or stage is None or value is None or unit is None:
        refusals.extend(Refusal(problem, line) for problem in problems)
        return None
    return FigureRow(
        line=line,
        stage_id=stage[0],
        stage_name=stage[1],
        metric=metric,
        value=value,
        unit=unit,
        target=target,
        source_date=source_date,
        source=cell("source"),
        period=cell("period"),
        link=link,
    )


def _figure(
    value_cell: str, unit_cell: str, problems: list[str]
) -> tuple[Decimal | None, str | None]:
    """The value and its unit; "42 %" in the value cell works when the unit cell is empty."""
    names = column_names()
    if not value_cell:
        problems.append(_("The value is missing."))
        return None, None
    value = parse_number(value_cell)
    unit = parse_unit(unit_cell) if unit_cell else None
    if value is None and not unit_cell:
        figure = parse_figure(value_cell)
        if figure is not None:
            return figure
    if value is None:
        problems.append(_not_a_number(names["value"], value_cell))
    if unit_cell and unit is None:
        problems.append(
            _("Unknown unit “%(value)s”: use one of %(units)s.")
            % {"value": unit_cell[:20], "units": unit_list()}
        )
    return value, unit if unit_cell else Unit.COUNT.value


def unit_list() -> str:
    """The units a file may name: "%, €, days, …" (as the example file writes them)."""
    return ", ".join(["%", "€", "j", "h", "min", "NPS", "/5", _("(empty: a count)")])


def _max_length(name: str) -> int:
    return cast(CharField, Card._meta.get_field(name)).max_length or 0


def _not_a_number(column: str, value: str) -> str:
    return _("The %(column)s “%(value)s” is not a number (write 4,5 or 4.5).") % {
        "column": column,
        "value": value[:40],
    }


def _too_long(column: str, length: int, limit: int) -> str:
    return _("The %(column)s is too long (%(length)d characters, at most %(limit)d).") % {
        "column": column,
        "length": length,
        "limit": limit,
    }


_DAY_FIRST = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


def read_date(text: str) -> date | None:
    """ "2026-10-02" or, as French spreadsheets write it, "02/10/2026" (day first)."""
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return date.fromisoformat(text)
        match = _DAY_FIRST.fullmatch(text)
        if match:
            return date(int(match[3]), int(match[2]), int(match[1]))
    except ValueError:
        return None
    return None


def example_csv(stages: list[str] | None = None) -> str:
    """A file to start from, in the page's language (";" and French names in French),
    with the map's own stage names when it has stages."""
    french = (translation.get_language() or "").startswith("fr")
    delimiter = ";" if french else ","
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    names = column_names()
    writer.writerow([names[c] for c in COLUMNS if c != "link"])
    for i, row in enumerate(EXAMPLE_ROWS):
        cells = list(row) if french else [cell.replace(",", ".") for cell in row]
        if stages:
            # A stage named like a formula stays text (as in the CSV of cards).
            cells[0] = str(safe_cell(stages[min(i, len(stages) - 1)]))
        writer.writerow(cells)
    return buffer.getvalue()
