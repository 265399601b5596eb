"""A map as a print-grade PDF: the print template, laid out by WeasyPrint.

The HTML is rendered by Django (so every user text is escaped), then handed to
WeasyPrint with the locked-down fetcher: the only things it may read are our
print stylesheet and persona photos under the media root.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.template.loader import render_to_string

from maps.comparison import Comparison, compare
from maps.coverage import by_stage
from maps.export.channel_icons import channel_icon
from maps.export.layout import (
    Geometry,
    Tile,
    cards_height,
    coverage_height,
    fit,
    geometry,
    paginate,
    row_heights,
    tiles,
)
from maps.export.options import PdfOptions
from maps.export.persona_fit import persona_pt
from maps.export.print_items import MARKS, CoverageText, annotate
from maps.grid import Grid, build_grid
from maps.models import Card, Cause, JourneyMap, Lane, LaneKind, MapEvent, Snapshot
from maps.plan import actions_plan
from personas.models import TEXT_FIELDS, Persona

PRINT_CSS = Path(settings.BASE_DIR) / "static" / "css" / "print.css"


def participants(journey_map: JourneyMap) -> list[str]:
    """The people who changed the map, as its event log records them: by their name now, or
    by the name the log kept once a guest's account is gone."""
    events = MapEvent.objects.filter(journey_map=journey_map)
    actors = events.filter(actor__isnull=False).values("actor")
    users = get_user_model().objects.filter(pk__in=actors).order_by("first_name", "username")
    names = [user.get_full_name() or user.get_username() for user in users]
    gone = (
        events.filter(actor__isnull=True)
        .exclude(actor_name="")
        .values_list("actor_name", flat=True)
        .distinct()
    )
    return names + sorted(set(gone) - set(names))


@dataclass
class CauseRow:
    """One cause's pain points, stage by stage: a row of the pain points table."""

    cause: str
    label: str
    count: int
    cells: list[list[Card]]


def pain_points_by_cause(grid: Grid, tile: Tile) -> list[CauseRow]:
    """Pain points of the tile's stages, one row per cause (and one for "not set")."""
    by_cell: dict[tuple[str, int], list[Card]] = defaultdict(list)
    totals: dict[str, int] = defaultdict(int)
    for row in grid.rows:
        if row.lane.kind != LaneKind.PAIN_POINTS:
            continue
        for cell in row.cells:
            for card in cell.cards:
                by_cell[(card.cause, card.stage_id)].append(card)
                totals[card.cause] += 1
    causes = [(c.value, str(c.label)) for c in Cause]
    if totals[""]:
        causes.append(("", ""))
    return [
        CauseRow(
            cause=cause,
            label=label,
            count=totals[cause],
            cells=[by_cell[(cause, column.stage.pk)] for column in tile.columns],
        )
        for cause, label in causes
    ]


def photo_uri(persona: Persona) -> str:
    if not persona.photo:
        return ""
    try:
        path = Path(persona.photo.path)
    except (ValueError, NotImplementedError):
        return ""
    return path.as_uri() if path.is_file() else ""


def persona_fields(persona: Persona) -> list[tuple[str, str]]:
    """The method's fields that were filled in, labelled as the persona form labels them."""
    meta = Persona._meta
    return [
        # get_field() is typed for relations too; these are plain text fields.
        (str(meta.get_field(name).verbose_name), getattr(persona, name))  # type: ignore[union-attr]
        for name in TEXT_FIELDS
        if getattr(persona, name).strip()
    ]


def initials(name: str) -> str:
    return "".join(word[0] for word in name.split()[:2]).upper() or "?"


@dataclass
class PrintRow:
    """One row of the printed grid: the touchpoints, the curve, or a lane of cards."""

    kind: str
    lane: Lane | None = None
    cells: list | None = None


def grid_pages(tile: Tile, options: PdfOptions, geo: Geometry) -> list[list[PrintRow]]:
    """The tile's rows on pages, as layout.page_count counted them when it chose the type."""
    sections = set(options.sections)
    cards = "grid" in sections
    rows: list[PrintRow] = []
    if cards:
        rows.append(PrintRow("touchpoints"))
    if "curve" in sections:
        rows.append(PrintRow("curve"))
    if cards:
        rows += [PrintRow("lane", lane, cells) for lane, cells in tile.rows]
    curve = tile.curve if "curve" in sections else None
    heights = row_heights(tile.columns, tile.rows, curve, geo, cards=cards)
    strip = coverage_height(geo) if cards else 0
    return paginate(rows, heights, geo, head=strip, columns=tile.columns)


def changes_since(journey_map: JourneyMap, snapshot_id: int | None) -> Comparison | None:
    """ "What changed since …": the map now against one of its snapshots (none if it is gone)."""
    if not snapshot_id:
        return None
    snapshot = Snapshot.objects.filter(pk=snapshot_id, journey_map=journey_map).first()
    return compare(journey_map, snapshot, None) if snapshot else None


def print_context(journey_map: JourneyMap, options: PdfOptions) -> dict:
    grid = build_grid(journey_map)
    # Before the layout: it measures the marks, figures and notes the cards print.
    annotate(grid)
    sections = set(options.sections)
    if options.tiled:
        geo, per_tile = geometry(options, len(grid.columns))
    else:
        geo, per_tile = fit(grid, options, cards="grid" in sections, curve="curve" in sections)
    for column in grid.columns:
        for touchpoint in column.touchpoints:
            touchpoint.icon = channel_icon(touchpoint.channel)  # type: ignore[attr-defined]  # for the template
    personas = list(journey_map.personas.order_by("name", "pk"))
    for persona in personas:
        # Read by the print template.
        persona.photo_uri = photo_uri(persona)  # type: ignore[attr-defined]
        persona.initials = initials(persona.name)  # type: ignore[attr-defined]
        persona.print_fields = persona_fields(persona)  # type: ignore[attr-defined]
        persona.print_pt = persona_pt(persona.print_fields, persona.quote, geo)  # type: ignore[attr-defined]
    map_tiles = tiles(grid, options, geo, per_tile)
    coverage = by_stage(grid)
    for tile in map_tiles:
        tile.coverage = [CoverageText(coverage[column.stage.pk]) for column in tile.columns]
        tile.grid_pages = grid_pages(tile, options, geo)
        pain_rows = pain_points_by_cause(grid, tile)
        heights = [cards_height(row.cells, row.label, geo, badges=False) for row in pain_rows]
        tile.pain_pages = paginate(pain_rows, heights, geo, columns=tile.columns)
    return {
        "journey_map": journey_map,
        "options": options,
        "sections": set(options.sections),
        "geo": geo,
        "grid": grid,
        "tiles": map_tiles,
        "personas": personas,
        "participants": participants(journey_map),
        "actions": list(actions_plan(journey_map)) if "actions" in options.sections else [],
        "changes": changes_since(journey_map, options.since),
        "counts": {
            "stages": len(grid.columns),
            "touchpoints": sum(len(c.touchpoints) for c in grid.columns),
            "cards": sum(len(cell.cards) for row in grid.rows for cell in row.cells),
        },
        "stylesheet": PRINT_CSS.as_uri(),
        "marks": MARKS,
    }


def render_html(journey_map: JourneyMap, options: PdfOptions) -> str:
    return render_to_string("maps/export_pdf.html", print_context(journey_map, options))


def render_document(
    journey_map: JourneyMap, options: PdfOptions, *, fetcher=None
) -> tuple[bytes, int]:
    """The PDF and its page count."""
    # Imported here: WeasyPrint needs Pango, and the rest of the app runs without it.
    from maps.export.libraries import load_weasyprint

    load_weasyprint()
    from weasyprint import HTML

    from maps.export.fetcher import LockedURLFetcher

    html = render_html(journey_map, options)
    fetcher = fetcher or LockedURLFetcher()
    # base_url: relative URLs resolve inside the static root, never the working directory.
    document = HTML(
        string=html, base_url=PRINT_CSS.parent.as_uri() + "/", url_fetcher=fetcher
    ).render()
    return document.write_pdf(), len(document.pages)
